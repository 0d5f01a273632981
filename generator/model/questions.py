"""Quiz questions: one model per `type` (a discriminated union), their rules and display order.

Seven types (see `shared/research/quiz-and-print.md` §1.3). Five are scored: `single_choice`, `multiple_response`,
`true_false`, `matching` and `ordering`. Two never are: `reflection` (free text, self-checked against a model answer)
and `likert` (self-assessment with score bands for self-interpretation). What each type needs beyond its model (its
widget, worksheet and key templates, its lock-file answer key) is declared in `qtypes.py`, and the advice `validate`
gives about a question (warnings) is in `validate/advice.py`. Code that handles each type differently does it in a
`match` over `AnyQuestion` that ends in `assert_never`, so mypy names a forgotten type.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Annotated, Any, Literal, TypeGuard, assert_never

from pydantic import Field, NonNegativeInt, field_validator, model_validator

from .common import DEFAULT_WORKSPACE, Frozen, Markdown, Slug, Text

Scoring = Literal["all_or_nothing", "partial"]
"""`partial` gives credit for each part that is right; `all_or_nothing` only for a fully right answer."""


def _no_duplicates(ids: Iterable[str], what: str) -> None:
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    if repeated:
        raise ValueError(
            f"{what} ids must be unique within a question, but {', '.join(repr(i) for i in repeated)} "
            f"is used more than once: give each one its own short slug, e.g. 'a', 'b', 'c'"
        )


class _Question(Frozen):
    """Fields every question type has."""

    id: Slug
    """Stable: it names the question in progress storage, page anchors and LMS exports. Never reuse or rename one."""
    title: Text | None = None
    """A name for instructors and LMS exports; learners do not see it."""
    scenario: Markdown | None = None
    """Context or dialogue shown before the question."""
    stem: Markdown
    """The question itself: one short paragraph (it becomes the label of the answer controls)."""
    instructions: Text | None = None
    """Overrides the type's default instruction, such as 'Choose one.'"""
    hints: list[Markdown] = []
    """Revealed one at a time, in this order."""
    assesses: list[Slug] = []
    """Ids of the lesson objectives this question checks."""

    @field_validator("stem")
    @classmethod
    def _stem_is_one_paragraph(cls, stem: str) -> str:
        if "\n\n" in "\n".join(line.strip() for line in stem.strip().splitlines()):
            raise ValueError(
                "the stem must be a single short paragraph, because it becomes the label of the answer controls; "
                "move the context into 'scenario' and keep the question itself in 'stem'"
            )
        return stem


class _Scored(_Question):
    explanation: Markdown
    """Shown after answering, whatever the answer: why the right answer is right."""
    points: float = Field(default=1, ge=0)


class Option(Frozen):
    id: Slug
    text: Markdown
    correct: bool = False
    feedback: Markdown | None = None
    """Why choosing this option is (or is not) a good answer. Every option should have one."""
    fixed: bool = False
    """Keep this option in its written place when the others are shuffled (for 'None of these')."""


class _Choice(_Scored):
    options: list[Option] = Field(min_length=2, max_length=26)
    shuffle: bool = True

    @model_validator(mode="after")
    def _unique_option_ids(self) -> _Choice:
        _no_duplicates((o.id for o in self.options), "option")
        return self


class SingleChoice(_Choice):
    """One best answer; also used for scenario (situational-judgement) items."""

    type: Literal["single_choice"]

    @model_validator(mode="after")
    def _exactly_one_correct(self) -> SingleChoice:
        correct = [o.id for o in self.options if o.correct]
        if len(correct) != 1:
            found = "none is" if not correct else f"{len(correct)} are ({', '.join(correct)})"
            raise ValueError(
                f"a single_choice question needs exactly one option with 'correct: true', but {found}; "
                "mark the single best answer, or use type: multiple_response if several answers are right"
            )
        return self


class MultipleResponse(_Choice):
    """Select all that apply."""

    type: Literal["multiple_response"]
    scoring: Scoring = "partial"
    """`partial`: each right tick earns a share and each wrong tick costs one (never below zero)."""

    @model_validator(mode="after")
    def _at_least_one_correct(self) -> MultipleResponse:
        if not any(o.correct for o in self.options):
            raise ValueError(
                "a multiple_response question needs at least one option with 'correct: true'; "
                "mark every option a learner should select"
            )
        return self


