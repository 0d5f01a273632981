"""Rules across files that are not about references: the interface language, workshops, anchors a lesson's items
could take from its sections, the site's reserved names, what a challenge or question assesses, and how often the
keyed option is the longest. A mixin of the validator, writing to its sink.
"""

from __future__ import annotations

import difflib

from .. import i18n, model
from ..load import Document, Loc
from ..model.questions import Question
from .advice import keyed_longest
from .sink import Checks
from ..reserved import reserved_id
from ..sanitize import authored_ids
from ..workshops import clock, day_date, plan, workshop_time_issues

KEYED_LONGEST_SHARE = 0.35
"""The share of single-choice questions whose keyed option may be the longest before `validate` warns (issue 21)."""
KEYED_LONGEST_MIN_QUESTIONS = 6
"""Fewer single-choice questions than this are too few to judge a share by."""


class Rules(Checks):

    def check_language(self, doc: Document, info: model.CourseInfo) -> None:
        """The interface language needs a message catalog (generator/locales/<language>.yml); a catalog that lacks
        some keys falls back to English for them, which a learner would see."""
        shipped = i18n.languages()
        if info.language not in shipped:
            close = difflib.get_close_matches(info.language.lower(), shipped, n=1) or [
                lang for lang in shipped if info.language.lower().startswith(lang + "-")]
            hint = (f"did you mean '{close[0]}'? " if close else "") + (
                f"the languages shipped are: {', '.join(shipped)}; to add one, copy generator/locales/en.yml to "
                f"generator/locales/{info.language}.yml and translate every value (see the README)")
            self.add(doc, ("language",), "unknown-language",
                     f"there is no interface catalog for the language '{info.language}'", hint)
            return
        missing = i18n.missing_keys(info.language)
        if missing:
            shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
            self.add(doc, ("language",), "incomplete-catalog",
                     f"the '{info.language}' interface catalog lacks {len(missing)} string(s), "
                     f"shown in English: {shown}",
                     f"add them to generator/locales/{info.language}.yml (en.yml has every key)", "warning")

    def check_workshops(self, course: model.Course, workshops: list[tuple[Document, model.Workshop]]) -> model.Course:
        """Each workshop names lessons and items of the course, and each day fits in its hours."""
        lessons = {lesson.id: lesson for _, lesson in course.lessons}
        valid = []
        self.unique("workshop", [(doc, ("id",), w.id) for doc, w in workshops])
        for doc, workshop in workshops:
            known = True
            for d, day in enumerate(workshop.days):
                for s, session in enumerate(day.sessions):
                    if session.lesson and session.lesson not in lessons:
                        known = False
                        self.missing(doc, ("days", d, "sessions", s, "lesson"), "lesson", session.lesson, lessons)
            chosen = [lessons[i] for i in workshop.lessons if i in lessons]
            skippable = {item_id for lesson in chosen for item_id in (
                *(c.id for c in lesson.challenges), *(r.id for r in lesson.roleplays),
                *(d.id for d in lesson.discussion)) if item_id}
            judged = all(i in lessons for i in workshop.lessons)  # a lesson with errors may hold the item
            for i, item in enumerate(workshop.skip if judged else ()):
                if item not in skippable:
                    self.missing(doc, ("skip", i), "activity", item, skippable,
                                 where="in this workshop's lessons",
                                 fix="name a challenge, role-play or discussion prompt (by its id) of a lesson "
                                     "in this workshop")
            if workshop.date and day_date(workshop, len(workshop.days)) is None:
                self.add(doc, ("date",), "out-of-range", f"the workshop's {len(workshop.days)} days would run past "
                         "the last date the calendar has, 9999-12-31", "write the real date of the first day")
            if not known:
                continue
            self.add_all(doc, workshop_time_issues(course, workshop))
            for day_plan in plan(course, workshop):
                if day_plan.overrun and day_plan.limit is not None:
                    self.add(doc, ("days", day_plan.number - 1), "overrun",
                             f"day {day_plan.number} ends at {clock(day_plan.end)}, {day_plan.overrun} minutes after "
                             f"its end time {clock(day_plan.limit)}", "move a lesson to another day, shorten a break, "
                             "or set a later `end`", severity="warning")
            valid.append(workshop)
        sources = {**course.sources, **{f"workshop:{w.id}": doc.path for doc, w in workshops}}
        return course.model_copy(update={"workshops": valid, "sources": sources})

    def check_anchors(self, doc: Document, lesson: model.Lesson, section_ids: list[str]) -> None:
        """A challenge, role-play or discussion prompt does not take a section's id: both are HTML ids of the
        lesson page, and a link to the second would land on the first."""
        for kind in ("challenges", "roleplays", "discussion"):
            for i, item in enumerate(getattr(lesson, kind)):
                if item.id and item.id in section_ids:
                    self.add(doc, (kind, i, "id"), "duplicate-id", f"'{item.id}' is already the id of a section "
                             f"of '{lesson.id}', and both are anchors of its page", "give each one its own id")
        taken = {*section_ids, *(item.id for field in ("challenges", "roleplays", "discussion")
                                 for item in getattr(lesson, field) if item.id)}
        for loc, text in doc.strings():
            for offset, anchor in authored_ids(text):
                if anchor in taken:
                    self.add(doc, loc, "duplicate-id", f"the id '{anchor}' is already an anchor of the page of "
                             f"'{lesson.id}' (a section, exercise or prompt, or another '#{anchor}')",
                             "choose another id, or link to the one that is there", offset=offset)
                taken.add(anchor)

    def check_reserved(self, items: list[tuple[str, Document, str]]) -> None:
        """No module, lesson or page takes a name the site gives its own pages (`generator/reserved.py`)."""
        for kind, doc, item_id in items:
            if problem := reserved_id(kind, item_id):
                self.add(doc, ("id",), "reserved-id", problem, f"choose another id, e.g. '{item_id}-{kind}'")

    def check_assesses(self, doc: Document, loc: Loc, assesses: list[str], lesson: model.Lesson,
                       assessed: set[tuple[str, str]]) -> None:
        objective_ids = [o.id for o in lesson.objectives]
        for j, objective in enumerate(assesses):
            if objective in objective_ids:
                assessed.add((lesson.id, objective))
            else:
                self.missing(doc, (*loc, "assesses", j), "objective", objective, objective_ids,
                             where=f"in the lesson '{lesson.id}'")

    def check_keyed_longest(self, course_doc: Document, questions: list[Question]) -> None:
        """A test-wise learner picks the longest option: across the course, it should rarely be the keyed one."""
        found, total = keyed_longest(questions)
        if total >= KEYED_LONGEST_MIN_QUESTIONS and found > KEYED_LONGEST_SHARE * total:
            self.add(course_doc, ("id",), "keyed-longest-rate",
                     f"the keyed option is the longest in {found} of the course's {total} single-choice questions "
                     f"({found / total:.0%}): a learner who always picks the longest option gets those right",
                     f"keep it at {KEYED_LONGEST_SHARE:.0%} or less (with four options, chance is 25 %): trim keyed "
                     "options to what makes them right, or give the other options the same detail", "warning")
