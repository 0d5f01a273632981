"""Handouts (issues 7 and 19): the real PDFs Typst makes, read back with pypdf, pdfplumber and the `pdfua` checker, on
the mini course and the shipped one.

- page sizes for A4 and Letter (course.yml's `paper` and `--paper`);
- every challenge, discussion prompt, role-play and quiz question of a lesson is in the worksheet and the facilitator
  edition;
- no hint, solution, feedback, explanation, model answer, checklist, instructor note, listen-for or role brief is in a
  learner PDF, no role's brief is on another role's card, and all of them are in the facilitator edition: every
  lesson, by string, whitespace, punctuation and hyphenation normalised;
- workshops: no role brief in a learner pack, agenda or worksheet; every brief in the group set and the facilitator pack;
- tagged PDF/UA-1 with the document language and title, fonts only from theme/print/fonts/, dates from the source date;
- rebuilds are byte-identical;
- links: each lesson page to its PDFs with their page count and size, home to Print and workshops to every PDF;
- the HTML-to-Typst converter, golden files over every construct content may hold (tests/golden/typst/); template
  overrides from theme/course/print/; a worksheet template per question type that reads no answer;
- screenshots of a worksheet, a facilitator page, a role-play card sheet and a run-sheet (pdftoppm) in
  test-artifacts/screenshots/.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from functools import cache, partial
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT
from helpers.course_edits import SVG, add_second_lesson, copy_course

pypdf = pytest.importorskip("pypdf")
pdfplumber = pytest.importorskip("pdfplumber")

from generator.model.questions import Likert, Matching, MultipleResponse, Ordering, Reflection, SingleChoice, TrueFalse  # noqa: E402
from generator.render.markdown import MarkdownRenderer  # noqa: E402
from generator.render.citations import citation_label  # noqa: E402
from generator.validate import validate_course  # noqa: E402

SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)
MIN_CHARS = 12
"""Texts shorter than this (normalised) are not checked for absence: 'No.' could be anywhere."""
TOP_MARGIN, BOTTOM_MARGIN = 50, 45
"""Points cropped off each page before reading text: the running header and the page footer."""


# ---------------------------------------------------------------------------------------------------------------------
# Building
# ---------------------------------------------------------------------------------------------------------------------


def run(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, f"coursegen {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


MODULE_CHECK = """
check:
  draw: 2
  pass_mark: 75
  minimums: {name-a-cue: 1}
  questions:
    - id: nod-or-not
      type: true_false
      stem: A nod while someone speaks tells them you follow.
      answer: true
      feedback_true: SECRET-FEEDBACK-TRUE nodding is a cue.
      feedback_false: SECRET-FEEDBACK-FALSE look again.
      explanation: SECRET-EXPLANATION-NOD a nod is a listening cue.
      assesses: [name-a-cue]
    - id: best-paraphrase
      type: single_choice
      stem: Which reply paraphrases what the speaker said?
      options:
        - {id: a, text: So the move tired you out., correct: true, feedback: SECRET-FEEDBACK-PARAPHRASE it restates.}
        - {id: b, text: Let me tell you about my move., feedback: SECRET-FEEDBACK-SWITCH it turns to you.}
      explanation: SECRET-EXPLANATION-PARAPHRASE a paraphrase restates the meaning.
      assesses: [use-a-cue]
    - id: ask-openly
      type: single_choice
      stem: Which of these is an open question?
      options:
        - {id: a, text: What was the trip like?, correct: true, feedback: SECRET-FEEDBACK-OPEN it invites more.}
        - {id: b, text: Did you enjoy the trip?, feedback: SECRET-FEEDBACK-CLOSED it asks for yes or no.}
      explanation: SECRET-EXPLANATION-OPEN an open question invites a longer answer.
      assesses: [name-a-cue]
"""
"""A check for the mini course's module: a pool of four (the first lesson's scored question and these three)."""


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Path:
    """The mini course with a second lesson (role-play, figure, workspace, listen-for) and a module check, built
    strictly on A4."""
    root = add_second_lesson(copy_course(tmp_path_factory.mktemp("print") / "course"))
    with (root / "content" / "01-basics" / "module.yml").open("a", encoding="utf-8") as module:
        module.write(MODULE_CHECK)
    run(root, "build", "--strict", "--site-dir", str(root / "site"))
    # 2 lessons x 3 handouts, one role-play card sheet, and the module check's versions A and B and its key
    assert len(list((root / "site" / "print").glob("*.pdf"))) == 10
    return root


@pytest.fixture(scope="module")
def shipped(site):
    """The real course's built site (conftest's session build, with --strict) and its validated model."""
    course, issues = validate_course(ROOT)
    assert course is not None, "the shipped course does not validate:\n" + "\n".join(map(str, issues[:20]))
    return site.dir, course


# ---------------------------------------------------------------------------------------------------------------------
# Reading PDFs and the model
# ---------------------------------------------------------------------------------------------------------------------


def norm(text: str) -> str:
    """Letters and digits only, case-folded: whitespace, punctuation, line-break hyphens and ligatures all vanish."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").casefold()
    return "".join(c for c in text if c.isalnum())


