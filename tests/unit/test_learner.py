"""What a learner meets, checked without a browser: fair questions (no ordering starts solved), question pools and
module checks (sizes against the draw, a fixed draw). The browser half is tests/browser/test_learner_browser.py."""

from __future__ import annotations

import itertools
from functools import cache

import yaml
from conftest import ROOT

from generator.model import ModuleCheck, Part, Quiz
from generator.model.pool import check_issues, draw, pool
from generator.model.questions import Ordering, _no_item_in_place, display_order
from generator.validate import validate_course


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


# ---------------------------------------------------------------------------------------------------------------------
# Question pools and module checks
# ---------------------------------------------------------------------------------------------------------------------

@cache
def shipped():
    course, issues = validate_course(ROOT)
    assert course is not None, issues
    return course


def with_check(part: Part, **check) -> Part:
    return part.model_copy(update={"module": part.module.model_copy(update={"check": ModuleCheck(**check)})})


def test_the_shipped_course_has_a_check_for_every_module_with_a_pool_twice_its_draw():
    for part in shipped().parts:
        check = part.module.check
        assert check is not None, f"{part.module.id} has no module check"
        assert len(pool(part)) >= 2 * check.draw, (part.module.id, len(pool(part)), check.draw)
        assert not list(check_issues(part))


def test_the_validator_checks_pool_sizes_against_the_draw():
    part = shipped().parts[0]
    size = len(pool(part))

    def codes(p):
        return [(issue[1], issue[4]) for issue in check_issues(p)]

    assert codes(with_check(part, draw=size + 1)) == [("pool-too-small", "error")]
    assert codes(with_check(part, draw=size // 2 + 1)) == [("pool-small", "warning")]
    assert codes(with_check(part, draw=size // 2)) == []
    objective = part.lessons[0].objectives[0].id
    having = sum(objective in q.assesses for q in pool(part))
    assert codes(with_check(part, draw=having + 1, minimums={objective: having + 1}))[-1] == ("pool-too-small", "error")
    assert codes(with_check(part, draw=4, minimums={"no-such-objective": 1})) == [("unknown-objective", "error")]


def test_a_fixed_draw_is_stable_meets_its_minimums_and_keeps_pool_order():
    part = shipped().parts[0]
    questions = pool(part)
    objective = questions[-1].assesses[0]
    fixed = draw(questions, 5, {objective: 1}, seed="a")
    assert fixed == draw(questions, 5, {objective: 1}, seed="a") and len(fixed) == 5
    assert any(objective in q.assesses for q in fixed)
    assert fixed == [q for q in questions if q in fixed]
    assert draw(questions, 5, {}, seed="a") != draw(questions, 5, {}, seed="b"), "A and B versions differ"
