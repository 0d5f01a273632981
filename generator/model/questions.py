"""Quiz questions, one model per `type` (a discriminated union)."""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, model_validator

from .common import Frozen, Markdown, Slug, Text


class Option(Frozen):
    id: Slug
    text: Markdown
    correct: bool = False
    feedback: Markdown | None = None


class SingleChoice(Frozen):
    type: Literal["single_choice"]
    id: Slug
    title: Text | None = None
    scenario: Markdown | None = None
    stem: Markdown
    options: list[Option] = Field(min_length=2)
    hints: list[Markdown] = []
    explanation: Markdown
    assesses: list[Slug] = []
    points: float = Field(default=1, ge=0)
    shuffle: bool = True

    @model_validator(mode="after")
    def _exactly_one_correct(self) -> "SingleChoice":
        if sum(o.correct for o in self.options) != 1:
            raise ValueError("a single_choice question needs exactly one option with 'correct: true'")
        return self


Question = Annotated[Union[SingleChoice], Field(discriminator="type")]