class TrueFalse(_Scored):
    """A statement (the stem) that is either true or false."""

    type: Literal["true_false"]
    answer: bool
    """Whether the statement in the stem is true."""
    feedback_true: Markdown | None = None
    """Shown to a learner who answers 'True'."""
    feedback_false: Markdown | None = None
    """Shown to a learner who answers 'False'."""


class Pair(Frozen):
    id: Slug
    prompt: Markdown
    """The left-hand item, e.g. what a listener says."""
    match: Text
    """The right-hand item it goes with, e.g. the technique's name. Plain text: it is shown in a drop-down list."""
    feedback: Markdown | None = None
    """Why these two belong together."""


class Matching(_Scored):
    """Match each prompt with one item from a shared list."""

    type: Literal["matching"]
    pairs: list[Pair]
    distractors: list[Text] = []
    """Extra right-hand items that match no prompt."""
    scoring: Scoring = "partial"
    shuffle: bool = True
    """Shuffle the prompts. The list of matches is always shuffled."""

    @model_validator(mode="after")
    def _pairs(self) -> Matching:
        if len(self.pairs) < 2:
            raise ValueError(
                "a matching question needs at least 2 items in 'pairs', each written as "
                "{id: ..., prompt: ..., match: ...}"
            )
        _no_duplicates((p.id for p in self.pairs), "pair")
        texts = Counter(t.casefold() for t in [*(p.match for p in self.pairs), *self.distractors])
        repeated = sorted(t for t, n in texts.items() if n > 1)
        if repeated:
            raise ValueError(
                f"every match and distractor must be different, but {', '.join(repr(t) for t in repeated)} "
                "appears more than once; a learner could not tell which one you mean"
            )
        return self


class Step(Frozen):
    id: Slug
    text: Markdown
    feedback: Markdown | None = None
    """Why this step comes at this point."""


class Ordering(_Scored):
    """Put the items in order. Write them in the correct order; learners see them shuffled."""

    type: Literal["ordering"]
    items: list[Step]
    scoring: Scoring = "all_or_nothing"
    """`partial`: credit for each item in its right place."""

    @model_validator(mode="before")
    @classmethod
    def _always_shuffled(cls, data: Any) -> Any:
        if isinstance(data, dict) and "shuffle" in data:
            raise ValueError(
                "an ordering question is always shown shuffled (otherwise the answer would be on the page): "
                "remove 'shuffle'"
            )
        return data

    @model_validator(mode="after")
    def _items(self) -> Ordering:
        if len(self.items) < 2:
            raise ValueError(
                "an ordering question needs at least 2 entries in 'items', written in the correct order, "
                "e.g. [{id: listen, text: Listen}, {id: reflect, text: Reflect back}]"
            )
        _no_duplicates((i.id for i in self.items), "item")
        return self


class Reflection(_Question):
    """Free text, never scored: the learner compares their answer with a model answer and a checklist."""

    type: Literal["reflection"]
    model_answer: Markdown
    checklist: list[Text] = []
    """Points a good answer covers; the learner ticks the ones theirs does."""
    workspace: NonNegativeInt = DEFAULT_WORKSPACE
    """Lines of writing space on the printed worksheet."""

    @model_validator(mode="before")
    @classmethod
    def _not_scored(cls, data: Any) -> Any:
        if isinstance(data, dict) and "points" in data:
            raise ValueError("a reflection is never scored: remove 'points'")
        return data


class Statement(Frozen):
    id: Slug
    text: Markdown
    reverse: bool = False
    """Count this statement the other way round (the last scale point scores 1)."""


class Band(Frozen):
    min: int
    max: int
    message: Markdown
    """What a total in this range suggests, e.g. where to focus next."""


