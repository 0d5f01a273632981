"""`coursegen export`: every format written from the mini course (plus a quiz of every question type) and from the
shipped course, then read back with real parsers: ElementTree for Moodle XML and QTI, a GIFT reader that follows
Moodle's own parsing rules, zipfile for the packages and sqlite3 for the Anki collection.

The expected values come from the model (our ids, display order, Markdown rendered the exporters' way), never from
the exported file itself.
"""

from __future__ import annotations

import io
import json
import os
import posixpath
import re
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from typing import assert_never
from urllib.parse import unquote

import pytest

from helpers.course_edits import copy_course
from helpers.exports import EVERY_TYPE, broken_links, course_with_every_type, package_data
from helpers.payloads import PAYLOADS
from generator.build import build_site
from generator.cli import main
from generator.export import FORMATS, export_course, write_exports
from generator.export.common import Html, question_name, scopes
from generator.export.fractions import ALLOWED, penalty, shares
from generator.export.losses import WHOLE
from generator.export.scorm import DATA_FILE, LAUNCH_PAGE, SESSION
from generator.model.questions import (
    Likert, Matching, MultipleResponse, Ordering, Reflection, SingleChoice, TrueFalse, display_order, is_scored,
)
from generator.model.pool import pool
from generator.model.qtypes import BY_NAME, TYPE_NAMES
from generator.validate import validate_course

TESTS = Path(__file__).resolve().parents[1]
ROOT = TESTS.parent
HAZARD = "Which reply {best} fits: ~tilde =equals #hash {brace} :colon \\backslash?"

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
SCORM_CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return course_with_every_type(tmp_path_factory.mktemp("export") / "course")


@pytest.fixture(scope="module")
def course(root):
    course, issues = validate_course(root)
    assert course is not None, "\n".join(map(str, issues))
    return course


@pytest.fixture(scope="module")
def shipped():
    course, issues = validate_course(ROOT)
    assert course is not None, "the shipped course does not validate:\n" + "\n".join(map(str, issues))
    return course


def questions(course):
    return [q for part in course.parts for lesson in part.lessons for quiz in part.quizzes.get(lesson.id, [])
            for q in quiz.questions]


def one(files: dict[str, bytes], suffix: str) -> bytes:
    """The whole-course file of a format."""
    (data,) = [v for k, v in files.items() if "-" not in k.removesuffix(suffix)]
    return data


# ---------------------------------------------------------------------------------------------------------------------
# Scopes, names, fractions, the writer
# ---------------------------------------------------------------------------------------------------------------------


def test_one_file_for_the_course_and_one_per_module(course):
    for fmt in ("moodle", "gift", "qti", "anki"):
        files, _ = export_course(course, fmt)
        suffix = FORMATS[fmt].SUFFIX
        assert sorted(files) == sorted([f"mini{suffix}", f"mini-basics{suffix}"])
        only, _ = export_course(course, fmt, module="basics")
        assert list(only) == [f"mini-basics{suffix}"]


@pytest.mark.parametrize("count", range(1, 27))
def test_shares_are_moodle_fractions_that_add_up_to_100(count):
    parts = shares(count)
    assert len(parts) == count and set(parts) <= set(ALLOWED)
    assert round(sum(map(float, parts)), 2) == 100


def test_the_writer_replaces_files_whole_and_leaves_others(tmp_path):
    (tmp_path / "mine.txt").write_text("keep")
    write_exports(tmp_path, {"a.gift": b"one"})
    write_exports(tmp_path, {"a.gift": b"two"})
    assert (tmp_path / "a.gift").read_bytes() == b"two" and (tmp_path / "mine.txt").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.gift", "mine.txt"]


# ---------------------------------------------------------------------------------------------------------------------
# Moodle XML
# ---------------------------------------------------------------------------------------------------------------------

MOODLE_TYPE = {"single_choice": "multichoice", "multiple_response": "multichoice", "true_false": "truefalse",
               "matching": "matching", "ordering": "ordering", "reflection": "essay"}


def check_moodle(data: bytes, course) -> dict[str, ET.Element]:
    """Structure checks of a Moodle XML file (rules of research §2.2); returns the questions by idnumber."""
    root = ET.fromstring(data)
    assert root.tag == "quiz"
    categories = [q for q in root.iter("question") if q.get("type") == "category"]
    assert categories and root[0].tag in ("question", ET.Comment)
    for category in categories:
        assert category.findtext("category/text").startswith(f"$course$/top/{course.info.title}/")
    found = {}
    for q in (q for q in root.iter("question") if q.get("type") != "category"):
        idnumber = q.findtext("idnumber")
        assert idnumber not in found, f"idnumber {idnumber} twice"
        found[idnumber] = q
        assert q.findtext("name/text") and q.find("questiontext").get("format") == "html"
        answers = q.findall("answer")
        if q.get("type") == "multichoice":
            fractions = [a.get("fraction") for a in answers]
            assert all(f.lstrip("-") in ALLOWED for f in fractions), fractions
            if q.findtext("single") == "true":
                assert "100" in fractions
            else:
                assert round(sum(float(f) for f in fractions if float(f) > 0), 2) == 100
        elif q.get("type") == "truefalse":
            assert sorted(a.findtext("text") for a in answers) == ["false", "true"]
            assert sorted(a.get("fraction") for a in answers) == ["0", "100"]
        elif q.get("type") == "matching":
            subs = q.findall("subquestion")
            assert len([s for s in subs if s.findtext("text")]) >= 2 and len(subs) >= 3
        elif q.get("type") == "ordering":
            assert [a.get("fraction") for a in answers] == [f"{n}.0000000" for n in range(1, len(answers) + 1)]
    expected = {q.id for q in questions(course) if not isinstance(q, Likert)}
    assert set(found) == expected
    return found


def test_moodle_xml_has_every_type_with_feedback_and_categories(course):
    files, notes = export_course(course, "moodle")
    found = check_moodle(one(files, ".moodle.xml"), course)
    html = Html(course)
    by_id = {q.id: q for q in questions(course)}
    for qid, element in found.items():
        q = by_id[qid]
        assert element.get("type") == MOODLE_TYPE[q.type]
        assert element.findtext("questiontext/text") == html.question_text(q)
    hazard = found["gift-hazard"]
    assert [a.findtext("text") for a in hazard.findall("answer")] == [html.inline(o.text) for o in display_order(by_id["gift-hazard"])]
    assert [a.findtext("feedback/text") for a in hazard.findall("answer")] == [html.block(o.feedback) for o in display_order(by_id["gift-hazard"])]
    assert hazard.findtext("generalfeedback/text") == html.block(by_id["gift-hazard"].explanation)
    assert hazard.findtext("hint/text") == html.block("Think {about} what A feels.")
    cues = {a.findtext("text"): a.get("fraction") for a in found["pick-cues"].findall("answer")}
    assert cues == {"A nod": "33.33333", "A paraphrase": "33.33333", "An open question": "33.33333",
                    "Checking your phone": "-50", "Interrupting": "-50"}
    assert found["pick-cues"].findtext("defaultgrade") == "3"
    truefalse = {a.findtext("text"): a for a in found["silence-is-rude"].findall("answer")}
    assert truefalse["false"].get("fraction") == "100"
    assert truefalse["true"].findtext("feedback/text") == "<p>Silence often gives the speaker room.</p>"
    subs = [(s.findtext("text"), s.findtext("answer/text")) for s in found["match-cues"].findall("subquestion")]
    assert ("", "Advice & reassurance") in subs and len(subs) == 3
    assert [a.findtext("text") for a in found["order-steps"].findall("answer")] == ["Listen", "Reflect back",
                                                                                   "Check you understood"]
    assert found["order-steps"].findtext("gradingtype") == "ABSOLUTE_POSITION"
    essay = found["think-back"]
    assert essay.findtext("generalfeedback/text") == "<p>They looked at me, waited, and repeated my words.</p>"
    assert "Names a behaviour" in essay.findtext("graderinfo/text")
    assert any("how-i-listen" in n for n in notes["mini.moodle.xml"])
    assert [t.findtext("text") for t in hazard.findall("tags/tag")] == ["first-lesson", "use-a-cue"]


