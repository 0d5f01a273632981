"""Rules on a lesson's exercises and its quizzes' questions: what each assesses is an objective of its lesson and every
objective is assessed, a challenge's `after` names a section, activities fit the lesson's exercise time, and advice on
how questions are written (warnings)."""

from __future__ import annotations

from collections.abc import Iterator

from ... import i18n, model
from ...load import Document, Loc
from ...model.questions import AnyQuestion
from ...workshops import activity_time_issues
from ..advice import keyed_longest, question_warnings
from ..context import Context
from ..sink import Sink

KEYED_LONGEST_SHARE = 0.35
"""The share of single-choice questions whose keyed option may be the longest before `validate` warns (issue 21)."""
KEYED_LONGEST_MIN_QUESTIONS = 6
"""Fewer single-choice questions than this are too few to judge a share by."""


def _assessing(ctx: Context) -> Iterator[tuple[Document, Loc, list[str], model.Lesson]]:
    """Every challenge, role-play and quiz question with the lesson whose objectives it names: (its file, where it
    is, its `assesses`, the lesson). A quiz for a lesson that does not exist is left out (reported on its own)."""
    for doc, lesson in ctx.lessons:
        for kind in ("challenges", "roleplays"):
            for i, item in enumerate(getattr(lesson, kind)):
                yield doc, (kind, i), item.assesses, lesson
    for doc, quiz in ctx.quizzes:
        if quiz.lesson in ctx.lesson_by_id:
            lesson = ctx.lesson_by_id[quiz.lesson][1]
            for i, question in enumerate(quiz.questions):
                yield doc, ("questions", i), question.assesses, lesson


def assessed_objectives_exist(ctx: Context, sink: Sink) -> None:
    """What each challenge, role-play and quiz question `assesses` is an objective of its lesson."""
    for doc, loc, assesses, lesson in _assessing(ctx):
        objective_ids = [o.id for o in lesson.objectives]
        for j, objective in enumerate(assesses):
            if objective not in objective_ids:
                sink.missing(doc, (*loc, "assesses", j), "objective", objective, objective_ids,
                             where=f"in the lesson '{lesson.id}'")


def after_names_a_section(ctx: Context, sink: Sink) -> None:
    """A challenge or role-play placed `after` a section names a section of its lesson."""
    for doc, lesson in ctx.lessons:
        section_ids = [s.id for s in lesson.sections if s.id]
        for kind in ("challenges", "roleplays"):
            for i, item in enumerate(getattr(lesson, kind)):
                if item.after and item.after not in section_ids:
                    sink.missing(doc, (kind, i, "after"), "section", item.after, section_ids,
                                 where=f"in the lesson '{lesson.id}'", fix="give the section an `id:` and name it here")


def activity_times(ctx: Context, sink: Sink) -> None:
    """A lesson's activities fit in its `exercises` minutes (`workshops.activity_time_issues`)."""
    for doc, lesson in ctx.lessons:
        sink.add_all(doc, activity_time_issues(lesson))


def roleplays_fit_exercises(ctx: Context, sink: Sink) -> None:
    """A lesson's role-plays fit in its `exercises` minutes (a warning)."""
    for doc, lesson in ctx.lessons:
        minutes = sum(r.minutes for r in lesson.roleplays)
        if minutes > lesson.exercises:
            sink.add(doc, ("exercises",), "roleplay-time",
                     f"the role-plays take {minutes} minutes, more than the lesson's {lesson.exercises} minutes of "
                     f"exercises", f"role-plays are part of the exercises: set `exercises: {minutes}` or more, or "
                     "shorten the role-plays", severity="warning")


def question_advice(ctx: Context, sink: Sink) -> None:
    """Advice on how each quiz and module-check question is written (warnings from `advice.py`)."""
    verdicts = [word.strip() for word in i18n.catalog(ctx.info.language).raw("quiz_craft.verdicts").split(",")]
    questions: list[tuple[Document, Loc, AnyQuestion]] = [
        (doc, ("questions", i), q) for doc, quiz in ctx.quizzes for i, q in enumerate(quiz.questions)]
    questions += [(doc, ("check", "questions", i), q) for doc, m, _ in ctx.modules
                  for i, q in enumerate(m.check.questions if m.check else [])]
    for doc, where, question in questions:
        for loc, code, message in question_warnings(question, verdicts):
            sink.add(doc, (*where, *loc), code, message, severity="warning")


def keyed_longest_rate(ctx: Context, sink: Sink) -> None:
    """The keyed option is rarely the longest across the course (a warning).

    A test-wise learner picks the longest option: it should rarely be the keyed one."""
    found, total = keyed_longest([q for _, quiz in ctx.quizzes for q in quiz.questions])
    if total >= KEYED_LONGEST_MIN_QUESTIONS and found > KEYED_LONGEST_SHARE * total:
        sink.add(ctx.course_doc, ("id",), "keyed-longest-rate",
                 f"the keyed option is the longest in {found} of the course's {total} single-choice questions "
                 f"({found / total:.0%}): a learner who always picks the longest option gets those right",
                 f"keep it at {KEYED_LONGEST_SHARE:.0%} or less (with four options, chance is 25 %): trim keyed "
                 "options to what makes them right, or give the other options the same detail", "warning")


def objectives_assessed(ctx: Context, sink: Sink) -> None:
    """Every objective is assessed by a challenge, role-play or quiz question (a warning).

    Completeness is only worth judging on a course that is otherwise consistent: this says nothing once a rule before
    it in `RULES` found an error."""
    if sink.has_errors():
        return
    assessed = {(lesson.id, objective) for _, _, assesses, lesson in _assessing(ctx) for objective in assesses}
    for doc, lesson in ctx.lessons:
        for i, objective in enumerate(lesson.objectives):
            if (lesson.id, objective.id) not in assessed:
                sink.add(doc, ("objectives", i, "id"), "unassessed",
                         f"no challenge or quiz question assesses the objective '{objective.id}'",
                         f"add `assesses: [{objective.id}]` to a challenge in this lesson or to a question "
                         f"in a quiz with `lesson: {lesson.id}`", severity="warning")
