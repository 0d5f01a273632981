"""Print documents of each workshop: the learners' agenda, the facilitator's run-sheet, the group set, and the two
packs. Pure, like the rest of the print renderer.

- learner pack: the agenda and the worksheets, one per learner. No role-play card: a learner never gets a brief that
  is not theirs.
- group set: every role-play's cards and observer sheet, one set per group.
- facilitator pack: the run-sheet, every facilitator edition, one group set and the glossary.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from ..i18n import Catalog, catalog
from ..model import Course, Lesson, Part
from ..model.course import Challenge, DiscussionPrompt
from ..model.workshop import Workshop
from ..workshops import DayPlan, activity_title, clock, plan
from .lesson_print import lesson_documents
from .print_renderer import PrintDoc, PrintRenderer
from .sitemap import lesson_handouts

GLOSSARY = "course-glossary"
"""Name of the glossary print document that ends every facilitator pack."""


@dataclass(frozen=True)
class AgendaRow:
    start: int
    end: int
    title: str


def agenda(day: DayPlan) -> list[AgendaRow]:
    """One row per lesson (its teaching, activities and role-plays together), per break, opening and closing."""
    rows: list[AgendaRow] = []
    for slot in day.slots:
        if slot.kind in ("teaching", "break", "opening", "closing") or not rows:
            rows.append(AgendaRow(slot.start, slot.end, slot.title))
        else:
            rows[-1] = AgendaRow(rows[-1].start, slot.end, rows[-1].title)
    return rows


def materials(lesson: Lesson, skip: frozenset[str], t: Catalog | None = None) -> list[str]:
    """What to print or bring for a lesson in this workshop (in the language of `t`, English without it)."""
    t = t or catalog("en")
    labels = [label for kind, _, label in lesson_handouts(lesson, t) if kind != "roleplay-cards"]
    if any(r.id not in skip for r in lesson.roleplays):
        labels.append(t("workshop.cards"))
    return labels


def later(course: Course, workshop: Workshop, t: Catalog | None = None) -> list[str]:
    """The activities of the workshop's lessons marked for after the workshop, with their lesson."""
    t = t or catalog("en")
    lessons = {lesson.id: lesson for _, lesson in course.lessons}
    chosen = [lessons[i] for i in dict.fromkeys(workshop.lessons)]
    activities: list[tuple[Lesson, Challenge | DiscussionPrompt]] = []
    for lesson in chosen:
        activities += [(lesson, c) for c in lesson.challenges] + [(lesson, d) for d in lesson.discussion]
    return [t("workshop.skipped", lesson=lesson.title, title=activity_title(item, t)) for lesson, item in activities
            if item.after_workshop and not (item.id and item.id in workshop.skip)]


def skipped_titles(course: Course, workshop: Workshop, t: Catalog | None = None) -> list[str]:
    t = t or catalog("en")
    lessons = {lesson.id: lesson for _, lesson in course.lessons}
    titles = []
    for lesson_id in workshop.lessons:
        lesson = lessons[lesson_id]
        titles += [t("workshop.skipped", lesson=lesson.title, title=c.title)
                   for c in lesson.challenges if c.id in workshop.skip]
        titles += [t("workshop.skipped_roleplay", lesson=lesson.title, title=r.title)
                   for r in lesson.roleplays if r.id in workshop.skip]
        titles += [t("workshop.skipped", lesson=lesson.title, title=activity_title(d, t))
                   for d in lesson.discussion if d.id in workshop.skip]
    return titles


def trimmed(lesson: Lesson, skip: frozenset[str]) -> Lesson:
    """The lesson without the challenges, role-plays and discussion prompts a workshop skips."""
    return lesson.model_copy(update={
        "challenges": [c for c in lesson.challenges if c.id not in skip],
        "roleplays": [r for r in lesson.roleplays if r.id not in skip],
        "discussion": [d for d in lesson.discussion if not (d.id and d.id in skip)],
    })


