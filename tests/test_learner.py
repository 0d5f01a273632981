"""What a learner meets, checked without a browser: fair questions (no ordering starts solved), and the pages' true
sentences. The browser half is tests/test_learner_browser.py."""

from __future__ import annotations

import itertools

import yaml
from conftest import ROOT

from generator.model import Quiz
from generator.model.questions import Ordering, _no_item_in_place, display_order


def test_no_shuffle_of_up_to_seven_items_leaves_one_in_its_place():
    for n in range(2, 8):
        right = list(range(n))
        for shown in itertools.permutations(right):
            out = _no_item_in_place(list(shown), right)
            assert sorted(out) == right and all(a != b for a, b in zip(out, right)), (shown, out)


def test_every_shipped_ordering_question_starts_with_no_item_in_its_place():
    orderings = [q for path in sorted((ROOT / "quizzes").glob("*.yml"))
                 for q in Quiz.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))).questions
                 if isinstance(q, Ordering)]
    assert orderings
    for q in orderings:
        assert all(a.id != b.id for a, b in zip(display_order(q), q.items)), q.id
