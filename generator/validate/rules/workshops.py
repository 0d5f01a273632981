"""Rules on workshops (workshops/*.yml): each names lessons and activities of the course, its days exist on the
calendar, and each day fits in its hours."""

from __future__ import annotations

from ... import model
from ...workshops import clock, day_date, plan, workshop_time_issues
from ..context import Context
from ..sink import Sink


def unique_workshop_ids(ctx: Context, sink: Sink) -> None:
    """Each workshop id is used once."""
    sink.unique("workshop", [(doc, ("id",), w.id) for doc, w in ctx.workshops])


def sessions_name_lessons(ctx: Context, sink: Sink) -> None:
    """Each session of a workshop names a lesson of the course (in a module the course lists)."""
    lessons = _lessons(ctx)
    for doc, workshop in ctx.workshops:
        for d, day in enumerate(workshop.days):
            for s, session in enumerate(day.sessions):
                if session.lesson and session.lesson not in lessons:
                    sink.missing(doc, ("days", d, "sessions", s, "lesson"), "lesson", session.lesson, lessons)


def skipped_activities_exist(ctx: Context, sink: Sink) -> None:
    """What a workshop skips is a challenge, role-play or discussion prompt of its lessons.

    Judged once every lesson it names is known: a lesson with errors may hold the item."""
    lessons = _lessons(ctx)
    for doc, workshop in ctx.workshops:
        if not all(i in lessons for i in workshop.lessons):
            continue
        skippable = {item_id for lesson_id in workshop.lessons for lesson in [lessons[lesson_id]] for item_id in (
            *(c.id for c in lesson.challenges), *(r.id for r in lesson.roleplays),
            *(d.id for d in lesson.discussion)) if item_id}
        for i, item in enumerate(workshop.skip):
            if item not in skippable:
                sink.missing(doc, ("skip", i), "activity", item, skippable, where="in this workshop's lessons",
                             fix="name a challenge, role-play or discussion prompt (by its id) of a lesson "
                                 "in this workshop")


def days_on_the_calendar(ctx: Context, sink: Sink) -> None:
    """A workshop's days end before the calendar does (9999-12-31)."""
    for doc, workshop in ctx.workshops:
        if workshop.date and day_date(workshop, len(workshop.days)) is None:
            sink.add(doc, ("date",), "out-of-range", f"the workshop's {len(workshop.days)} days would run past the "
                     "last date the calendar has, 9999-12-31", "write the real date of the first day")


def days_fit_their_hours(ctx: Context, sink: Sink) -> None:
    """A workshop's activities get enough minutes and its days end on time (warnings).

    See `workshops.workshop_time_issues`; judged for a workshop whose every session names a lesson of the course."""
    for doc, workshop in ctx.workshops:
        if workshop not in ctx.course.workshops:
            continue
        sink.add_all(doc, workshop_time_issues(ctx.course, workshop))
        for day in plan(ctx.course, workshop):
            if day.overrun and day.limit is not None:
                sink.add(doc, ("days", day.number - 1), "overrun",
                         f"day {day.number} ends at {clock(day.end)}, {day.overrun} minutes after its end time "
                         f"{clock(day.limit)}", "move a lesson to another day, shorten a break, or set a later `end`",
                         severity="warning")


def _lessons(ctx: Context) -> dict[str, model.Lesson]:
    """The lessons of the course (in the modules it lists), by id."""
    return {lesson.id: lesson for _, lesson in ctx.course.lessons}
