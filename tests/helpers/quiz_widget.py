"""A question on a page of the built site, driven in Chromium the way a learner would (the browser tests)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from generator.model import Quiz
from generator.model.questions import letter, match_choices


@dataclass(frozen=True)
class Found:
    question: Any
    quiz: Quiz
    page: str
    """The lesson page that ends with the question's quiz, relative to the site root."""
    lesson_page: str
    """The same lesson page (the module check keeps its questions apart: see test_learner_browser.py)."""

    @property
    def id(self) -> str:
        return self.question.id


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


class Widget:
    """One question on a page, driven the way a learner would."""

    def __init__(self, page, found: Found):
        self.page, self.found, self.q = page, found, found.question
        self.root = page.locator(f"#qz-{self.q.id}")
        self.status = self.root.locator(".qz-status")
        self.check_button = self.root.locator(".qz-check")
        self.answer = self.root.locator("details.qz-ans")
        self.summary = page.locator(f".qz:has(#qz-{self.q.id}) .qz-sum")

    def check(self) -> str:
        self.check_button.click()
        return norm(self.status.text_content())

    def option(self, value: str):
        return self.root.locator(f".qz-opts input[value='{value}']")

    def order(self) -> list[str]:
        return self.root.locator("li.qz-o").evaluate_all("els => els.map(e => e.dataset.id)")

    def move_to(self, ids: list[str]) -> None:
        for i, item in enumerate(ids):
            while self.order().index(item) > i:
                # The button by what it does, not by its label: the course may be in another language.
                self.root.locator(f"li[data-id='{item}'] button[data-d='-1']").click()

    def choice_label(self, match: str) -> str:
        return f"{letter(match_choices(self.q).index(match))}. {match}"

    def answer_right(self) -> None:
        q = self.q
        if q.type in ("single_choice", "multiple_response"):
            for o in q.options:
                if o.correct:
                    self.option(o.id).check()
        elif q.type == "true_false":
            self.option(str(q.answer).lower()).check()
        elif q.type == "matching":
            for p in q.pairs:
                self.root.locator(f"#qz-{q.id}--{p.id}").select_option(label=self.choice_label(p.match))
        elif q.type == "ordering":
            self.move_to([i.id for i in q.items])
        elif q.type == "reflection":
            self.root.locator("textarea").fill("I said 'just ignore it'. Now: 'That sounds hard. What happened?'")
        elif q.type == "likert":
            for s in q.statements:
                self.root.locator(f"input[name='qz-{q.id}--{s.id}']").nth(3).check()

    def likert_total(self, index: int) -> int:
        """The total when every statement is answered with the scale's `index`-th label (0-based)."""
        k = len(self.q.scale)
        return sum(k - index if s.reverse else index + 1 for s in self.q.statements)


def tab_to(page, selector: str, key: str = "Tab", limit: int = 250) -> None:
    """Press Tab (or `key`) until the focused element matches `selector`."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"pressing {key} {limit} times never focused {selector}")
