"""The SCORM packages in real SCORM run-times, in Debian's Chromium: Moodle's own SCORM 1.2 API (`scorm_12.js` and
`request.js`, vendored in tests/consumers/moodle/) behind a stand-in player page and `datamodel.php`, and
scorm-again's SCORM 1.2 and 2004 APIs (the LMS side) in a parent page. The LMS opens the package's launch page,
which holds the session; the course pages load in its frame. A learner answers on a lesson page (the second page
they see); the LMS must receive the score, the status and the saved answers, record the time when the package
closes, and a new session started from what the LMS stored must resume the answers. No page may throw.

Outside an LMS, the same package page works exactly as the public site does and never looks for the LMS's data.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import http.server
import io
import json
import re
import shutil
import threading
import time
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import LOOPBACK, ROOT, RequestGuard, axe_violations, serve
from helpers.exports import broken_links, course_with_every_type, package_data

from generator.build import build_site
from generator.export import export_course
from generator.export.scorm import DATA_FILE, LAUNCH_PAGE
from generator.model.questions import is_scored, letter, match_choices
from generator.validate import validate_course

pytestmark = pytest.mark.browser

TESTS = Path(__file__).resolve().parents[1]
SCORM_AGAIN = ROOT / "node_modules" / "scorm-again" / "dist" / "scorm-again.js"
MOODLE = TESTS / "consumers" / "moodle"
LESSON = "basics/first-lesson.html"
WRONG = "silence-is-rude"
"""The one question the learner gets wrong (answering 'True'); every other question is answered right."""


class Lms:
    def __init__(self, url: str, launch: str, course, lesson: str | None = None):
        self.url, self.launch, self.course = url, launch, course
        self.questions = [q for part in course.parts for quiz in part.quizzes.get(lesson, []) for q in quiz.questions]
        self.max = sum(q.points for q in self.questions if is_scored(q))


def _unpack(files: dict[str, bytes], name: str, served: Path) -> str:
    """Unpack one package into served/package; returns the launch page its manifest names."""
    archive = zipfile.ZipFile(io.BytesIO(files[name]))
    archive.extractall(served / "package")
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    return next(e for e in manifest.iter() if e.tag.endswith("}resource")).get("href")


@pytest.fixture(scope="module")
def mini(tmp_path_factory):
    """The mini course (with a quiz of every type and a module check drawing 2 questions), validated and built once."""
    tmp = tmp_path_factory.mktemp("scorm")
    root = course_with_every_type(tmp / "course")
    with (root / "content" / "01-basics" / "module.yml").open("a") as module:
        module.write("check:\n  draw: 2\n  pass_mark: 50\n")
    course, issues = validate_course(root)
    assert course is not None, issues
    build_site(course, root, tmp / "site", pdfs=False)
    return course, tmp / "site"


def scorm_again_lms(mini, tmp: Path, fmt: str):
    course, site = mini
    files, _ = export_course(course, fmt, module="basics", site_dir=site)
    served = tmp / "lms"
    launch = _unpack(files, f"mini-basics{'.scorm.zip' if fmt == 'scorm' else '.scorm2004.zip'}", served)
    for name in ("player.html", "player.js"):
        shutil.copy(TESTS / "scorm_lms" / name, served / name)
    shutil.copy(SCORM_AGAIN, served / "scorm-again.js")
    httpd, url = serve(served)
    lms = Lms(url, launch, course, "first-lesson")
    lms.package = served / "package"
    lms.version = "2004" if fmt == "scorm2004" else "1.2"
    return httpd, lms


@pytest.fixture(scope="module", params=["scorm", "scorm2004"])
def lms(request, mini, tmp_path_factory) -> Lms:
    """The mini course's module package of each SCORM version, unpacked beside scorm-again's run-time, served."""
    if not SCORM_AGAIN.exists():
        pytest.fail(f"{SCORM_AGAIN} not found: run scripts/setup-test-tools (npm ci)", pytrace=False)
    httpd, lms = scorm_again_lms(mini, tmp_path_factory.mktemp(request.param), request.param)
    try:
        yield lms
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def lms12(mini, tmp_path_factory) -> Lms:
    """The SCORM 1.2 package alone, for what does not depend on the version (the guard, the page outside an LMS)."""
    httpd, lms = scorm_again_lms(mini, tmp_path_factory.mktemp("scorm12"), "scorm")
    try:
        yield lms
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def contexts(browser):
    """Fresh browser contexts (each its own localStorage, like another device), checked for page errors in any frame
    and for requests that leave 127.0.0.1."""
    made = []

    def make(state: dict | None = None, *, intercept: bool = True):
        """`intercept=False` only records requests: Playwright's interception drops the beacons a page sends
        while it unloads, which an LMS's last commit may be."""
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        guard = RequestGuard()
        if intercept:
            guard.attach(context)
        else:
            context.on("request", lambda request: guard.urls.append(request.url))
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


