"""The rules across files, in one list.

A rule is a function of the course as read (`Context`) and the issue sink: it adds an issue at the author's line for
each problem it finds, and never raises. To add one, write the function in the module of its topic (or a new one)
with a docstring that says what it keeps, and name it in `RULES`. tests/unit/test_rules.py checks that every rule
function is listed, once. To see the list: `python -m generator.validate.rules`.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import Context
from ..sink import Sink
from . import exercises, ids, links, structure, workshops

Rule = Callable[[Context, Sink], None]

RULES: list[Rule] = [
    structure.course_language,
    ids.unique_glossary_terms,
    ids.unique_reference_keys,
    ids.unique_module_ids,
    structure.listed_modules_exist,
    structure.modules_are_listed,
    ids.no_reserved_ids,
    ids.unique_lesson_ids,
    ids.modules_and_lessons_apart,
    structure.listed_lessons_exist,
    structure.lessons_are_listed,
    structure.quizzes_name_lessons,
    ids.unique_objective_ids,
    ids.unique_section_ids,
    exercises.assessed_objectives_exist,
    exercises.after_names_a_section,
    ids.anchors_apart,
    exercises.activity_times,
    exercises.roleplays_fit_exercises,
    links.lesson_lists_resolve,
    exercises.question_advice,
    exercises.keyed_longest_rate,
    ids.unique_item_ids,
    # Judges completeness only when the rules above found no error: a rule placed after it does not silence it.
    exercises.objectives_assessed,
    links.links_resolve,
    links.figures_exist,
    ids.unique_page_ids,
    ids.unique_page_section_ids,
    structure.module_checks_draw,
    workshops.unique_workshop_ids,
    workshops.sessions_name_lessons,
    workshops.skipped_activities_exist,
    workshops.days_on_the_calendar,
    workshops.days_fit_their_hours,
]
"""Every rule across files, in the order they run (it matters only to `objectives_assessed`)."""


def check_across_files(ctx: Context, sink: Sink) -> None:
    """Run every rule on the course as read."""
    for rule in RULES:
        rule(ctx, sink)


def describe() -> list[str]:
    """Each rule as 'module.name: the first line of its docstring', in order."""
    return [f"{rule.__module__.rsplit('.', 1)[-1]}.{rule.__name__}: " + (rule.__doc__ or "").strip().split("\n")[0]
            for rule in RULES]
