"""The site map: where every page of the site and every handout of a lesson is, and the navigation between them.

Pages, print and exports all link into the site, so they all ask here: a page's path in the docs tree by its key
(`page_paths`), the MkDocs `nav`, and a lesson's handouts under `PRINT_DIR` (`lesson_handouts`). Pure: the course in,
paths and titles out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..i18n import Catalog, catalog
from ..model import Course, Lesson

PRINT_DIR = "print"
"""Folder of the site that holds every print page, its PDF and the print assets."""


@dataclass(frozen=True)
class Page:
    path: str
    """Path of the Markdown file in the docs tree, e.g. 'understanding/what-is-rapport.md'."""
    title: str
    source: str | None
    """The YAML file the page is generated from, relative to the project root."""


def interface(course: Course) -> Catalog:
    """The interface strings of the course's language (course.yml `language`)."""
    return catalog(course.info.language)


def page_paths(course: Course) -> dict[str, Page]:
    """Every page of the site by a key ('home', a module id, a lesson id, 'quiz:<module id>', ...)."""
    t = interface(course)
    pages = {"home": Page("index.md", course.info.title, course.sources["course"])}
    for part in course.parts:
        m = part.module
        pages[m.id] = Page(f"{m.id}/index.md", m.title, course.sources[m.id])
        for lesson in part.lessons:
            pages[lesson.id] = Page(f"{m.id}/{lesson.id}.md", lesson.title, course.sources[lesson.id])
        if any(part.quizzes.values()):
            pages[f"quiz:{m.id}"] = Page(f"{m.id}/quiz.md", t("nav.quiz_title", module=m.title), None)
    for extra in course.pages:
        folder = "instructor/" if extra.audience == "instructors" else ""
        pages[f"page:{extra.id}"] = Page(f"{folder}{extra.id}.md", extra.title, course.sources[f"page:{extra.id}"])
    pages["glossary"] = Page("glossary.md", t("nav.glossary"), course.sources.get("glossary"))
    pages["references"] = Page("references.md", t("nav.references"), course.sources.get("references"))
    pages["progress"] = Page("progress.md", t("nav.progress"), None)
    pages["print"] = Page("print-and-workshops.md", t("nav.print"), None)
    pages["schedule"] = Page("instructor/schedule.md", t("nav.schedule"), None)
    pages["notes"] = Page("instructor/notes.md", t("nav.notes"), None)
    return pages


def nav(course: Course) -> list[Any]:
    """The MkDocs `nav`, in course order."""
    pages, t = page_paths(course), interface(course)
    entries: list[Any] = [{t("nav.home"): "index.md"}]
    entries += [{p.title: pages[f"page:{p.id}"].path} for p in course.pages if p.audience == "learners"]
    for number, part in enumerate(course.parts, 1):
        m = part.module
        children = [{t("nav.overview"): pages[m.id].path}]
        children += [{lesson.title: pages[lesson.id].path} for lesson in part.lessons]
        if f"quiz:{m.id}" in pages:
            children.append({t("nav.module_quiz"): pages[f"quiz:{m.id}"].path})
        entries.append({f"{number}. {m.title}": children})
    entries += [
        {t("nav.glossary"): "glossary.md"}, {t("nav.references"): "references.md"},
        {t("nav.progress"): "progress.md"}, {t("nav.print"): pages["print"].path},
        {t("nav.instructors"): [
            *({p.title: pages[f"page:{p.id}"].path} for p in course.pages if p.audience == "instructors"),
            {t("nav.schedule"): "instructor/schedule.md"}, {t("nav.notes"): "instructor/notes.md"},
        ]},
    ]
    return entries


def lesson_handouts(lesson: Lesson, t: Catalog) -> list[tuple[str, str, str]]:
    """The lesson's handouts as (kind, file name, label in the language of `t`), in the order the Print page lists
    them."""
    kinds = ["worksheet", "facilitator", "reading"] + (["roleplay-cards"] if lesson.roleplays else [])
    return [(kind, f"{lesson.id}-{kind}", t(f"handout.{kind}")) for kind in kinds]