def course_frame(page, lms: Lms, frame_id: str = "sco"):
    """The course page inside the launch page inside the LMS's SCO frame, once the session is open there."""
    page.frame_locator(f"#{frame_id}").frame_locator("#course").locator("body").wait_for()
    return page.frame_locator(f"#{frame_id}").frame_locator("#course")


def session_frame(page):
    return next(f for f in page.frames if f.url.endswith("/" + LAUNCH_PAGE))


def launch(page, lms: Lms):
    """Open the LMS player; it launches the manifest's page in its frame. Returns the course frame."""
    page.goto(f"{lms.url}/player.html?launch={lms.launch}&v={lms.version}")
    page.wait_for_function("() => window.lms && window.lms.isInitialized()")
    return course_frame(page, lms)


def go(page, lms: Lms, path: str, frame_id: str = "sco"):
    """Go to `path` in the course frame (a full page load, as following a link there is)."""
    frame = next(f for f in page.frames if f.parent_frame and f.parent_frame.url.endswith("/" + LAUNCH_PAGE))
    frame.goto(f"{lms.url}/package/{path}")
    frame.wait_for_load_state("load")
    return course_frame(page, lms, frame_id)


def close_sco(page) -> None:
    """What an LMS does when the learner leaves the activity: the SCO's frame goes elsewhere."""
    page.evaluate("() => { document.getElementById('sco').src = 'about:blank' }")
    page.wait_for_function("() => window.lmsFinished !== null")


def cmi(page, element: str) -> str:
    return page.evaluate("e => window.lmsGet(e)", element)


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


def test_scorm_again_gets_score_status_and_answers_time_at_the_end_and_a_new_session_resumes(lms, contexts):
    """SCORM 1.2 and 2004 through scorm-again: the learner opens the package, goes to the lesson, answers."""
    v2004 = lms.version == "2004"
    status, score = ("cmi.completion_status", "cmi.score.raw") if v2004 else ("cmi.core.lesson_status", "cmi.core.score.raw")
    page = contexts()
    launch(page, lms)
    session = session_frame(page)
    session.wait_for_function("() => window.coursegenLms")
    assert cmi(page, status) == "incomplete"

    frame = go(page, lms, LESSON)
    by_id = {q.id: q for q in lms.questions}
    answer(frame, by_id["gift-hazard"])
    page.wait_for_function(f"() => window.lmsGet('{score}') !== ''")
    first = round(100 * by_id["gift-hazard"].points / lms.max, 2)
    assert float(cmi(page, score)) == pytest.approx(first)
    if v2004:
        assert float(cmi(page, "cmi.score.scaled")) == pytest.approx(first / 100, abs=1e-4)
        assert cmi(page, "cmi.success_status") == "unknown"
        assert cmi(page, "cmi.objectives.0.completion_status") == "incomplete"
    else:
        assert (cmi(page, "cmi.core.score.min"), cmi(page, "cmi.core.score.max")) == ("0", "100")
        assert cmi(page, "cmi.objectives.0.status") == "incomplete"
    assert cmi(page, "cmi.objectives.0.id") == "first-lesson"

    for q in lms.questions:
        if q.id != "gift-hazard":
            answer(frame, q, right=q.id != WRONG)
    got = sum(q.points for q in lms.questions if is_scored(q) and q.id != WRONG)
    page.wait_for_function(f"() => window.lmsGet('{status}') === 'completed'")
    expected = round(100 * got / lms.max, 2)
    assert float(cmi(page, score)) == pytest.approx(expected)
    suspend = cmi(page, "cmi.suspend_data")
    data = json.loads(suspend)
    codes = package_data((lms.package / DATA_FILE).read_bytes())
    assert codes["scorm"] == lms.version
    assert data["c"] == "mini@0.1" and data["l"] == codes["lessonCodes"]["first-lesson"]
    assert {r.split(",")[0] for r in data["a"].split(";")} == {codes["questionCodes"][i] for i in by_id}
    assert page.evaluate("window.lmsCommits.length") >= len(lms.questions)
    assert session.evaluate("() => window.coursegenLms.errors") == []

    # The learner leaves: the run-time is terminated once, with the time of the visit and exit "suspend".
    close_sco(page)
    stored = page.evaluate("window.lmsFinished")
    if v2004:
        # Both standards allow one or two decimals of a second; scorm-again turns a 1.2 session time into seconds and
        # back (getSecondsAsHHMMSS), so 00:00:05.50 is stored as 00:00:05.5.
        assert re.fullmatch(r"PT0H0M\d+(\.\d\d?)?S", stored["session_time"]) and stored["session_time"] != "PT0H0M0.00S"
        assert stored["exit"] == "suspend"
    else:
        assert re.fullmatch(r"00:00:\d\d(\.\d\d?)?", stored["core"]["session_time"]), stored["core"]
        assert stored["core"]["exit"] == "suspend"

    # A new session on another device: the LMS starts the run-time from what it stored; nothing is in localStorage.
    again = contexts({"cmi.suspend_data": suspend, status: "completed",
                      ("cmi.entry" if v2004 else "cmi.core.entry"): "resume", score: str(expected)})
    launch(again, lms)
    frame = go(again, lms, LESSON)
    expect_checked(frame, "gift-hazard", "b")
    expect_checked(frame, WRONG, str(not by_id[WRONG].answer).lower())
    ordered = frame.locator("#qz-order-steps li.qz-o").evaluate_all("els => els.map(e => e.dataset.id)")
    assert ordered == [i.id for i in by_id["order-steps"].items]
    assert frame.locator("#qz-think-back textarea").input_value() == "They looked at me and waited."
    matching = by_id["match-cues"]
    for p in matching.pairs:
        assert frame.locator(f"#qz-match-cues--{p.id}").input_value() == letter(match_choices(matching).index(p.match))
    every = next(quiz for quiz in lms.course.parts[0].quizzes["first-lesson"] if quiz.id == "every-type")
    scored = [q for q in every.questions if is_scored(q)]
    quiz_got = sum(q.points for q in scored if q.id != WRONG)
    assert frame.locator("#qz-every-type .qz-sum").text_content() == (
        f"Your score: {quiz_got:g} of {sum(q.points for q in scored):g} points. "
        f"{len(every.questions)} of {len(every.questions)} questions answered.")
    assert cmi(again, status) == "completed"
    assert float(cmi(again, score)) == pytest.approx(expected)


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


