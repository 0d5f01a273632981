"""The docs tree: the validated course in, a Markdown page per path out. Pure: no I/O besides reading templates."""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from ..i18n import Catalog, catalog
from ..model import Course, Lesson, Part, Reference
from .markdown import MarkdownRenderer, cited_keys
from .print import PRINT_DIR, PrintDoc, lesson_handouts, render_print
from .quiz import ProgressRow, render_progress, render_quiz
from .templates import template_loader

CALLOUTS = {
    "note": "note", "tip": "tip", "caution": "warning", "myth": "failure", "example": "example", "research": "info",
    "warning": "warning", "danger": "danger",
}
"""Callout kind -> Material admonition type. The default title is the catalog's `callout.<kind>`."""


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


def render_site(course: Course, theme_dir: Path | None = None, handouts: list[PrintDoc] | None = None
                ) -> dict[str, str]:
    """Markdown text for every page, by its path in the docs tree.

    `handouts` are the print documents the Print page lists (rendered here when not given).
    """
    return _SiteRenderer(course, theme_dir, handouts).render()


ET_AL = "et al."
"""Written as the last author when a source's full author list is not known: ["Chaitoff, A.", "et al."]."""


def citation_label(ref: Reference) -> str:
    """Author-year label for an inline citation: 'Tickle-Degnen & Rosenthal, 1990', 'Chaitoff et al., 2019'."""
    surnames = [a.split(",")[0].strip() for a in ref.authors if a != ET_AL]
    if len(surnames) > 2 or ref.authors[-1] == ET_AL:
        names = f"{surnames[0]} {ET_AL}"
    else:
        names = " & ".join(surnames)
    return f"{names}, {ref.year}"


def apa_authors(authors: list[str], and_word: str = "&") -> str:
    """The author part of an APA reference, ending in a full stop: 'Rogers, C. R., & Farson, R. E.',
    'Chaitoff, A., et al.', 'World Health Organization.' (a group author)."""
    if authors[-1] == ET_AL:
        names = ", ".join([*authors[:-1], ET_AL])
    elif len(authors) > 1:
        names = f"{', '.join(authors[:-1])}, {and_word} {authors[-1]}"
    else:
        names = authors[0]
    return names if names.endswith(".") else names + "."


def duration(minutes: int) -> str:
    """'1 h 05 min' style durations for schedules and maps (in English: courses use `interface(course).duration`)."""
    return catalog("en").duration(minutes)


