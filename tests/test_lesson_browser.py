"""A learner in a real Chromium: exercise hints and solutions stay hidden until asked for, with or without JavaScript."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def lesson_with_solution(site) -> str:
    """A lesson page of the real course that has at least one exercise with hints."""
    for page in site.pages:
        html = (site.dir / page).read_text(encoding="utf-8")
        if 'class="success solution"' in html and 'class="tip hint"' in html:
            return page
    pytest.fail("no lesson in the course has an exercise with hints and a solution")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_solution_is_hidden_until_opened(new_page, lesson_with_solution, javascript):
    page = new_page(java_script_enabled=javascript)
    page.goto(lesson_with_solution)
    solution = page.locator("details.solution").first
    body = solution.locator("p").first
    hint = page.locator("details.hint").first

    assert not body.is_visible()
    assert not hint.locator("p").first.is_visible()

    solution.locator("summary").click()

    assert body.is_visible()
    assert solution.evaluate("d => d.open")
    assert not hint.locator("p").first.is_visible(), "opening the solution must not open the hints"


def test_solution_opens_from_the_keyboard(page, lesson_with_solution):
    page.goto(lesson_with_solution)
    summary = page.locator("details.solution summary").first
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.solution").first.evaluate("d => d.open")


def test_hints_are_numbered_in_order(page, lesson_with_solution):
    page.goto(lesson_with_solution)
    challenge = page.locator("details.hint").first.locator("xpath=preceding::h3[1]")
    hints = page.locator("details.hint summary").all_inner_texts()
    assert hints and re.match(r"Hint 1( of \d+)?$", hints[0].strip()), hints
    assert challenge.count() == 1