def test_a_finished_module_check_is_an_objective_with_its_best_score(lms, contexts):
    """SCORM 1.2 and 2004 through scorm-again: after the lesson's objective comes the check's, with the best attempt's
    percent and passed or failed against the check's pass mark (50% in the mini course)."""
    page = contexts()
    launch(page, lms)
    frame = go(page, lms, CHECK_PAGE)
    percents = []
    for _ in range(2):
        answer_drawn(frame)
        frame.locator(".qz-submit").click()
        frame.locator(".qz-hist li").nth(len(percents)).wait_for()
        percents.append(int(re.search(r"\((\d+)%\)", frame.locator(".qz-hist li").last.text_content())[1]))
        frame.locator(".qz-again").click()
    best = max(percents)
    page.wait_for_function("() => window.lmsGet('cmi.objectives.1.id') === 'check--basics'")
    assert cmi(page, "cmi.objectives.0.id") == "first-lesson"
    verdict = "passed" if best >= 50 else "failed"
    assert float(cmi(page, "cmi.objectives.1.score.raw")) == best
    if lms.version == "2004":
        assert cmi(page, "cmi.objectives.1.completion_status") == "completed"
        assert cmi(page, "cmi.objectives.1.success_status") == verdict
        assert float(cmi(page, "cmi.objectives.1.score.scaled")) == best / 100
    else:
        assert cmi(page, "cmi.objectives.1.status") == verdict
    assert session_frame(page).evaluate("() => window.coursegenLms.errors") == []


def test_a_mastery_score_from_the_lms_passes_or_fails_a_finished_package(lms, contexts):
    v2004 = lms.version == "2004"
    page = contexts({"cmi.scaled_passing_score": "0.99"} if v2004 else {"cmi.student_data.mastery_score": "99"})
    launch(page, lms)
    frame = go(page, lms, LESSON)
    for q in lms.questions:
        answer(frame, q, right=q.id != WRONG)
    status = "cmi.success_status" if v2004 else "cmi.core.lesson_status"
    page.wait_for_function(f"() => ['passed', 'failed'].includes(window.lmsGet('{status}'))")
    assert cmi(page, status) == "failed"
    if v2004:
        assert cmi(page, "cmi.completion_status") == "completed"