@cache
def pdf_pages(path: Path) -> tuple[str, ...]:
    """The text of each page without its running header and footer."""
    with pdfplumber.open(path) as pdf:
        return tuple((page.crop((0, TOP_MARGIN, page.width, page.height - BOTTOM_MARGIN)).extract_text() or "")
                     for page in pdf.pages)


def pdf_text(path: Path) -> str:
    return norm("\n".join(pdf_pages(path)))


class _Text(HTMLParser):
    """The text of some HTML as a reader sees it, with the numbers of ordered lists (they are in the PDF's text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.lists: list[list[int] | None] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "ol":
            self.lists.append([int(dict(attrs).get("start") or 1) - 1])
        elif tag == "ul":
            self.lists.append(None)
        elif tag == "li" and self.lists and self.lists[-1] is not None:
            self.lists[-1][0] += 1
            self.parts.append(f" {self.lists[-1][0]}. ")
        self.parts.append(" ")

    def handle_endtag(self, tag) -> None:
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()
        self.parts.append(" ")

    def handle_data(self, data) -> None:
        self.parts.append(data)


def plain(md: MarkdownRenderer, text: str) -> str:
    parser = _Text()
    parser.feed(md.block(text))
    parser.close()
    return "".join(parser.parts)


def renderer(course) -> MarkdownRenderer:
    refs = {r.key: r for r in course.bibliography.references}
    return MarkdownRenderer(link=lambda target: "#", cite=lambda key: citation_label(refs[key]))


def lesson_texts(course, part, lesson) -> dict[str, list[tuple[str, str]]]:
    """The lesson's texts by where they may appear, each as (what it is, plain text).

    'items': on both editions. 'answers': only in the facilitator edition. 'visible': everything a learner may see
    (an answer that repeats learner-visible text cannot be checked for absence).
    """
    md = renderer(course)
    out: dict[str, list[tuple[str, str]]] = {"items": [], "answers": [], "visible": []}

    def add(where: str, what: str, text: str | None) -> None:
        if text:
            out[where].append((what, plain(md, text)))

    for s in lesson.sections:
        add("visible", "section", s.body)
        for c in s.callouts:
            add("visible", "callout", c.body)
        for f in s.figures:
            add("visible", "caption", f.caption)
    for text in [*lesson.keypoints, lesson.prereq, lesson.try_this_week, *(o.text for o in lesson.objectives),
                 *lesson.questions]:
        add("visible", "lesson text", text)
    for c in lesson.challenges:
        add("items", f"challenge {c.id} title", c.title)
        add("items", f"challenge {c.id} prompt", c.prompt)
        for hint in c.hints:
            add("answers", f"challenge {c.id} hint", hint)
        add("answers", f"challenge {c.id} solution", c.solution)
    for d in lesson.discussion:
        add("items", "discussion prompt", d.prompt)
        for item in d.listen_for:
            add("answers", "discussion listen-for", item)
    for r in lesson.roleplays:
        add("items", f"role-play {r.id} title", r.title)
        add("items", f"role-play {r.id} setup", r.setup)
        for o in r.observer:
            add("visible", "observer checklist", o)
        for role in r.roles:
            add("answers", f"role-play {r.id} brief for {role.name}", role.brief)
        for q in r.debrief:
            add("answers", f"role-play {r.id} debrief", q)
    for note in lesson.instructor:
        add("answers", "instructor note", note)
    for quiz in part.quizzes.get(lesson.id, []):
        for q in quiz.questions:
            add("items", f"question {q.id} stem", q.stem)
            add("visible", "scenario", q.scenario)
            for hint in q.hints:
                add("answers", f"question {q.id} hint", hint)
            if hasattr(q, "explanation"):
                add("answers", f"question {q.id} explanation", q.explanation)
            if isinstance(q, (SingleChoice, MultipleResponse)):
                for o in q.options:
                    add("visible", "option", o.text)
                    add("answers", f"question {q.id} feedback on {o.id}", o.feedback)
            elif isinstance(q, TrueFalse):
                add("answers", f"question {q.id} feedback_true", q.feedback_true)
                add("answers", f"question {q.id} feedback_false", q.feedback_false)
            elif isinstance(q, Matching):
                for p in q.pairs:
                    add("visible", "pair", p.prompt)
                    add("visible", "match", p.match)
                    add("answers", f"question {q.id} feedback on {p.id}", p.feedback)
            elif isinstance(q, Ordering):
                for s in q.items:
                    add("visible", "step", s.text)
                    add("answers", f"question {q.id} feedback on {s.id}", s.feedback)
            elif isinstance(q, Reflection):
                add("answers", f"question {q.id} model answer", q.model_answer)
                for c in q.checklist:
                    add("answers", f"question {q.id} checklist", c)
            elif isinstance(q, Likert):
                for s in q.statements:
                    add("visible", "statement", s.text)
                for b in q.bands:
                    add("answers", f"question {q.id} band {b.min}-{b.max}", b.message)
            else:  # every type in generator/model/qtypes.py needs a rule here, or its answers go unchecked
                raise AssertionError(f"the answer-leak check has no rule for question type {q.type!r}: add one")
    terms = {t.id: t for t in course.glossary.terms}
    for term in lesson.glossary:
        if term in terms:
            add("visible", "glossary", terms[term].definition)
    out["visible"] += out["items"]
    return out


def checkable(answers: list[tuple[str, str]], visible: str) -> list[tuple[str, str]]:
    """The answers whose text is long enough, and not also learner-visible text, to be checked for absence."""
    return [(what, text) for what, text in answers if len(norm(text)) >= MIN_CHARS and norm(text) not in visible]


def lessons_of(course):
    return [(part, lesson) for part in course.parts for lesson in part.lessons]


# ---------------------------------------------------------------------------------------------------------------------
# Content of the editions
# ---------------------------------------------------------------------------------------------------------------------


def check_editions(site_dir: Path, course) -> list[str]:
    """Every problem with the content of every lesson's handouts, as readable lines. Reading PDFs is slow, so the
    lessons are shared out among the machine's cores."""
    context = multiprocessing.get_context("spawn")  # not fork: the test process runs threads (server, browser)
    with ProcessPoolExecutor(max_workers=os.cpu_count(), mp_context=context) as pool:
        return [problem for problems in pool.map(partial(lesson_problems, site_dir, course), lessons_of(course))
                for problem in problems]


