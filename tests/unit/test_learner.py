"""What a learner meets, checked without a browser: fair questions (no ordering starts solved), question pools and
module checks (sizes against the draw, a fixed draw). The browser half is tests/browser/test_learner_browser.py."""

from __future__ import annotations

import itertools

import pytest
import yaml
from conftest import ROOT
from helpers.course_edits import copy_course

from helpers.course_edits import copy_course
from generator.model import ModuleCheck, Part, Quiz
from generator.cli import main
from generator.model.pool import check_issues, draw, pool, printed_versions
from generator.model.questions import Ordering, _no_item_in_place, display_order
from generator.validate import validate_course


def test_no_shuffle_of_up_to_seven_items_leaves_one_in_its_place():
    for n in range(2, 8):
        right = list(range(n))
        for shown in itertools.permutations(right):
            out = _no_item_in_place(list(shown), right)
            assert sorted(out) == right and all(a != b for a, b in zip(out, right)), (shown, out)


@pytest.mark.shipped_course
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

POOL_QUIZ = {"id": "more-cues", "title": "More on cues", "lesson": "first-lesson", "questions": [
    {"id": f"cue-{n}", "type": "true_false", "stem": f"Listening cue number {n} shows attention.", "answer": True,
     "explanation": "A cue shows you follow.", "assesses": ["use-a-cue" if n % 3 else "name-a-cue"]}
    for n in range(12)]}
"""Twelve scored questions on the mini course's first lesson: a pool big enough for every draw below."""


@pytest.fixture(scope="module")
def part(tmp_path_factory) -> Part:
    """The mini course's only module, with a pool of 13 scored questions and no module check yet."""
    root = copy_course(tmp_path_factory.mktemp("pool") / "course")
    (root / "quizzes" / "more-cues.yml").write_text(yaml.safe_dump(POOL_QUIZ), encoding="utf-8")
    course, issues = validate_course(root)
    assert course is not None, issues
    return course.parts[0]


def with_check(part: Part, **check) -> Part:
    return part.model_copy(update={"module": part.module.model_copy(update={"check": ModuleCheck(**check)})})


@pytest.mark.shipped_course
def test_the_shipped_course_has_a_check_for_every_module_with_a_pool_twice_its_draw():
    course, issues = validate_course(ROOT)
    assert course is not None, issues
    for part in course.parts:
        check = part.module.check
        assert check is not None, f"{part.module.id} has no module check"
        assert len(pool(part)) >= 2 * check.draw, (part.module.id, len(pool(part)), check.draw)
        assert not list(check_issues(part))


def test_the_validator_checks_pool_sizes_against_the_draw(part):
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


def test_a_fixed_draw_is_stable_meets_its_minimums_and_keeps_pool_order(part):
    questions = pool(part)
    objective = questions[-1].assesses[0]
    fixed = draw(questions, 5, {objective: 1}, seed="a")
    assert fixed == draw(questions, 5, {objective: 1}, seed="a") and len(fixed) == 5
    assert any(objective in q.assesses for q in fixed)
    assert fixed == [q for q in questions if q in fixed]
    assert draw(questions, 5, {}, seed="a") != draw(questions, 5, {}, seed="b"), "A and B versions differ"


# The printed check's versions A and B go to neighbours: they differ as much as the pool allows.

def small_pool_course(tmp_path, own: int, draw: int, minimums: str = "{}"):
    """The mini course with a module check of `own` questions of its own (the pool: those and the lesson quiz's one
    scored question), drawing `draw`."""
    root = copy_course(tmp_path / "course")
    questions = "".join(f"""
    - id: own-{i}
      type: true_false
      stem: Statement number {i} about listening.
      answer: true
      feedback_true: Statement {i} holds.
      feedback_false: Look again at statement {i}.
      explanation: Statement {i} is what the lesson says.
      assesses: [{"name-a-cue" if i % 2 else "use-a-cue"}]""" for i in range(own))
    with (root / "content" / "01-basics" / "module.yml").open("a", encoding="utf-8") as module:
        module.write(f"check:\n  draw: {draw}\n  minimums: {minimums}\n  questions:{questions or ' []'}\n")
    return root


def test_printed_versions_share_no_more_questions_than_the_pool_forces(tmp_path):
    root = small_pool_course(tmp_path, own=4, draw=1)
    course, issues = validate_course(root)
    assert course is not None, issues
    base = course.parts[0]
    size = len(pool(base))
    assert size == 5
    own = base.module.check.questions
    for n in range(1, size + 1):
        part = with_check(base, draw=n, questions=own)
        versions = printed_versions(part)
        a, b = ({q.id for q in drawn} for drawn in versions.values())
        assert len(a) == len(b) == n
        assert len(a & b) == max(0, 2 * n - size), (n, a, b)
        assert printed_versions(part) == versions, "the same course prints the same versions"
    # Minimums hold in both versions, which still differ where the pool leaves a choice.
    part = with_check(base, draw=3, minimums={"name-a-cue": 2}, questions=own)
    for drawn in printed_versions(part).values():
        assert sum("name-a-cue" in q.assesses for q in drawn) >= 2
    a, b = ({q.id for q in drawn} for drawn in printed_versions(part).values())
    assert a != b


def test_validate_warns_in_one_line_when_the_printed_versions_would_be_the_same(tmp_path, capsys):
    root = small_pool_course(tmp_path, own=2, draw=3)

    code = main(["--root", str(root), "validate"])

    out = capsys.readouterr().out
    assert code == 0, out
    lines = [line for line in out.splitlines() if "[same-versions]" in line]
    assert lines == [
        "content/01-basics/module.yml:7:9: warning [same-versions]: the printed versions A and B of the check would "
        "hold the same 3 questions, as the pool has 3; lower 'draw' to 2 or fewer (to 1 for versions with no "
        "question in common), or add questions under 'check: questions:'"], out
    assert "[pool-small]" not in out, "one warning for one problem"


def test_a_pool_of_one_question_is_told_to_grow(tmp_path):
    course, issues = validate_course(small_pool_course(tmp_path, own=0, draw=1))
    assert course is not None
    (issue,) = [issue for issue in issues if issue.code == "same-versions"]
    assert str(issue) == ("content/01-basics/module.yml:7:9: warning [same-versions]: the printed versions A and B of "
                          "the check would hold the same 1 question, as the pool has 1; add questions under "
                          "'check: questions:'")
