"""The shipped course meets its own standard (issue 8): size, structure, variety of questions, figures, glossary and
readability. These read the validated model, so they hold for any edit that keeps the course complete.

They are marked `shipped_course`: a fork whose content/course.yml names its own course skips them (conftest.py),
while `tests/content/test_any_course.py` holds any course to what every course must be."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from readability import measure  # noqa: E402

from generator.validate import validate_course  # noqa: E402

STRATEGIES = ["active-listening", "empathy", "authenticity", "common-ground", "adaptability", "positive-reinforcement",
              "consistency"]
SETTINGS = ["sales-marketing", "leadership-management", "personal-relationships", "healthcare", "teaching",
            "investigative-interviewing", "negotiation"]


pytestmark = pytest.mark.shipped_course


@pytest.fixture(scope="module")
def course():
    course, issues = validate_course(ROOT)
    assert course is not None, "\n".join(map(str, issues))
    return course


def test_the_course_validates_without_a_warning():
    _, issues = validate_course(ROOT)
    assert issues == [], "\n".join(map(str, issues))


def test_size_and_coverage(course):
    lessons = {lesson.id for _, lesson in course.lessons}
    questions = [q for part in course.parts for quizzes in part.quizzes.values() for quiz in quizzes for q in quiz.questions]
    assert len(lessons) >= 24 and len(questions) >= 150
    assert set(STRATEGIES) <= lessons and set(SETTINGS) <= lessons
    assert len(course.glossary.terms) >= 40


@pytest.mark.parametrize("index", range(5))
def test_each_part_mixes_question_types_and_has_a_figure(course, index):
    part = course.parts[index]
    types = Counter(q.type for quizzes in part.quizzes.values() for quiz in quizzes for q in quiz.questions)
    assert len(types) >= 4, types
    assert max(types.values()) * 2 <= sum(types.values()), types
    assert any(section.figures for lesson in part.lessons for section in lesson.sections), part.module.id


def test_every_lesson_has_what_a_lesson_needs(course):
    problems = []
    for part, lesson in course.lessons:
        quizzes = part.quizzes.get(lesson.id, [])
        count = sum(len(q.questions) for q in quizzes)
        checks = {
            "2-4 objectives": 2 <= len(lesson.objectives) <= 4,
            "2+ challenges": len(lesson.challenges) >= 2,
            "a check placed in the teaching": any(c.after for c in lesson.challenges),
            "try_this_week": lesson.try_this_week is not None,
            "instructor notes": bool(lesson.instructor),
            "4-8 quiz questions": 4 <= count <= 8,
            "objectives assessed by a challenge or role-play": {o.id for o in lesson.objectives} <= {
                a for item in (*lesson.challenges, *lesson.roleplays) for a in item.assesses},
        }
        problems += [f"{lesson.id}: {what}" for what, ok in checks.items() if not ok]
    assert not problems, "\n".join(problems)


def test_every_strategy_lesson_has_a_role_play_and_a_myth(course):
    lessons = {lesson.id: lesson for _, lesson in course.lessons}
    for lesson_id in STRATEGIES:
        lesson = lessons[lesson_id]
        assert lesson.roleplays, lesson_id
        assert any(c.kind == "myth" for s in lesson.sections for c in s.callouts), lesson_id


def test_readability():
    rows = measure(ROOT)
    low = [(lesson, round(score, 1)) for lesson, _, score in rows if score < 55]
    assert not low, f"Flesch reading ease under 55 (scripts/readability.py): {low}"
    assert sum(score for *_, score in rows) / len(rows) >= 60