def lesson_problems(site_dir: Path, course, part_and_lesson) -> list[str]:
    """What is wrong with one lesson's handouts."""
    part, lesson = part_and_lesson
    problems = []
    print_dir = site_dir / "print"
    texts = lesson_texts(course, part, lesson)
    worksheet = pdf_text(print_dir / f"{lesson.id}-worksheet.pdf")
    facilitator = pdf_text(print_dir / f"{lesson.id}-facilitator.pdf")
    visible = norm(" ".join(text for _, text in texts["visible"]))
    for what, text in texts["items"]:
        for name, body in (("worksheet", worksheet), ("facilitator edition", facilitator)):
            if norm(text) not in body:
                problems.append(f"{lesson.id}: the {name} lacks {what}: {text[:80]!r}")
    for what, text in texts["answers"]:
        if norm(text) not in facilitator:
            problems.append(f"{lesson.id}: the facilitator edition lacks {what}: {text[:80]!r}")
    for file in [f"{lesson.id}-worksheet.pdf", f"{lesson.id}-reading.pdf"]:
        body = pdf_text(print_dir / file)
        for what, text in checkable(texts["answers"], visible):
            if norm(text) in body:
                problems.append(f"{lesson.id}: {file} holds {what}: {text[:80]!r}")
    if lesson.roleplays:
        problems += check_cards(print_dir / f"{lesson.id}-roleplay-cards.pdf", course, lesson, visible)
    return problems


