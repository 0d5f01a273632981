"""The SCORM package in a real SCORM 1.2 run-time: scorm-again's LMS-side API in a parent page, the package in its
frame, Debian's Chromium in between. A learner answers the quiz; the LMS must receive the score, the lesson status
and the saved answers, and a reload (or a new session started from what the LMS stored) must resume them.

Outside an LMS, the same package page works exactly as the public site does and never looks for the LMS's data.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, RequestGuard, serve

from generator.build import build_site
from generator.export import export_course
from generator.export.scorm import DATA_FILE
from generator.model.questions import is_scored, letter, match_choices
from generator.validate import validate_course
from test_export import SCORM_CP, course_with_every_type, package_data

pytestmark = pytest.mark.browser

HERE = Path(__file__).parent
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm12.js"
LESSON = "basics/first-lesson.html"
WRONG = "silence-is-rude"
"""The one question the learner gets wrong (answering 'True'); every other question is answered right."""


class Lms:
    def __init__(self, url: str, launch: str, course, lesson: str | None = None):
        self.url, self.launch, self.course = url, launch, course
        self.questions = [q for part in course.parts for quiz in part.quizzes.get(lesson, []) for q in quiz.questions]
        self.max = sum(q.points for q in self.questions if is_scored(q))


@pytest.fixture(scope="module")
def lms(tmp_path_factory) -> Lms:
    """The mini course (with a quiz of every type) exported as SCORM, unpacked beside the stand-in LMS, served."""
    if not SCORM_AGAIN.exists():
        pytest.fail(f"{SCORM_AGAIN} not found: run scripts/setup-test-tools (npm ci)", pytrace=False)
    tmp = tmp_path_factory.mktemp("scorm")
    root = course_with_every_type(tmp / "course")
    course, issues = validate_course(root)
    assert course is not None, issues
    build_site(course, root, tmp / "site")
    files, _ = export_course(course, "scorm", site_dir=tmp / "site")
    served = tmp / "lms"
    served.mkdir()
    archive = zipfile.ZipFile(io.BytesIO(files["mini.scorm.zip"]))
    archive.extractall(served / "package")
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    launch = next(manifest.iter(f"{SCORM_CP}resource")).get("href")
    for name in ("player.html", "player.js"):
        shutil.copy(HERE / "scorm_lms" / name, served / name)
    shutil.copy(SCORM_AGAIN, served / "scorm12.js")
    httpd, url = serve(served)
    try:
        lms = Lms(url, launch, course, "first-lesson")
        lms.package = served / "package"
        yield lms
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def contexts(browser):
    """Fresh browser contexts (each its own localStorage, like another device), checked for page errors and for
    requests that leave 127.0.0.1."""
    made = []

    def make(state: dict | None = None):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        guard = RequestGuard()
        guard.attach(context)
        if state is not None:
            context.add_init_script(f"window.LMS_STATE = {json.dumps(state)};")
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.guard = guard
        made.append((context, guard, page))
        return page

    yield make
    problems = [(p.errors, g.off_host) for _, g, p in made if p.errors or g.off_host]
    for context, _, _ in made:
        context.close()
    assert not problems, problems


def launch(page, lms: Lms):
    """Open the LMS player; it launches the manifest's page in its frame. Returns the frame, once the SCO started."""
    page.goto(f"{lms.url}/player.html?launch={lms.launch}")
    page.wait_for_function("() => window.API && window.API.isInitialized()")
    return page.frame_locator("#sco")


def go(page, lms: Lms, path: str):
    """Follow a link inside the frame to `path` (a full page load in the frame, as in an LMS)."""
    frame = next(f for f in page.frames if "/package/" in f.url)
    frame.goto(f"{lms.url}/package/{path}")
    frame.wait_for_load_state("load")
    return page.frame_locator("#sco")


def cmi(page, element: str) -> str:
    return page.evaluate("e => window.API.LMSGetValue(e)", element)


def answer(frame, q, right: bool = True) -> None:
    root = frame.locator(f"#qz-{q.id}")
    if q.type in ("single_choice", "multiple_response"):
        for o in q.options:
            if o.correct == right:
                root.locator(f".qz-opts input[value='{o.id}']").check()
    elif q.type == "true_false":
        root.locator(f".qz-opts input[value='{str(q.answer == right).lower()}']").check()
    elif q.type == "matching":
        choices = match_choices(q)
        for p in q.pairs:
            root.locator(f"#qz-{q.id}--{p.id}").select_option(label=f"{letter(choices.index(p.match))}. {p.match}")
    elif q.type == "ordering":
        order = lambda: root.locator("li.qz-o").evaluate_all("els => els.map(e => e.dataset.id)")  # noqa: E731
        for i, item in enumerate(i.id for i in q.items):
            while order().index(item) > i:
                root.locator(f"li[data-id='{item}']").get_by_role("button", name=re.compile("^Move up")).click()
    elif q.type == "reflection":
        root.locator("textarea").fill("They looked at me and waited.")
    elif q.type == "likert":
        for s in q.statements:
            root.locator(f"input[name='qz-{q.id}--{s.id}']").nth(3).check()
    root.locator(".qz-check").click()
    root.locator(".qz-status").filter(has_text=re.compile(".")).wait_for()


