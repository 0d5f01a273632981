"""A learner's path through the real course in Debian's Chromium, on a phone (390×844) and a laptop (1366×900):
from the home page's start button into the first lesson, its quiz (a wrong try, a hint, a right answer, the result
that says what to review, "Try again"), the module check (a fresh draw per attempt, one total, review links), by
mouse, by keyboard alone and in French; and with JavaScript off, every question answered through its disclosure.

The expected answers come from the YAML through the model, never from the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest
import yaml
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from conftest import LOOPBACK, ROOT, _free_port, axe_violations, format_violations, serve
from helpers.quiz_widget import Found, Widget, norm, tab_to

from generator.model import Quiz
from generator.model.questions import is_scored

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 900}
VIEWPORTS = [pytest.param(PHONE, id="phone"), pytest.param(LAPTOP, id="laptop")]


def course_yaml(name: str) -> dict:
    return yaml.safe_load((ROOT / "content" / name).read_text(encoding="utf-8"))


def first_lesson() -> tuple[str, str]:
    """(module id, lesson id) of the course's first lesson."""
    module = course_yaml("course.yml")["modules"][0]
    folder = next(p for p in sorted((ROOT / "content").iterdir()) if (p / "module.yml").is_file()
                  and yaml.safe_load((p / "module.yml").read_text(encoding="utf-8"))["id"] == module)
    return module, yaml.safe_load((folder / "module.yml").read_text(encoding="utf-8"))["lessons"][0]


def quiz_of(lesson: str) -> Quiz:
    for path in sorted((ROOT / "quizzes").glob("*.yml")):
        quiz = Quiz.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        if quiz.lesson == lesson:
            return quiz
    raise AssertionError(f"no quiz for {lesson}")


def wrong_answer(w: Widget) -> None:
    q = w.q
    if q.type == "single_choice":
        w.option(next(o.id for o in q.options if not o.correct)).check()
    elif q.type == "true_false":
        w.option(str(not q.answer).lower()).check()
    elif q.type == "multiple_response":
        w.option(next(o.id for o in q.options if not o.correct)).check()
    else:
        raise AssertionError(f"no wrong answer written for {q.type}")


# ---------------------------------------------------------------------------------------------------------------------
# Results that teach
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_quiz_ends_with_a_result_that_says_what_to_review_and_a_retry(new_page, viewport):
    module, lesson = first_lesson()
    quiz = quiz_of(lesson)
    page = new_page(viewport=viewport)
    page.goto(f"{module}/{lesson}.html")
    first = next(q for q in quiz.questions if q.type in ("single_choice", "true_false", "multiple_response"))
    hinted = next(q for q in quiz.questions if q.hints)

    def widget(q):
        return Widget(page, Found(q, quiz, "", ""))

    result = page.locator(f"#qz-{quiz.id} .qz-res")
    for q in quiz.questions:
        w = widget(q)
        if q is first:
            wrong_answer(w)
            assert w.check().startswith("✗ Not quite.")
            if first.type == "multiple_response":
                w.option(next(o.id for o in q.options if not o.correct)).uncheck()
        if q is hinted:
            hints = w.root.locator("details.qz-hint")
            hints.first.locator("summary").click()
            assert hints.first.evaluate("d => d.open")
        assert not result.is_visible(), "the result waits for the last answer"
        w.answer_right()
        w.check()

    assert result.is_visible()
    total = sum(q.points for q in quiz.questions if is_scored(q))
    first_try = total - first.points
    summary = norm(page.locator(f"#qz-{quiz.id} .qz-sum").inner_text())
    assert summary.startswith(f"Your score: {total:g} of {total:g} points.")
    assert norm(result.locator(".qz-first").inner_text()) == f"At the first try: {first_try:g} of {total:g} points."
    links = result.locator(".qz-review li:visible a")
    assert links.count() == len(first.assesses), "one review link per objective missed at the first try"
    href = links.first.get_attribute("href")
    anchor = href.split("#")[1]
    assert page.locator(f"[id='{anchor}']").count() == 1, f"the review link {href} leads to a part of the lesson"

    result.get_by_role("button", name="Try this quiz again").click()
    assert not result.is_visible()
    summary = norm(page.locator(f"#qz-{quiz.id} .qz-sum").inner_text())
    assert summary.endswith(f"0 of {len(quiz.questions)} questions answered.")
    assert page.evaluate("() => document.activeElement.closest('.qz-q') !== null"), "focus goes back to the quiz"
    assert not widget(first).answer.is_visible() and norm(widget(first).status.text_content()) == ""