def test_citations_and_site_links_become_plain_text(course):
    files, _ = export_course(course, "moodle")
    text = one(files, ".moodle.xml").decode()
    assert "(Rogers, 1957)" in text and "[@" not in text and "glossary:" not in text and "lesson:" not in text


# ---------------------------------------------------------------------------------------------------------------------
# GIFT, read back the way Moodle's qformat_gift reads it
# ---------------------------------------------------------------------------------------------------------------------

_PLACEHOLDERS = {"\\\\": "&&092;", "\\:": "&&058;", "\\#": "&&035;", "\\=": "&&061;", "\\{": "&&123;",
                 "\\}": "&&125;", "\\~": "&&126;"}


def _pre(text: str) -> str:
    # Moodle's escapedchar_pre: the escaped backslash first, then the others; "\n" is a newline.
    for escaped, placeholder in _PLACEHOLDERS.items():
        text = text.replace(escaped, placeholder)
    return text.replace("\\n", "\n")


def _post(text: str) -> str:
    for escaped, placeholder in _PLACEHOLDERS.items():
        text = text.replace(placeholder, escaped[1])
    return text.strip()


def read_gift(data: bytes) -> tuple[dict[str, dict], list[str]]:
    """Questions by `[id:...]`, parsed with Moodle's rules (question/format/gift/format.php), and the categories."""
    text = data.decode("utf-8")
    assert "\r" not in text
    out, categories = {}, []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = block.splitlines()
        ids = [m[1] for line in lines for m in [re.match(r"\s*// \[id:([^\]]+)\]", line)] if m]
        tags = [t for line in lines if line.lstrip().startswith("//") for t in re.findall(r"\[tag:([^\]]+)\]", line)]
        body = "\n".join(line for line in lines if not line.lstrip().startswith("//")).strip()
        if not body:
            continue
        if body.startswith("$CATEGORY:"):
            categories.append(body.removeprefix("$CATEGORY:").strip())
            continue
        body = _pre(body)
        assert body.startswith("::")
        name, _, body = body[2:].partition("::")
        start, finish = body.index("{"), body.index("}")
        assert finish > start and body[finish + 1:].strip() == "", f"text after the answers in {ids}"
        question_text = body[:start].removeprefix("[html]")
        answers = body[start + 1:finish].strip()
        general = ""
        if "####" in answers:
            answers, _, general = answers.partition("####")
            answers = answers.strip()
        q = {"name": _post(name), "text": _post(question_text), "general": _post(general), "tags": tags}
        if answers == "":
            q["type"] = "essay"
        elif answers.startswith(">"):
            header, *items = answers[1:].split("\n")
            q.update(type="ordering", header=header.split(), items=[_post(i) for i in items if i.strip()])
        elif "~" in answers:
            q["type"] = "multichoice"
            parts = [p for p in answers.replace("=", "~=").split("~") if p.strip()]
            q["answers"] = []
            for part in parts:
                part = part.strip()
                weight = "100" if part.startswith("=") else "0"
                if part.startswith("="):
                    part = part[1:]
                elif m := re.match(r"%(-?[\d.]+)%", part):  # as in Moodle, a weight only after '~'
                    weight, part = m[1], part[m.end():]
                answer, _, feedback = part.partition("#")
                q["answers"].append((_post(answer), weight, _post(feedback)))
        elif "=" in answers and "->" in answers:
            q["type"] = "match"
            q["pairs"] = [tuple(_post(s) for s in p.split("->", 1)) for p in answers.split("=") if p.strip()]
        else:
            answer, _, feedback = answers.partition("#")
            assert answer.strip() in ("T", "TRUE", "F", "FALSE"), f"unexpected answer block in {ids}: {answers}"
            wrong, _, right = feedback.partition("#")
            q.update(type="truefalse", answer=answer.strip() in ("T", "TRUE"), wrong=_post(wrong), right=_post(right))
        assert len(ids) == 1
        out[ids[0]] = q
    return out, categories


def test_gift_reads_back_exactly_even_with_every_reserved_character(course):
    files, reports = export_course(course, "gift")
    parsed, categories = read_gift(one(files, ".gift"))
    html = Html(course)
    by_id = {q.id: q for q in questions(course)}
    assert categories == ["$course$/top/A Mini Course/Basics"]
    # order-hazard's items hold GIFT characters that Moodle's ordering importer would store garbled: refused.
    assert set(parsed) == {q for q, v in by_id.items() if not isinstance(v, Likert)} - {"order-hazard"}
    assert any(n.startswith("order-hazard: its items hold") for n in reports["mini.gift"])
    hazard, q = parsed["gift-hazard"], by_id["gift-hazard"]
    assert HAZARD in q.stem
    assert hazard["name"] == "Braces {and} colons: a hazard"
    assert hazard["text"] == html.question_text(q).strip()
    assert hazard["type"] == "multichoice"
    assert hazard["answers"] == [(html.inline(o.text), "100" if o.correct else "0", html.block(o.feedback))
                                 for o in display_order(q)]
    assert hazard["general"] == html.block(q.explanation)
    assert hazard["tags"] == ["first-lesson", "use-a-cue"]
    for qid, got in parsed.items():
        q = by_id[qid]
        assert got["text"] == html.question_text(q).strip(), qid
        if isinstance(q, SingleChoice):
            assert [w for _, w, _ in got["answers"]].count("100") == 1
        elif isinstance(q, MultipleResponse):
            assert got["type"] == "multichoice" and all(w != "100" for _, w, _ in got["answers"])
            assert round(sum(float(w) for _, w, _ in got["answers"] if float(w) > 0), 2) == 100
        elif isinstance(q, TrueFalse):
            assert got["type"] == "truefalse" and got["answer"] == q.answer
            assert got["wrong"] == html.block(q.feedback_true) and got["right"] == html.block(q.feedback_false)
        elif isinstance(q, Matching):
            assert got["type"] == "match"
            assert len(got["pairs"]) == len(q.pairs) + len(q.distractors)
            assert ("", "Advice & reassurance") in got["pairs"]
        elif isinstance(q, Ordering):
            assert got["type"] == "ordering" and got["items"] == [html.inline(i.text) for i in q.items]
            assert got["header"] == [str(len(q.items)), "ALL", "VERTICAL", "ABSOLUTE_POSITION", "SHOW"]
            assert got["general"] == html.block(q.explanation)
        elif isinstance(q, Reflection):
            assert got["type"] == "essay" and got["general"] == html.block(q.model_answer)
        else:  # every type in generator/model/qtypes.py needs a check here
            raise AssertionError(f"no GIFT check for question type {q.type!r}: add one")


def test_a_line_break_in_a_title_adds_no_question_to_gift(course):
    title = "A Mini Course\n\n::Injected::[html]Not written by the author{}"
    hostile = course.model_copy(update={"info": course.info.model_copy(update={"title": title})})
    files, _ = export_course(hostile, "gift")
    parsed, categories = read_gift(one(files, ".gift"))  # every question has its [id:...]: none was injected
    assert set(parsed) == set(read_gift(one(export_course(course, "gift")[0], ".gift"))[0])
    assert categories == ["$course$/top/A Mini Course ::Injected::[html]Not written by the author{}/Basics"]


def test_gift_has_no_blank_line_inside_a_question(course):
    files, _ = export_course(course, "gift")
    for block in re.split(r"\n\s*\n", one(files, ".gift").decode()):
        assert block.count("::") in (0, 2) or block.lstrip().startswith("//"), block


# ---------------------------------------------------------------------------------------------------------------------
# QTI 1.2 (Canvas)
# ---------------------------------------------------------------------------------------------------------------------

QTI_TYPE = {"single_choice": "multiple_choice_question", "multiple_response": "multiple_answers_question",
            "true_false": "true_false_question", "matching": "matching_question", "ordering": "matching_question",
            "reflection": "essay_question"}


