"""Print documents: the validated course in, lean HTML for every handout out. Pure: no I/O besides reading templates.

Per lesson (file names say what each is):

- `<lesson>-worksheet`: for learners. The objectives, then every challenge, discussion prompt, role-play (its shared
  setup only) and quiz question with space to answer. No answer, solution, hint, feedback, explanation, model
  answer, checklist or role brief is in the file at all: the templates never receive them.
- `<lesson>-facilitator`: the same items in the same order with hints and the answer key, timings, instructor
  notes, what to listen for in discussions, every role brief and the debrief.
- `<lesson>-reading`: the teaching text, callouts, figures, key points, glossary terms and references.
- `<lesson>-roleplay-cards` (lessons with role-plays): one cut-out card per role, then an observer sheet.

More documents (workshop packs) come from the functions in `PRINT_SOURCES`. A document can end with other documents'
pages (`then`), which is how a pack is one PDF of several handouts, each keeping its own running header.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2
from markupsafe import Markup

from ..i18n import Catalog, catalog
from ..model import Course, Lesson, Part
from ..model.questions import display_order, is_scored, letter, match_choices
from .markdown import MarkdownRenderer, cited_keys
from .templates import template_loader

PRINT_DIR = "print"
"""Folder of the site that holds every print page, its PDF and the print assets."""
STYLESHEET = "print.css"
"""The print stylesheet, relative to the print pages (copied from theme/print/)."""
IMAGES = "images"
"""Figures used by print pages, under print/images/<lesson folder>/<file>."""


@dataclass(frozen=True)
class PrintDoc:
    """One print document: a print page `print/<name>.html` and its PDF `print/<name>.pdf`."""

    name: str
    """File name without extension, e.g. 'active-listening-worksheet'."""
    title: str
    """The document title (the PDF's title and the page's <title>)."""
    kind: str
    """'worksheet', 'facilitator', 'reading', 'roleplay-cards', or a kind a print source adds ('learner-pack'...)."""
    html: str
    """The whole HTML document of the print page."""
    lesson: str | None = None
    """Id of the lesson it belongs to, if any."""
    workshop: str | None = None
    """For workshop documents: the workshop's title, under which the Print page lists it."""
    then: tuple[str, ...] = ()
    """Names of other documents whose pages follow this one's in the PDF (for packs)."""
    images: tuple[str, ...] = ()
    """Files the HTML uses under print/images/, as (site path) 'images/<folder>/<file>'."""
    learner: bool = True
    """Whether it goes to learners (so it must hold no answer)."""
    listed: bool = True
    """False for a document that only makes up part of a pack (a workshop's trimmed worksheet): no page, no PDF."""


LESSON_KINDS = {
    "worksheet": "Worksheet",
    "facilitator": "Facilitator edition",
    "reading": "Reading copy",
    "roleplay-cards": "Role-play cards",
}
"""Kinds of lesson handout -> the label people see, in English (the catalog's `handout.<kind>`)."""


def lesson_handouts(lesson: Lesson, t: Catalog | None = None) -> list[tuple[str, str, str]]:
    """The lesson's handouts as (kind, file name, label), in the order the Print page lists them.

    Labels are in the language of `t` (the course's interface catalog), English without it."""
    t = t or catalog("en")
    kinds = ["worksheet", "facilitator", "reading"] + (["roleplay-cards"] if lesson.roleplays else [])
    return [(kind, f"{lesson.id}-{kind}", t(f"handout.{kind}")) for kind in kinds]


PrintSource = Callable[["PrintRenderer"], Iterable[PrintDoc]]
"""A function that turns the course into print documents, given the shared renderer."""


def _lesson_documents(renderer: "PrintRenderer") -> Iterable[PrintDoc]:
    for part, lesson in renderer.course.lessons:
        yield from renderer.lesson_documents(part, lesson)


def _workshop_documents(renderer: "PrintRenderer") -> Iterable[PrintDoc]:
    from .workshop_print import workshop_documents  # it builds on this module
    yield from workshop_documents(renderer)