# ---------------------------------------------------------------------------------------------------------------------
# The module check
# ---------------------------------------------------------------------------------------------------------------------


def module_pool(module: str) -> tuple[dict, dict[str, object]]:
    """(the module's check settings, its pool's scored questions by id) from the YAML."""
    folder = next(p for p in sorted((ROOT / "content").iterdir()) if (p / "module.yml").is_file()
                  and yaml.safe_load((p / "module.yml").read_text(encoding="utf-8"))["id"] == module)
    data = yaml.safe_load((folder / "module.yml").read_text(encoding="utf-8"))
    if "check" not in data:
        pytest.skip(f"the course's module {module} has no module check to take")
    questions = {q.id: q for lesson in data["lessons"] for q in quiz_of(lesson).questions if is_scored(q)}
    return data["check"], questions


def drawn_ids(page) -> list[str]:
    return page.locator(".qz-exam .qz-slot:not([hidden]) .qz-q").evaluate_all("els => els.map(e => e.dataset.qid)")


def answer_check(page, questions: dict, right: int) -> None:
    """Answer the drawn questions: the first `right` rightly, the others wrongly."""
    for i, qid in enumerate(drawn_ids(page)):
        w = Widget(page, Found(questions[qid], None, "", ""))
        if i < right:
            w.answer_right()
        elif questions[qid].type in ("single_choice", "true_false", "multiple_response"):
            wrong_answer(w)
        # matching and ordering left as they are: unanswered or wrong, either way no points


def open_check(new_page, viewport) -> tuple[str, dict, dict, object, list[str]]:
    """The first module's check, open in a fresh page: (module id, check settings, pool, page, the page's errors)."""
    module, _ = first_lesson()
    check, questions = module_pool(module)
    page = new_page(viewport=viewport)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{module}/quiz.html")
    return module, check, questions, page, errors


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_module_check_draws_afresh_checks_at_the_end_and_sends_back_to_the_lessons(new_page, viewport):
    module, check, questions, page, errors = open_check(new_page, viewport)
    exam = page.locator(".qz-exam")
    first = drawn_ids(page)
    assert len(first) == check["draw"] and set(first) <= set(questions)
    assert len(questions) >= 2 * check["draw"], "the pool is at least twice the draw"
    assert not exam.locator(".qz-q .qz-check:visible").count(), "exam mode: no per-question check"
    assert page.get_by_text(f"Each attempt draws {check['draw']} of the {len(questions)} questions").is_visible()

    right = 2
    answer_check(page, questions, right)
    assert not exam.locator(".qz-status[data-v]").count(), "nothing is checked before the end"
    exam.get_by_role("button", name="Check all my answers").click()
    points = sum(questions[q].points for q in first)
    got = sum(questions[q].points for q in first[:right])
    percent = round(100 * got / points)
    total = norm(exam.locator(".qz-sum").inner_text())
    assert total.startswith(f"Your total: {got:g} of {points:g} points ({percent}%). Pass mark: {check['pass_mark']}%.")
    assert "Not passed yet" in total
    assert exam.locator(".qz-sum").evaluate("e => e === document.activeElement"), "focus moves to the total"
    assert exam.locator(".qz-sum").count() == 1, "one total"
    missed = {o for q in first[right:] for o in questions[q].assesses}
    links = exam.locator(".qz-review li:visible a")
    assert links.count() == len(missed) and links.count() > 0
    href = links.first.evaluate("a => a.href")
    assert re.search(rf"/{module}/[a-z0-9-]+\.html#[a-z0-9-]+$", href), href
    assert exam.locator(".qz-hist li").count() == 1

    exam.get_by_role("button", name="Try again with new questions").click()
    second = drawn_ids(page)
    assert len(second) == check["draw"] and not set(first) & set(second), "a new attempt draws other questions"
    assert not exam.locator(".qz-sum").is_visible()
    assert not errors, errors

    # The lessons' own self-checks are untouched, and the attempt shows on the Progress page.
    page.goto("progress.html")
    page.wait_for_selector(".qz-pacts:not([hidden])")
    row = page.locator(f".qz-progress tr[data-check='{module}']")
    assert norm(row.locator(".qz-st").inner_text()) == f"1 attempt, best {percent}%"
    lesson_rows = page.locator(".qz-progress tbody tr[data-qids] .qz-st").all_inner_texts()
    assert {norm(t) for t in lesson_rows} == {"Not started"}, "the check is kept apart from the lessons' quizzes"

    page.goto(href)
    assert page.locator(f"[id='{href.split('#')[1]}']").count() == 1, f"the review link {href} leads to a section"