def test_an_lms_that_fails_is_reported_and_never_stops_the_quiz(lms12, contexts):
    """Every call to the LMS is guarded: an LMS whose SetValue throws and whose Commit refuses (a network error, a
    full database) leaves the quiz working; the failures are on the console and in coursegenLms.errors."""
    lms = lms12
    page = contexts()
    warnings = []
    page.on("console", lambda m: warnings.append(m.text) if m.type == "warning" else None)
    launch(page, lms)
    session_frame(page).wait_for_function("() => window.coursegenLms")
    page.evaluate("""() => {
        window.lms.LMSSetValue = () => { throw new Error("the LMS is down") };
        window.lms.LMSCommit = () => "false";
    }""")
    frame = go(page, lms, LESSON)
    q = next(q for q in lms.questions if q.id == "gift-hazard")
    answer(frame, q)
    assert "✓ Correct." in frame.locator("#qz-gift-hazard .qz-status").text_content()
    errors = session_frame(page).evaluate("() => window.coursegenLms.errors")
    assert any("LMSSetValue(cmi.suspend_data" in e and "the LMS is down" in e for e in errors), errors
    assert any(e.startswith("LMSCommit()") for e in errors), errors
    assert any("the LMS refused LMSSetValue" in w for w in warnings), warnings


def test_outside_an_lms_the_package_works_as_the_site(lms12, contexts):
    lms = lms12
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

    # The launch page without an LMS: no session, the course in its frame, and nothing axe finds (a main landmark
    # and the course title as a heading, for a screen reader that lands on the frame's page first).
    page.goto(f"{lms.url}/package/{LAUNCH_PAGE}")
    page.frame_locator("#course").locator("#qz-gift-hazard, h1").first.wait_for()
    assert page.evaluate("() => window.coursegenLms") is None
    assert axe_violations(page) == []


def check_history(frame) -> list[str]:
    frame.locator(".qz-exam").wait_for()
    return frame.locator(".qz-hist li").all_text_contents()


def test_a_bad_record_in_the_suspend_data_is_left_out_and_the_others_are_restored(lms12, contexts):
    """Suspend data is only text the LMS gives back: a record that does not parse, or names what the package does not
    have, is dropped alone. The good answer and the good attempts come back; nothing throws."""
    lms = lms12
    codes = package_data((lms.package / DATA_FILE).read_bytes())["questionCodes"]
    good = "tpmo9h_1_2_50_1"
    checks = ";".join([
        f"basics,{good}|tpmo9h_x_2_50_1|zzzzzzzzzz_1_2_50_1|tpmo9i_1_2_50_1_9|{good.replace('_1_2', '_2_2')},"
        f"{codes['gift-hazard']}.nosuch,{codes['gift-hazard']}.-Not-An-Id,b01",
        "__proto__,tpmo9h_1_2_50_1", "Basics!,tpmo9h_1_2_50_1", "check--basics,tpmo9h_1_2_50_1", "basics", ",,,",
        "%%%"])
    answers = ";".join(["toString,1000,1,1,b01", f"{codes['gift-hazard']},1000,1,1,b0100", "garbage",
                        f"{codes['which-cue']},1000,1,1,j%E0%A4%A", f"{codes['pick-cues']},xx,1,1,q"])
    suspend = {"c": "mini@0.1", "l": "zz.constructor", "a": answers, "k": checks}
    page = contexts({"cmi.suspend_data": json.dumps(suspend), "cmi.core.entry": "resume"})
    launch(page, lms)
    frame = go(page, lms, LESSON)
    expect_checked(frame, "gift-hazard", "b")
    stored = session_frame(page).evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('mini@0.1/'))")
    stored.sort()
    # which-cue's answer does not decode: its score stays; pick-cues' score is not a number: the record goes.
    assert stored == ["mini@0.1/check--basics", "mini@0.1/gift-hazard", "mini@0.1/which-cue"]
    frame = go(page, lms, CHECK_PAGE)
    assert len(check_history(frame)) == 2  # the two good attempts; the draw under way named an id that is not one
    assert session_frame(page).evaluate("() => window.coursegenLms.errors") == []