def test_the_lms_gets_score_status_and_saved_answers_and_a_reload_resumes(lms, contexts):
    page = contexts()
    frame = launch(page, lms)
    assert cmi(page, "cmi.core.lesson_status") == "incomplete"
    # cmi.core.exit is write-only for the SCO; the LMS side reads it from the data it would store.
    assert page.evaluate("JSON.parse(JSON.stringify(window.API.cmi)).core.exit") == "suspend"

    frame = go(page, lms, LESSON)
    by_id = {q.id: q for q in lms.questions}
    answer(frame, by_id["gift-hazard"])
    page.wait_for_function("() => window.API.LMSGetValue('cmi.core.score.raw') !== ''")
    first = by_id["gift-hazard"].points
    assert float(cmi(page, "cmi.core.score.raw")) == pytest.approx(round(100 * first / lms.max, 2))
    assert (cmi(page, "cmi.core.score.min"), cmi(page, "cmi.core.score.max")) == ("0", "100")
    assert cmi(page, "cmi.core.lesson_status") == "incomplete"
    assert cmi(page, "cmi.objectives.0.id") == "first-lesson"
    assert cmi(page, "cmi.objectives.0.status") == "incomplete"

    # A reload of the frame with this browser's storage wiped: only the LMS's suspend_data can bring the answer back.
    sco = next(f for f in page.frames if "/package/" in f.url)
    sco.evaluate("() => localStorage.clear()")
    sco.goto(sco.url)
    sco.wait_for_load_state("load")
    frame = page.frame_locator("#sco")
    expect_checked(frame, "gift-hazard", "b")
    assert "✓" in frame.locator("#qz-gift-hazard .qz-ans").evaluate("d => d.open ? '✓' : ''")

    for q in lms.questions:
        if q.id != "gift-hazard":
            answer(frame, q, right=q.id != WRONG)
    got = sum(q.points for q in lms.questions if is_scored(q) and q.id != WRONG)
    page.wait_for_function("() => window.API.LMSGetValue('cmi.core.lesson_status') === 'completed'")
    expected = round(100 * got / lms.max, 2)
    assert float(cmi(page, "cmi.core.score.raw")) == pytest.approx(expected)
    assert cmi(page, "cmi.objectives.0.status") == "completed"
    assert float(cmi(page, "cmi.objectives.0.score.raw")) == pytest.approx(expected)
    suspend = cmi(page, "cmi.suspend_data")
    assert len(suspend) <= 4096
    data = json.loads(suspend)
    codes = package_data((lms.package / DATA_FILE).read_bytes())
    assert data["c"] == "mini@0.1" and data["l"] == codes["lessonCodes"]["first-lesson"]
    assert {r.split(",")[0] for r in data["a"].split(";")} == {codes["questionCodes"][i] for i in by_id}
    assert page.evaluate("window.lmsCommits.length") >= len(lms.questions)

    # A new session on another device: the LMS starts the run-time from what it stored; nothing is in localStorage.
    stored = {"cmi.suspend_data": suspend, "cmi.core.lesson_status": "completed", "cmi.core.entry": "resume",
              "cmi.core.score.raw": cmi(page, "cmi.core.score.raw")}
    again = contexts(stored)
    frame = launch(again, lms)
    frame = go(again, lms, LESSON)
    expect_checked(frame, "gift-hazard", "b")
    expect_checked(frame, WRONG, str(not by_id[WRONG].answer).lower())
    ordered = frame.locator("#qz-order-steps li.qz-o").evaluate_all("els => els.map(e => e.dataset.id)")
    assert ordered == [i.id for i in by_id["order-steps"].items]
    assert frame.locator("#qz-think-back textarea").input_value() == "They looked at me and waited."
    matching = by_id["match-cues"]
    for p in matching.pairs:
        assert frame.locator(f"#qz-match-cues--{p.id}").input_value() == letter(match_choices(matching).index(p.match))
    likert = frame.locator("#qz-how-i-listen input:checked").evaluate_all("els => els.map(e => e.name)")
    assert sorted(likert) == sorted(f"qz-how-i-listen--{st.id}" for st in by_id["how-i-listen"].statements)
    every = next(quiz for quiz in lms.course.parts[0].quizzes["first-lesson"] if quiz.id == "every-type")
    scored = [q for q in every.questions if is_scored(q)]
    quiz_got = sum(q.points for q in scored if q.id != WRONG)
    assert frame.locator("#qz-every-type .qz-sum").text_content() == (
        f"Your score: {quiz_got:g} of {sum(q.points for q in scored):g} points. "
        f"{len(every.questions)} of {len(every.questions)} questions answered.")
    assert cmi(again, "cmi.core.lesson_status") == "completed"
    assert float(cmi(again, "cmi.core.score.raw")) == pytest.approx(expected)