ANSWERS = """q => [...q.querySelectorAll('input, select, textarea')]
    .map(c => c.type == 'radio' || c.type == 'checkbox' ? c.checked : c.value)
    .concat([...q.querySelectorAll('li.qz-o')].map(li => li.dataset.id))"""


def answers_shown(page, qid: str) -> list:
    """What a question of the check shows as answered: each control's state, then its items' order."""
    return page.locator(f".qz-exam #qz-{qid}").evaluate(ANSWERS)


def test_an_unfinished_check_comes_back_after_a_reload(new_page):
    """A phone that reloads the tab mid-check: the same questions, the answers given so far, and the check goes on."""
    _, _, questions, page, errors = open_check(new_page, PHONE)
    drawn = drawn_ids(page)
    blank = {qid: answers_shown(page, qid) for qid in drawn}
    for qid in drawn[:2]:
        Widget(page, Found(questions[qid], None, "", "")).answer_right()
    answered = {qid: answers_shown(page, qid) for qid in drawn[:2]}
    assert all(answered[qid] != blank[qid] for qid in answered), "the two answers show before the reload"

    page.reload()
    assert drawn_ids(page) == drawn, "the same draw after a reload"
    assert {qid: answers_shown(page, qid) for qid in drawn[:2]} == answered, "the answers given are still there"
    assert all(answers_shown(page, qid) == blank[qid] for qid in drawn[2:]), "the others are still unanswered"

    exam = page.locator(".qz-exam")
    exam.get_by_role("button", name="Check all my answers").click()
    got = sum(questions[q].points for q in drawn[:2])
    points = sum(questions[q].points for q in drawn)
    assert norm(exam.locator(".qz-sum").inner_text()).startswith(f"Your total: {got:g} of {points:g} points")
    page.reload()
    assert exam.locator(".qz-hist li").count() == 1, "the finished attempt is in the history"
    assert not set(drawn_ids(page)) & set(drawn), "once checked, the next visit starts a fresh attempt"
    assert not exam.locator(".qz-sum").is_visible()
    assert not errors, errors


@pytest.mark.parametrize("draft", [
    pytest.param("garbage", id="not-a-record"),
    pytest.param({"q": "all", "v": []}, id="no-list-of-ids"),
    pytest.param({"q": ["no-such-question", "x'] , *"], "v": [[True], [True]]}, id="unknown-ids"),
    pytest.param({"q": [], "v": []}, id="empty"),
    pytest.param("SAME_ID_TWICE", id="an-id-twice"),
    pytest.param("BAD_ANSWERS", id="a-draw-with-answers-that-do-not-fit"),
])
def test_a_bad_unfinished_check_is_dropped_and_stops_nothing(new_page, draft):
    module, check, questions, page, errors = open_check(new_page, LAPTOP)
    ids, kept = sorted(questions)[:check["draw"]], draft == "BAD_ANSWERS"
    if draft == "SAME_ID_TWICE":
        draft = {"q": [ids[0]] * check["draw"], "v": []}
    elif kept:
        draft = {"q": ids, "v": [["a"], {"v": 1}, None, [True] * 40, "x"][:len(ids)]}
    key = page.locator(".qz-exam").get_attribute("data-qz") + f"/check--{module}"
    page.evaluate("([key, draft]) => localStorage.setItem(key, JSON.stringify({a: [], d: draft}))", [key, draft])
    page.reload()

    drawn = drawn_ids(page)
    assert len(drawn) == check["draw"], "a whole draw, whatever was stored"
    stored = page.evaluate("key => JSON.parse(localStorage.getItem(key))", key)
    if kept:  # the draft named a real draw: kept, without the answers that did not fit
        assert set(drawn) == set(ids) and stored["d"]["q"] == drawn
        assert not [a for a in stored["d"]["v"] if True in a], "no answer that did not fit is put back"
    else:
        assert "d" not in stored, "a draft that names no draw is dropped"
    answer_check(page, questions, right=check["draw"])
    page.locator(".qz-exam").get_by_role("button", name="Check all my answers").click()
    points = sum(questions[q].points for q in drawn)
    assert norm(page.locator(".qz-exam .qz-sum").inner_text()).startswith(f"Your total: {points:g} of {points:g}")
    assert not errors, errors