def check_qti(data: bytes, course) -> dict[str, ET.Element]:
    """The zip holds exactly what its manifest names; idents and references hold up. Returns items by ident."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = {n for n in archive.namelist() if not n.endswith("/")}
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.tag == f"{CP}manifest"
    named = {unquote(f.get("href")) for f in manifest.iter(f"{CP}file")}
    assert named | {"imsmanifest.xml"} == names
    resources = {r.get("identifier"): r for r in manifest.iter(f"{CP}resource")}
    for r in resources.values():
        for dep in r.iter(f"{CP}dependency"):
            assert dep.get("identifierref") in resources
    items: dict[str, ET.Element] = {}
    for r in resources.values():
        if r.get("type") != "imsqti_xmlv1p2":
            continue
        (href,) = [f.get("href") for f in r.iter(f"{CP}file")]
        root = ET.fromstring(archive.read(href))
        assert root.tag == f"{QTI}questestinterop"
        meta_path = href.rsplit("/", 1)[0] + "/assessment_meta.xml"
        meta = ET.fromstring(archive.read(meta_path))
        assert meta.tag == "{http://canvas.instructure.com/xsd/cccv1p0}quiz"
        for section in root.iter(f"{QTI}section"):  # QTI 1.2's order: a section's selection before its items
            children = [child.tag for child in section]
            if f"{QTI}selection_ordering" in children:
                assert children.index(f"{QTI}selection_ordering") < children.index(f"{QTI}item")
        for item in root.iter(f"{QTI}item"):
            ident = item.get("ident")
            assert ident not in items
            items[ident] = item
            fields = {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
                      for f in item.iter(f"{QTI}qtimetadatafield")}
            assert {"question_type", "points_possible", "original_answer_ids"} <= set(fields)
            labels = {lid.get("ident"): {lab.get("ident") for lab in lid.iter(f"{QTI}response_label")}
                      for lid in item.iter(f"{QTI}response_lid")}
            for equal in item.iter(f"{QTI}varequal"):
                assert equal.text in labels[equal.get("respident")], (ident, equal.text)
            feedback = {f.get("ident") for f in item.iter(f"{QTI}itemfeedback")}
            used = {d.get("linkrefid") for d in item.iter(f"{QTI}displayfeedback")}
            assert used <= feedback and feedback <= used, ident
            all_labels = {x for group in labels.values() for x in group}
            for fb in feedback - {"general_fb", "correct_fb", "general_incorrect_fb"}:
                assert fb.removesuffix("_fb") in all_labels
    checks = tuple(f"{course.info.id}-{p.module.id}-check--" for p in course.parts if p.module.check)
    assert {i for i in items if not i.startswith(checks)} == {
        q.id for q in questions(course) if not isinstance(q, Likert)}
    return items


def test_qti_zip_is_canvas_shaped(course):
    files, notes = export_course(course, "qti")
    items = check_qti(one(files, ".qti.zip"), course)
    by_id = {q.id: q for q in questions(course)}
    for ident, item in items.items():
        fields = {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
                  for f in item.iter(f"{QTI}qtimetadatafield")}
        assert fields["question_type"] == QTI_TYPE[by_id[ident].type]
    hazard = items["gift-hazard"]
    correct = [e.text for rc in hazard.iter(f"{QTI}respcondition") if rc.find(f"{QTI}setvar") is not None
               for e in rc.iter(f"{QTI}varequal")]
    assert correct == ["gift-hazard--b"]
    feedback = {f.get("ident"): f.findtext(f".//{QTI}mattext") for f in hazard.iter(f"{QTI}itemfeedback")}
    assert feedback["gift-hazard--a_fb"] == Html(course).block(by_id["gift-hazard"].options[0].feedback)
    assert "general_fb" in feedback
    tf = [lab.findtext(f".//{QTI}mattext") for lab in items["silence-is-rude"].iter(f"{QTI}response_label")]
    assert tf == ["True", "False"]
    assert len(list(items["match-cues"].iter(f"{QTI}response_lid"))) == 2
    assert len(list(items["order-steps"].iter(f"{QTI}response_lid"))) == 3
    assert any("order-steps" in n and "matching" in n for n in notes["mini.qti.zip"])


# ---------------------------------------------------------------------------------------------------------------------
# Anki
# ---------------------------------------------------------------------------------------------------------------------


def read_apkg(data: bytes, tmp_path: Path) -> tuple[list[tuple], dict]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert {"collection.anki2", "media"} <= set(archive.namelist())
    db = tmp_path / "collection.anki2"
    db.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(db) as conn:
        notes = conn.execute("select guid, flds, tags from notes order by guid").fetchall()
        decks = json.loads(conn.execute("select decks from col").fetchone()[0])
    return notes, decks


def test_anki_deck_has_key_points_terms_and_scored_questions_with_guids_from_our_ids(course, tmp_path):
    import genanki

    files, reports = export_course(course, "anki")
    notes, decks = read_apkg(one(files, ".apkg"), tmp_path)
    guids = {guid: flds.split("\x1f") for guid, flds, _ in notes}
    lesson = guids[genanki.guid_for("mini", "lesson", "first-lesson")]
    assert lesson[0] == "lesson:first-lesson" and "What is a listening cue?" in lesson[1]
    assert "Cues show attention (Rogers, 1957)." in lesson[2]
    term = guids[genanki.guid_for("mini", "term", "cue")]
    assert term[0] == "term:cue" and "Cue" in term[1] and "A small signal of attention." in term[2]
    assert genanki.guid_for("mini", "term", "unused-term") in guids
    names = {d["name"] for d in decks.values()}
    assert {"A Mini Course::01 Basics", "A Mini Course::Glossary"} <= names
    # A card per scored question: the question and its options in front, the answer and explanation behind.
    html = Html(course)
    cards = {f[0].removeprefix("question:"): f for f in guids.values() if f[0].startswith("question:")}
    assert set(cards) == {q.id for q in questions(course) if is_scored(q)}
    hazard = next(q for q in questions(course) if q.id == "gift-hazard")
    front, back, source = cards["gift-hazard"][1:]
    assert front.startswith(html.question_text(hazard)) and all(html.inline(o.text) in front for o in hazard.options)
    right = next(o for o in hazard.options if o.correct)
    assert html.inline(right.text) in back and html.block(hazard.explanation) in back
    assert source == "Basics: The first lesson"
    assert "<li>Listen</li><li>Reflect back</li><li>Check you understood</li>" in cards["order-steps"][2]
    assert {n.split(":")[0] for n in reports["mini.apkg"] if "no card" in n} == {
        q.id for q in questions(course) if not is_scored(q)}


def test_anki_note_times_follow_their_source_files_not_the_commit(root, course, tmp_path, monkeypatch):
    """Anki applies a re-imported note only if it is newer: a corrected file must make newer notes, committed or not."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    quiz = root / "quizzes" / EVERY_TYPE.name
    before = quiz.stat()

    def mod_times(tmp: Path) -> dict[str, int]:
        data = one(export_course(course, "anki", root=root)[0], ".apkg")
        tmp.mkdir()
        zipfile.ZipFile(io.BytesIO(data)).extract("collection.anki2", tmp)
        with sqlite3.connect(tmp / "collection.anki2") as conn:
            return {f.split("\x1f")[0]: mod for f, mod in conn.execute("select flds, mod from notes")}

    try:
        first = mod_times(tmp_path / "a")
        assert first["question:gift-hazard"] == int(before.st_mtime) != 1700000000
        os.utime(quiz, (before.st_atime, before.st_mtime + 3600))  # the author corrects the quiz an hour later
        second = mod_times(tmp_path / "b")
    finally:
        os.utime(quiz, (before.st_atime, before.st_mtime))
    assert second["question:gift-hazard"] == first["question:gift-hazard"] + 3600
    assert second["lesson:first-lesson"] == first["lesson:first-lesson"]  # its file did not change


