"""Clock times for a workshop: each day's lessons, activities and breaks, from the lessons' own minutes. Pure."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Literal

from .i18n import Catalog, catalog
from .load import Loc
from .model import Course, Lesson, Part, RolePlay
from .model.course import Challenge, DiscussionPrompt
from .model.workshop import Workshop

TimeIssue = tuple[Loc, str, str, str, str]
"""(where, code, message, hint, severity), as validate's `add_all` records it."""
SlotKind = Literal["opening", "teaching", "activity", "exercises", "roleplay", "break", "closing"]

MIN_MINUTES = 3
"""Fewer minutes than this for an activity without its own `minutes` draws a warning: it cannot be done."""


@dataclass(frozen=True)
class Slot:
    """One line of a run-sheet."""

    start: int
    """Minutes after midnight."""
    minutes: int
    kind: SlotKind
    title: str
    lesson: Lesson | None = None
    part: Part | None = None
    roleplay: RolePlay | None = None
    activity: Challenge | DiscussionPrompt | None = None

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
        return [(s.part, s.lesson) for s in self.slots if s.kind == "teaching" and s.part and s.lesson]


def clock(minutes: int) -> str:
    """Minutes after midnight as a 24-hour time: 570 -> '09:30'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_of(time: str) -> int:
    hours, minutes = time.split(":")
    return int(hours) * 60 + int(minutes)


def in_workshop(lesson: Lesson, skip: frozenset[str] = frozenset()) -> list[Challenge | DiscussionPrompt]:
    """The challenges and discussion prompts done in the room (not skipped, not marked `after_workshop`)."""
    items: list[Challenge | DiscussionPrompt] = [*lesson.challenges, *lesson.discussion]
    return [i for i in items if not (i.id and i.id in skip) and not i.after_workshop]


def activity_time_issues(lesson: Lesson) -> list[TimeIssue]:
    """(where, code, message, hint, severity): an error when the minutes a lesson gives its activities (role-plays
    included) add up to more than its `exercises`."""
    timed = sum(i.minutes or 0 for i in in_workshop(lesson)) + sum(r.minutes for r in lesson.roleplays)
    if timed <= lesson.exercises:
        return []
    return [(("exercises",), "activity-time",
             f"the activities given minutes take {timed} minutes (role-plays included), more than the lesson's "
             f"{lesson.exercises} minutes of exercises",
             f"set `exercises: {timed}` or more, shorten an activity's `minutes`, or mark one `after_workshop: true`",
             "error")]


def workshop_time_issues(course: Course, workshop: Workshop) -> list[TimeIssue]:
    """A warning for each lesson of the workshop whose activities without `minutes` get under MIN_MINUTES each."""
    lessons = {lesson.id: lesson for _, lesson in course.lessons}
    skip = frozenset(workshop.skip)
    issues: list[TimeIssue] = []
    for d, day in enumerate(workshop.days):
        for s, session in enumerate(day.sessions):
            lesson = lessons.get(session.lesson or "")
            if lesson is None or activity_time_issues(lesson):  # an error at the lesson already says it
                continue
            items = in_workshop(lesson, skip)
            untimed = [i for i in items if not i.minutes]
            left = lesson.exercises - sum(r.minutes for r in lesson.roleplays) - sum(i.minutes or 0 for i in items)
            if untimed and left < MIN_MINUTES * len(untimed):
                issues.append((("days", d, "sessions", s, "lesson"), "activity-time-short",
                               f"'{lesson.id}' leaves {max(left, 0)} minutes for {len(untimed)} activities without "
                               f"`minutes`: under {MIN_MINUTES} minutes each, which no group can do",
                               "skip some in this workshop (`skip:` with their ids), or give the lesson's challenges "
                               "and discussion prompts their `minutes`", "warning"))
    return issues


def activity_title(item: Challenge | DiscussionPrompt, t: Catalog, words: int = 12) -> str:
    """A challenge's title, or a discussion prompt's first words."""
    if isinstance(item, Challenge):
        return item.title
    cut = item.prompt.replace("*", "").replace("_", " ").split()
    text = " ".join(cut[:words])
    return t("workshop.discuss", text=text if len(cut) <= words else text.rstrip(",;:") + "…")


def lesson_slots(part: Part, lesson: Lesson, start: int, skip: frozenset[str], t: Catalog | None = None
                 ) -> list[Slot]:
    """Teaching, then each challenge and discussion prompt kept, then each role-play kept, from `start`.

    A lesson's `exercises` minutes include its role-plays, so a skipped role-play frees its time. An activity
    without `minutes` gets an equal share of what the others leave. Titles are in the language of `t` (else English)."""
    t = t or catalog("en")
    roleplays = [r for r in lesson.roleplays if r.id not in skip]
    exercises = max(0, lesson.exercises - sum(r.minutes for r in lesson.roleplays))
    items = [i for i in in_workshop(lesson, skip)]
    untimed = [i for i in items if not i.minutes]
    left = max(0, exercises - sum(i.minutes or 0 for i in items))
    share, extra = divmod(left, len(untimed)) if untimed else (0, 0)
    pieces: list[tuple[int, SlotKind, str, RolePlay | None, Challenge | DiscussionPrompt | None]] = [
        (lesson.teaching, "teaching", lesson.title, None, None)]
    for item in items:
        minutes = item.minutes or share + (extra if item is untimed[-1] else 0)
        pieces.append((minutes, "activity", activity_title(item, t), None, item))
    if not untimed and left:
        pieces.append((left, "exercises", t("workshop.exercises"), None, None))
    pieces += [(r.minutes, "roleplay", t("workshop.roleplay", title=r.title), r, None) for r in roleplays]
    slots = []
    for minutes, kind, title, roleplay, activity in pieces:
        if minutes or kind == "teaching":
            slots.append(Slot(start, minutes, kind, title, lesson, part, roleplay, activity))
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
        if workshop.opening:
            slots.append(Slot(now, workshop.opening.minutes, "opening", workshop.opening.title))
            now = slots[-1].end
        for session in day.sessions:
            if session.lesson:
                slots += lesson_slots(*lessons[session.lesson], now, skip, t)
            else:
                slots.append(Slot(now, session.minutes or 0, "break", session.break_ or t("workshop.break")))
            now = slots[-1].end if slots else now
        if workshop.closing:
            slots.append(Slot(now, workshop.closing.minutes, "closing", workshop.closing.title))
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
