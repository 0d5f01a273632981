"""The question types, declared once: every type with what the rest of the generator needs from it.

`QUESTION_TYPES` is the one list. Each row is a `QuestionType`:

| field        | what it is                                                           | used by                       |
|--------------|----------------------------------------------------------------------|-------------------------------|
| `name`       | the `type:` an author writes in a quiz file                          | everyone                      |
| `model`      | its pydantic class in `questions.py` (fields, rules, messages)       | validate, every renderer      |
| `widget`     | the Jinja template of its self-check widget (`templates/quiz/`)      | `render/quiz.py`              |
| `worksheet`  | the print template of its learner worksheet item (no answer in it)   | print                         |
| `key`        | the print template of its answer-key entry (facilitator edition)     | print                         |
| `answer_key` | what decides its grading and what a saved answer means, as JSON data | `lockfile.py` (its hash)      |
| `scored`     | whether it earns points (derived from the model: `is_scored`)        | widget, exports, progress     |

Code that must treat each type differently in a way a table cannot hold (an exporter's mapping, a renderer's branch)
does it in a `match` over `questions.AnyQuestion` that ends in `case _: assert_never(question)`: mypy (run by
`make test`) then names the file a new type still needs. A per-format table keyed by type name
(`dict[TypeName, ...]`) is checked against `TYPE_NAMES` by a test instead.

Adding a type: `CONTRIBUTING.md`, "Adding a question type", walks through it; `tests/unit/test_qtypes.py` checks
that every row is complete (its model's `type` matches its name, its templates exist, its answer key is JSON).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Literal, TypeVar, get_args

from .questions import (
    AnyQuestion, Likert, Matching, MultipleResponse, Ordering, Reflection, ScoredQuestion, SingleChoice, TrueFalse,
    _Question, _Scored, display_order, match_choices,
)

Q = TypeVar("Q", bound=_Question)

TypeName = Literal["single_choice", "multiple_response", "true_false", "matching", "ordering", "reflection", "likert"]
"""The `type:` values an author may write; tests/unit/test_qtypes.py keeps it equal to the names in `QUESTION_TYPES`."""


@dataclass(frozen=True)
class QuestionType(Generic[Q]):
    """One question type and what it needs (see the module's table)."""

    name: TypeName
    model: type[Q]
    answer_key: Callable[[Q], dict[str, Any]]
    worksheet: str
    key: str

    @property
    def widget(self) -> str:
        """Its widget template, by convention `quiz/<name>.html` (an instructor's theme can override it)."""
        return f"quiz/{self.name}.html"

    @property
    def scored(self) -> bool:
        """Whether it earns points (its model has `points` and an `explanation`)."""
        return issubclass(self.model, _Scored)


def _scoring(q: ScoredQuestion) -> dict[str, Any]:
    return {"points": q.points, "scoring": getattr(q, "scoring", None)}


def _choice_key(q: SingleChoice | MultipleResponse) -> dict[str, Any]:
    return {**_scoring(q), "options": [[o.id, o.correct] for o in display_order(q)]}


def _true_false_key(q: TrueFalse) -> dict[str, Any]:
    return {**_scoring(q), "answer": q.answer}


def _matching_key(q: Matching) -> dict[str, Any]:
    return {**_scoring(q), "pairs": [[p.id, p.match] for p in display_order(q)], "choices": match_choices(q)}


def _ordering_key(q: Ordering) -> dict[str, Any]:
    return {**_scoring(q), "order": [i.id for i in q.items], "shown": [i.id for i in display_order(q)]}


def _reflection_key(q: Reflection) -> dict[str, Any]:
    return {"checklist": len(q.checklist)}


def _likert_key(q: Likert) -> dict[str, Any]:
    return {"statements": [[s.id, s.reverse] for s in display_order(q)], "scale": len(q.scale)}


def _print(name: str) -> dict[str, str]:
    """Its print templates (Typst): the worksheet item, which never receives an answer, and the key entry."""
    return {"worksheet": f"print/worksheet/{name}.typ", "key": f"print/key/{name}.typ"}


QUESTION_TYPES: tuple[QuestionType[Any], ...] = (
    QuestionType("single_choice", SingleChoice, _choice_key, **_print("single_choice")),
    QuestionType("multiple_response", MultipleResponse, _choice_key, **_print("multiple_response")),
    QuestionType("true_false", TrueFalse, _true_false_key, **_print("true_false")),
    QuestionType("matching", Matching, _matching_key, **_print("matching")),
    QuestionType("ordering", Ordering, _ordering_key, **_print("ordering")),
    QuestionType("reflection", Reflection, _reflection_key, **_print("reflection")),
    QuestionType("likert", Likert, _likert_key, **_print("likert")),
)
"""Every question type, in the order the README and the every-type fixture list them."""

TYPE_NAMES: tuple[TypeName, ...] = get_args(TypeName)
"""The type names, in `QUESTION_TYPES` order: what tests parametrise over and per-format tables are checked against."""

_BY_MODEL: dict[type, QuestionType[Any]] = {t.model: t for t in QUESTION_TYPES}
BY_NAME: dict[str, QuestionType[Any]] = {t.name: t for t in QUESTION_TYPES}


def question_type(question: AnyQuestion) -> QuestionType[Any]:
    """The declared row of a question's type."""
    return _BY_MODEL[type(question)]