def check_cards(path: Path, course, lesson, visible: str) -> list[str]:
    """Each card holds its own role's brief and no other brief; the observer sheet holds the whole checklist."""
    md = renderer(course)
    text = "\n".join(pdf_pages(path))
    pieces = re.split(r"(Your role: |Observer sheet: )", text)
    segments = [(pieces[i], pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)]
    cards = [body for kind, body in segments if kind == "Your role: "]
    sheets = [body for kind, body in segments if kind == "Observer sheet: "]
    roles = [(r, role) for r in lesson.roleplays for role in r.roles]
    # Cards come role-play by role-play; each role-play's observer sheet follows its cards.
    if len(cards) != len(roles) or len(sheets) != len(lesson.roleplays):
        return [f"{path.name}: {len(cards)} cards and {len(sheets)} observer sheets for {len(roles)} roles in "
                f"{len(lesson.roleplays)} role-plays"]
    problems = []
    briefs = [(r, role, plain(md, role.brief)) for r, role in roles]
    for (r, role), card in zip(roles, cards):
        body = norm(card)
        if not body.startswith(norm(role.name)):
            problems.append(f"{path.name}: the card of {role.name} ({r.id}) is out of order")
        if norm(plain(md, role.brief)) not in body:
            problems.append(f"{path.name}: the card of {role.name} ({r.id}) lacks its brief")
        own = norm(plain(md, role.brief)) + norm(plain(md, r.setup))
        for other_r, other, brief in briefs:
            if other is role or len(norm(brief)) < MIN_CHARS or norm(brief) in own:
                continue
            if norm(brief) in body:
                problems.append(f"{path.name}: the card of {role.name} ({r.id}) holds the brief of {other.name}")
    for r, sheet in zip(lesson.roleplays, sheets):
        for item in r.observer:
            if norm(plain(md, item)) not in norm(sheet):
                problems.append(f"{path.name}: the observer sheet of {r.id} lacks {item[:60]!r}")
        for _, other, brief in briefs:
            if len(norm(brief)) >= MIN_CHARS and norm(brief) not in visible and norm(brief) in norm(sheet):
                problems.append(f"{path.name}: the observer sheet of {r.id} holds the brief of {other.name}")
    return problems


def test_mini_editions_hold_every_item_and_answers_only_for_the_facilitator(mini):
    course, _ = validate_course(mini)
    assert not check_editions(mini / "site", course), "\n".join(check_editions(mini / "site", course))
    # The mini course's own secrets, by name: a hint and a model answer of the quiz, a challenge solution.
    worksheet = pdf_text(mini / "site" / "print" / "first-lesson-worksheet.pdf")
    facilitator = pdf_text(mini / "site" / "print" / "first-lesson-facilitator.pdf")
    for secret in ("SECRET-SOLUTION", "SECRET-HINT", "SECRET-MODEL-ANSWER", "SECRET-CHECKLIST"):
        assert norm(secret) not in worksheet and norm(secret) in facilitator, secret


@pytest.mark.shipped_course
def test_shipped_editions_hold_every_item_and_answers_only_for_the_facilitator(shipped):
    site_dir, course = shipped
    assert any(lesson.roleplays for _, lesson in course.lessons), "the shipped course has no role-play"
    problems = check_editions(site_dir, course)
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:60])


def test_learner_documents_are_given_no_answer(mini):
    """Absent, not hidden: no learner document's Typst holds a key (hints, solutions, feedback, briefs)."""
    from generator.render.print import render_print

    course, _ = validate_course(mini)
    docs = render_print(course, mini / "theme")
    assert any("#key(" in doc.body for doc in docs if doc.kind == "facilitator")  # the answer key is there
    for doc in docs:
        if doc.learner:
            assert "#key(" not in doc.body, doc.name


def check_answers(question) -> list[str]:
    """What a module-check question's key says: explanation, and the feedback of its options or of true and false."""
    texts = [question.explanation or ""]
    texts += [o.feedback or "" for o in getattr(question, "options", [])]
    texts += [getattr(question, "feedback_true", None) or "", getattr(question, "feedback_false", None) or ""]
    return [norm(t) for t in texts if len(norm(t)) >= MIN_CHARS]


def test_module_check_versions_a_and_b_are_two_draws_with_no_answer_and_the_key_has_both(mini):
    from generator.i18n import catalog
    from generator.model.pool import pool, printed_versions

    course, _ = validate_course(mini)
    part = course.parts[0]
    check = part.module.check
    questions = pool(part)
    assert len(questions) == 4
    print_dir = mini / "site" / "print"
    key = pdf_text(print_dir / "basics-check-key.pdf")
    versions = {}
    for seed in ("A", "B"):
        text = pdf_text(print_dir / f"basics-check-{seed.lower()}.pdf")
        held = [q.id for q in questions if norm(q.stem) in text]
        assert held == [q.id for q in printed_versions(part)[seed]], seed
        assert len(held) == check.draw == 2
        versions[seed] = held
        leaks = [a for q in questions for a in check_answers(q) if a in text]
        assert not leaks, f"version {seed} holds answers: {leaks}"
        assert norm(catalog("en")("print.correct")) not in text
        assert norm("75%") in text  # the pass mark
        for question_id in held:  # the key has this version's answers
            question = next(q for q in questions if q.id == question_id)
            assert check_answers(question) and all(a in key for a in check_answers(question)), question_id
    assert not set(versions["A"]) & set(versions["B"]), "neighbours get different questions (the pool allows it)"
    assert norm("Version A") in key and norm("Version B") in key and norm("Pass mark: 75%") in key
    assert "==" not in "".join(pdf_pages(print_dir / "basics-check-key.pdf"))  # each version's heading is one
    assert pypdf.PdfReader(print_dir / "basics-check-a.pdf").metadata.title == "Basics: module check, version A"


