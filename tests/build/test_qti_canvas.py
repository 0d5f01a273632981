"""QTI as Canvas imports it. Canvas converts a QTI 1.2 package to QTI 2.1 with its own converter, QTIMigrationTool
(vendored in tests/consumers/qti/QTIMigrationTool/, see the README there), and canvas-lms reads that with the Ruby
classes in `gems/plugins/qti_exporter/lib/qti/`. Here the converter itself runs on the every-type course with a module
check; Canvas's Ruby does not run, so each test restates the few lines of it that decide what a teacher gets, and
names the method they come from.

The course's matching question gets an id with a digit in it, as three of the shipped course's have, and its true/false
question one with 'wrong' in it, as two of the shipped course's questions have."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from generator.export.qti import answer_ident
from generator.model.questions import Matching, MultipleResponse, Ordering, SingleChoice, TrueFalse, is_scored
from generator.validate import validate_course
from helpers.qti import CHECK_MEMBER, every_type_with_check, export_qti, qti_documents

MIGRATE = ROOT / "tests" / "consumers" / "qti" / "QTIMigrationTool" / "migrate.py"
MATCHING = "match-cues-2"
"""The every-type course's matching question ('match-cues'), renamed with a digit in its id."""
TRUE_FALSE = "silence-is-wrong"
"""The every-type course's true/false question ('silence-is-rude'), renamed with a word Canvas looks for."""


@dataclass
class Converted:
    """What Canvas's converter made of a package: its QTI 2.1 items (identifier -> item, namespaces dropped), its
    tests (identifier -> test), each item's Canvas question type (from the manifest), and what it printed."""
    items: dict[str, etree._Element]
    tests: dict[str, etree._Element]
    types: dict[str, str]
    log: str


