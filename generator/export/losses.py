"""What an export format cannot hold, declared per question type, and each question's report made from it.

Every quiz exporter declares `DROPS`, a table with a row for every question type (`qtypes.TypeName`; a test checks
that no type is missing): the parts of a question of that type the format (or its importer) leaves out, each with
the reason a user is told. A part is named by the question's field:

| part                     | counts when the question has…                      |
|--------------------------|----------------------------------------------------|
| `WHOLE`                  | always: the whole question is left out             |
| `hints`, `checklist`, …  | a non-empty value in that field                    |
| `items.feedback`         | a non-empty `feedback` on any of its `items`       |
| `scoring=all_or_nothing` | that value in that field                           |
| `points!=1`              | any other value in that field                      |

So a report names only what a question really loses: an ordering question without item feedback loses nothing to
Moodle's ordering importer.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..model.qtypes import TypeName
from ..model.questions import AnyQuestion

WHOLE = "*"

Drops = Mapping[TypeName, Mapping[str, str]]
"""Question type -> {part: why the format leaves it out}."""


def has(question: AnyQuestion, part: str) -> bool:
    """Whether `question` has something in `part` (see the module's table)."""
    if part == WHOLE:
        return True
    if "!=" in part:
        field, value = part.split("!=")
        return str(_number(getattr(question, field, None))) != value
    if "=" in part:
        field, value = part.split("=")
        return str(getattr(question, field, None)) == value
    field, _, sub = part.partition(".")
    held = getattr(question, field, None)
    if sub:
        return any(getattr(item, sub, None) for item in held or ())
    return bool(held)


def _number(value: object) -> object:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def dropped(question: AnyQuestion, drops: Drops) -> list[str]:
    """One report line per part of `question` that the format leaves out: '<question id>: <why>'."""
    return [f"{question.id}: {why}" for part, why in drops[question.type].items() if has(question, part)]


def left_out(question: AnyQuestion, drops: Drops) -> bool:
    """Whether the format leaves the whole question out."""
    return WHOLE in drops[question.type]