# ---------------------------------------------------------------------------------------------------------------------
# Ids, not content: a re-export is byte-identical and an edit keeps every identifier
# ---------------------------------------------------------------------------------------------------------------------


def identifiers(course, tmp_path) -> dict[str, object]:
    files = {fmt: one(export_course(course, fmt)[0], FORMATS[fmt].SUFFIX) for fmt in ("moodle", "qti", "anki")}
    moodle = sorted(q.findtext("idnumber") for q in ET.fromstring(files["moodle"]).iter("question"))
    archive = zipfile.ZipFile(io.BytesIO(files["qti"]))
    qti = sorted(e.get("ident") for name in archive.namelist() if name.endswith(".xml")
                 for e in ET.fromstring(archive.read(name)).iter() if e.get("ident"))
    notes, decks = read_apkg(files["anki"], tmp_path)
    return {"moodle": moodle, "qti": qti, "anki": sorted(g for g, _, _ in notes), "decks": sorted(decks)}


def test_reexport_is_identical_and_edits_keep_ids(root, course, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    for fmt in ("moodle", "gift", "qti", "anki"):
        assert export_course(course, fmt)[0] == export_course(course, fmt)[0], fmt
    before = identifiers(course, tmp_path)
    edited = course_with_every_type(tmp_path / "edited")
    quiz = edited / "quizzes" / EVERY_TYPE.name
    quiz.write_text(quiz.read_text().replace("Which of these are listening cues?", "Which are cues of listening?")
                    .replace("Listen, reflect, then check.", "First listen."))
    lesson = edited / "content" / "01-basics" / "01-first-lesson.yml"
    lesson.write_text(lesson.read_text().replace("Cues show attention", "Cues show that you attend"))
    changed, issues = validate_course(edited)
    assert changed is not None, issues
    assert export_course(changed, "moodle")[0] != export_course(course, "moodle")[0]
    assert identifiers(changed, tmp_path) == before


def test_anki_imports_the_deck_without_duplicates_and_a_corrected_export_updates_it(tmp_path, monkeypatch):
    """Anki's own backend (the `anki` package from PyPI) imports as File > Import does by default: notes and note
    types updated only if newer. The course is a copy without git, and the correction is not committed."""
    from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
    from anki.lang import set_lang

    set_lang("en")  # as the desktop app does at start; find_dupes needs it

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    root = course_with_every_type(tmp_path / "course")
    assert not (root / ".git").exists()
    # A glossary term with a lesson's id, as the shipped course has four (empathy, active-listening, ...).
    glossary = root / "content" / "glossary.yml"
    glossary.write_text(glossary.read_text() + "  - id: first-lesson\n    term: First lesson\n"
                        "    definition: A lesson that comes first.\n")
    if_newer = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))

    def export() -> dict[str, bytes]:
        course, issues = validate_course(root)
        assert course is not None, issues
        return export_course(course, "anki", root=root)[0]

    def import_(data: bytes, name: str):
        (tmp_path / name).write_bytes(data)
        options = ImportAnkiPackageOptions(update_notes=if_newer, update_notetypes=if_newer, with_scheduling=False)
        return collection.import_anki_package(ImportAnkiPackageRequest(package_path=str(tmp_path / name),
                                                                       options=options)).log

    try:
        course, _ = validate_course(root)
        expected = len(course.lessons) + len(course.glossary.terms) + sum(is_scored(q) for q in questions(course))
        files = export()
        log = import_(one(files, ".apkg"), "first.apkg")
        assert (len(log.new), len(log.duplicate), len(log.conflicting), len(log.first_field_match)) == (expected, 0, 0, 0)
        assert collection.note_count() == expected
        assert collection.find_dupes("Id") == []  # Anki's "Find duplicates" on the first field
        assert {collection.get_note(n).fields_check() for n in collection.find_notes("")} == {0}  # 0: no warning
        again = import_(files["mini-basics.apkg"], "module.apkg")
        assert (len(again.new), len(again.updated)) == (0, 0)

        quiz = root / "quizzes" / EVERY_TYPE.name
        changed = quiz.stat().st_mtime
        quiz.write_text(quiz.read_text().replace("Reflecting {first} keeps", "Reflecting {first} always keeps"))
        os.utime(quiz, (changed + 5, changed + 5))  # the correction, a few seconds after the first export
        log = import_(one(export(), ".apkg"), "corrected.apkg")
        updated = {n.fields[0] for n in log.updated}
        assert "question:gift-hazard" in updated and not log.new
        (card,) = collection.find_notes('"Id:question:gift-hazard"')
        assert "Reflecting {first} always keeps" in collection.get_note(card).fields[2]
        assert collection.note_count() == expected
    finally:
        collection.close()


# ---------------------------------------------------------------------------------------------------------------------
# Moodle's own importers (qformat_xml, qformat_gift, qtype_ordering) read every exported question, run by php-cli
# ---------------------------------------------------------------------------------------------------------------------

MOODLE_IMPORT = TESTS / "consumers" / "moodle-import.php"