def test_the_print_page_lists_the_module_check_under_its_module(mini):
    page = (mini / "site" / "print-and-workshops.html").read_text(encoding="utf-8")
    module = page.index('<h3 id="1-basics">')
    check = [page.index(f'href="print/basics-check-{suffix}.pdf"') for suffix in ("a", "b", "key")]
    assert all(at > module for at in check)
    key_item = page[check[2]:page.index("</li>", check[2])]
    assert "for the facilitator only" in key_item
    assert all("for the facilitator only" not in page[at:page.index("</li>", at)] for at in check[:2])


# ---------------------------------------------------------------------------------------------------------------------
# Layout
# ---------------------------------------------------------------------------------------------------------------------


def page_size(path: Path) -> tuple[float, float]:
    box = pypdf.PdfReader(path).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def test_page_sizes_follow_course_yml_and_the_paper_option(mini, tmp_path):
    for pdf in (mini / "site" / "print").glob("*.pdf"):
        assert page_size(pdf) == pytest.approx(A4, abs=0.5), pdf.name
    run(mini, "print", "--paper", "letter", "--site-dir", str(tmp_path / "letter"))
    pdfs = list((tmp_path / "letter" / "print").glob("*.pdf"))
    assert len(pdfs) == 10
    for pdf in pdfs:
        assert all((round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) == LETTER
                   for p in pypdf.PdfReader(pdf).pages), pdf.name
    # course.yml's paper is the default.
    other = copy_course(tmp_path / "letter-course")
    course_yml = other / "content" / "course.yml"
    course_yml.write_text(course_yml.read_text(encoding="utf-8") + "paper: letter\n", encoding="utf-8")
    run(other, "print")
    assert page_size(other / "site" / "print" / "first-lesson-worksheet.pdf") == LETTER


def test_pdfs_are_tagged_with_language_and_title(mini):
    print_dir = mini / "site" / "print"
    for pdf in sorted(print_dir.glob("*.pdf")):
        reader = pypdf.PdfReader(pdf)
        catalog = reader.trailer["/Root"]
        assert catalog["/MarkInfo"]["/Marked"] is True or catalog["/MarkInfo"]["/Marked"] == True, pdf.name  # noqa: E712
        assert "/StructTreeRoot" in catalog, pdf.name
        assert catalog["/Lang"] == "en", pdf.name
        assert reader.metadata.title, pdf.name
        assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data(), pdf.name
        assert reader.metadata.creation_date.timestamp() == 1700000000, pdf.name  # from SOURCE_DATE_EPOCH
    assert pypdf.PdfReader(print_dir / "first-lesson-worksheet.pdf").metadata.title == "The first lesson: worksheet"


def test_fonts_are_embedded_from_the_bundled_files(mini):
    reader = pypdf.PdfReader(mini / "site" / "print" / "second-lesson-reading.pdf")
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu" in f for f in fonts), fonts  # only the bundled files: system fonts are ignored
    assert (ROOT / "theme" / "print" / "fonts" / "LICENSE-DejaVu.txt").is_file()


def test_the_figure_is_in_the_reading_copy(mini):
    print_dir = mini / "site" / "print"
    assert "listeningloop" in pdf_text(print_dir / "second-lesson-reading.pdf")  # the figure's own text
    alts = [str(e.get("/Alt")) for e in struct_elements(print_dir / "second-lesson-reading.pdf") if e.get("/S") == "/Figure"]
    assert alts == ["A loop of listening and responding."]


# ---------------------------------------------------------------------------------------------------------------------
# Incremental, reproducible
# ---------------------------------------------------------------------------------------------------------------------


def test_rebuilds_are_byte_identical(mini, tmp_path):
    first = digest(mini / "site" / "print")
    run(mini, "print", "--site-dir", str(tmp_path / "again"))
    assert digest(tmp_path / "again" / "print") == first


def test_missing_fonts_fail_the_build_and_leave_the_site(tmp_path):
    root = copy_course(tmp_path / "course")
    run(root, "print")
    before = digest(root / "site")
    shutil.rmtree(root / "theme" / "print" / "fonts")
    for command in (["print"], ["build"]):
        proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *command], capture_output=True,
                              text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
        assert proc.returncode == 1 and "has no font" in proc.stderr, proc.stderr[-2000:]
        assert "previous site is unchanged" in proc.stderr
    assert digest(root / "site") == before