def stored_answer(q) -> dict:
    """A record as the widget stores it for a right answer to `q`, with an answer as long as the type allows."""
    if q.type in ("single_choice", "multiple_response"):
        v = [o.correct for o in q.options]
    elif q.type == "true_false":
        v = [q.answer, not q.answer]
    elif q.type == "matching":
        v = ["A"] * len(q.pairs)
    elif q.type == "ordering":
        v = [i.id for i in q.items]
    elif q.type == "likert":
        v = [i == 3 for _ in q.statements for i in range(len(q.scale))]
    else:
        v = ["A long answer that goes on. " * 20, *[True] * len(q.checklist)]
    return {"s": 1 if is_scored(q) else None, "p": getattr(q, "points", 0), "n": 1, "v": v}


def expect_checked(frame, question_id: str, value: str) -> None:
    box = frame.locator(f"#qz-{question_id} .qz-opts input[value='{value}']")
    box.wait_for()
    assert box.is_checked(), f"{question_id}: '{value}' was not restored"


def test_a_mastery_score_from_the_lms_passes_or_fails_a_finished_package(lms, contexts):
    page = contexts({"cmi.student_data.mastery_score": "99"})
    launch(page, lms)
    frame = go(page, lms, LESSON)
    for q in lms.questions:
        answer(frame, q, right=q.id != WRONG)
    page.wait_for_function("() => ['passed', 'failed'].includes(window.API.LMSGetValue('cmi.core.lesson_status'))")
    assert cmi(page, "cmi.core.lesson_status") == "failed"


def test_outside_an_lms_the_package_works_as_the_site(lms, contexts):
    page = contexts()
    page.goto(f"{lms.url}/package/{LESSON}")
    assert page.evaluate("() => typeof window.COURSEGEN_SCORM") == "object"  # the adapter ran, and found no LMS
    assert page.evaluate("() => typeof window.API") == "undefined"
    q = next(q for q in lms.questions if q.id == "gift-hazard")
    answer(page, q)
    assert "✓ Correct." in page.locator("#qz-gift-hazard .qz-status").text_content()
    saved = page.evaluate("() => JSON.parse(localStorage.getItem('mini@0.1/gift-hazard'))")
    assert saved["s"] == 1 and saved["v"]
    page.reload()
    expect_checked(page, "gift-hazard", "b")


def test_the_shipped_course_reports_a_score_to_the_run_time(site, browser, tmp_path, contexts):
    """The real course, packaged from the session's built site: one right answer reaches the LMS as its share."""
    course, issues = validate_course(ROOT)
    assert course is not None, issues
    files, _ = export_course(course, "scorm", site_dir=site.dir)
    served = tmp_path / "lms"
    zipfile.ZipFile(io.BytesIO(files[f"{course.info.id}.scorm.zip"])).extractall(served / "package")
    for name in ("player.html", "player.js"):
        shutil.copy(HERE / "scorm_lms" / name, served / name)
    shutil.copy(SCORM_AGAIN, served / "scorm12.js")
    httpd, url = serve(served)
    try:
        lms = Lms(url, "index.html", course)
        data = package_data((served / "package" / DATA_FILE).read_bytes())
        total = sum(p for lesson in data["lessons"] for p in lesson["questions"].values())
        part, lesson, q = next((part, lesson, q) for part, lesson in course.lessons
                               for quiz in part.quizzes.get(lesson.id, []) for q in quiz.questions
                               if q.type == "single_choice")
        page = contexts()
        launch(page, lms)
        lesson_url = next(l["url"] for l in data["lessons"] if l["id"] == lesson.id)
        frame = go(page, lms, lesson_url)
        answer(frame, q)
        page.wait_for_function("() => window.API.LMSGetValue('cmi.core.score.raw') !== ''")
        assert float(cmi(page, "cmi.core.score.raw")) == pytest.approx(round(100 * q.points / total, 2))
        assert cmi(page, "cmi.core.lesson_status") == "incomplete"
        index = [l["id"] for l in data["lessons"]].index(lesson.id)
        assert cmi(page, f"cmi.objectives.{index}.id") == lesson.id

        # Every question of the course answered (a long reflection among them): still within SCORM 1.2's limit,
        # with every question's score kept.
        everything = {q.id: stored_answer(q) for _, quiz in ((p, z) for p in course.parts for zs in p.quizzes.values()
                                                              for z in zs) for q in quiz.questions}
        sco = next(f for f in page.frames if "/package/" in f.url)
        sco.evaluate("([prefix, records]) => Object.entries(records).forEach(([id, r]) =>"
                     " localStorage.setItem(prefix + id, JSON.stringify(r)))", [data["course"] + "/", everything])
        answer(frame, q)
        page.wait_for_function("() => window.API.LMSGetValue('cmi.core.score.raw') === '100'")
        suspend = cmi(page, "cmi.suspend_data")
        assert len(suspend) <= 4096, len(suspend)
        kept = {r.split(",")[0]: r.split(",")[4] for r in json.loads(suspend)["a"].split(";")}
        assert set(kept) == {data["questionCodes"][i] for i in everything}
        # Free text goes first when space runs out; the choices a learner made stay.
        choices = [i for i, r in everything.items() if all(isinstance(x, bool) for x in r["v"])]
        assert all(kept[data["questionCodes"][i]].startswith("b") for i in choices)
    finally:
        httpd.shutdown()
        httpd.server_close()