def test_check_attempts_beyond_the_limit_go_oldest_first(lms12, contexts):
    """In SCORM 1.2 (4,096 characters) a learner with 400 attempts at the check and one under way: what is dropped
    is, in order, the draw under way, then the oldest attempts; the newest attempts and every answer's score stay."""
    lms = lms12
    page = contexts()
    launch(page, lms)
    frame = go(page, lms, LESSON)
    attempts = [{"t": f"2026-01-01T00:{i // 60:02d}:{i % 60:02d}Z", "s": i % 3, "m": 2, "pc": 50 * (i % 3),
                 "ok": i % 3 > 0, "q": ["gift-hazard", "which-cue"]} for i in range(400)]
    record = {"a": attempts, "d": {"q": ["gift-hazard", "which-cue"], "v": [[False, True], [False, True]]}}
    session_frame(page).evaluate("r => localStorage.setItem('mini@0.1/check--basics', JSON.stringify(r))", record)
    answer(frame, next(q for q in lms.questions if q.id == "gift-hazard"))
    page.wait_for_function("() => window.lmsGet('cmi.core.score.raw') !== ''")
    suspend = cmi(page, "cmi.suspend_data")
    assert 4000 < len(suspend) <= 4096, len(suspend)
    module, kept, last, draw, *_ = json.loads(suspend)["k"].split(",")
    assert (module, last, draw) == ("basics", "", "")
    times = [int(a.split("_")[0], 36) for a in kept.split("|")]
    newest = [int(datetime.fromisoformat(a["t"]).timestamp()) for a in attempts[-len(times):]]
    assert times == newest and 100 < len(times) < 400
    assert json.loads(suspend)["a"].count(",1000,") == 1  # the answer given in this session


def test_the_shipped_course_reports_a_score_to_the_run_time(site, browser, tmp_path, contexts):
    """The real course, packaged from the session's built site: one right answer reaches the LMS as its share."""
    course, issues = validate_course(ROOT)
    assert course is not None, issues
    files, reports = export_course(course, "scorm", module=course.parts[0].module.id, site_dir=site.dir)
    name = f"{course.info.id}-{course.parts[0].module.id}.scorm.zip"
    # A learner package: no answer key or instructor page, no link left to one, only this module's handouts.
    archive = zipfile.ZipFile(io.BytesIO(files[name]))
    assert not [n for n in archive.namelist() if "facilitator" in n or n.startswith("instructor/")]
    assert broken_links(archive) == []
    own = {lesson.id for lesson in course.parts[0].lessons}
    handouts = {n.split("/")[1].rsplit("-", 1)[0] for n in archive.namelist() if n.endswith("-worksheet.pdf")}
    assert handouts == own
    print(f"{name}: {reports[name]}")
    served = tmp_path / "lms"
    launch_page = _unpack(files, name, served)
    for name in ("player.html", "player.js"):
        shutil.copy(TESTS / "scorm_lms" / name, served / name)
    shutil.copy(SCORM_AGAIN, served / "scorm-again.js")
    httpd, url = serve(served)
    try:
        lms = Lms(url, launch_page, course)
        lms.version = "1.2"
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
        page.wait_for_function("() => window.lmsGet('cmi.core.score.raw') !== ''")
        assert float(cmi(page, "cmi.core.score.raw")) == pytest.approx(round(100 * q.points / total, 2))
        assert cmi(page, "cmi.core.lesson_status") == "incomplete"
        index = [l["id"] for l in data["lessons"]].index(lesson.id)
        assert cmi(page, f"cmi.objectives.{index}.id") == lesson.id

        # Every question of the course answered (a long reflection among them): still within SCORM 1.2's limit,
        # with every question's score kept.
        everything = {q.id: stored_answer(q) for _, quiz in ((p, z) for p in course.parts for zs in p.quizzes.values()
                                                              for z in zs) for q in quiz.questions}
        sco = session_frame(page)
        sco.evaluate("([prefix, records]) => Object.entries(records).forEach(([id, r]) =>"
                     " localStorage.setItem(prefix + id, JSON.stringify(r)))", [data["course"] + "/", everything])
        answer(frame, q)
        page.wait_for_function("() => window.lmsGet('cmi.core.score.raw') === '100'")
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


# ---------------------------------------------------------------------------------------------------------------------
# Moodle's own SCORM 1.2 run-time
# ---------------------------------------------------------------------------------------------------------------------