PRINT_SOURCES: list[PrintSource] = [_lesson_documents, _workshop_documents]
"""Every source of print documents, in order. Workshop packs are added here: `PRINT_SOURCES.append(f)`."""


def render_print(course: Course, theme_dir: Path | None = None, sources: Iterable[PrintSource] | None = None
                 ) -> list[PrintDoc]:
    """Every print document of the course, in order (lessons first, then whatever the other sources add)."""
    renderer = PrintRenderer(course, theme_dir)
    docs = [doc for source in (PRINT_SOURCES if sources is None else sources) for doc in source(renderer)]
    names = [d.name for d in docs]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ValueError(f"two print documents share the name(s) {', '.join(repeated)}")
    known = set(names)
    for doc in docs:
        missing = [n for n in doc.then if n not in known]
        if missing:
            raise ValueError(f"print document {doc.name} continues with unknown documents {missing}")
    return docs


def lesson_folder(course: Course, lesson_id: str) -> str:
    """The folder of a lesson's YAML relative to content/, e.g. '04-strategies' (where its figures are)."""
    source = PurePosixPath(course.sources[lesson_id])
    parts = source.parent.parts
    return posixpath.join(*parts[1:]) if len(parts) > 1 else ""


@dataclass
class _Item:
    """One numbered thing to do on a worksheet, in worksheet order."""

    kind: str  # 'challenge' | 'roleplay' | 'discussion' | 'question'
    anchor: str
    obj: Any
    number: int = 0
    extra: dict = field(default_factory=dict)