def convert(package: bytes, work: Path) -> Converted:
    """Run Canvas's converter on a package, as Canvas does (`migrate.py --ucvars --nogui --overwrite --cpout=`)."""
    unpacked, out = work / "package", work / "qti21"
    zipfile.ZipFile(io.BytesIO(package)).extractall(unpacked)
    done = subprocess.run([sys.executable, "-B", str(MIGRATE), "--ucvars", "--nogui", "--overwrite",
                           f"--cpout={out}", str(unpacked)], capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    read = {path.relative_to(out).as_posix(): _local(etree.parse(str(path)).getroot()) for path in out.rglob("*.xml")}
    types = {}
    for resource in read["imsmanifest.xml"].iter("resource"):
        field = resource.find(".//instructureField[@name='question_type']")
        if field is not None:
            types[resource.get("identifier")] = field.get("value")
    items = {e.get("identifier"): e for name, e in read.items() if name.startswith("assessmentItems/")}
    tests = {e.get("identifier"): e for name, e in read.items() if name.startswith("assessmentTests/")}
    return Converted(items, tests, types, done.stdout + done.stderr)


def _local(root: etree._Element) -> etree._Element:
    """The document with every element in no namespace (Canvas's Nokogiri CSS matches local names)."""
    for element in root.iter(etree.Element):
        element.tag = etree.QName(element).localname
    return root


@pytest.fixture(scope="module")
def course_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = every_type_with_check(tmp_path_factory.mktemp("canvas") / "course")
    quiz = root / "quizzes" / "cues.yml"
    text = quiz.read_text(encoding="utf-8").replace("id: match-cues\n", f"id: {MATCHING}\n")
    quiz.write_text(text.replace("id: silence-is-rude\n", f"id: {TRUE_FALSE}\n"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def course(course_root):
    course, issues = validate_course(course_root)
    assert course is not None, "\n".join(map(str, issues))
    return course


@pytest.fixture(scope="module")
def package(course_root) -> bytes:
    files, _ = export_qti(course_root)
    return files["every-type.qti.zip"]


@pytest.fixture(scope="module")
def converted(package, tmp_path_factory) -> Converted:
    return convert(package, tmp_path_factory.mktemp("converted"))


def quiz_questions(course):
    return [q for part in course.parts for quizzes in part.quizzes.values() for quiz in quizzes for q in quiz.questions]


def test_the_converter_reads_every_question(package, converted):
    ours = {item.get("ident") for document in qti_documents(package).values()
            for item in etree.fromstring(document).iter("{*}item")}
    assert set(converted.items) == ours
    assert "Traceback" not in converted.log and "error" not in converted.log.lower(), converted.log


# ---------------------------------------------------------------------------------------------------------------------
# Choice questions: which options Canvas marks right
# ---------------------------------------------------------------------------------------------------------------------


def response_weight(condition: etree._Element) -> int:
    """`ChoiceInteraction#get_response_weight`: the value in the first of a SCORE `sum`, a SCORE value set directly,
    or any value inside a setOutcomeValue of SCORE (a `subtract`'s too); a positive float is right (100)."""
    for path in (".//setOutcomeValue[@identifier='SCORE']//sum//baseValue[@baseType]",
                 ".//setOutcomeValue[@identifier='SCORE']/baseValue[@baseType]",
                 ".//setOutcomeValue[starts-with(@identifier, 'SCORE')]//baseValue[@baseType]"):
        found = condition.xpath(path)
        if found:
            return 100 if found[0].get("baseType") == "float" and float(found[0].text) > 0 else 0
    return 0


def canvas_right_answers(item: etree._Element) -> set[str]:
    """The answers `ChoiceInteraction#process_response_conditions` gives weight 100, condition after condition, for the
    conditions our items hold (its branches for the variables RESP_MC, response and TF* do not apply to ours, whose
    response is 'response1'): an `and` makes its direct `member`s right; any other condition that names one answer
    sets that answer's weight from its score (`response_weight`), the later over the earlier."""
    assert not item.xpath(".//variable[@identifier='RESP_MC' or @identifier='response' or starts-with(@identifier,"
                          " 'TF')]")
    weight = {choice.get("identifier"): 0 for choice in item.iter("simpleChoice")}
    for condition in item.iter("responseCondition"):
        members = condition.xpath(".//responseIf/and/member")
        if members:
            weight.update({m.findtext("baseValue[@baseType='identifier']").strip(): 100 for m in members})
            continue
        for branch in condition.xpath(".//responseIf | .//responseElseIf"):
            named = branch.xpath(".//match/baseValue[@baseType='identifier'] | .//member/baseValue[@baseType="
                                 "'identifier']")
            if named and named[0].text.strip() in weight:
                weight[named[0].text.strip()] = response_weight(branch)
    return {answer for answer, w in weight.items() if w > 0}


CHOICE_TYPES = {SingleChoice: "multiple_choice_question", TrueFalse: "true_false_question",
                MultipleResponse: "multiple_answers_question"}


def assert_canvas_marks_the_right_options(q: SingleChoice | MultipleResponse | TrueFalse, converted: Converted) -> None:
    right = ({answer_ident(q.id, "true", 1) if q.answer else answer_ident(q.id, "false", 2)} if isinstance(q, TrueFalse)
             else {answer_ident(q.id, o.id, n) for n, o in enumerate(q.options, 1) if o.correct})
    assert converted.types[q.id] == CHOICE_TYPES[type(q)]
    assert canvas_right_answers(converted.items[q.id]) == right, q.id
    assert canvas_question_comments(converted.items[q.id]).items() <= {("general_fb", "neutral_comments")}, q.id


def canvas_question_comments(item: etree._Element) -> dict[str, str]:
    """`AssessmentItemConverter#get_feedback`: the feedback Canvas takes as a comment of the whole question, by what
    its identifier holds (feedback -> which comment). An answer's own feedback must be none of them: it reaches its
    answer through the condition that shows it (`attach_feedback_values`)."""
    comments = {}
    for feedback in item.iter("modalFeedback"):
        ident = feedback.get("identifier")
        for pattern, comment in ((r"wrong|incorrect|_IC$", "incorrect_comments"), (r"correct|_C$", "correct_comments"),
                                 (r"solution", "example_solution"), (r"general_|_all", "neutral_comments")):
            if re.search(pattern, ident, re.IGNORECASE):
                comments[ident] = comment
                break
    return comments


def test_canvas_marks_the_right_options_right_and_no_other(course, converted):
    """A partial multiple-response question takes a share off for each wrong tick. Written as QTI's Subtract, Canvas
    read each wrong option as right (the value inside the subtract is positive); as an Add of a negative share, it
    reads them as wrong. And an answer's feedback stays that answer's: with 'wrong' in its ident
    ('silence-is-wrong--true_fb'), Canvas showed it to everyone who answered wrong."""
    choices = [q for q in quiz_questions(course) if isinstance(q, SingleChoice | MultipleResponse | TrueFalse)]
    assert len(choices) == 3 and any(isinstance(q, MultipleResponse) and q.scoring == "partial" for q in choices)
    assert any(q.id == TRUE_FALSE and q.feedback_true and q.feedback_false for q in choices)
    for q in choices:
        assert_canvas_marks_the_right_options(q, converted)


# ---------------------------------------------------------------------------------------------------------------------
# Matching questions: Canvas's numbers for the answers, and their text
# ---------------------------------------------------------------------------------------------------------------------


def canvas_matches(item: etree._Element) -> dict[str, tuple[int, str]]:
    """`AssociateInteraction#get_canvas_matches`: the answers of the first choiceInteraction, each numbered by the
    first digits in its identifier (`sc['identifier'] =~ /(\\d+)/`), with its text (`sc.text.strip`: Canvas keeps it
    as it is, entities and all)."""
    first = next(item.iter("choiceInteraction"))
    return {choice.get("identifier"): (int(re.search(r"\d+", choice.get("identifier"))[0]),
                                       "".join(choice.itertext()).strip())
            for choice in first.iter("simpleChoice")}


def canvas_rows(item: etree._Element) -> dict[str, str]:
    """`AssociateInteraction#get_canvas_answers`: each row (a choiceInteraction's responseIdentifier) and the answer a
    condition that adds to SCORE matches it with."""
    rows = {}
    for branch in item.xpath(".//responseIf | .//responseElseIf"):
        match = branch.find(".//match")
        if match is not None and branch.xpath(".//setOutcomeValue[@identifier='SCORE']//sum"):
            rows[match.find("variable").get("identifier")] = match.findtext("baseValue[@baseType='identifier']")
    return rows


def assert_canvas_matches_as_written(q: Matching | Ordering, converted: Converted) -> None:
    """Each answer its own number, its text as written, and each row matched with its own answer."""
    item = converted.items[q.id]
    assert converted.types[q.id] == "matching_question"
    matches = canvas_matches(item)
    numbers = [number for number, _ in matches.values()]
    assert len(set(numbers)) == len(numbers), (q.id, matches)
    if isinstance(q, Matching):
        assert sorted(text for _, text in matches.values()) == sorted([*(p.match for p in q.pairs), *q.distractors])
        wanted = {f"{q.id}--{p.id}": p.match for p in q.pairs}
    else:
        wanted = {f"{q.id}--{i.id}": str(n) for n, i in enumerate(q.items, 1)}
    assert {row: matches[answer][1] for row, answer in canvas_rows(item).items()} == wanted, q.id


def test_canvas_numbers_the_answers_of_a_matching_question_apart_and_shows_their_text(course, converted):
    """Canvas numbers a matching question's answers by the first digits in their idents: with the question id first
    ('match-cues-2--m1'), every answer got the number 2 and every row the first answer. Their text is shown as it
    is, so it travels as plain text ('Advice & reassurance', never 'Advice &amp; reassurance')."""
    matchings = [q for q in quiz_questions(course) if isinstance(q, Matching | Ordering)]
    assert len(matchings) == 2 and any(re.search(r"\d", q.id) and "&" in "".join(q.distractors) for q in matchings
                                       if isinstance(q, Matching))
    for q in matchings:
        assert_canvas_matches_as_written(q, converted)


# ---------------------------------------------------------------------------------------------------------------------
# The module check: a question group
# ---------------------------------------------------------------------------------------------------------------------


def canvas_group(test: etree._Element) -> tuple[int | None, float | None, list[str]]:
    """`AssessmentTestConverter#process_section` on the section that draws: its pick count (`parse_pick_count`: the
    `select` of its `selection` child), its points per question (`get_float_val(section, "points_per_item")`, None
    when absent: Canvas then takes the questions' points if they are all the same, else 1) and its questions."""
    (section,) = [s for s in test.iter("assessmentSection") if s.find("selection") is not None]
    points = section.findtext(".//points_per_item")
    return (int(section.find("selection").get("select")), float(points) if points else None,
            [ref.get("identifier") for ref in section.findall("assessmentItemRef")])


def test_canvas_reads_the_check_as_a_question_group_worth_the_pools_points(course, course_root, converted, package,
                                                                          tmp_path):
    """The check's section becomes a question group drawing `draw` of the whole pool. Canvas gives every question of
    a group the same points: the export says them when the pool's questions are worth the same; when they are not
    it cannot, and the report says what Canvas will do."""
    pool = [q.id for q in quiz_questions(course) if is_scored(q)] + ["check-nod"]
    check = "every-type-listening-check"
    assert canvas_group(converted.tests[check]) == (3, None, [f"{check}--{q}" for q in pool])
    assert CHECK_MEMBER in qti_documents(package)
    _, reports = export_qti(course_root)
    assert any("Canvas gives every question of a question group the same points" in line and "worth 1 to 2" in line
               for line in reports["every-type.qti.zip"])

    quiz = course_root / "quizzes" / "cues.yml"
    edited = tmp_path / "course"
    shutil.copytree(course_root, edited)
    (edited / "quizzes" / "cues.yml").write_text(quiz.read_text(encoding="utf-8").replace("    points: 2\n", ""),
                                                 encoding="utf-8")
    files, reports = export_qti(edited)
    assert canvas_group(convert(files["every-type.qti.zip"], tmp_path).tests[check])[:2] == (3, 1.0)
    assert not any("question group" in line for line in reports["every-type.qti.zip"])


@pytest.mark.shipped_course
def test_canvas_reads_every_question_of_the_shipped_course_as_written(tmp_path):
    """Every quiz question (a module check's items are the same items under the check's idents, test_export says)."""
    course, issues = validate_course(ROOT)
    assert course is not None, "\n".join(map(str, issues))
    files, _ = export_qti(ROOT)
    converted = convert(files["rapport.qti.zip"], tmp_path)
    questions = quiz_questions(course)
    assert {q.id for q in questions if q.type != "likert"} <= set(converted.items)
    for q in questions:
        if isinstance(q, SingleChoice | MultipleResponse | TrueFalse):
            assert_canvas_marks_the_right_options(q, converted)
        elif isinstance(q, Matching | Ordering):
            assert_canvas_matches_as_written(q, converted)
