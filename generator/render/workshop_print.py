"""Print documents of each workshop: the learners' agenda, the facilitator's run-sheet, and the two packs that
put them in front of every handout the day needs. Pure, like the rest of the print renderer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Course, Lesson
from ..model.workshop import Workshop
from ..workshops import DayPlan, clock, plan
from .print import PrintDoc, PrintRenderer, lesson_handouts

GLOSSARY = "course-glossary"
"""Name of the glossary print document that ends every facilitator pack."""


@dataclass(frozen=True)
class AgendaRow:
    start: int
    end: int
    title: str


def agenda(day: DayPlan) -> list[AgendaRow]:
    """One row per lesson (its teaching, exercises and role-plays together) and per break."""
    rows: list[AgendaRow] = []
    for slot in day.slots:
        if slot.kind in ("teaching", "break") or not rows:
            rows.append(AgendaRow(slot.start, slot.end, slot.title))
        else:
            rows[-1] = AgendaRow(rows[-1].start, slot.end, rows[-1].title)
    return rows


def materials(lesson: Lesson, skip: frozenset[str]) -> list[str]:
    """What to print or bring for a lesson in this workshop."""
    labels = [label for kind, _, label in lesson_handouts(lesson) if kind != "roleplay-cards"]
    if any(r.id not in skip for r in lesson.roleplays):
        labels.append("role-play cards and observer sheets")
    return labels


def activities(lesson: Lesson, skip: frozenset[str]) -> list[str]:
    """The exercises and discussion prompts the workshop keeps, by title or first words."""
    kept = [c.title for c in lesson.challenges if c.id not in skip]
    prompts = [d for d in lesson.discussion if not (d.id and d.id in skip)]
    if prompts:
        kept.append(f"{len(prompts)} discussion prompt{'s' if len(prompts) != 1 else ''}")
    return kept


def skipped_titles(course: Course, workshop: Workshop) -> list[str]:
    lessons = {lesson.id: lesson for _, lesson in course.lessons}
    titles = []
    for lesson_id in workshop.lessons:
        lesson = lessons[lesson_id]
        titles += [f"{lesson.title}: {c.title}" for c in lesson.challenges if c.id in workshop.skip]
        titles += [f"{lesson.title}: role-play {r.title}" for r in lesson.roleplays if r.id in workshop.skip]
        titles += [f"{lesson.title}: discussion prompt {d.id}" for d in lesson.discussion if d.id in workshop.skip]
    return titles


def workshop_documents(renderer: PrintRenderer) -> Iterable[PrintDoc]:
    course = renderer.course
    if not course.workshops:
        return
    yield renderer.document("glossary.html", name=GLOSSARY, title=f"{course.info.title}: glossary", kind="glossary",
                            running="Glossary", learner=False)
    lessons = {lesson.id: lesson for _, lesson in course.lessons}
    for workshop in course.workshops:
        skip = frozenset(workshop.skip)
        days = plan(course, workshop)
        chosen = [lessons[i] for i in dict.fromkeys(workshop.lessons)]
        learner_then = tuple(name for lesson in chosen for kind, name, _ in lesson_handouts(lesson)
                             if kind == "worksheet" or (kind == "roleplay-cards"
                                                        and any(r.id not in skip for r in lesson.roleplays)))
        facilitator_then = (*(f"{lesson.id}-facilitator" for lesson in chosen), GLOSSARY)
        learner = dict(learner=True, agenda={d.number: agenda(d) for d in days})
        facilitator = dict(learner=False, skipped=skipped_titles(course, workshop),
                           materials={l.id: materials(l, skip) for l in chosen},
                           activities={l.id: activities(l, skip) for l in chosen})
        for suffix, label, template, context, then in [
            ("agenda", "agenda", "agenda.html", learner, ()),
            ("learner-pack", "learner pack", "agenda.html", learner, learner_then),
            ("runsheet", "run-sheet", "runsheet.html", facilitator, ()),
            ("facilitator-pack", "facilitator pack", "runsheet.html", facilitator, facilitator_then),
        ]:
            yield renderer.document(template, name=f"{workshop.id}-{suffix}", title=f"{workshop.title}: {label}",
                                    kind=suffix, running=workshop.title, workshop=workshop.title, then=then,
                                    event=workshop, days=days, clock=clock, **context)
