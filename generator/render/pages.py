"""The docs tree: the validated course in, a Markdown page per path out. Pure: no I/O besides reading templates.

Where each page goes is the site map's (`sitemap.py`); how a source is cited is `citations.py`'s."""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import jinja2

from ..model import Course, Lesson, Part, Quiz, Reference, StandalonePage
from ..model.questions import AnyQuestion
from .citations import apa_authors, citation_label
from ..model.markup import cited_keys
from .markdown import MarkdownMemo, MarkdownRenderer
from .print import render_print
from .print_renderer import PrintDoc, pdf_facts
from .quiz import ProgressRow, render_check, render_progress, render_quiz, review_links
from .sitemap import PRINT_DIR, Page, interface, lesson_handouts, page_paths
from .templates import CompiledTemplates, overrides, template_loader, template_signature

CALLOUTS = {
    "note": "note", "tip": "tip", "caution": "warning", "myth": "failure", "example": "example", "research": "info",
    "warning": "warning", "danger": "danger",
}
"""Callout kind -> Material admonition type. The default title is the catalog's `callout.<kind>`."""


def render_site(course: Course, theme_dir: Path | None = None, handouts: list[PrintDoc] | None = None, *,
                cache: SiteCache | None = None, only: Callable[[str], bool] | None = None) -> dict[str, str]:
    """Markdown text for every page, by its path in the docs tree.

    `handouts` are the print documents the Print page lists (rendered here when not given). A live preview passes
    the same `cache` to every call: pages whose inputs did not change are reused, and the cache says which pages
    changed (see `SiteCache`). The result is the same with or without a cache. `only` picks the pages to render by
    their key (`page_paths`), so that a build can share them out among processes.
    """
    return _SiteRenderer(course, theme_dir, handouts, cache or SiteCache(), only).render()


@dataclass(eq=False)
class SiteCache:
    """What `render_site` keeps from one call to the next, so that a preview re-renders only what an edit changed.

    After each call `changed` holds the paths whose Markdown is new or differs from the previous call's (every path
    on the first call), `removed` the paths the previous call returned and this one did not, and `rendered` the
    paths rendered afresh (the others were reused): an engine rebuilds `changed`, deletes `removed`.

    A page is reused when what it is made from is what it was made from last time. Every page depends on course.yml,
    the path of every page and the templates (a change there renders everything again); besides, a lesson page
    depends on its lesson, the lesson's quizzes, and the references and glossary terms they use; a module page on its
    module and lessons (with their quizzes); a module quiz page likewise; a course page (content/pages/) on its own
    file and the references it cites. The course-wide pages (home, glossary, references, progress, print, schedule,
    notes) read the whole course and are rendered every time, from memoized Markdown. When the theme overrides page
    templates, whose reads are unknown, any change to the course renders every page again.
    """

    memo: MarkdownMemo = field(default_factory=MarkdownMemo)
    """Markdown conversions, kept from one call to the next."""
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    rendered: set[str] = field(default_factory=set)
    site: Any = None
    """What every page depends on, as of the last call."""
    pages: dict[str, tuple[Any, str | None]] = field(default_factory=dict)
    """Path -> (what the page was made from, its Markdown); pages rendered every time have None for the first."""
    environment: tuple[Any, jinja2.Environment] | None = None
    """(the templates' signature and language, the Jinja environment compiled for them)."""
    compiled: CompiledTemplates = field(default_factory=CompiledTemplates)
    """The templates' code, kept while their sources are the same (a build keeps it between builds)."""
    cited: dict[tuple[str, str], tuple[Any, list[str]]] = field(default_factory=dict)
    """Lesson or quiz id -> (the object, the reference keys it cites): reused while the object is the same."""

    def fill(self, pages: dict[str, str]) -> None:
        """Keep the Markdown of pages that another process rendered (for a call with `only`), with their inputs."""
        for path, text in pages.items():
            if path in self.pages:
                self.pages[path] = (self.pages[path][0], text)