def moodle_import(kind: str, data: bytes, tmp_path: Path, *, categories: bool = False) -> list[dict]:
    """Every question Moodle's importer reads from the file (categories left out unless asked for, in file order);
    fails on an import error."""
    php = shutil.which("php")
    if php is None:
        pytest.fail("php not found: run scripts/setup-test-tools (Debian's php-cli runs Moodle's importers)",
                    pytrace=False)
    source = tmp_path / f"export.{kind}"
    source.write_bytes(data)
    done = subprocess.run([php, str(MOODLE_IMPORT), kind, str(source)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stdout[-2000:] + done.stderr
    result = json.loads(done.stdout)
    assert result["errors"] == 0 and not result["output"], result["output"]
    return [q for q in result["questions"] if categories or q["qtype"] != "category"]


def moodle_mismatches(imported: list[dict], course, kind: str, reports: list[str]) -> list[str]:
    """What Moodle read differently from the YAML, question by question, where the report does not say so."""
    html = Html(course)
    gift = kind == "gift"
    # GIFT's reader trims every text; Moodle's XML reader (xmlize) drops the line breaks between block elements,
    # which HTML does not show either.
    text = (lambda t: (t or "").strip()) if gift else (lambda t: re.sub(r">\n+<", "><", t or ""))
    said = {line.split(":")[0] for line in reports if "its items hold" in line}
    by_id = {q["idnumber"]: q for q in imported}
    problems = []

    def expect(qid: str, what: str, got, wanted) -> None:
        if got != wanted:
            problems.append(f"{qid} {what}: Moodle read {got!r}, the YAML says {wanted!r}")

    def texts(values) -> list[str]:
        return [text(v["text"] if isinstance(v, dict) else v) for v in values]

    wanted_ids = {q.id for q in questions(course) if not isinstance(q, Likert)} - said
    expect("*", "questions", sorted(by_id), sorted(wanted_ids))
    for q in questions(course):
        got = by_id.get(q.id)
        if got is None:
            continue
        expect(q.id, "name", got["name"], question_name(q))
        expect(q.id, "question text", text(got["questiontext"]), text(html.question_text(q)))
        general = q.model_answer if isinstance(q, Reflection) else q.explanation
        expect(q.id, "general feedback", text(got["generalfeedback"]), text(html.block(general)))
        pooled = [check_tag(course, q)] if kind == "xml" and check_tag(course, q) and is_scored(q) else []
        expect(q.id, "tags", got["tags"], list(dict.fromkeys([lesson_of(course, q), *q.assesses, *pooled])))
        expect(q.id, "default mark", float(got["defaultmark"]), 1.0 if gift else float(getattr(q, "points", 0)))
        hints = [] if gift or isinstance(q, Reflection) else [html.block(h) for h in q.hints]
        expect(q.id, "hints", texts(got.get("hint", [])), hints)
        match q:
            case SingleChoice() | MultipleResponse():
                options = display_order(q)
                expect(q.id, "type", (got["qtype"], str(got["single"])), ("multichoice", "1" if isinstance(q, SingleChoice) else "0"))
                expect(q.id, "answers", texts(got["answer"]), [html.inline(o.text) for o in options])
                expect(q.id, "feedback", texts(got["feedback"]), [text(html.block(o.feedback)) for o in options])
                right = [o for o in options if o.correct]
                wrong = [o for o in options if not o.correct]
                credit = dict(zip((o.id for o in right), shares(len(right)))) if len(right) > 1 else {right[0].id: "100"}
                cost = "0" if isinstance(q, SingleChoice) else penalty(len(wrong)) if q.scoring == "partial" else "-100"
                expect(q.id, "fractions", [round(float(f), 5) for f in got["fraction"]],
                       [round(float(credit.get(o.id, cost)) / 100, 5) for o in options])
            case TrueFalse():
                expect(q.id, "answer", (got["qtype"], int(got["correctanswer"])), ("truefalse", int(q.answer)))
                expect(q.id, "feedback", (text(got["feedbacktrue"]["text"]), text(got["feedbackfalse"]["text"])),
                       (text(html.block(q.feedback_true)), text(html.block(q.feedback_false))))
            case Matching():
                prompts = [html.inline(p.prompt).replace("->", "-&gt;") if gift else html.block(p.prompt)
                           for p in display_order(q)]
                expect(q.id, "prompts", texts(got["subquestions"]), [*prompts, *[""] * len(q.distractors)])
                expect(q.id, "matches", [text(a) for a in got["subanswers"]],
                       [*(p.match for p in display_order(q)), *q.distractors])
            case Ordering():
                expect(q.id, "items", texts(got["answer"]), [html.inline(i.text) for i in q.items])
                expect(q.id, "grading", int(got["gradingtype"]), 0 if q.scoring == "partial" else -1)
                feedback = ["" if gift else html.block(i.feedback) for i in q.items]
                expect(q.id, "item feedback", texts(got["feedback"]), feedback)
            case Reflection():
                grader = "" if gift else html.block(q.model_answer) + html.list(q.checklist)
                expect(q.id, "grader information", (got["qtype"], text(got["graderinfo"]["text"])), ("essay", text(grader)))
            case Likert():
                problems.append(f"{q.id}: a likert question reached Moodle")
            case _:
                assert_never(q)
    return problems


def check_tag(course, question) -> str | None:
    """The tag of the module check whose pool holds the question (if its module has a check)."""
    part = next(p for p in course.parts for quizzes in p.quizzes.values() for quiz in quizzes
                if question in quiz.questions)
    return f"{course.info.id}-{part.module.id}-check" if part.module.check else None


def lesson_of(course, question) -> str:
    return next(quiz.lesson for part in course.parts for quizzes in part.quizzes.values() for quiz in quizzes
                if question in quiz.questions)


@pytest.mark.parametrize("kind, fmt", [("xml", "moodle"), ("gift", "gift")])
def test_moodles_importers_read_every_question_as_the_yaml_says(course, shipped, tmp_path, kind, fmt):
    """The mini course (every type, every GIFT character) and the shipped course, imported by Moodle 4.5.6's own
    code: every question arrives, with its text, answers, fractions, feedback, explanation, hints and tags; what
    Moodle cannot read is exactly what the export's report says (hints and points in GIFT, an essay's hints in XML,
    GIFT's per-item and per-pair feedback)."""
    for source in (course, shipped):
        files, reports = export_course(source, fmt)
        name = f"{source.info.id}{FORMATS[fmt].SUFFIX}"
        imported = moodle_import(kind, files[name], tmp_path)
        assert moodle_mismatches(imported, source, kind, reports[name]) == []
        # Each report line is a loss Moodle's reading confirms (the parse-level ones).
        by_id = {q["idnumber"]: q for q in imported}
        for line in reports[name]:
            qid, why = line.split(": ", 1)
            if "no hints" in why or "reads no hints" in why:
                assert not by_id[qid].get("hint"), line
            if "no points" in why:
                assert float(by_id[qid]["defaultmark"]) == 1, line


CHECK = """check:
  draw: 3
  pass_mark: 80
  minimums: {name-a-cue: 1}
  questions:
    - id: check-nod
      type: true_false
      stem: A nod can tell the speaker you follow.
      answer: true
      explanation: Nodding is one of the cues that show you follow.
      assesses: [name-a-cue]
"""


def course_with_check(tmp_path: Path):
    """The every-type mini course whose module has a check (draw 3) with one question of its own."""
    root = course_with_every_type(tmp_path / "course")
    module = root / "content" / "01-basics" / "module.yml"
    module.write_text(module.read_text(encoding="utf-8") + CHECK, encoding="utf-8")
    course, issues = validate_course(root)
    assert course is not None, "\n".join(map(str, issues))
    return course


def test_qti_has_an_assessment_per_module_check_that_draws_from_the_whole_pool(tmp_path):
    """The check's assessment holds one section of the whole pool with QTI's `selection_number` set to the draw;
    each of its items is the lesson quiz's item under its own ident (Canvas keys questions by ident)."""
    course = course_with_check(tmp_path)
    files, reports = export_course(course, "qti")
    data = files["mini.qti.zip"]
    items = check_qti(data, course)
    archive = zipfile.ZipFile(io.BytesIO(data))
    check = ET.fromstring(archive.read("mini-basics-check/mini-basics-check.xml"))
    (drawn,) = [s for s in check.iter(f"{QTI}section") if s.find(f"{QTI}selection_ordering") is not None]
    assert drawn.findtext(f"{QTI}selection_ordering/{QTI}selection/{QTI}selection_number") == "3"
    pooled = [q.id for q in pool(course.parts[0])]
    assert [i.get("ident") for i in drawn.findall(f"{QTI}item")] == [f"mini-basics-check--{q}" for q in pooled]
    for qid in pooled:
        if qid in items:  # a lesson quiz's question: the same item as in its quiz
            same = [re.sub(rb">\s+<", b"><", ET.tostring(e)).strip()
                    for e in (items[f"mini-basics-check--{qid}"], items[qid])]
            assert same[0].replace(b"mini-basics-check--", b"") == same[1]
    (note,) = [line for line in reports["mini.qti.zip"] if line.startswith("module basics:")]
    assert f"drawing 3 of the pool's {len(pooled)} questions" in note and "80%" in note and "1 on 'name-a-cue'" in note


def test_moodle_carries_each_module_check_as_a_tagged_pool_and_says_how_to_draw_from_it(tmp_path):
    """Moodle 4.5 reads no random question from XML (a random pick is a quiz slot), so the check travels as its pool:
    Moodle's importer files the check's own questions under the module's 'Module check' category, every question of
    the pool (and no other) carries the check's tag, and the report tells the teacher how many to draw and how."""
    course = course_with_check(tmp_path)
    files, reports = export_course(course, "moodle")
    category, read = "", {}
    for q in moodle_import("xml", files["mini.moodle.xml"], tmp_path, categories=True):
        if q["qtype"] == "category":
            category = q["category"]
        else:  # Moodle files a question under the category read last before it
            read[q["idnumber"]] = (category, q["tags"])
    module_path = f"$course$/top/{course.info.title}/Basics"
    assert read["check-nod"] == (f"{module_path}/Module check", ["name-a-cue", "mini-basics-check"])
    assert {qid for qid, (where, _) in read.items() if where == module_path} == {q.id for q in questions(course)
                                                                                  if not isinstance(q, Likert)}
    pooled = [q.id for q in pool(course.parts[0])]
    assert "check-nod" in pooled and len(pooled) > 3
    assert sorted(qid for qid, (_, tags) in read.items() if "mini-basics-check" in tags) == sorted(pooled)
    gift = export_course(course, "gift")[1]["mini.gift"]
    assert [line for line in gift if line.startswith("module basics:")] == [
        f"module basics: GIFT has no random questions, so the module check (a draw of 3 from the pool's {len(pooled)} "
        "questions) is left out, and so are its own questions (1): use the Moodle XML export, whose report says "
        "how to build it"]
    (note,) = [line for line in reports["mini.moodle.xml"] if line.startswith("module basics:")]
    for said in ("3 random questions", "'mini-basics-check'", f"the {len(pooled)} questions", "1 on 'name-a-cue'",
                 "80%"):
        assert said in note, note


# ---------------------------------------------------------------------------------------------------------------------
# Nothing lost in silence: what each format leaves out, per question type and per question
# ---------------------------------------------------------------------------------------------------------------------

QUIZ_FORMATS = ("moodle", "gift", "qti", "anki")


@pytest.mark.parametrize("fmt", QUIZ_FORMATS)
def test_every_quiz_exporter_says_what_it_does_with_every_question_type(fmt):
    drops = FORMATS[fmt].DROPS
    assert set(drops) == set(TYPE_NAMES), f"{fmt}: DROPS must have a row for every question type"
    for kind, parts in drops.items():
        fields = BY_NAME[kind].model.model_fields
        for part in parts:
            assert part == WHOLE or re.split(r"[.=!]", part)[0] in fields, f"{fmt}: {kind} has no field for {part!r}"


def test_each_export_reports_per_question_what_the_format_leaves_out(course, tmp_path):
    """Each line names a question and a part it really has; a question that loses nothing is not named."""
    expected = {
        "moodle": {"order-steps: Moodle's ordering question", "match-cues: Moodle's matching question has no feedback",
                   "think-back: Moodle's XML importer reads no hints", "how-i-listen: a likert question"},
        "gift": {"order-hazard: its items hold", "order-steps: GIFT's ordering question has no feedback per item",
                 "match-cues: GIFT's matching question", "pick-cues: GIFT has no points", "gift-hazard: GIFT has no hints",
                 "think-back: GIFT has no hints", "think-back: a GIFT essay has no grader information",
                 "how-i-listen: a likert question"},
        "qti": {"order-steps: Canvas has no ordering question", "gift-hazard: QTI 1.2 as Canvas reads it has no hints",
                "how-i-listen: a likert question"},
        "anki": {"think-back: a reflection has no answer to recall", "gift-hazard: the card's back shows the answer"},
    }
    for fmt, lines in expected.items():
        files, reports = export_course(course, fmt)
        name = f"mini{FORMATS[fmt].SUFFIX}"
        report = reports[name]
        for line in lines:
            assert any(r.startswith(line) for r in report), f"{fmt}: no '{line}…' in {report}"
        if fmt == "moodle":  # neither question loses anything to Moodle
            assert not [r for r in report if r.startswith(("silence-is-rude:", "pick-cues:"))]
        # Written beside the file, every line of it.
        write_exports(tmp_path / fmt, files, reports)
        written = (tmp_path / fmt / f"{name}.report.txt").read_text()
        assert all(r in written for r in report)


def qti_score(item: ET.Element, chosen: set[str]) -> float:
    """The SCORE an item's response processing gives to a multiple-response answer (`chosen` label idents): each
    respcondition in order, as a QTI 1.2 engine runs it, bounded by the decvar's minimum and maximum."""
    def holds(test: ET.Element) -> bool:
        tag = test.tag.removeprefix(QTI)
        if tag == "varequal":
            return test.text in chosen
        if tag == "not":
            return not holds(test[0])
        if tag == "and":
            return all(holds(t) for t in test)
        assert tag == "other", tag
        return True

    decvar = item.find(f"{QTI}resprocessing/{QTI}outcomes/{QTI}decvar")
    score = 0.0
    for rc in item.iter(f"{QTI}respcondition"):
        if not holds(rc.find(f"{QTI}conditionvar")[0]):
            continue
        for setvar in rc.iter(f"{QTI}setvar"):
            value = float(setvar.text)
            score = {"Set": value, "Add": score + value, "Subtract": score - value}[setvar.get("action")]
        if rc.get("continue") == "No":
            break
    return min(float(decvar.get("maxvalue")), max(float(decvar.get("minvalue")), score))


def test_qti_gives_partial_credit_as_the_site_does(course):
    items = check_qti(one(export_course(course, "qti")[0], ".qti.zip"), course)
    q = next(q for q in questions(course) if q.id == "pick-cues")
    right = [f"{q.id}--{o.id}" for o in q.options if o.correct]
    wrong = [f"{q.id}--{o.id}" for o in q.options if not o.correct]
    for chosen in ([right[0]], right[:2], right, [*right[:2], wrong[0]], [right[0], *wrong], right + wrong):
        hits, misses = len(set(chosen) & set(right)), len(set(chosen) & set(wrong))
        site = max(0, hits / len(right) - misses / len(wrong)) * 100  # quiz.js's partial score
        assert qti_score(items["pick-cues"], set(chosen)) == pytest.approx(site, abs=0.01), chosen


# ---------------------------------------------------------------------------------------------------------------------
# SCORM: the package's structure (the run-time behaviour is tests/browser/test_scorm_browser.py)
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_site(root, course, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("scorm-site") / "site"
    build_site(course, root, site)
    return site


SCORM_2004_CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
ADLCP_2004 = "{http://www.adlnet.org/xsd/adlcp_v1p3}"


def check_scorm(data: bytes, start: str, version: str = "1.2") -> tuple[zipfile.ZipFile, ET.Element]:
    """A valid one-SCO package whose launch page opens `start` in its frame; every file is in the manifest."""
    cp, adlcp, attribute = (SCORM_CP, ADLCP, "scormtype") if version == "1.2" else (SCORM_2004_CP, ADLCP_2004, "scormType")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    names = set(archive.namelist())
    assert {"imsmanifest.xml", LAUNCH_PAGE, "index.html", "assets/quiz.js", "assets/scorm.js", SESSION, DATA_FILE} <= names
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    assert manifest.tag == f"{cp}manifest"
    assert manifest.findtext(f"{cp}metadata/{cp}schemaversion") == ("1.2" if version == "1.2" else "2004 4th Edition")
    (resource,) = manifest.iter(f"{cp}resource")
    assert resource.get(f"{adlcp}{attribute}") == "sco" and resource.get("href") == LAUNCH_PAGE
    named = {unquote(f.get("href")) for f in resource.iter(f"{cp}file")}
    assert named | {"imsmanifest.xml"} == names
    orgs = manifest.find(f"{cp}organizations")
    (item,) = orgs.iter(f"{cp}item")
    assert orgs.get("default") == orgs[0].get("identifier") and item.get("identifierref") == resource.get("identifier")
    launch = archive.read(LAUNCH_PAGE).decode()
    assert '<iframe id="course" name="course" title="' in launch and f'src="{start}"' in launch
    assert launch.index(SESSION) < launch.index("<iframe")
    assert package_data(archive.read(DATA_FILE))["scorm"] == version
    return archive, manifest


ADL = TESTS / "consumers" / "adl"
ADL_SCHEMAS = {
    "1.2": ("scorm12", {"http://www.imsproject.org/xsd/imscp_rootv1p1p2": "imscp_rootv1p1p2.xsd",
                        "http://www.adlnet.org/xsd/adlcp_rootv1p2": "adlcp_rootv1p2.xsd"}),
    "2004": ("scorm2004-4th", {"http://www.imsglobal.org/xsd/imscp_v1p1": "imscp_v1p1.xsd",
                               "http://www.adlnet.org/xsd/adlcp_v1p3": "adlcp_v1p3.xsd",
                               "http://www.adlnet.org/xsd/adlseq_v1p3": "adlseq_v1p3.xsd",
                               "http://www.adlnet.org/xsd/adlnav_v1p3": "adlnav_v1p3.xsd",
                               "http://www.imsglobal.org/xsd/imsss": "imsss_v1p0.xsd"}),
}


def adl_errors(manifest: bytes, version: str) -> list[str]:
    """What ADL's own XML Schemas (tests/consumers/adl/) find wrong in a manifest."""
    from lxml import etree

    folder, imports = ADL_SCHEMAS[version]
    driver = '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">' + "".join(
        f'<xs:import namespace="{ns}" schemaLocation="{(ADL / folder / xsd).as_uri()}"/>' for ns, xsd in imports.items())
    schema = etree.XMLSchema(etree.fromstring(driver + "</xs:schema>"))
    schema.validate(etree.fromstring(manifest))
    return [f"{e.line}: {e.message}" for e in schema.error_log]


@pytest.mark.parametrize("fmt, version", [("scorm", "1.2"), ("scorm2004", "2004")])
def test_scorm_learner_packages_of_the_course_and_of_each_module(course, built_site, fmt, version):
    files, reports = export_course(course, fmt, site_dir=built_site)
    suffix = FORMATS[fmt].SUFFIX
    assert sorted(files) == [f"mini-basics{suffix}", f"mini{suffix}"]
    archive, manifest = check_scorm(files[f"mini{suffix}"], "index.html", version)
    assert manifest.get("identifier") == "scorm-mini" and manifest.get("version") == "0.1"
    data = package_data(archive.read(DATA_FILE))
    assert data["course"] == "mini@0.1"
    points = {q.id: q.points if hasattr(q, "explanation") else 0 for q in questions(course)}
    assert data["lessons"] == [{"id": "first-lesson", "url": "basics/first-lesson.html", "questions": points}]
    assert points["pick-cues"] == 3 and points["think-back"] == 0 and points["how-i-listen"] == 0
    assert "correct" not in archive.read(DATA_FILE).decode()
    codes = data["questionCodes"]
    assert set(codes) == set(points) and len(set(codes.values())) == len(codes)
    assert all(re.fullmatch(r"[0-9a-z]{5}", c) for c in codes.values())
    assert list(data["lessonCodes"]) == ["first-lesson"]

    # A learner package: no facilitator edition (the answer key), no instructor page, no source map, no sitemap,
    # and no link to any of them; the search index does not find them either.
    site = {p.relative_to(built_site).as_posix(): p.read_bytes() for p in built_site.rglob("*") if p.is_file()}
    left_out = {p for p in site if p.startswith("instructor/") or "-facilitator." in p or p.endswith(".map")
                or p.startswith("sitemap.xml")}
    assert any("-facilitator." in p for p in left_out) and any(p.startswith("instructor/") for p in left_out)
    names = set(archive.namelist())
    assert not names & left_out
    assert broken_links(archive) == []
    assert not [n for n in names if n.startswith("print/fonts/")]
    index = json.loads(archive.read("search/search_index.json"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("instructor/")]
    lesson = archive.read("basics/first-lesson.html").decode()
    assert "facilitator" not in lesson.lower() and "worksheet" in lesson
    # Otherwise the pages are the site's, with the package data and the adapter loaded before the quiz script.
    added = rb'<script src="([^"]*)assets/coursegen-scorm-data\.js" defer></script><script src="\1assets/scorm\.js" defer></script>'
    assert re.search(added + rb'<script src="\1assets/quiz\.js"', archive.read("basics/first-lesson.html"))
    assert archive.read("glossary.html").count(b"assets/scorm.js") == 1
    assert b"scorm.js" not in (built_site / "index.html").read_bytes(), "the public site must not load the adapter"
    report = reports[f"mini{suffix}"]
    assert report[0].startswith("package: ") and re.search(r"\d+\.\d MB", report[0])
    assert any(line.startswith("left out: facilitator material") for line in report)
    assert any(line.startswith("left out: instructor pages") for line in report)

    # ADL's schemas accept the manifest, and would not accept a broken one.
    assert adl_errors(archive.read("imsmanifest.xml"), version) == []
    broken = archive.read("imsmanifest.xml").replace(b'="sco"', b'="lesson"')
    assert adl_errors(broken, version), "the schemas must reject a resource that is neither sco nor asset"

    module = files[f"mini-basics{suffix}"]
    archive, manifest = check_scorm(module, "basics/index.html", version)
    assert adl_errors(archive.read("imsmanifest.xml"), version) == []
    assert manifest.get("identifier") == "scorm-mini-basics"
    assert export_course(course, fmt, site_dir=built_site)[0] == files


# ---------------------------------------------------------------------------------------------------------------------
# The command line
# ---------------------------------------------------------------------------------------------------------------------


def test_cli_exports_to_the_out_folder(root, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["--root", str(root), "export", "moodle", "--out", str(out), "--module", "basics"]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["mini-basics.moodle.xml", "mini-basics.moodle.xml.report.txt"]
    captured = capsys.readouterr()
    assert "wrote" in captured.out and "how-i-listen" in captured.err
    assert "how-i-listen: a likert question" in (out / "mini-basics.moodle.xml.report.txt").read_text()


@pytest.mark.parametrize("args, message", [
    (["--module", "nope"], "the course has no such module; its modules are basics"),
    (["--out", "content/exports"], "inside content/"),
])
def test_cli_refuses_a_bad_module_or_an_author_folder(root, capsys, args, message):
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(root), "export", "gift", *args])
    assert exit_info.value.code == 2 and message in capsys.readouterr().err
    assert not (root / "content" / "exports").exists()


def test_cli_export_stops_on_content_errors(root, tmp_path, capsys):
    broken = course_with_every_type(tmp_path / "broken")
    (broken / "quizzes" / EVERY_TYPE.name).write_text("id: every-type\nlesson: nowhere\n")
    assert main(["--root", str(broken), "export", "qti", "--out", str(tmp_path / "out")]) == 1
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------------------------------------------------
# The shipped course: every export is written and parses
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.shipped_course  # our questions all go to GIFT (a fork's course failed here: GIFT left one out)
def test_every_export_of_the_shipped_course_parses(shipped, tmp_path):
    for scope in scopes(shipped):
        assert scope.name.startswith(shipped.info.id)
    moodle, _ = export_course(shipped, "moodle")
    assert len(moodle) == len(shipped.parts) + 1
    check_moodle(one(moodle, ".moodle.xml"), shipped)
    gift, _ = export_course(shipped, "gift")
    parsed, categories = read_gift(one(gift, ".gift"))
    assert set(parsed) == {q.id for q in questions(shipped) if not isinstance(q, Likert)}
    html = Html(shipped)
    for q in questions(shipped):
        if q.id in parsed:
            assert parsed[q.id]["text"] == html.question_text(q).strip(), q.id
    qti, _ = export_course(shipped, "qti")
    check_qti(one(qti, ".qti.zip"), shipped)
    anki, _ = export_course(shipped, "anki")
    notes, _ = read_apkg(one(anki, ".apkg"), tmp_path)
    assert len(notes) >= len(shipped.lessons)


def test_a_module_package_scores_its_own_lessons_and_knows_every_question(shipped):
    from generator.export import scorm

    for scope in scopes(shipped)[1:]:
        data = package_data(scorm.package_data(scope))
        (part,) = scope.parts
        assert [lesson["id"] for lesson in data["lessons"]] == [lesson.id for lesson in part.lessons]
        assert scorm.start_page(scope) == f"{part.module.id}/index.html"
        # Codes cover the whole course: answers given on other modules' pages of the same site are kept too.
        assert set(data["questionCodes"]) == {q.id for q in questions(shipped)}
        assert set(data["lessonCodes"]) == {lesson.id for _, lesson in shipped.lessons}
    # A code depends on its id alone: adding a question changes no other question's code.
    before, after = scorm.short_codes(["a", "b"]), scorm.short_codes(["b", "a", "c"])
    assert after["a"] == before["a"] and after["b"] == before["b"]


# ---------------------------------------------------------------------------------------------------------------------
# Untrusted content: an LMS shows what an export holds as HTML, so no export holds executable markup, even for text
# that got past `validate`. Each payload is put into every text of the course the model allows, without validation
# (pydantic's model_copy), and every file of every format is parsed as its consumer reads it; the HTML fragments are
# then parsed by Chromium (DOMParser: no script runs) and searched for anything that could run or load.
# ---------------------------------------------------------------------------------------------------------------------

SLIPPED_PAST_VALIDATE = {
    "lesson-link-code-span": "See [the lesson](lesson:`first-lesson)<img src=x onerror=alert(1)>`.",
    "glossary-link-code-span": "See [a cue](glossary:`cue)<img src=x onerror=alert(1)>`.",
}
"""Texts that `validate` accepted (it reads the tag inside a code span, as the site does) and that reached every
export as a live <img onerror>: the exporters' own pattern for links into the site took the backtick away."""
EXPORT_PAYLOADS = {**PAYLOADS, **SLIPPED_PAST_VALIDATE}
TEXT_PAYLOAD = "<img src=x onerror=window.xss=1>"
"""Put in plain-text fields (titles, instructions, matching answers, checklists): an export shows them as text."""

MARKDOWN_FIELDS = frozenset({"stem", "scenario", "text", "feedback", "feedback_true", "feedback_false", "explanation",
                             "hints", "model_answer", "prompt", "definition", "keypoints", "summary", "intro"})
TEXT_FIELDS = frozenset({"title", "instructions", "match", "distractors", "checklist", "term", "questions"})


def poisoned(value, payload: str, name: str = ""):
    """`value` (a model, or anything in one) with `payload` after every Markdown text and TEXT_PAYLOAD after every
    plain text, unvalidated: what an exporter would get if a payload slipped past `validate`."""
    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_copy(update={n: poisoned(getattr(value, n), payload, n) for n in type(value).model_fields})
    if isinstance(value, list):
        return [poisoned(v, payload, name) for v in value]
    if isinstance(value, dict):
        return {k: poisoned(v, payload, name) for k, v in value.items()}
    if isinstance(value, str) and name in MARKDOWN_FIELDS:
        return f"{value}\n\n{payload}"
    if isinstance(value, str) and name in TEXT_FIELDS:
        return f"{value} {TEXT_PAYLOAD}"
    return value


def html_fragments(fmt: str, data: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """Every HTML fragment of an exported file as its consumer reads it, as (where, HTML)."""
    if fmt == "moodle":  # qformat_xml: a <text> is HTML where its parent says format="html"
        return [(f"moodle {e.tag}", e.findtext("text") or "") for e in ET.fromstring(data).iter()
                if e.get("format") == "html"]
    if fmt == "gift":  # qformat_gift, with the question's [html] marker
        parsed, _ = read_gift(data)
        fragments = []
        for qid, q in parsed.items():
            texts = [q["text"], q["general"], q.get("wrong", ""), q.get("right", ""), *q.get("items", []),
                     *(s for a, _, f in q.get("answers", []) for s in (a, f)), *(p for p, _ in q.get("pairs", []))]
            fragments += [(f"gift {qid}", t) for t in texts]
        return fragments
    if fmt == "qti":  # Canvas: mattext of type text/html, and the quiz's description
        archive = zipfile.ZipFile(io.BytesIO(data))
        fragments = []
        for name in (n for n in archive.namelist() if n.endswith(".xml")):
            for e in ET.fromstring(archive.read(name)).iter():
                if e.tag == f"{QTI}mattext" and e.get("texttype") == "text/html" or e.tag.endswith("}description"):
                    fragments.append((f"qti {name}", e.text or ""))
        return fragments
    if fmt == "anki":  # every field of a note is HTML to Anki
        notes, _ = read_apkg(data, tmp_path)
        return [(f"anki {guid}", field) for guid, fields, _ in notes for field in fields.split("\x1f")]
    raise AssertionError(f"no reader for {fmt}: add one")


EXECUTABLE = """fragments => fragments.map(([where, html]) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const found = [];
    const urlAttributes = ["href", "src", "poster", "action", "formaction", "xlink:href", "data", "background"];
    for (const element of doc.querySelectorAll("*")) {
        const tag = element.localName;
        if (/^(script|style|iframe|frame|frameset|object|embed|applet|svg|math|link|meta|base|form|input|button|
              textarea|select|template|noscript|portal)$/x.test(tag)) found.push(`<${tag}>`);
        for (const attribute of element.attributes) {
            if (/^on|^style$|^srcdoc$/.test(attribute.name)) found.push(`${attribute.name} on <${tag}>`);
            if (!urlAttributes.includes(attribute.name)) continue;
            const url = new URL(attribute.value, "https://lms.invalid/");
            if (!["http:", "https:", "mailto:"].includes(url.protocol)) found.push(`${url.protocol} in <${tag}>`);
            else if (tag !== "a" && url.host !== "lms.invalid") found.push(`<${tag}> from ${url.host}`);
        }
    }
    return {where, found, text: doc.body ? doc.body.textContent : ""};
})""".replace("|\n              ", "|").replace("/x.test", "/.test")


def executable(browser, fragments: list[tuple[str, str]]) -> tuple[list[str], list[tuple[str, str]]]:
    """What in the fragments could run script or load from elsewhere, as Chromium parses them; and the text each
    fragment shows, as (where, text)."""
    page = browser.new_page()
    try:
        results = page.evaluate(EXECUTABLE, fragments)
    finally:
        page.close()
    return [f"{r['where']}: {f}" for r in results for f in r["found"]], [(r["where"], r["text"]) for r in results]


@pytest.mark.browser
@pytest.mark.parametrize("name", EXPORT_PAYLOADS)
def test_no_export_carries_executable_markup_even_from_text_that_slipped_past_validate(name, course, browser,
                                                                                       tmp_path):
    hostile = poisoned(course, EXPORT_PAYLOADS[name])
    fragments = []
    for fmt in ("moodle", "gift", "qti", "anki"):
        files, _ = export_course(hostile, fmt)
        for file, data in files.items():
            found = [(f"{file}: {where}", html) for where, html in html_fragments(fmt, data, tmp_path)]
            assert len(found) > 10, f"{file}: the reader found no HTML to check"
            fragments += found
    found, texts = executable(browser, fragments)
    assert found == [], found[:5]
    # Plain text (a question's instructions, a lesson's title) is escaped, so it shows as text, in every file.
    shown = {where.split(":")[0] for where, text in texts if TEXT_PAYLOAD in text}
    assert shown == {where.split(":")[0] for where, _ in fragments}


def test_a_link_into_the_site_is_read_as_the_site_reads_it(course):
    """The words of a link into the site stay in the code span the site (and `validate`) sees them in."""
    for text in SLIPPED_PAST_VALIDATE.values():
        html = Html(course).block(text)
        assert "<code>" in html and "<img" not in html, html
    assert Html(course).inline("See [the lesson](lesson:first-lesson#cues) and [a cue](glossary:cue).") == \
        "See the lesson and a cue."


@pytest.mark.parametrize("fmt", ["scorm", "scorm2004"])
def test_what_a_scorm_package_renders_itself_holds_titles_as_text(fmt, course, built_site, browser):
    """The launch page, the manifest and the adapter's data are made by the exporter (the course pages are the
    site's, sanitized when it was built): a hostile title stays text in each."""
    from generator.export import scorm

    hostile = poisoned(course, "")
    for scope in scopes(hostile):
        data, _ = FORMATS[fmt].export(scope, built_site)
        archive = zipfile.ZipFile(io.BytesIO(data))
        assert TEXT_PAYLOAD in scope.title
        page = browser.new_page()
        try:
            page.set_content(archive.read(LAUNCH_PAGE).decode(), wait_until="domcontentloaded")
            assert page.title() == scope.title
            assert page.evaluate("[...document.querySelectorAll('*')].flatMap(e => [...e.attributes])"
                                 ".filter(a => a.name.startsWith('on')).length") == 0
            assert page.evaluate("document.querySelectorAll('img').length") == 0
        finally:
            page.close()
        manifest = ET.fromstring(archive.read("imsmanifest.xml"))
        assert {t.text for t in manifest.iter() if t.tag.endswith("}title")} == {scope.title}
        assert package_data(archive.read(scorm.DATA_FILE))["title"] == scope.title