class MoodleTracks:
    """Moodle's side of one learner's attempt: the tracks datamodel.php stored (element -> value, as
    `scorm_insert_track` keeps them) and the data model a new visit of the player starts from."""

    def __init__(self, launch: str):
        self.launch = launch
        self.tracks: dict[str, str] = {}
        self.posts: list[dict[str, str]] = []
        self.lock = threading.Lock()

    def store(self, fields: dict[str, str]) -> None:
        with self.lock:
            self.posts.append(fields)
            self.tracks.update({k.replace("__", "."): v for k, v in fields.items() if k.startswith("cmi__")})

    def definition(self) -> dict:
        """What player.php gives `M.scorm_api.init` for the SCO (scorm_12lib.php's defaults, from the tracks)."""
        t = self.tracks
        entry = "resume" if t.get("cmi.core.exit") == "suspend" else "ab-initio" if not t else ""
        return {"launch": self.launch, "attempt": 1, "def": {
            "cmi.core.student_id": "learner", "cmi.core.student_name": "Learner, A",
            "cmi.core.lesson_location": t.get("cmi.core.lesson_location", ""), "cmi.core.credit": "credit",
            "cmi.core.lesson_status": t.get("cmi.core.lesson_status", ""), "cmi.core.entry": entry,
            "cmi.core.score.raw": t.get("cmi.core.score.raw", ""), "cmi.core.score.max": t.get("cmi.core.score.max", ""),
            "cmi.core.score.min": t.get("cmi.core.score.min", ""),
            "cmi.core.total_time": t.get("cmi.core.total_time", "00:00:00"), "cmi.core.lesson_mode": "normal",
            "cmi.core.exit": "", "cmi.suspend_data": t.get("cmi.suspend_data", ""), "cmi.launch_data": "",
            "cmi.comments": "", "cmi.student_data.mastery_score": "", "cmi.student_data.max_time_allowed": "",
            "cmi.student_data.time_limit_action": "", "cmi.student_preference.audio": "0",
            "cmi.student_preference.language": "", "cmi.student_preference.speed": "0",
            "cmi.student_preference.text": "0"}}


