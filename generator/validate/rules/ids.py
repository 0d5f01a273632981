"""Rules on ids: each is used once where it must be (ids are anchors, links, progress keys and LMS identifiers), and
no page takes a name the site gives its own pages."""

from __future__ import annotations

from ...load import Document, Loc
from ...reserved import reserved_id
from ...sanitize import authored_ids
from ..context import Context
from ..sink import Sink


def unique_glossary_terms(ctx: Context, sink: Sink) -> None:
    """Each glossary term id is used once."""
    if ctx.glossary is not None:
        sink.unique("glossary term", [(ctx.glossary_doc, ("terms", i, "id"), t.id)
                                      for i, t in enumerate(ctx.glossary.terms)])


def unique_reference_keys(ctx: Context, sink: Sink) -> None:
    """Each reference key is used once."""
    if ctx.bibliography is not None:
        sink.unique("reference", [(ctx.bibliography_doc, ("references", i, "key"), r.key)
                                  for i, r in enumerate(ctx.bibliography.references)])


def unique_module_ids(ctx: Context, sink: Sink) -> None:
    """Each module id is used once."""
    sink.unique("module", [(doc, ("id",), m.id) for doc, m, _ in ctx.modules])


def no_reserved_ids(ctx: Context, sink: Sink) -> None:
    """No module, lesson or page takes a name the site gives its own pages (`generator/reserved.py`)."""
    pages = [("module", doc, m.id) for doc, m, _ in ctx.modules] + [
        ("lesson", doc, lesson.id) for doc, lesson in ctx.lessons] + [("page", doc, page.id) for doc, page in ctx.pages]
    for kind, doc, item_id in pages:
        if problem := reserved_id(kind, item_id):
            sink.add(doc, ("id",), "reserved-id", problem, f"choose another id, e.g. '{item_id}-{kind}'")


def unique_lesson_ids(ctx: Context, sink: Sink) -> None:
    """Each lesson id is used once."""
    sink.unique("lesson", [(doc, ("id",), lesson.id) for doc, lesson in ctx.lessons])


def modules_and_lessons_apart(ctx: Context, sink: Sink) -> None:
    """No lesson takes a module's id: both are pages addressed by id."""
    sink.unique("module or lesson", [(doc, ("id",), m.id) for doc, m, _ in ctx.modules]
                + [(doc, ("id",), lesson.id) for doc, lesson in ctx.lessons if lesson.id in ctx.module_by_id])


def unique_objective_ids(ctx: Context, sink: Sink) -> None:
    """Each objective id is used once in its lesson."""
    for doc, lesson in ctx.lessons:
        sink.unique(f"objective of '{lesson.id}'", [(doc, ("objectives", i, "id"), o.id)
                                                   for i, o in enumerate(lesson.objectives)])


def unique_section_ids(ctx: Context, sink: Sink) -> None:
    """Each section id is used once in its lesson: it is its heading's HTML id on the lesson's page."""
    for doc, lesson in ctx.lessons:
        sink.unique(f"section of '{lesson.id}'", [(doc, ("sections", i, "id"), s.id)
                                                 for i, s in enumerate(lesson.sections) if s.id])


def anchors_apart(ctx: Context, sink: Sink) -> None:
    """No two anchors of a lesson's page are the same.

    A challenge, role-play or discussion prompt does not take a section's id, nor an id written in the text (`{#id}`)
    another's: all are HTML ids of the lesson page, and a link to the second would land on the first."""
    for doc, lesson in ctx.lessons:
        section_ids = [s.id for s in lesson.sections if s.id]
        for kind in ("challenges", "roleplays", "discussion"):
            for i, item in enumerate(getattr(lesson, kind)):
                if item.id and item.id in section_ids:
                    sink.add(doc, (kind, i, "id"), "duplicate-id", f"'{item.id}' is already the id of a section "
                             f"of '{lesson.id}', and both are anchors of its page", "give each one its own id")
        taken = {*section_ids, *(item.id for field in ("challenges", "roleplays", "discussion")
                                 for item in getattr(lesson, field) if item.id)}
        for loc, text in doc.strings():
            for offset, anchor in authored_ids(text):
                if anchor in taken:
                    sink.add(doc, loc, "duplicate-id", f"the id '{anchor}' is already an anchor of the page of "
                             f"'{lesson.id}' (a section, exercise or prompt, or another '#{anchor}')",
                             "choose another id, or link to the one that is there", offset=offset)
                taken.add(anchor)


def unique_item_ids(ctx: Context, sink: Sink) -> None:
    """Each challenge, role-play, discussion prompt, quiz and question id is used once in the course.

    They share one namespace: their ids key progress and LMS exports."""
    items: list[tuple[Document | None, Loc, str]] = [(doc, ("id",), quiz.id) for doc, quiz in ctx.quizzes]
    for doc, lesson in ctx.lessons:
        items += [(doc, (kind, i, "id"), item.id) for kind in ("challenges", "roleplays")
                  for i, item in enumerate(getattr(lesson, kind))]
        items += [(doc, ("discussion", i, "id"), d.id) for i, d in enumerate(lesson.discussion) if d.id]
    items += [(doc, ("questions", i, "id"), q.id) for doc, quiz in ctx.quizzes for i, q in enumerate(quiz.questions)]
    items += [(doc, ("check", "questions", i, "id"), q.id) for doc, m, _ in ctx.modules
              for i, q in enumerate(m.check.questions if m.check else [])]
    sink.unique("exercise or question", items)


def unique_page_ids(ctx: Context, sink: Sink) -> None:
    """Each page id (content/pages/) is used once."""
    sink.unique("page", [(doc, ("id",), page.id) for doc, page in ctx.pages])


def unique_page_section_ids(ctx: Context, sink: Sink) -> None:
    """Each section id is used once in its page, as in a lesson."""
    for doc, page in ctx.pages:
        sink.unique(f"section of '{page.id}'", [(doc, ("sections", i, "id"), s.id)
                                               for i, s in enumerate(page.sections) if s.id])
