"""`workshops/<id>.yml`: one event that teaches a selection of lessons on given days, with breaks."""

from __future__ import annotations

import datetime
import re
from typing import Annotated

from pydantic import AfterValidator, Field, PositiveInt, model_validator

from .common import Frozen, Slug, Text


def _clock(value: str) -> str:
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value):
        raise ValueError(f"'{value}' is not a time of day; write it as hours and minutes, e.g. \"09:30\"")
    hours, minutes = value.split(":")
    return f"{int(hours):02d}:{minutes}"


Clock = Annotated[str, AfterValidator(_clock)]
"""A time of day, "09:30" (24-hour clock)."""


class Session(Frozen):
    """One slot of a day: a lesson of the course, or a break with its length and label."""

    lesson: Slug | None = None
    """Id of a lesson of the course, taught with its `teaching` and `exercises` minutes."""
    break_: Text | None = Field(default=None, alias="break")
    """A break's label, such as Coffee or Lunch; give its `minutes` too."""
    minutes: PositiveInt | None = None
    """Length of a break."""

    @model_validator(mode="after")
    def _lesson_or_break(self) -> Session:
        if (self.lesson is None) == (self.break_ is None):
            raise ValueError("a session is either a lesson (`lesson: first-steps`) "
                             "or a break (`break: Coffee` with `minutes: 15`)")
        if self.break_ is not None and self.minutes is None:
            raise ValueError(f"the break '{self.break_}' needs its length, e.g. `minutes: 15`")
        if self.lesson is not None and self.minutes is not None:
            raise ValueError("a lesson's length comes from its own `teaching` and `exercises` minutes: "
                             "remove `minutes` here")
        return self


class Day(Frozen):
    sessions: list[Session] = Field(min_length=1)
    """Lessons and breaks in order."""
    start: Clock | None = None
    """When this day starts, if not at the workshop's `start`."""
    end: Clock | None = None
    """When this day must end, if not at the workshop's `end`: a day that runs past it gets a warning."""


class Round(Frozen):
    """The workshop's opening or closing: a welcome, a closing round."""

    title: Text
    minutes: PositiveInt


class Workshop(Frozen):
    """`workshops/<id>.yml`: a run-sheet, a learner agenda and handout packs for one event."""

    id: Slug
    title: Text
    date: datetime.date | None = None
    """The first day, e.g. 2027-03-04."""
    start: Clock
    """When each day starts, e.g. "09:30"."""
    end: Clock | None = None
    """When each day must end; a day that runs past it gets a warning."""
    venue: Text | None = None
    days: list[Day] = Field(min_length=1)
    skip: list[Slug] = []
    """Ids of challenges, discussion prompts or role-plays to leave out of this event."""
    opening: Round | None = None
    """Before the first lesson of each day, e.g. `{title: Welcome and introductions, minutes: 10}`."""
    closing: Round | None = None
    """After the last lesson of each day, e.g. `{title: Closing round, minutes: 10}`."""

    @property
    def lessons(self) -> list[str]:
        return [s.lesson for day in self.days for s in day.sessions if s.lesson]
