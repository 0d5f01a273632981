"""A learner in a real Chromium: exercises are boxed, their hints come one at a time and their solutions stay hidden
until asked for, with or without JavaScript; links keep their contrast while hovered or focused."""

from __future__ import annotations

import re

import pytest
from conftest import AXE_JS, DESKTOP, format_violations

pytestmark = pytest.mark.browser


def _page_with(site, *needles: str) -> str:
    """The first page of the real course whose HTML holds every one of `needles`."""
    for page in site.pages:
        html = (site.dir / page).read_text(encoding="utf-8")
        if all(needle in html for needle in needles):
            return page
    pytest.fail(f"no page of the course holds all of {needles}")


@pytest.fixture(scope="module")
def lesson_with_solution(site) -> str:
    """A lesson page of the real course that has at least one exercise with hints."""
    return _page_with(site, 'class="success solution"', 'class="tip hint"')


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
    assert hints and re.match(r"Hint( 1 of \d+)?$", hints[0].strip()), hints
    assert challenge.count() == 1


@pytest.fixture(scope="module")
def lesson_with_hints(site) -> str:
    """A lesson page with an exercise that has two hints or more."""
    return _page_with(site, 'class="exercise"', "Hint 2 of")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_exercise_is_a_box_whose_hints_come_one_at_a_time(new_page, lesson_with_hints, javascript):
    page = new_page(java_script_enabled=javascript)
    page.goto(lesson_with_hints)
    box = page.locator("div.exercise-end:has(details.hint ~ details.hint)").first
    task = box.locator("xpath=preceding-sibling::div[1]")
    assert task.get_attribute("class") == "exercise" and task.get_by_role("heading", level=3).is_visible()
    assert norm_text(task.locator(".exercise-kind").inner_text()) == "EXERCISE", "the box says it is an exercise"
    assert task.evaluate("e => getComputedStyle(e).borderTopStyle") == "solid", "an exercise is boxed"
    assert box.evaluate("e => getComputedStyle(e).borderBottomStyle") == "solid"
    hints = box.locator("details.hint")
    assert hints.nth(0).is_visible() and not hints.nth(1).is_visible(), "the second hint waits for the first"
    hints.nth(0).locator("summary").click()
    assert hints.nth(1).is_visible() and not hints.nth(1).evaluate("d => d.open")
    assert box.locator("details.solution").is_visible(), "the solution is always there to open"


def norm_text(text: str) -> str:
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------------------------------
# Links keep their contrast while hovered or focused (axe runs with nothing hovered, so it never saw this state)
# ---------------------------------------------------------------------------------------------------------------------

LINKS = {
    "index.html": {"the start button": ".md-content .md-button--primary",
                   "a link in the text": ".md-content p a[href]:not(.md-button)"},
    "lesson": {"a link in the text": ".md-content p a[href]:not(.md-button)",
               "the navigation": ".md-sidebar--primary .md-nav__link[href]",
               "the table of contents": ".md-sidebar--secondary .md-nav__link[href]",
               "the footer": ".md-footer__link"},
}

LOOK = """el => [el, ...el.querySelectorAll('*')].map(e => {
    const s = getComputedStyle(e);
    return [s.color, s.backgroundColor, s.opacity].join(' ');
}).join('|')"""


def settle(link) -> None:
    """Wait for Material's colour and opacity transitions on `link` to end: what a reader sees, not a frame of it."""
    link.evaluate("el => Promise.all(el.getAnimations({subtree: true}).map(a => a.finished))")


RING_CONTRAST = """el => {
    const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1] };
    const layers = [];
    for (let e = el.parentElement; e; e = e.parentElement) {
        const c = rgba(getComputedStyle(e).backgroundColor);
        if (c[3] > 0) layers.unshift(c);
        if (c[3] == 1) break;
    }
    const behind = layers.reduce((bg, c) => bg.map((v, i) => c[i] * c[3] + v * (1 - c[3])), [255, 255, 255]);
    const lum = rgb => rgb.slice(0, 3).map(v => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
    const [a, b] = [lum(rgba(getComputedStyle(el).outlineColor)), lum(behind)];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""
"""The contrast of an element's focus ring with what is around it (WCAG 1.4.11 asks 3:1)."""


def contrast_of(page, link) -> tuple[list[dict], int]:
    """axe's colour-contrast rule on `link` as it looks now: (violations and undecided results, nodes that passed)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    result = link.evaluate("el => axe.run(el, {runOnly: ['color-contrast']})")
    failed = [v for v in result["violations"] + result["incomplete"] if v["id"] == "color-contrast"]
    return failed, sum(len(p["nodes"]) for p in result["passes"] if p["id"] == "color-contrast")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_links_keep_their_contrast_while_hovered_or_focused(new_page, sample_pages, scheme):
    page = new_page(scheme=scheme, viewport=DESKTOP)
    failures = []
    for where, links in LINKS.items():
        page.goto(sample_pages.lesson if where == "lesson" else where)
        for name, selector in links.items():
            link = page.locator(selector).first
            assert link.is_visible(), f"{name} ({selector}) is not on {where} at {DESKTOP['width']} px"
            settle(link)
            at_rest = link.evaluate(LOOK)
            for state in ("hovered", "focused"):
                if state == "hovered":
                    link.hover()
                else:
                    page.mouse.move(0, 0)
                    link.focus()
                settle(link)
                assert link.evaluate(LOOK) != at_rest, f"{name} on {where} looks the same {state}: not tested"
                failed, passed = contrast_of(page, link)
                if failed or not passed:
                    failures.append(f"{name} on {where}, {state}: "
                                    + (format_violations(failed) or "axe checked no text"))
                ring = link.evaluate(RING_CONTRAST)
                if state == "focused" and not ring >= 3:
                    failures.append(f"{name} on {where}: its focus ring is {ring:.2f}:1 against what surrounds it")
                page.evaluate("() => document.activeElement.blur()")
            page.mouse.move(0, 0)
    assert not failures, f"{scheme} palette:\n" + "\n".join(failures)