class PrintRenderer:
    """Renders print documents from one course. Print sources get an instance and call `document()`."""

    def __init__(self, course: Course, theme_dir: Path | None = None):
        self.course = course
        self.theme_dir = theme_dir
        self.refs = {r.key: r for r in course.bibliography.references}
        self.terms = {t.id: t for t in course.glossary.terms}
        self.t = catalog(course.info.language)
        """The course's interface strings (print sources use it for the titles they make)."""
        self.env = jinja2.Environment(
            loader=template_loader(theme_dir), autoescape=True, trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        self.env.globals.update(display_order=display_order, match_choices=match_choices, letter=letter,
                                is_scored=is_scored, t=self.t.html, format_date=self.t.date)
        self.env.filters["duration"] = self.t.duration
        from .pages import apa_authors  # a late import, like page_paths below
        # t() gives Markup here ("&amp;"): apa_authors joins plain text, which the template then escapes once.
        self.env.filters["apa_authors"] = lambda authors, and_word="&": apa_authors(authors, Markup(and_word).unescape())

    @cached_property
    def page_paths(self) -> dict[str, str]:
        from .pages import page_paths
        return {key: page.path for key, page in page_paths(self.course).items()}

    def markdown(self, folder: str = "", used: set[str] | None = None) -> MarkdownRenderer:
        """Markdown for a print page in print/: citations and glossary links point at the site's pages.

        Images beside the YAML (in content/`folder`) point at their copy under print/images/ and are added to `used`.
        """
        def link(target: str) -> str:
            kind, _, name = target.partition(":")
            if kind == "image":
                path = posixpath.join(IMAGES, folder, name)
                if used is not None:
                    used.add(path)
                return path
            if kind == "ref":
                return f"../references.html#ref-{name}"
            if kind == "term":
                return f"../glossary.html#term-{name}"
            return "../" + self.page_paths[target].removesuffix(".md") + ".html"

        def cite(key: str) -> str:
            from .pages import citation_label
            return citation_label(self.refs[key])

        return MarkdownRenderer(link=link, cite=cite)

    def document(self, template: str, *, name: str, title: str, kind: str, running: str, lesson_id: str | None = None,
                 workshop: str | None = None, then: tuple[str, ...] = (), images: tuple[str, ...] = (),
                 learner: bool = True, listed: bool = True, folder: str = "", **context: Any) -> PrintDoc:
        """Render `print/<template>` (which extends print/base.html) into a PrintDoc.

        `running` is the running header's right-hand text (the lesson or workshop); the left is the course title.
        `folder` is where images named in Markdown are, relative to content/ (a lesson's own folder).
        """
        used: set[str] = set(images)
        md = self.markdown(folder, used)
        html = self.env.get_template(f"print/{template}").render(
            course=self.course, info=self.course.info, title=title, running=running, kind=kind, name=name,
            block=lambda text: Markup(_empty_headers(md.block(text))), inline=lambda text: Markup(md.inline(text)),
            stylesheet=STYLESHEET, **context,
        )
        return PrintDoc(name=name, title=title, kind=kind, html=html, lesson=lesson_id, workshop=workshop, then=then,
                        images=tuple(sorted(used)), learner=learner, listed=listed)

    # -- lessons -------------------------------------------------------------------------------------------------

    def lesson_documents(self, part: Part, lesson: Lesson, *, prefix: str = "", listed: bool = True) -> list[PrintDoc]:
        """The lesson's handouts; `prefix` and `listed=False` make a pack's own copies (see workshop_print)."""
        quizzes = part.quizzes.get(lesson.id, [])
        items = self.items(lesson, quizzes)
        common = dict(lesson=lesson, part=part, items=items, quizzes=quizzes)
        docs = []
        folder = lesson_folder(self.course, lesson.id)
        for kind, name, label in lesson_handouts(lesson, self.t):
            title = self.t("handout.title", title=lesson.title, kind=self.t(f"handout.in_text.{kind}"))
            extra: dict[str, Any] = {}
            images: tuple[str, ...] = ()
            if kind == "reading":
                extra["image"] = lambda src: posixpath.join(IMAGES, folder, src)
                extra["terms"] = [self.terms[t] for t in lesson.glossary if t in self.terms]
                extra["references"] = [self.refs[k] for k in self.references(lesson, quizzes) if k in self.refs]
                images = tuple(posixpath.join(IMAGES, folder, f.src) for s in lesson.sections for f in s.figures
                               if not f.is_video)
            docs.append(self.document(
                f"{kind.replace('-', '_')}.html", name=prefix + name, title=title, kind=kind, running=lesson.title,
                lesson_id=lesson.id, images=images, learner=kind != "facilitator", listed=listed, folder=folder,
                **common, **extra,
            ))
        return docs

    def items(self, lesson: Lesson, quizzes: list) -> list[_Item]:
        """The worksheet's items in order: challenges and role-plays (in lesson order), discussion, quiz questions."""
        items: list[_Item] = []
        sections = [s.id for s in lesson.sections]
        placed = [(c.after, "challenge", c) for c in lesson.challenges] + [(r.after, "roleplay", r)
                                                                           for r in lesson.roleplays]
        # Shown after a section on the web: keep that order on paper (the ones without `after` come last).
        placed.sort(key=lambda p: sections.index(p[0]) if p[0] in sections else len(sections))
        for _, kind, obj in placed:
            items.append(_Item(kind, obj.id, obj))
        for index, prompt in enumerate(lesson.discussion, 1):
            items.append(_Item("discussion", prompt.id or f"{lesson.id}-discussion-{index}", prompt))
        for quiz in quizzes:
            for question in quiz.questions:
                items.append(_Item("question", question.id, question))
        for number, item in enumerate(items, 1):
            item.number = number
        return items

    def references(self, lesson: Lesson, quizzes: list) -> list[str]:
        keys = [*lesson.references, *cited_keys(lesson.model_dump_json())]
        keys += [k for quiz in quizzes for k in cited_keys(quiz.model_dump_json())]
        return list(dict.fromkeys(keys))



_EMPTY_HEADER = re.compile(r"<th>\s*</th>")


def _empty_headers(html: str) -> str:
    """An empty corner cell of a Markdown table is a data cell: an empty header cell names nothing (axe)."""
    return _EMPTY_HEADER.sub("<td></td>", html)
