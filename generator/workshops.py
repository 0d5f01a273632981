"""Clock times for a workshop: each day's lessons, activities and breaks, from the lessons' own minutes. Pure."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from .i18n import Catalog, catalog
from .model import Course, Lesson, Part, RolePlay
from .model.workshop import Workshop


@dataclass(frozen=True)
class Slot:
    """One line of a run-sheet."""

    start: int
    """Minutes after midnight."""
    minutes: int
    kind: Literal["teaching", "exercises", "roleplay", "break"]
    title: str
    lesson: Lesson | None = None
    part: Part | None = None
    roleplay: RolePlay | None = None

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class DayPlan:
    number: int
    date: datetime.date | None
    slots: list[Slot]
    start: int
    limit: int | None
    """The day's `end`, in minutes after midnight, if it has one."""

    @property
    def end(self) -> int:
        return self.slots[-1].end if self.slots else self.start

    @property
    def overrun(self) -> int:
        """Minutes past the day's `end` (0 when it fits or has none)."""
        return max(0, self.end - self.limit) if self.limit is not None else 0

    @property
    def lessons(self) -> list[tuple[Part, Lesson]]:
        return [(s.part, s.lesson) for s in self.slots if s.kind == "teaching"]


def clock(minutes: int) -> str:
    """Minutes after midnight as a 24-hour time: 570 -> '09:30'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_of(time: str) -> int:
    hours, minutes = time.split(":")
    return int(hours) * 60 + int(minutes)


def lesson_slots(part: Part, lesson: Lesson, start: int, skip: frozenset[str], t: Catalog | None = None
                 ) -> list[Slot]:
    """Teaching, then the exercises and discussion, then each role-play kept, from `start`.

    A lesson's `exercises` minutes include its role-plays, so a skipped role-play frees its time. Slot titles are in
    the language of `t` (English without it)."""
    t = t or catalog("en")
    roleplays = [r for r in lesson.roleplays if r.id not in skip]
    exercises = max(0, lesson.exercises - sum(r.minutes for r in lesson.roleplays))
    pieces: list[tuple[int, str, str, RolePlay | None]] = [
        (lesson.teaching, "teaching", lesson.title, None),
        (exercises, "exercises", t("workshop.exercises"), None),
        *((r.minutes, "roleplay", t("workshop.roleplay", title=r.title), r) for r in roleplays),
    ]
    slots = []
    for minutes, kind, title, roleplay in pieces:
        if minutes or kind == "teaching":
            slots.append(Slot(start, minutes, kind, title, lesson, part, roleplay))
            start += minutes
    return slots


def plan(course: Course, workshop: Workshop, t: Catalog | None = None) -> list[DayPlan]:
    """Every day of the workshop with the clock time of each slot (titles in the language of `t`, else English)."""
    t = t or catalog("en")
    lessons = {lesson.id: (part, lesson) for part, lesson in course.lessons}
    skip = frozenset(workshop.skip)
    days = []
    for number, day in enumerate(workshop.days, 1):
        start = now = minutes_of(day.start or workshop.start)
        slots: list[Slot] = []
        for session in day.sessions:
            if session.lesson:
                slots += lesson_slots(*lessons[session.lesson], now, skip, t)
            else:
                slots.append(Slot(now, session.minutes or 0, "break", session.break_ or t("workshop.break")))
            now = slots[-1].end if slots else now
        limit = day.end or workshop.end
        date = day_date(workshop, number)
        days.append(DayPlan(number, date, slots, start, minutes_of(limit) if limit else None))
    return days


def day_date(workshop: Workshop, number: int) -> datetime.date | None:
    """The date of the workshop's day `number` (from 1): None without a date, or past the calendar's end (9999-12-31,
    which `validate` reports)."""
    try:
        return workshop.date + datetime.timedelta(days=number - 1) if workshop.date else None
    except OverflowError:
        return None