# ---------------------------------------------------------------------------------------------------------------------
# A way in and on
# ---------------------------------------------------------------------------------------------------------------------


def lesson_titles() -> list[tuple[str, str, str]]:
    """(module id, lesson id, lesson title) in course order."""
    out = []
    for module in course_yaml("course.yml")["modules"]:
        folder = next(p for p in sorted((ROOT / "content").iterdir()) if (p / "module.yml").is_file()
                      and yaml.safe_load((p / "module.yml").read_text(encoding="utf-8"))["id"] == module)
        for lesson in yaml.safe_load((folder / "module.yml").read_text(encoding="utf-8"))["lessons"]:
            data = next(yaml.safe_load(f.read_text(encoding="utf-8")) for f in folder.glob("*.yml")
                        if yaml.safe_load(f.read_text(encoding="utf-8")).get("id") == lesson)
            out.append((module, lesson, data["title"]))
    return out


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_home_page_starts_then_continues_and_each_lesson_ends_with_its_next_step(new_page, viewport):
    lessons = lesson_titles()
    if len(lessons) < 2:
        pytest.skip("the course has one lesson: no next step to follow")
    (module, lesson, title), (_, _, second_title) = lessons[0], lessons[1]
    page = new_page(viewport=viewport)
    page.goto("index.html")
    start = page.get_by_role("link", name=f"Start: {title}")
    box = start.bounding_box()
    assert box and box["y"] + box["height"] <= viewport["height"], f"the start button is below the fold: {box}"
    start.click()
    page.wait_for_url(f"**/{module}/{lesson}.html")

    next_link = page.locator(".lesson-next a")
    assert norm(next_link.inner_text()) == f"Next: {second_title}", "the lesson ends with its next step"
    quiz = quiz_of(lesson)
    w = Widget(page, Found(quiz.questions[0], quiz, "", ""))
    w.answer_right()
    w.check()

    page.goto("index.html")
    expect_text = f"Continue: {title}"
    page.wait_for_function("t => document.querySelector('.qz-start').textContent == t", arg=expect_text)
    page.get_by_role("link", name=expect_text).click()
    page.wait_for_url(f"**/{module}/{lesson}.html")

    page.goto("progress.html")
    page.wait_for_selector(".qz-pacts:not([hidden])")
    assert norm(page.locator(".qz-next a").inner_text()) == expect_text, "the progress page gives the next step"
    heading = norm(page.locator(".qz-progress tbody").first.locator("th").inner_text())
    count = sum(1 for m, _, _ in lessons if m == module)
    assert heading.endswith(f"(0 of {count} lesson quizzes done)"), heading


def test_the_last_lesson_of_a_module_leads_to_its_check(page):
    lessons = lesson_titles()
    module, lesson, _ = next(x for i, x in enumerate(lessons) if i + 1 == len(lessons) or lessons[i + 1][0] != x[0])
    page.goto(f"{module}/{lesson}.html")
    link = page.locator(".lesson-next a")
    assert norm(link.inner_text()).startswith("Next: Module check:")
    link.click()
    page.wait_for_url(f"**/{module}/quiz.html")


def module_titles() -> list[tuple[str, str]]:
    """(module id, module title) in course order."""
    by_id = {data["id"]: data["title"] for data in (yaml.safe_load(p.read_text(encoding="utf-8"))
                                                    for p in sorted((ROOT / "content").glob("*/module.yml")))}
    return [(module, by_id[module]) for module in course_yaml("course.yml")["modules"]]