def workshop_documents(renderer: PrintRenderer) -> Iterable[PrintDoc]:
    """Every workshop's documents, and the glossary that ends every facilitator pack (none without a workshop)."""
    course, t = renderer.course, renderer.t
    if not course.workshops:
        return
    glossary = (course.glossary, course.bibliography)
    terms = sorted(course.glossary.terms, key=lambda term: (term.term.casefold(), term.id))
    yield from renderer.reuse("workshops:glossary", glossary, lambda: [renderer.document(
        "glossary.typ", name=GLOSSARY, kind="glossary", title=t("workshop.glossary_title", course=course.info.title),
        running=t("print.glossary"), terms=terms)])
    parts = {lesson.id: part for part, lesson in course.lessons}
    for workshop in course.workshops:
        # What its documents are made from: the workshop, and each lesson it teaches with its module and quizzes.
        lessons = [(parts[i].module, lesson, parts[i].quizzes.get(i, []))
                   for i in dict.fromkeys(workshop.lessons) for lesson in [_lesson(parts[i], i)]]
        yield from renderer.reuse(f"workshop:{workshop.id}", (workshop, lessons, glossary),
                                  partial(_workshop_documents, renderer, workshop))


def _lesson(part: Part, lesson_id: str) -> Lesson:
    return next(lesson for lesson in part.lessons if lesson.id == lesson_id)


def _workshop_documents(renderer: PrintRenderer, workshop: Workshop) -> Iterable[PrintDoc]:
    course, t = renderer.course, renderer.t
    lessons = {lesson.id: lesson for _, lesson in course.lessons}
    parts = {lesson.id: part for part, lesson in course.lessons}
    skip = frozenset(workshop.skip)
    days = plan(course, workshop, t)
    chosen = [lessons[i] for i in dict.fromkeys(workshop.lessons)]
    # A lesson with skipped activities gets the packs' own copies of its handouts, without them.
    copies = {lesson.id: trimmed(lesson, skip) for lesson in chosen}
    prefix = {lesson.id: f"{workshop.id}--" if copies[lesson.id] != lesson else "" for lesson in chosen}
    for lesson in chosen:
        if prefix[lesson.id]:
            yield from lesson_documents(renderer, parts[lesson.id], copies[lesson.id], prefix=prefix[lesson.id],
                                        listed=False, leave_out=("reading",))  # no pack holds one
    handouts = {lesson.id: {kind: prefix[lesson.id] + name for kind, name, _ in lesson_handouts(copies[lesson.id], t)}
                for lesson in chosen}
    worksheets = tuple(handouts[lesson.id]["worksheet"] for lesson in chosen)
    cards = tuple(handouts[lesson.id]["roleplay-cards"] for lesson in chosen if "roleplay-cards" in handouts[lesson.id])
    facilitator_then = (*(handouts[lesson.id]["facilitator"] for lesson in chosen), *cards, GLOSSARY)
    learner: dict[str, Any] = dict(learner=True, agenda={d.number: agenda(d) for d in days})
    facilitator: dict[str, Any] = dict(learner=False, skipped=skipped_titles(course, workshop, t),
                                       later=later(course, workshop, t),
                                       materials={lesson.id: materials(lesson, skip, t) for lesson in chosen})
    documents: list[tuple[str, str, str, dict[str, Any], tuple[str, ...]]] = [
        ("agenda", t("workshop.agenda_label"), "agenda.typ", learner, ()),
        ("learner-pack", t("workshop.learner_pack"), "agenda.typ", learner, worksheets),
        ("runsheet", t("workshop.runsheet_label"), "runsheet.typ", facilitator, ()),
        ("facilitator-pack", t("workshop.facilitator_pack"), "runsheet.typ", facilitator, facilitator_then),
    ]
    if cards:
        documents.insert(2, ("group-set", t("workshop.group_set"), "group_set.typ", dict(learner=False), cards))
    for suffix, label, template, context, then in documents:
        yield renderer.document(template, name=f"{workshop.id}-{suffix}",
                                title=t("workshop.doc_title", title=workshop.title, label=label),
                                kind=suffix, running=workshop.title, workshop=workshop.title, then=then,
                                event=workshop, days=days, clock=clock, **context)