class _SiteRenderer:
    def __init__(self, course: Course, theme_dir: Path | None, handouts: list[PrintDoc] | None, cache: SiteCache,
                 only: Callable[[str], bool] | None = None):
        self.only = only
        self.course = course
        self.handouts = handouts
        self.cache = cache
        self.pages = page_paths(course)
        self.refs = {r.key: r for r in course.bibliography.references}
        self.terms = {t.id: t for t in course.glossary.terms}
        self.theme_dir = theme_dir
        self.t = interface(course)
        self.signature = template_signature(theme_dir)
        self.env = self.environment()
        self.lesson_of = {self.pages[lesson.id].path: lesson for _, lesson in course.lessons}
        self.quizzes: dict[str, str] = {}
        """Quiz id -> its widget, rendered once per build for the lesson page and the module quiz page."""

    def environment(self) -> jinja2.Environment:
        """The Jinja environment for the templates as they are now (the cache's, while they are unchanged)."""
        key = (self.signature, self.course.info.language)
        if self.cache.environment and self.cache.environment[0] == key:
            return self.cache.environment[1]
        env = jinja2.Environment(
            loader=template_loader(self.theme_dir), autoescape=False, trim_blocks=True, lstrip_blocks=True,
            keep_trailing_newline=True, undefined=jinja2.StrictUndefined, bytecode_cache=self.cache.compiled,
            auto_reload=False,  # the templates' signature is checked once per call instead
        )
        env.filters.update(duration=self.t.duration, apa_authors=apa_authors)
        env.globals.update(callouts=CALLOUTS, t=self.t)
        self.cache.environment = (key, env)
        return env

    def render(self) -> dict[str, str]:
        course, cache = self.course, self.cache
        cache.memo.next_build()
        site = (self.theme_dir, self.signature, course.info, {k: (p.path, p.source) for k, p in self.pages.items()},
                # Overridden page templates may read anything: then any change renders every page again.
                course if overrides(self.theme_dir, "pages") else None)
        last = {path: text for path, (_, text) in cache.pages.items()}
        # A page's own inputs are compared only when what every page depends on is unchanged.
        previous = cache.pages if site == cache.site else {}
        cache.site, cache.pages, cache.rendered = site, {}, set()

        def put(key: str, template: str, inputs: Any = None, lazy: Callable[[], dict[str, Any]] = dict,
                **context: Any) -> None:
            """Render the page, or reuse last call's Markdown when `inputs` (what it is made from) are the same.
            `lazy` gives more of the template's context, where working it out takes a while."""
            path = self.pages[key].path
            if self.only and not self.only(key):
                if inputs is not None:  # another process renders it: `SiteCache.fill` adds its text
                    cache.pages[path] = (inputs, None)
                return
            if inputs is not None and path in previous and previous[path][0] == inputs:
                cache.pages[path] = previous[path]
                return
            cache.pages[path] = (inputs, self.page(key, template, **context, **lazy()))
            cache.rendered.add(path)

        put("home", "home.md.j2")
        put("glossary", "glossary.md.j2", lazy=lambda: {"used_in": self.used_in(lambda lesson: lesson.glossary)})
        put("references", "references.md.j2", lazy=lambda: {"cited_in": self.used_in(self.lesson_references)})
        put("progress", "progress.md.j2", lazy=lambda: {"progress": self.progress()})
        put("schedule", "schedule.md.j2", lazy=lambda: {"rows": self.schedule()})
        put("notes", "notes.md.j2")
        put("print", "print.md.j2", lazy=self.print_listing)
        for extra in course.pages:
            key = f"page:{extra.id}"
            put(key, "standalone.md.j2", (self.pages[key], extra, self.references_of(self.citations(extra))),
                extra=extra)
        for number, part in enumerate(course.parts, 1):
            put(part.module.id, "module.md.j2", (self.pages[part.module.id], part, number), part=part, number=number)
            for lesson in part.lessons:
                quizzes = part.quizzes.get(lesson.id, [])
                references = self.lesson_references(lesson)
                cited = self.references_of(references + self.quiz_citations(quizzes))
                handouts = self.handout_links(self.pages[lesson.id], lesson)
                inputs = (self.pages[lesson.id], lesson, quizzes, cited, [self.terms.get(t) for t in lesson.glossary],
                          handouts, self.next_step(lesson))
                put(lesson.id, "lesson.md.j2", inputs, part=part, lesson=lesson, handouts=handouts,
                    references=[self.refs[k] for k in references])
            if f"quiz:{part.module.id}" in self.pages:
                quizzes = [quiz for quizzes in part.quizzes.values() for quiz in quizzes]
                put(f"quiz:{part.module.id}", "module_quiz.md.j2",
                    (self.pages[f"quiz:{part.module.id}"], part, self.references_of(self.quiz_citations(quizzes))),
                    part=part)
        out = {path: text for path, (_, text) in cache.pages.items() if text is not None}
        cache.changed = {path for path, text in out.items() if last.get(path) != text}
        cache.removed = set(last) - set(out)
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
            edit_url=self.edit_url(page), page_keys=self.pages, terms=self.terms, quiz=self.quiz,
            storage_prefix=self.storage_prefix, lesson_list=self.lesson_list, next_step=self.next_step,
            check=self.check,
            **context,
        )

    def quiz(self, quiz: Quiz) -> str:
        """The quiz's widget, the same on the lesson page and on the module quiz page (rendered once per build).

        Both pages are in the module's folder, so its links are the same on both: to other pages, to the lesson
        page's own reference list, or to the references page for a source the lesson does not list.
        """
        if quiz.id not in self.quizzes:
            lesson = self.lesson_of[self.pages[quiz.lesson].path]
            md = MarkdownRenderer(link=lambda target: _html_url(self.quiz_link(lesson, target)),
                                  cite=lambda key: citation_label(self.refs[key]), memo=self.cache.memo)
            page = posixpath.basename(_html_url(self.pages[lesson.id].path))
            self.quizzes[quiz.id] = render_quiz(quiz, md, storage_prefix=self.storage_prefix,
                                                theme_dir=self.theme_dir, t=self.t, signature=self.signature,
                                                review=review_links(lesson, page))
        return self.quizzes[quiz.id]

    def check(self, part: Part) -> str:
        """The module's check: its pool's questions, each with links as on its lesson page (same folder)."""
        lesson_of = {q.id: lesson for lesson in part.lessons for quiz in part.quizzes.get(lesson.id, [])
                     for q in quiz.questions}
        page = self.pages[f"quiz:{part.module.id}"]
        own = self.markdown(page, html=True)

        def markdown(question: AnyQuestion) -> MarkdownRenderer:
            lesson = lesson_of.get(question.id)
            if lesson is None:
                return own
            return MarkdownRenderer(link=lambda target: _html_url(self.quiz_link(lesson, target)),
                                    cite=lambda key: citation_label(self.refs[key]), memo=self.cache.memo)

        review = [r for lesson in part.lessons
                  for r in review_links(lesson, posixpath.basename(_html_url(self.pages[lesson.id].path)),
                                        lesson.title)]
        return render_check(part, markdown, storage_prefix=self.storage_prefix, review=review,
                            theme_dir=self.theme_dir, t=self.t, signature=self.signature)

    def quiz_link(self, lesson: Lesson, target: str) -> str:
        """A link in a quiz of `lesson`, right from the lesson page and from the module quiz page alike."""
        kind, _, name = target.partition(":")
        page = self.pages[lesson.id]
        if kind == "ref" and name in self.lesson_references(lesson):
            return f"{posixpath.basename(page.path)}#ref-{name}"
        if kind == "image":
            return self.figure_url(page, name)
        # The module quiz page is in the same folder and is no lesson: its links never point at itself.
        return self.link(Page(posixpath.join(posixpath.dirname(page.path), "quiz.md"), "", None), target)

    @cached_property
    def handouts_by_name(self) -> dict[str, PrintDoc]:
        return {doc.name: doc for doc in self.handouts or []}

    def handout_links(self, page: Page, lesson: Lesson) -> list[dict[str, str]]:
        """The lesson's handouts as {label, pdf, facts}, with URLs relative to the built `page`."""
        folder = _relpath(PRINT_DIR, posixpath.dirname(page.path) or ".")
        made = self.handouts_by_name
        return [{"kind": kind, "label": label, "in_text": self.t(f"handout.in_text.{kind}"),
                 "pdf": f"{folder}/{name}.pdf", "facts": pdf_facts(made.get(name), self.t)}
                for kind, name, label in lesson_handouts(lesson, self.t)]

    def print_listing(self) -> dict[str, Any]:
        """What the Print page lists: every lesson's handouts and each module check's versions and key, then each
        workshop's documents, then the rest."""
        docs = self.handouts if self.handouts is not None else render_print(self.course, self.theme_dir)
        page = self.pages["print"]

        def link(doc: PrintDoc) -> dict[str, Any]:
            return {"title": doc.title, "kind": doc.kind, "pdf": f"{PRINT_DIR}/{doc.name}.pdf",
                    "facts": pdf_facts(doc, self.t), "learner": doc.learner}

        workshops: dict[str, list[dict[str, Any]]] = {}
        for doc in docs:
            if doc.workshop and doc.listed:
                workshops.setdefault(doc.workshop, []).append(link(doc))
        checks: dict[str, list[dict[str, Any]]] = {}
        for doc in docs:
            if doc.module and doc.listed:
                checks.setdefault(doc.module, []).append(link(doc))
        others = [link(doc) for doc in docs if not (doc.workshop or doc.lesson or doc.module) and doc.listed]
        lessons = [(part, lesson, self.handout_links(page, lesson)) for part, lesson in self.course.lessons]
        return {"lessons": lessons, "workshops": list(workshops.items()), "others": others, "checks": checks}

    def progress(self) -> str:
        """The Progress page's table of every lesson's quiz status, with download, load and reset."""
        page = self.pages["progress"]
        rows = []
        for part in self.course.parts:
            rows += [ProgressRow(part.module.title, lesson.title, _html_url(self.link(page, lesson.id)),
                                 part.quizzes.get(lesson.id, [])) for lesson in part.lessons]
            if part.module.check and f"quiz:{part.module.id}" in self.pages:
                rows.append(ProgressRow(part.module.title, self.t("check.row"),
                                        _html_url(self.link(page, f"quiz:{part.module.id}")), check=part.module.id))
        return render_progress(rows, storage_prefix=self.storage_prefix, theme_dir=self.theme_dir, t=self.t,
                               signature=self.signature)

    def lesson_list(self, page: Page) -> str:
        """Every lesson as JSON [URL from `page`, title, its quiz questions' ids], for the start/continue button."""
        return json.dumps([[_html_url(self.link(page, lesson.id)), lesson.title,
                            " ".join(q.id for quiz in part.quizzes.get(lesson.id, []) for q in quiz.questions)]
                           for part, lesson in self.course.lessons], ensure_ascii=False, separators=(",", ":"))

    def next_step(self, lesson: Lesson) -> _Step | None:
        """Where a learner goes after `lesson`: its module's check after the module's last lesson, else the next
        lesson (None after the last)."""
        keys = []
        for part in self.course.parts:
            keys += [lesson.id for lesson in part.lessons]
            if f"quiz:{part.module.id}" in self.pages:
                keys.append(f"quiz:{part.module.id}")
        following = keys[keys.index(lesson.id) + 1:]
        if not following:
            return None
        return _Step(following[0], self.pages[following[0]].title)

    @property
    def storage_prefix(self) -> str:
        return f"{self.course.info.id}@{self.course.info.version}"

    def markdown(self, page: Page, *, html: bool) -> MarkdownRenderer:
        """A renderer for Markdown on `page`: links between .md sources for MkDocs, or built .html URLs for raw HTML."""
        def link(target: str) -> str:
            url = self.link(page, target)
            return _html_url(url) if html else url
        return MarkdownRenderer(link=link, cite=lambda key: citation_label(self.refs[key]), memo=self.cache.memo)

    def link(self, page: Page, target: str) -> str:
        """Relative link from `page` to a page key, 'ref:<key>' or 'term:<id>'."""
        kind, _, name = target.partition(":")
        if kind == "image":
            return self.figure_url(page, name)
        if kind == "ref":
            here = page.path == "references.md" or self.cites(page, name)
            path, anchor = ("" if here else "references.md"), f"ref-{name}"
        elif kind == "term":
            path, anchor = "glossary.md", f"term-{name}"
        else:
            path, anchor = self.pages[target].path, ""
        if path and path != page.path:
            path = _relpath(path, posixpath.dirname(page.path) or ".")
        else:
            path = ""
        return f"{path}#{anchor}" if anchor else path or "#"

    def cites(self, page: Page, key: str) -> bool:
        """Whether the page lists `key` among its own references (lesson pages do)."""
        lesson = self.lesson_of.get(page.path)
        return lesson is not None and key in self.lesson_references(lesson)

    def lesson_references(self, lesson: Lesson) -> list[str]:
        """The lesson's reference keys: those it lists, then those it cites inline, in order of appearance."""
        return list(dict.fromkeys([*lesson.references, *self.citations(lesson)]))

    def quiz_citations(self, quizzes: list[Quiz]) -> list[str]:
        return [key for quiz in quizzes for key in self.citations(quiz)]

    def citations(self, item: Lesson | Quiz | StandalonePage) -> list[str]:
        """The reference keys a lesson, quiz or page cites in its text, in order (kept while it is the same object)."""
        key = (type(item).__name__, item.id)
        known = self.cache.cited.get(key)
        if known is None or known[0] is not item:
            # Citations are found in every text field at once: JSON keeps "[@key]" intact and fields in order.
            known = self.cache.cited[key] = (item, cited_keys(item.model_dump_json()))
        return known[1]

    def references_of(self, keys: list[str]) -> list[Reference | None]:
        return [self.refs.get(key) for key in keys]

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
        folder = posixpath.dirname(_relpath(page.source, "content"))
        return _relpath(posixpath.join(folder, src), posixpath.dirname(page.path) or ".")

    def edit_url(self, page: Page) -> str | None:
        repo = self.course.info.repository
        if not (repo and page.source):
            return None
        return f"{repo.rstrip('/')}/edit/{self.course.info.edit_branch}/{page.source}"


@dataclass(frozen=True)
class _Step:
    key: str
    title: str


_relpath = lru_cache(maxsize=1 << 16)(posixpath.relpath)
"""posixpath.relpath, which is slow (it makes both paths absolute) and is asked the same questions again and again."""


def _html_url(url: str) -> str:
    """The built page's URL for a link between Markdown sources (raw HTML is not rewritten by MkDocs)."""
    path, hash_, anchor = url.partition("#")
    if path.endswith(".md"):
        path = path[:-3] + ".html"
    return path + hash_ + anchor