def footer_says(page, direction: str, name: str) -> None:
    """The page footer's previous or next link is named `name` (its label for a screen reader) and, where it shows
    text (a phone shows only the arrow of Previous), shows the same. Waits for it: after a click, Material's instant
    navigation swaps the page in a moment after the address."""
    link = page.locator(f".md-footer__link--{direction}")
    expect(link).to_have_attribute("aria-label", name)
    if link.locator(".md-footer__title").is_visible():
        assert norm(link.inner_text()) == norm(name.replace(":", "", 1)), "the link shows what its label says"


def test_the_footer_says_which_module_a_check_or_an_overview_belongs_to(page, site):
    if len(module_titles()) < 2:
        pytest.skip("the course has one module: no module check or overview between two modules")
    (module, title), (next_module, next_title) = module_titles()[:2]
    if f"{module}/quiz.html" not in site.pages:
        pytest.skip(f"the course's module {module} has no quiz page")
    lessons = lesson_titles()
    last = [lesson for m, lesson, _ in lessons if m == module][-1]
    first_of_next = next((lesson, t) for m, lesson, t in lessons if m == next_module)
    page.goto(f"{module}/{last}.html")
    footer_says(page, "next", f"Next: Module check: {title}")
    page.locator(".md-footer__link--next").click()
    footer_says(page, "next", f"Next: {next_title}")  # the check leads on to the next module, by its name
    page.locator(".md-footer__link--next").click()
    page.wait_for_url(f"**/{next_module}/index.html")
    footer_says(page, "prev", f"Previous: Module check: {title}")
    footer_says(page, "next", f"Next: {first_of_next[1]}")
    page.goto(f"{next_module}/{first_of_next[0]}.html")
    footer_says(page, "prev", f"Previous: {next_title}")
    nav = page.locator(".md-sidebar--primary .md-nav__item--active > .md-nav .md-nav__link[href]").all_inner_texts()
    assert "Overview" in map(norm, nav), "the navigation, under the module's name, keeps its short labels"


# ---------------------------------------------------------------------------------------------------------------------
# The same path with the keyboard alone
# ---------------------------------------------------------------------------------------------------------------------


def focused_is(page, selector: str) -> bool:
    return page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector)


def keyboard_answer(page, q, right: bool) -> bool:
    """Answer a choice question with Tab, arrow keys and Space; False for the types left to the mouse tests."""
    if q.type in ("single_choice", "true_false"):
        page.locator(f"#qz-{q.id} .qz-opts input").first.wait_for()  # after instant navigation, the new page's
        values = [i.get_attribute("value") for i in page.locator(f"#qz-{q.id} .qz-opts input").all()]
        keyed = next(o.id for o in q.options if o.correct) if q.type == "single_choice" else str(q.answer).lower()
        target = values.index(keyed) if right else next(i for i, v in enumerate(values) if v != keyed)
        tab_to(page, f"#qz-{q.id} .qz-opts input")  # lands on the checked radio, else the first
        at = values.index(page.evaluate("() => document.activeElement.value"))
        for _ in range((target - at) % len(values)):
            page.keyboard.press("ArrowDown")
        page.keyboard.press("Space")
        return True
    if q.type == "multiple_response":
        for o in q.options:
            if o.correct == right:
                tab_to(page, f"#qz-{q.id} input[value='{o.id}']")
                page.keyboard.press("Space")
        return True
    return False