class Likert(_Question):
    """Self-assessment on a rating scale. Never graded: optional bands interpret the total."""

    type: Literal["likert"]
    statements: list[Statement] = Field(min_length=1)
    scale: list[Text] = Field(default=["Never", "Rarely", "Sometimes", "Often", "Always"], min_length=2, max_length=11)
    """The answer labels from lowest to highest; the first scores 1."""
    bands: list[Band] = []
    """Ranges of the total score (from the number of statements up to that times the scale's length)."""
    shuffle: bool = False

    @model_validator(mode="before")
    @classmethod
    def _never_graded(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        graded = {"correct", "answer", "points", "options"} & set(data)
        for statement in data.get("statements") or []:
            if isinstance(statement, dict):
                graded |= {"correct", "answer"} & set(statement)
        if graded:
            raise ValueError(
                f"a likert question is a self-assessment and is never graded, so it has no right answers: remove "
                f"{', '.join(repr(g) for g in sorted(graded))}; list 'statements' to rate on the 'scale', and use "
                "'bands' (min, max, message) to say what a total suggests"
            )
        return data

    @model_validator(mode="after")
    def _bands_fit(self) -> Likert:
        _no_duplicates((s.id for s in self.statements), "statement")
        low, high = self.total_range
        previous: Band | None = None
        for band in sorted(self.bands, key=lambda b: b.min):
            if band.min > band.max:
                raise ValueError(f"the band {band.min}-{band.max} has its min above its max; "
                                 "write the smaller number as 'min'")
            if band.min < low or band.max > high:
                raise ValueError(
                    f"the band {band.min}-{band.max} reaches outside the possible totals {low}-{high} "
                    f"({len(self.statements)} statements scored 1 to {len(self.scale)}); keep bands within {low}-{high}"
                )
            if previous and band.min <= previous.max:
                raise ValueError(
                    f"the bands {previous.min}-{previous.max} and {band.min}-{band.max} overlap; "
                    f"start the second at {previous.max + 1}"
                )
            previous = band
        return self

    @property
    def total_range(self) -> tuple[int, int]:
        """The lowest and highest possible total."""
        return len(self.statements), len(self.statements) * len(self.scale)


AnyQuestion = SingleChoice | MultipleResponse | TrueFalse | Matching | Ordering | Reflection | Likert
"""Any question model: the type to `match` over (each `match` ends in `case _: assert_never(question)`)."""

Question = Annotated[AnyQuestion, Field(discriminator="type")]
"""Any question as pydantic reads it: its `type` picks the model."""

ScoredQuestion = SingleChoice | MultipleResponse | TrueFalse | Matching | Ordering
"""The questions that earn points (they have `points` and an `explanation`)."""


def is_scored(question: AnyQuestion) -> TypeGuard[ScoredQuestion]:
    """Whether the question earns points (reflection and likert never do)."""
    return isinstance(question, _Scored)


def _hash_order(question_id: str, items: Sequence[Any], key: Callable[[Any], str]) -> list[Any]:
    """A shuffle that depends only on the question id and each item's id, in any language or Python version."""
    return sorted(items, key=lambda item: hashlib.sha256(f"{question_id}/{key(item)}".encode()).hexdigest())


def display_order(question: AnyQuestion) -> list[Any]:
    """The question's parts in the order learners see them: the same on the page, the worksheet and the answer key.

    Options (choice types, with `fixed` ones kept in place), `True`/`False` (true_false), pairs (matching: the
    prompts), items (ordering: never in the correct order), statements (likert), nothing (reflection).
    """
    match question:
        case SingleChoice() | MultipleResponse():
            if not question.shuffle:
                return list(question.options)
            moving = iter(_hash_order(question.id, [o for o in question.options if not o.fixed], lambda o: o.id))
            return [o if o.fixed else next(moving) for o in question.options]
        case TrueFalse():
            return [True, False]
        case Matching():
            pairs = question.pairs
            return _hash_order(question.id, pairs, lambda p: p.id) if question.shuffle else list(pairs)
        case Ordering():
            return _no_item_in_place(_hash_order(question.id, question.items, lambda i: i.id), question.items)
        case Likert():
            statements = question.statements
            return _hash_order(question.id, statements, lambda s: s.id) if question.shuffle else list(statements)
        case Reflection():
            return []
        case _:
            assert_never(question)


def _no_item_in_place(shown: list[Any], right: Sequence[Any]) -> list[Any]:
    """`shown` with no item where it belongs in `right`: each item found in its place swaps with the next (the last
    with the one before). A swap never puts either item in its place, nor moves an item already looked at."""
    shown = list(shown)
    for i in range(len(shown)):
        if shown[i] == right[i]:
            j = i + 1 if i + 1 < len(shown) else i - 1
            shown[i], shown[j] = shown[j], shown[i]
    return shown


def match_choices(question: Matching) -> list[str]:
    """The matching question's right-hand list (matches and distractors), always shuffled, lettered A, B, C..."""
    return _hash_order(question.id + "/choices", [*(p.match for p in question.pairs), *question.distractors], str)


def letter(index: int) -> str:
    """A, B, C... for the option at this position in display order."""
    return chr(ord("A") + index)