def moodle_server(served: Path, tracks: MoodleTracks):
    """Static files, the player's state script, and datamodel.php: a synchronous XHR form post, or (while the page
    unloads) a Beacon API multipart post; either way 'true\\n0', as Moodle answers a stored commit."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(served), **kwargs)

        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if urlsplit(self.path).path == "/moodle-state.js":
                self._answer(f"window.MOODLE_DEF = {json.dumps(tracks.definition())};".encode(), "text/javascript")
            else:
                super().do_GET()

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            kind = self.headers.get("Content-Type", "")
            if kind.startswith("multipart/form-data"):
                message = email.message_from_bytes(f"Content-Type: {kind}\r\n\r\n".encode() + body,
                                                   policy=email.policy.HTTP)
                fields = {part.get_param("name", header="content-disposition"): part.get_content()
                          for part in message.iter_parts()}
            else:
                fields = dict(parse_qsl(body.decode(), keep_blank_values=True))
            tracks.store(fields)
            self._answer(b"true\n0", "text/plain")

        def _answer(self, data: bytes, kind: str) -> None:
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    httpd = http.server.ThreadingHTTPServer((LOOPBACK, 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://{LOOPBACK}:{httpd.server_address[1]}"


@contextlib.contextmanager
def moodle_lms(mini, tmp_path: Path) -> Iterator[tuple[Lms, MoodleTracks]]:
    """The mini course's SCORM 1.2 module package behind Moodle's run-time, served while the block runs."""
    course, site = mini
    files, _ = export_course(course, "scorm", module="basics", site_dir=site)
    served = tmp_path / "moodle-lms"
    tracks = MoodleTracks(_unpack(files, "mini-basics.scorm.zip", served))
    shutil.copytree(MOODLE / "mod", served / "moodle" / "mod")
    for name in ("moodle-player.html", "moodle-player.js"):
        shutil.copy(TESTS / "scorm_lms" / name, served / name)
    httpd, url = moodle_server(served, tracks)
    try:
        lms = Lms(url, tracks.launch, course, "first-lesson")
        lms.package = served / "package"
        yield lms, tracks
    finally:
        httpd.shutdown()
        httpd.server_close()


def moodle_session(contexts, lms: Lms, path: str | None = None, *, intercept: bool = True):
    """A visit of Moodle's player in a fresh browser context (another device); returns the page and the course frame
    (at `path` if given, else the package's first page)."""
    page = contexts(intercept=intercept)
    page.goto(f"{lms.url}/moodle-player.html")
    frame = course_frame(page, lms, "scorm_object")
    session_frame(page).wait_for_function("() => window.coursegenLms")
    return page, go(page, lms, path, "scorm_object") if path else frame


def leave_moodle(page, tracks: MoodleTracks) -> None:
    """The learner closes the Moodle page: LMSFinish reaches Moodle by the Beacon API after the page is gone, and
    Moodle adds the session time to the total: wait until the server has it."""
    page.goto("about:blank")
    for _ in range(100):
        if "cmi.core.total_time" in tracks.tracks:
            break
        page.wait_for_timeout(100)


def test_moodle_run_time_stores_an_answer_on_the_second_page_records_the_time_and_resumes(mini, tmp_path, contexts):
    with moodle_lms(mini, tmp_path) as (lms, tracks):
        codes = package_data((lms.package / DATA_FILE).read_bytes())
        q = next(q for q in lms.questions if q.id == "gift-hazard")
        page, frame = moodle_session(contexts, lms, intercept=False)
        assert tracks.tracks["cmi.core.lesson_status"] == "incomplete"
        assert tracks.tracks["cmi.core.exit"] == "suspend"

        # The second page: the module's overview first, then the learner follows its link to the lesson and answers.
        frame.locator("article a[href$='first-lesson.html']").first.click()
        frame.locator("#qz-gift-hazard").wait_for()
        answer(frame, q)
        stored = tracks.tracks
        assert float(stored["cmi.core.score.raw"]) == pytest.approx(round(100 * q.points / lms.max, 2))
        assert stored["cmi.core.lesson_status"] == "incomplete"
        assert stored["cmi.objectives_0.id"] == "first-lesson" and stored["cmi.objectives_0.status"] == "incomplete"
        saved = json.loads(stored["cmi.suspend_data"])
        assert saved["c"] == "mini@0.1" and saved["a"].startswith(codes["questionCodes"]["gift-hazard"] + ",1000,")
        assert session_frame(page).evaluate("() => window.coursegenLms.errors") == []

        leave_moodle(page, tracks)
        assert re.fullmatch(r"00:00:\d\d(\.\d\d?)?", stored.get("cmi.core.total_time", "")), tracks.posts[-1:]
        assert stored["cmi.core.total_time"] not in ("00:00:00", "00:00:00.00")

        # A new visit on another device: Moodle starts its API from the tracks; the answer is back, and the score.
        again, frame = moodle_session(contexts, lms, LESSON)
        expect_checked(frame, "gift-hazard", "b")
        assert again.evaluate("() => window.API.LMSGetValue('cmi.core.entry')") == "resume"
        score = again.evaluate("() => window.API.LMSGetValue('cmi.core.score.raw')")
        assert float(score) == float(stored["cmi.core.score.raw"])
        assert session_frame(again).evaluate("() => window.coursegenLms.errors") == []


def test_moodle_run_time_keeps_the_first_try(mini, tmp_path, contexts):
    """Wrong at the first try, then right: on another device, the result still says the first try missed."""
    with moodle_lms(mini, tmp_path) as (lms, tracks):
        codes = package_data((lms.package / DATA_FILE).read_bytes())["questionCodes"]
        by_id = {q.id: q for q in lms.questions}
        page, frame = moodle_session(contexts, lms, LESSON, intercept=False)
        answer(frame, by_id["which-cue"], right=False)
        answer(frame, by_id["which-cue"])
        answer(frame, by_id["reflect-on-a-cue"])
        first = frame.locator("#qz-first-lesson-check .qz-first")
        assert first.text_content() == "At the first try: 0 of 1 point."
        saved = json.loads(tracks.tracks["cmi.suspend_data"])["a"].split(";")
        record = next(r for r in saved if r.startswith(codes["which-cue"] + ",")).split(",")
        assert (record[1:4], len(record), record[-1]) == (["1000", "1", "2"], 6, "0")  # right at the 2nd try, first 0
        leave_moodle(page, tracks)

        again, frame = moodle_session(contexts, lms, LESSON)
        expect_checked(frame, "which-cue", "b")
        assert frame.locator("#qz-first-lesson-check .qz-first").text_content() == "At the first try: 0 of 1 point."
        assert frame.locator("#qz-first-lesson-check .qz-sum").text_content().startswith("Your score: 1 of 1 point.")


CHECK_PAGE = "basics/quiz.html"
DRAWN = """body => [...body.querySelectorAll('.qz-slot:not([hidden])')].map(slot => [slot.firstElementChild.dataset.qid,
    [...slot.querySelectorAll('input')].map(i => i.checked), [...slot.querySelectorAll('select')].map(s => s.value),
    [...slot.querySelectorAll('li.qz-o')].map(li => li.dataset.id)])"""
"""The questions the check shows now, each with the state of its controls."""


def answer_drawn(frame) -> None:
    """Gives each question the check shows an answer, whatever its type (the draw is random)."""
    slots = frame.locator(".qz-slot:not([hidden])")
    for i in range(slots.count()):
        slot = slots.nth(i)
        if slot.locator("select").count():
            for select in slot.locator("select").all():
                select.select_option(index=1)
        elif slot.locator("input").count():
            slot.locator("input").first.check()
        else:  # ordering
            slot.locator("li.qz-o button[data-d='-1']").last.click()


def test_moodle_run_time_keeps_the_module_check_history_and_the_attempt_under_way(mini, tmp_path, contexts):
    """The learner takes the module check, starts a second attempt and leaves; on another device, Moodle's next
    session brings back the finished attempt in the history and the attempt under way, its draw and answers."""
    with moodle_lms(mini, tmp_path) as (lms, tracks):
        page, frame = moodle_session(contexts, lms, CHECK_PAGE, intercept=False)
        answer_drawn(frame)
        first_draw = frame.locator("body").evaluate(DRAWN)
        frame.locator(".qz-submit").click()
        frame.locator(".qz-hist li").first.wait_for()
        history = frame.locator(".qz-hist li").all_text_contents()
        assert len(history) == 1 and len(first_draw) == 2
        attempt = json.loads(tracks.tracks["cmi.suspend_data"])["k"].split(",")[1]  # the attempt reached Moodle
        percent = int(attempt.split("_")[3])
        # ... and the check is an objective after the lesson's, with its score and verdict (pass mark 50%)
        objective = {k.removeprefix("cmi.objectives_1."): v for k, v in tracks.tracks.items() if k.startswith("cmi.objectives_1.")}
        assert objective == {"id": "check--basics", "status": "passed" if percent >= 50 else "failed",
                             "score.min": "0", "score.max": "100", "score.raw": str(percent)}
        frame.locator(".qz-again").click()
        answer_drawn(frame)
        under_way = frame.locator("body").evaluate(DRAWN)
        assert len(under_way) == 2
        saved = json.loads(tracks.tracks["cmi.suspend_data"])
        assert saved["k"].startswith("basics,") and len(saved["k"].split(",")[3].split(".")) == 2
        assert session_frame(page).evaluate("() => window.coursegenLms.errors") == []
        leave_moodle(page, tracks)

        again, frame = moodle_session(contexts, lms, CHECK_PAGE)
        frame.locator(".qz-hist li").first.wait_for()
        assert frame.locator(".qz-hist li").all_text_contents() == history
        assert frame.locator("body").evaluate(DRAWN) == under_way
        # The attempt under way goes on: checking it adds the second attempt to the history.
        frame.locator(".qz-submit").click()
        frame.locator(".qz-hist li").nth(1).wait_for()
        assert session_frame(again).evaluate("() => window.coursegenLms.errors") == []


def test_moodle_run_time_with_the_shipped_course_home_page_first(site, tmp_path, contexts):
    """The review's failing path, on the real course package: the home page reports every lesson's objective, the
    learner opens a lesson, answers, leaves. Moodle must get the answer, the score and the time."""
    course, issues = validate_course(ROOT)
    assert course is not None, issues
    files, _ = export_course(course, "scorm", module=None, site_dir=site.dir)
    served = tmp_path / "moodle-lms"
    tracks = MoodleTracks(_unpack(files, f"{course.info.id}.scorm.zip", served))
    shutil.copytree(MOODLE / "mod", served / "moodle" / "mod")
    for name in ("moodle-player.html", "moodle-player.js"):
        shutil.copy(TESTS / "scorm_lms" / name, served / name)
    httpd, url = moodle_server(served, tracks)
    try:
        lms = Lms(url, tracks.launch, course)
        data = package_data((served / "package" / DATA_FILE).read_bytes())
        total = sum(p for lesson in data["lessons"] for p in lesson["questions"].values())
        lesson, q = next((lesson, q) for _, lesson in course.lessons for part in course.parts
                         for quiz in part.quizzes.get(lesson.id, []) for q in quiz.questions if q.type == "single_choice")
        page = contexts(intercept=False)
        page.goto(f"{url}/moodle-player.html")
        course_frame(page, lms, "scorm_object")
        session_frame(page).wait_for_function("() => window.coursegenLms")
        objectives = [k for k in tracks.tracks if re.fullmatch(r"cmi\.objectives_\d+\.id", k)]
        assert len(objectives) == len(data["lessons"])

        frame = go(page, lms, next(x["url"] for x in data["lessons"] if x["id"] == lesson.id), "scorm_object")
        answer(frame, q)
        assert float(tracks.tracks["cmi.core.score.raw"]) == pytest.approx(round(100 * q.points / total, 2))
        saved = json.loads(tracks.tracks["cmi.suspend_data"])
        assert data["questionCodes"][q.id] + ",1000," in saved["a"]
        assert session_frame(page).evaluate("() => window.coursegenLms.errors") == []

        page.goto("about:blank")
        for _ in range(100):
            if "cmi.core.total_time" in tracks.tracks:
                break
            time.sleep(0.1)
        assert tracks.tracks.get("cmi.core.total_time", "00:00:00") not in ("00:00:00", "00:00:00.00")
    finally:
        httpd.shutdown()
        httpd.server_close()