def test_the_learner_path_with_the_keyboard_alone(new_page):
    module, lesson = first_lesson()
    quiz = quiz_of(lesson)
    page = new_page(viewport=LAPTOP)
    page.goto("index.html")
    tab_to(page, ".qz-start")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/{module}/{lesson}.html")

    first = next(q for q in quiz.questions if q.type in ("single_choice", "true_false"))
    keyboard_answer(page, first, right=False)
    tab_to(page, f"#qz-{first.id} .qz-check")
    page.keyboard.press("Enter")
    assert norm(page.locator(f"#qz-{first.id} .qz-status").inner_text()).startswith("✗ Not quite.")
    hinted = next((q for q in quiz.questions if q.hints), None)
    if hinted:
        tab_to(page, f"#qz-{hinted.id} details.qz-hint summary")
        page.keyboard.press("Enter")
        assert page.locator(f"#qz-{hinted.id} details.qz-hint").first.evaluate("d => d.open")
    keyboard_answer(page, first, right=True)
    tab_to(page, f"#qz-{first.id} .qz-check", key="Shift+Tab")
    page.keyboard.press("Enter")
    assert norm(page.locator(f"#qz-{first.id} .qz-status").inner_text()) == "✓ Correct."
    for q in quiz.questions:  # the rest answered for the result (their own keyboard tests are in test_quiz_browser)
        if q is not first:
            w = Widget(page, Found(q, quiz, "", ""))
            w.answer_right()
            w.check()
    tab_to(page, f"#qz-{quiz.id} .qz-again")
    assert page.locator(f"#qz-{quiz.id} .qz-review li:visible a").count() >= 1
    page.keyboard.press("Enter")
    assert not page.locator(f"#qz-{quiz.id} .qz-res").is_visible()

    check, questions = module_pool(module)
    page.goto(f"{module}/quiz.html")
    drawn = drawn_ids(page)
    answered = [qid for qid in drawn if keyboard_answer(page, questions[qid], right=True)]
    assert answered, "the draw has choice questions to answer by keyboard"
    tab_to(page, ".qz-submit")
    page.keyboard.press("Enter")
    assert focused_is(page, ".qz-exam .qz-sum"), "after checking, focus is on the one total"
    got = sum(questions[q].points for q in answered)
    total = sum(questions[q].points for q in drawn)
    assert norm(page.locator(".qz-exam .qz-sum").inner_text()).startswith(f"Your total: {got:g} of {total:g} points")
    tab_to(page, ".qz-exam .qz-again")
    page.keyboard.press("Enter")
    assert not set(drawn) & set(drawn_ids(page))
    assert page.evaluate("() => document.activeElement.closest('.qz-slot') !== null"), "focus goes to the new draw"


# ---------------------------------------------------------------------------------------------------------------------
# In French
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def french_site(tmp_path_factory):
    """The shipped course with `language: fr` (its interface in French), built without PDFs and served."""
    root = tmp_path_factory.mktemp("learner-fr") / "course"
    root.mkdir()
    for name in ("content", "quizzes", "workshops", "theme"):
        shutil.copytree(ROOT / name, root / name)
    for name in ("mkdocs.yml", "course.lock.json"):
        if (ROOT / name).is_file():  # a course before its first release has no lock file yet
            shutil.copy(ROOT / name, root / name)
    course = root / "content" / "course.yml"
    course.write_text(re.sub(r"(?m)^language: .*\n", "", course.read_text(encoding="utf-8")) + "language: fr\n",
                      encoding="utf-8")
    port = _free_port()
    url = f"http://{LOOPBACK}:{port}"
    subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--no-pdfs", "--site-dir",
                    str(root / "site"), "--site-url", url + "/"], check=True, capture_output=True, timeout=900)
    httpd, url = serve(root / "site", port)
    yield url
    httpd.shutdown()
    httpd.server_close()