class _SiteRenderer:
    def __init__(self, course: Course, theme_dir: Path | None, handouts: list[PrintDoc] | None = None):
        self.course = course
        self.handouts = handouts
        self.pages = page_paths(course)
        self.refs = {r.key: r for r in course.bibliography.references}
        self.terms = {t.id: t for t in course.glossary.terms}
        self.theme_dir = theme_dir
        self.t = interface(course)
        self.env = jinja2.Environment(
            loader=template_loader(theme_dir), autoescape=False, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True, undefined=jinja2.StrictUndefined,
        )
        self.env.filters.update(duration=self.t.duration, apa_authors=apa_authors)
        self.env.globals.update(callouts=CALLOUTS, t=self.t)

    def render(self) -> dict[str, str]:
        course = self.course
        out = {
            "index.md": self.page("home", "home.md.j2"),
            "glossary.md": self.page("glossary", "glossary.md.j2", used_in=self.used_in(lambda l: l.glossary)),
            "references.md": self.page("references", "references.md.j2",
                                       cited_in=self.used_in(self.lesson_references)),
            "progress.md": self.page("progress", "progress.md.j2", progress=self.progress()),
            "instructor/schedule.md": self.page("schedule", "schedule.md.j2", rows=self.schedule()),
            "instructor/notes.md": self.page("notes", "notes.md.j2"),
            self.pages["print"].path: self.page("print", "print.md.j2", **self.print_listing()),
        }
        for extra in course.pages:
            out[self.pages[f"page:{extra.id}"].path] = self.page(f"page:{extra.id}", "standalone.md.j2", extra=extra)
        for number, part in enumerate(course.parts, 1):
            out[self.pages[part.module.id].path] = self.page(part.module.id, "module.md.j2", part=part, number=number)
            for lesson in part.lessons:
                out[self.pages[lesson.id].path] = self.page(
                    lesson.id, "lesson.md.j2", part=part, lesson=lesson,
                    handouts=self.handout_links(self.pages[lesson.id], lesson),
                    references=[self.refs[k] for k in self.lesson_references(lesson)],
                )
            if f"quiz:{part.module.id}" in self.pages:
                out[self.pages[f"quiz:{part.module.id}"].path] = self.page(f"quiz:{part.module.id}", "module_quiz.md.j2",
                                                                           part=part)
        return out

    def page(self, key: str, template: str, **context: Any) -> str:
        page = self.pages[key]
        md = self.markdown(page, html=False)
        html = self.markdown(page, html=True)
        return self.env.get_template(f"pages/{template}").render(
            course=self.course, info=self.course.info, page=page, link=lambda target: self.link(page, target),
            md=md.resolve, html=html.block, inline_html=html.inline,
            html_link=lambda target: _html_url(self.link(page, target)),
            figure_url=lambda src: self.figure_url(page, src),
            edit_url=self.edit_url(page), page_keys=self.pages, terms=self.terms,
            quiz=lambda quiz: render_quiz(quiz, html, storage_prefix=self.storage_prefix, theme_dir=self.theme_dir,
                                          t=self.t),
            **context,
        )

    def handout_links(self, page: Page, lesson: Lesson) -> list[dict[str, str]]:
        """The lesson's handouts as {label, pdf, html}, with URLs relative to the built `page`."""
        folder = posixpath.relpath(PRINT_DIR, posixpath.dirname(page.path) or ".")
        return [{"kind": kind, "label": label, "in_text": self.t(f"handout.in_text.{kind}"), "pdf": f"{folder}/{name}.pdf",
                 "html": f"{folder}/{name}.html"}
                for kind, name, label in lesson_handouts(lesson, self.t)]

    def print_listing(self) -> dict[str, Any]:
        """What the Print page lists: every lesson's handouts, then each workshop's documents, then the rest."""
        docs = self.handouts if self.handouts is not None else render_print(self.course, self.theme_dir)
        page = self.pages["print"]
        link = lambda doc: {"title": doc.title, "kind": doc.kind, "pdf": f"{PRINT_DIR}/{doc.name}.pdf",
                            "html": f"{PRINT_DIR}/{doc.name}.html", "learner": doc.learner}
        workshops: dict[str, list[dict[str, Any]]] = {}
        for doc in docs:
            if doc.workshop and doc.listed:
                workshops.setdefault(doc.workshop, []).append(link(doc))
        others = [link(doc) for doc in docs if not doc.workshop and not doc.lesson and doc.listed]
        lessons = [(part, lesson, self.handout_links(page, lesson)) for part, lesson in self.course.lessons]
        return {"lessons": lessons, "workshops": list(workshops.items()), "others": others}

    def progress(self) -> str:
        """The Progress page's table of every lesson's quiz status, with download, load and reset."""
        page = self.pages["progress"]
        rows = [
            ProgressRow(part.module.title, lesson.title, _html_url(self.link(page, lesson.id)),
                        part.quizzes.get(lesson.id, []))
            for part in self.course.parts for lesson in part.lessons
        ]
        return render_progress(rows, storage_prefix=self.storage_prefix, theme_dir=self.theme_dir, t=self.t)

    @property
    def storage_prefix(self) -> str:
        return f"{self.course.info.id}@{self.course.info.version}"

    def markdown(self, page: Page, *, html: bool) -> MarkdownRenderer:
        """A renderer for Markdown on `page`: links between .md sources for MkDocs, or built .html URLs for raw HTML."""
        def link(target: str) -> str:
            url = self.link(page, target)
            return _html_url(url) if html else url
        return MarkdownRenderer(link=link, cite=lambda key: citation_label(self.refs[key]))

    def link(self, page: Page, target: str) -> str:
        """Relative link from `page` to a page key, 'ref:<key>' or 'term:<id>'."""
        kind, _, name = target.partition(":")
        if kind == "image":
            return self.figure_url(page, name)
        if kind == "ref":
            path, anchor = ("" if page.path == "references.md" or self.cites(page, name) else "references.md"), f"ref-{name}"
        elif kind == "term":
            path, anchor = "glossary.md", f"term-{name}"
        else:
            path, anchor = self.pages[target].path, ""
        if path and path != page.path:
            path = posixpath.relpath(path, posixpath.dirname(page.path) or ".")
        else:
            path = ""
        return f"{path}#{anchor}" if anchor else path or "#"

    def cites(self, page: Page, key: str) -> bool:
        """Whether the page lists `key` among its own references (lesson pages do)."""
        lesson = next((l for _, l in self.course.lessons if self.pages[l.id] == page), None)
        return lesson is not None and key in self.lesson_references(lesson)

    def lesson_references(self, lesson: Lesson) -> list[str]:
        """The lesson's reference keys: those it lists, then those it cites inline, in order of appearance."""
        # Citations are found in every text field at once: JSON keeps "[@key]" intact and fields in order.
        keys = [*lesson.references, *cited_keys(lesson.model_dump_json())]
        return list(dict.fromkeys(keys))

    def used_in(self, keys_of: Callable[[Lesson], list[str]]) -> dict[str, list[Lesson]]:
        used: dict[str, list[Lesson]] = {}
        for _, lesson in self.course.lessons:
            for key in keys_of(lesson):
                used.setdefault(key, []).append(lesson)
        return used

    def schedule(self) -> list[dict[str, Any]]:
        rows, elapsed = [], 0
        for part in self.course.parts:
            for lesson in part.lessons:
                start, elapsed = elapsed, elapsed + lesson.teaching + lesson.exercises
                rows.append({"part": part, "lesson": lesson, "start": start, "end": elapsed})
        return rows

    def figure_url(self, page: Page, src: str) -> str:
        """Relative URL from `page` to an image beside the page's YAML file (MkDocs publishes content/ as is)."""
        folder = posixpath.dirname(posixpath.relpath(page.source, "content"))
        return posixpath.relpath(posixpath.join(folder, src), posixpath.dirname(page.path) or ".")

    def edit_url(self, page: Page) -> str | None:
        repo = self.course.info.repository
        if not (repo and page.source):
            return None
        return f"{repo.rstrip('/')}/edit/{self.course.info.edit_branch}/{page.source}"


def _html_url(url: str) -> str:
    """The built page's URL for a link between Markdown sources (raw HTML is not rewritten by MkDocs)."""
    path, hash_, anchor = url.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + hash_ + anchor