def test_print_refuses_a_folder_that_is_not_a_site(mini, tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "generator", "--root", str(mini), "print", "--site-dir", str(tmp_path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "not a built site" in proc.stderr
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"


# ---------------------------------------------------------------------------------------------------------------------
# Links: lesson pages, home page, Print and workshops
# ---------------------------------------------------------------------------------------------------------------------


def links(page: Path) -> list[str]:
    return re.findall(r'href="([^"#]+)', page.read_text(encoding="utf-8"))


def test_each_lesson_page_links_its_handouts(mini):
    site = mini / "site"
    page = (site / "basics" / "second-lesson.html").read_text(encoding="utf-8")
    targets = {l for l in links(site / "basics" / "second-lesson.html") if "print/" in l}
    assert targets == {f"../print/second-lesson-{kind}.pdf" for kind in ("worksheet", "facilitator", "reading",
                                                                         "roleplay-cards")}
    for target in targets:
        pdf = (site / "basics" / target).resolve()
        pages, size = len(pypdf.PdfReader(pdf).pages), -(-pdf.stat().st_size // 1024)
        unit = "page" if pages == 1 else "pages"
        assert f'<a href="{target}">' in page and f"(PDF, {pages} {unit}, {size} KB)" in page, target
    assert not any("roleplay-cards" in l for l in links(site / "basics" / "first-lesson.html"))


def test_every_pdf_is_two_clicks_from_home(shipped):
    site_dir, course = shipped
    assert "print-and-workshops.html" in links(site_dir / "index.html")
    listed = {l for l in links(site_dir / "print-and-workshops.html") if l.startswith("print/")}
    pdfs = {f"print/{p.name}" for p in (site_dir / "print").glob("*.pdf")}
    assert pdfs and pdfs <= listed
    assert not list((site_dir / "print").glob("*.html"))  # the PDF is the handout
    for _, lesson in course.lessons:
        assert f"print/{lesson.id}-worksheet.pdf" in pdfs
    if course.workshops:
        assert any(p.endswith("-facilitator-pack.pdf") for p in pdfs)


# ---------------------------------------------------------------------------------------------------------------------
# Screenshots for a person
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.shipped_course
def test_screenshots_of_handouts(shipped):
    """test-artifacts/screenshots/print-{worksheet,facilitator,roleplay-cards}.png from the shipped course's PDFs."""
    site_dir, course = shipped
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "pdftoppm missing: run scripts/setup-test-tools (Debian's poppler-utils)"
    lesson = next(l for _, l in course.lessons if l.roleplays)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    workshop = course.workshops[0].id
    for kind, page in (("worksheet", 1), ("facilitator", 3), ("roleplay-cards", 1), ("runsheet", 1)):
        pdf = site_dir / "print" / f"{workshop if kind == 'runsheet' else lesson.id}-{kind}.pdf"
        page = min(page, len(pypdf.PdfReader(pdf).pages))
        out = SCREENSHOTS / f"print-{kind}"
        subprocess.run([pdftoppm, "-png", "-r", "80", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                        str(out)], check=True, timeout=60)
        assert out.with_suffix(".png").stat().st_size > 10_000, f"{out}.png looks empty"


# ---------------------------------------------------------------------------------------------------------------------
# The PDFs' structure, read back (what the quality gate asks of every handout)
# ---------------------------------------------------------------------------------------------------------------------


def struct_elements(path: Path) -> list:
    """Every element of the PDF's structure tree, depth first."""
    root = pypdf.PdfReader(path).trailer["/Root"]["/StructTreeRoot"]
    out, todo = [], [root]
    while todo:
        node = todo.pop().get_object()
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids if isinstance(kids, list) else [kids]
        for kid in kids:
            kid = kid.get_object()
            if isinstance(kid, dict) and "/S" in kid:
                out.append(kid)
                todo.append(kid)
    return out


def structure_problems(path: Path, language: str = "en") -> list[str]:
    """What a screen reader would miss: no structure tree, language or title; a table header cell with no scope; a
    figure with no alternative text."""
    reader = pypdf.PdfReader(path)
    catalog = reader.trailer["/Root"]
    problems = []
    if "/StructTreeRoot" not in catalog or catalog["/MarkInfo"]["/Marked"] != True:  # noqa: E712 (a PDF boolean)
        problems.append("not tagged")
    if catalog.get("/Lang") != language:
        problems.append(f"language {catalog.get('/Lang')!r}")
    if not reader.metadata.title or catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle") != True:  # noqa: E712
        problems.append("no title shown")
    for element in struct_elements(path):
        kind = element.get("/S")
        attributes = element.get("/A")
        attributes = attributes if isinstance(attributes, list) else [attributes] if attributes else []
        if kind == "/TH" and not any("/Scope" in a.get_object() for a in attributes):
            problems.append("a table header cell without scope")
        if kind == "/Figure" and not element.get("/Alt"):
            problems.append("a figure without alternative text")
    return [f"{path.name}: {p}" for p in problems]


def pdfua_findings(paths: list[Path]) -> list[str]:
    """The errors the `pdfua` checker (PyPI; the machine-checkable subset of PDF/UA-1) finds in the files."""
    proc = subprocess.run([sys.executable, "-m", "pdfua", "check", "--format", "json", "--min-severity", "error",
                           *map(str, paths)], capture_output=True, text=True, timeout=600)
    decoder, text, at, reports = __import__("json").JSONDecoder(), proc.stdout, 0, []
    while text[at:].strip():
        report, at = decoder.raw_decode(text, len(text) - len(text[at:].lstrip()))
        reports.append(report)
    assert len(reports) == len(paths), proc.stderr[-2000:]
    return [f"{Path(r['file']).name}: {f.get('rule_id')} {f.get('message')}" for r in reports for f in r["findings"]]


def test_every_pdf_is_tagged_with_table_header_scope_and_figure_alt(shipped):
    site_dir, course = shipped
    pdfs = sorted((site_dir / "print").glob("*.pdf"))
    problems = [p for pdf in pdfs for p in structure_problems(pdf, course.info.language)] + pdfua_findings(pdfs)
    assert not problems, "\n".join(problems[:40])
    # The tables are there to be checked: the facilitator editions hold some.
    kinds = {str(e.get("/S")) for pdf in pdfs if pdf.stem.endswith("-facilitator") for e in struct_elements(pdf)}
    assert {"/Table", "/TH", "/TD"} <= kinds


# ---------------------------------------------------------------------------------------------------------------------
# Workshops: role-plays stay secret
# ---------------------------------------------------------------------------------------------------------------------


def test_no_role_brief_reaches_a_learner_and_the_group_set_has_them_all(shipped):
    site_dir, course = shipped
    md = renderer(course)
    lessons = {lesson.id: lesson for _, lesson in course.lessons}
    for workshop in course.workshops:
        chosen = [lessons[i] for i in dict.fromkeys(workshop.lessons)]
        briefs = [(r, role, norm(plain(md, role.brief))) for lesson in chosen for r in lesson.roleplays
                  if r.id not in workshop.skip for role in r.roles]
        assert briefs, workshop.id
        learner = [f"{workshop.id}-learner-pack.pdf", f"{workshop.id}-agenda.pdf"]
        learner += [f"{lesson.id}-worksheet.pdf" for lesson in chosen] + [f"{lesson.id}-reading.pdf" for lesson in chosen]
        for file in learner:
            text = pdf_text(site_dir / "print" / file)
            assert "onlyyouknowthis" not in text, file
            leaked = [f"{r.id}/{role.name}" for r, role, brief in briefs if brief in text]
            assert not leaked, f"{file} holds the briefs of {leaked}"
        for file in (f"{workshop.id}-group-set.pdf", f"{workshop.id}-facilitator-pack.pdf"):
            text = pdf_text(site_dir / "print" / file)
            missing = [f"{r.id}/{role.name}" for r, role, brief in briefs if brief not in text]
            assert not missing, f"{file} lacks the briefs of {missing}"


def test_packs_number_their_own_pages_and_open_with_contents(shipped):
    site_dir, course = shipped
    for workshop in course.workshops:
        with pdfplumber.open(site_dir / "print" / f"{workshop.id}-learner-pack.pdf") as pdf:
            total = len(pdf.pages)
            first = pdf.pages[0].extract_text()
            footers = [page.extract_text().splitlines()[-1] for page in pdf.pages]
        assert "Contents" in first, workshop.id
        assert footers == [f"Page {n} of {total}" for n in range(1, total + 1)], workshop.id


# ---------------------------------------------------------------------------------------------------------------------
# From content to Typst
# ---------------------------------------------------------------------------------------------------------------------

GOLDEN_TYPST = Path(__file__).resolve().parents[1] / "golden" / "typst"


@pytest.mark.parametrize("case", sorted(p.stem for p in GOLDEN_TYPST.glob("*.md")))
def test_content_to_typst_matches_its_golden_file(case, tmp_path, update_goldens):
    """Every construct the content may hold (tests/golden/typst/*.md), converted from the sanitised HTML of the
    fragment renderer. `--update-goldens` rewrites the .typ files; each must also compile."""
    from generator.render.markdown import MarkdownRenderer
    from generator.render.typst_markup import from_html

    md = MarkdownRenderer(link=lambda target: f"#{target}", cite=lambda key: f"Author, 20{len(key):02d}")
    source = (GOLDEN_TYPST / f"{case}.md").read_text(encoding="utf-8")
    typst_text = from_html(md.block(source), lambda src: "/figures/loop.svg" if src.startswith("#image:") else None) + "\n"
    golden = GOLDEN_TYPST / f"{case}.typ"
    if update_goldens:
        golden.write_text(typst_text, encoding="utf-8")
    assert typst_text == golden.read_text(encoding="utf-8")
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "loop.svg").write_text(SVG, encoding="utf-8")
    compile_typst(typst_text, root=tmp_path)


def compile_typst(markup: str, root: Path = ROOT / "theme") -> bytes:
    """The PDF of `markup`, its images looked for under `root` (never content/: a fork's course is another)."""
    import typst

    from generator.pdf import render_pdf

    fonts = ROOT / "theme" / "print" / "fonts"
    source = f'#set document(title: "t")\n#set text(lang: "en", font: "DejaVu Sans")\n= Test\n{markup}'
    assert typst
    return render_pdf(source, root=root, fonts=fonts)


def test_every_special_character_is_shown_as_itself():
    """No text can become Typst code, markup, maths, a label, a reference or a comment."""
    from generator.render.typst_markup import escape, string

    text = "# $x$ *b* _i_ <l> @r [c] \\ ~ `r` = - + / // /* */ 'q' \"q\" 1. -- --- ... #let x = 1; #read(\"/etc/passwd\")"
    pdf = compile_typst(f"{escape('1. ' + text)}\n\n#raw({string(text)});")
    lines = [line for line in pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().splitlines() if line.strip()]
    flat = " ".join(lines[1:])
    assert flat.count("#read(\"/etc/passwd\")") == 2 and flat.count("$x$ *b* _i_ <l> @r [c]") == 2, flat


def test_every_question_type_has_a_print_template_and_a_worksheet_never_sees_an_answer():
    """The registry names each type's worksheet and key templates; a worksheet template reads no answer field."""
    from generator.model.qtypes import QUESTION_TYPES
    from generator.render.templates import PACKAGE_TEMPLATES

    answers = ("answers", "correct", "feedback", "model_answer", "checklist", "explanation", "hints", "bands", "reverse",
               "].match", "p.match", "q.answer")
    for row in QUESTION_TYPES:
        worksheet, key = (PACKAGE_TEMPLATES / row.worksheet), (PACKAGE_TEMPLATES / row.key)
        assert worksheet.is_file() and key.is_file() and worksheet != key, row.name
        code = " ".join(re.findall(r"{[{%](.*?)[%}]}", worksheet.read_text(encoding="utf-8")))
        assert not [word for word in answers if word in code], f"{row.worksheet} reads an answer"


def test_an_instructor_overrides_a_print_template_and_the_look_from_the_theme(tmp_path):
    """theme/course/print/<name>.typ wins over the package's: a worksheet template and the handout library."""
    from generator.render.templates import PACKAGE_TEMPLATES

    root = copy_course(tmp_path / "course")
    own = root / "theme" / "course" / "print"
    own.mkdir(parents=True)
    worksheet = (PACKAGE_TEMPLATES / "print" / "worksheet.typ").read_text(encoding="utf-8")
    (own / "worksheet.typ").write_text(worksheet + "\nOur own closing line.\n", encoding="utf-8")
    library = (PACKAGE_TEMPLATES / "print" / "handout.typ").read_text(encoding="utf-8")
    (own / "handout.typ").write_text(library.replace('font: "DejaVu Sans"', 'font: "DejaVu Serif"'), encoding="utf-8")
    run(root, "print")
    pdf = root / "site" / "print" / "first-lesson-worksheet.pdf"
    assert "ourownclosingline" in pdf_text(pdf)
    fonts = {str(f.get_object()["/BaseFont"]) for page in pypdf.PdfReader(pdf).pages
             for f in (page["/Resources"].get("/Font") or {}).values()}
    assert fonts and all("Serif" in f for f in fonts), fonts


def test_an_item_taller_than_a_page_breaks_instead_of_losing_its_foot(tmp_path):
    """Items are kept on one page, but one taller than a page would run off it: it breaks, and every line is there."""
    root = copy_course(tmp_path / "course")
    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    steps = "".join(f"      {i}. Step number {i} of a very long task.\n" for i in range(1, 90))
    text = lesson.read_text(encoding="utf-8")
    assert "    prompt: Which signals in this exchange show listening?\n" in text
    lesson.write_text(text.replace("    prompt: Which signals in this exchange show listening?\n",
                                   "    prompt: |\n      Which signals in this exchange show listening?\n\n" + steps),
                      encoding="utf-8")
    run(root, "print")
    text = pdf_text(root / "site" / "print" / "first-lesson-worksheet.pdf")
    assert all(norm(f"Step number {i} of a very long task") in text for i in range(1, 90))