def test_the_learner_path_in_french(browser, french_site):
    module, lesson = first_lesson()
    quiz = quiz_of(lesson)
    context = browser.new_context(base_url=french_site, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("/index.html")
        start = page.locator(".qz-start")
        assert norm(start.inner_text()).startswith("Commencer")
        start.click()
        page.wait_for_url(f"**/{module}/{lesson}.html")
        first = next(q for q in quiz.questions if q.type in ("single_choice", "true_false"))
        w = Widget(page, Found(first, quiz, "", ""))
        wrong_answer(w)
        w.check_button.click()
        assert norm(w.status.inner_text()).startswith("✗ Pas tout à fait.")
        for q in quiz.questions:
            w = Widget(page, Found(q, quiz, "", ""))
            w.answer_right()
            w.check_button.click()
        result = page.locator(f"#qz-{quiz.id} .qz-res")
        assert norm(result.locator(".qz-first").inner_text()).startswith("Du premier coup")
        assert result.get_by_role("button", name="Refaire ce quiz").is_visible()
        assert norm(page.locator(".lesson-next a").inner_text()).startswith("Suite")

        _, questions = module_pool(module)
        page.goto(f"/{module}/quiz.html")
        first_draw = drawn_ids(page)
        page.get_by_role("button", name="Vérifier toutes mes réponses").click()
        assert norm(page.locator(".qz-exam .qz-sum").inner_text()).startswith("Votre total")
        assert page.locator(".qz-exam .qz-status[data-v]").first.inner_text().startswith("✗ Pas de réponse.")
        page.get_by_role("button", name="Recommencer avec de nouvelles questions").click()
        assert not set(first_draw) & set(drawn_ids(page))
        page.goto("/progress.html")
        page.wait_for_selector(".qz-pacts:not([hidden])")
        assert norm(page.locator(f"tr[data-check='{module}'] .qz-st").inner_text()).startswith("1 tentative")
        if len(module_titles()) > 1:
            page.goto(f"/{module_titles()[1][0]}/index.html")
            title = module_titles()[0][1]
            footer_says(page, "prev", f"Précédent: Contrôle du module\u00a0: {title}")  # the module, named in French
    finally:
        context.close()


# ---------------------------------------------------------------------------------------------------------------------
# Without JavaScript, and axe
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["lesson", "check"])
def test_without_javascript_every_question_is_answered_through_its_disclosure(new_page, where):
    module, lesson = first_lesson()
    check, _ = module_pool(module)
    page = new_page(java_script_enabled=False, viewport=PHONE)
    page.goto(f"{module}/{lesson}.html" if where == "lesson" else f"{module}/quiz.html")
    questions = page.locator(".qz-q:visible")
    expected = len(quiz_of(lesson).questions) if where == "lesson" else check["draw"]
    assert questions.count() == expected, "the lesson's questions, or the check's fixed draw"
    for i in range(questions.count()):
        answer = questions.nth(i).locator("details.qz-ans")
        assert answer.is_visible() and not answer.evaluate("d => d.open")
        answer.locator("summary").click()
        assert len(norm(answer.inner_text())) > 40, "the disclosure gives the answer and why"
    if where == "check":
        assert page.get_by_text("JavaScript is off, so this page shows one fixed set").is_visible()
        assert not page.get_by_role("button", name="Check all my answers").is_visible()


def test_axe_finds_nothing_on_the_new_pages_in_use(new_page):
    module, lesson = first_lesson()
    quiz = quiz_of(lesson)
    _, questions = module_pool(module)
    page = new_page(viewport=PHONE)
    failures = []

    def audit(where: str) -> None:
        page.mouse.move(0, 0)  # not hovering what the last click revealed (Material's hover colour is the gate's)
        violations = axe_violations(page)
        if violations:
            failures.append(format_violations(violations, where))

    page.goto(f"{module}/{lesson}.html")
    for q in quiz.questions:
        w = Widget(page, Found(q, quiz, "", ""))
        w.answer_right()
        w.check()
    audit("lesson with its result: ")
    page.goto(f"{module}/quiz.html")
    answer_check(page, questions, 1)
    page.get_by_role("button", name="Check all my answers").click()
    audit("module check after checking: ")
    page.goto("index.html")
    audit("home with Continue: ")
    page.goto("progress.html")
    page.wait_for_selector(".qz-pacts:not([hidden])")
    audit("progress: ")
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------------------------------------------------------------
# Figures on a phone
# ---------------------------------------------------------------------------------------------------------------------


def test_figure_labels_stay_readable_on_a_360_px_phone(new_page, site):
    lesson = next((p for p in site.pages if 'class="figure-scroll"' in (site.dir / p).read_text(encoding="utf-8")), None)
    if lesson is None:
        pytest.skip("the course has no figure")
    page = new_page(viewport={"width": 360, "height": 740})
    page.goto(lesson)
    box = page.locator(".figure-scroll").first
    box.scroll_into_view_if_needed()
    shown, natural = box.locator("img").evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]")
    smallest = min(int(s) for s in re.findall(r'font-size="(\d+)"', "".join(
        p.read_text(encoding="utf-8") for p in (ROOT / "content").glob("*/*.svg"))))
    assert smallest * shown / natural >= 11, f"labels of {smallest} px drawn at {smallest * shown / natural:.1f} px"
    assert box.evaluate("e => e.scrollWidth > e.clientWidth"), "the figure scrolls sideways instead of shrinking"
    box.focus()
    page.keyboard.press("ArrowRight")
    try:  # the arrow key's scroll is smooth: it takes a moment on a busy machine
        page.wait_for_function("e => e.scrollLeft > 0", arg=box.element_handle(), timeout=10_000)
    except PlaywrightTimeout:
        pytest.fail("the keyboard does not scroll the figure sideways")
