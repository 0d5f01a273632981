"""The print renderer: one print document's Typst markup from a template, and the whole Typst source of its PDF.
Pure: no I/O besides reading templates.

Which documents there are is `print.py`'s (`render_print`, `PRINT_SOURCES`); a lesson's and a module check's are made
in `lesson_print.py`, a workshop's in `workshop_print.py`, each through a `PrintRenderer`. The Typst templates are
`generator/templates/print/*.typ` (an instructor overrides them in `theme/course/print/`); content reaches them only
through `typst_markup` (escaped text, converted HTML).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from string import Formatter
from typing import Any

import jinja2

from ..i18n import Catalog, catalog
from ..model import Course
from ..model.markup import cited_keys
from ..model.qtypes import question_type
from ..model.questions import display_order, is_scored, letter, match_choices
from .citations import apa_authors, citation_label
from .markdown import MarkdownMemo, MarkdownRenderer
from .sitemap import page_paths
from .templates import CompiledTemplates, overrides, template_loader, template_signature
from .typst_markup import Typst, escape, from_html, string

LIBRARY = "print/handout.typ"
"""The Typst library every document starts with (page, type, and the pieces the templates place)."""


@dataclass(frozen=True)
class PrintDoc:
    """One print document: the PDF `print/<name>.pdf`."""

    name: str
    """File name without extension, e.g. 'active-listening-worksheet'."""
    title: str
    """The document title (the PDF's title)."""
    kind: str
    """'worksheet', 'facilitator', 'reading', 'roleplay-cards', or a kind a print source adds ('learner-pack'...)."""
    body: str | None
    """Its Typst markup, without the library and page set-up (`typst_source` adds them); None when it was listed
    only (`render_print(bodies=False)`: a build without PDFs needs the documents' names and titles, not their text)."""
    running: str = ""
    """The running header's right-hand text, as Typst markup (the lesson or workshop)."""
    lesson: str | None = None
    """Id of the lesson it belongs to, if any."""
    module: str | None = None
    """Id of the module it belongs to (a module check's versions and key), under which the Print page lists it."""
    workshop: str | None = None
    """For workshop documents: the workshop's title, under which the Print page lists it."""
    then: tuple[str, ...] = ()
    """Names of other documents whose bodies follow this one's in the PDF (for packs, which open with contents)."""
    learner: bool = True
    """Whether it goes to learners (so it must hold no answer)."""
    listed: bool = True
    """False for a document that only makes up part of a pack (a workshop's trimmed worksheet): no PDF of its own."""
    pages: int = 0
    """Pages of its PDF, once made (0 before, or in a build without PDFs)."""
    size: int = 0
    """Bytes of its PDF, once made."""


def pdf_facts(doc: PrintDoc | None, t: Catalog) -> str:
    """What a link to a handout says about it: 'PDF, 5 pages, 120 KB' (just 'PDF' before the PDF is made)."""
    if doc is None or not doc.pages:
        return t("print_page.pdf")
    return t("print_page.pdf_facts", n=doc.pages, size=t("print_page.kb", n=-(-doc.size // 1024)))


@dataclass(eq=False)
class PrintCache:
    """What `render_print` keeps from one call to the next, so that a preview re-renders only what an edit changed.

    After each call `changed` holds the names of the documents that are new or differ from the previous call's
    (every name on the first call), `removed` the names the previous call had and this one has not, and `rendered`
    the names rendered afresh (the others were reused).

    Documents are rendered in units: a lesson's handouts, one workshop's documents (with the copies of the handouts
    it trims), the workshops' glossary. A unit is reused when what it is made from is what it was made from last
    time: course.yml, the page paths and the templates for every unit (a change there renders everything again);
    for a lesson its module, lesson, quizzes, and the references and glossary terms they use; for a workshop the
    workshop and each of its lessons (module, lesson, quizzes), the glossary and references. Print sources that do not
    call `PrintRenderer.reuse` are rendered every time. When the theme overrides print templates, whose reads are
    unknown, any change to the course renders every document again.
    """

    memo: MarkdownMemo = field(default_factory=MarkdownMemo)
    """Markdown conversions, kept from one call to the next."""
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    rendered: set[str] = field(default_factory=set)
    site: Any = None
    """What every document depends on, as of the last call."""
    units: dict[str, tuple[Any, list[PrintDoc]]] = field(default_factory=dict)
    """Unit key ('lesson:<id>', 'workshop:<id>', ...) -> (what it was made from, its documents)."""
    docs: dict[str, PrintDoc] = field(default_factory=dict)
    """The last call's documents by name."""
    environment: tuple[Any, jinja2.Environment] | None = None
    compiled: CompiledTemplates = field(default_factory=CompiledTemplates)
    """The templates' code, kept while their sources are the same (a build keeps it between builds)."""
    cited: dict[tuple[str, str], tuple[Any, list[str]]] = field(default_factory=dict)
    """Lesson or quiz id -> (the object, the reference keys it cites): reused while the object is the same."""


class PrintRenderer:
    """Renders print documents from one course. Print sources get an instance and call `document()`.

    With `bodies=False` the documents are listed only: `document()` renders no template, and each has no body."""

    def __init__(self, course: Course, theme_dir: Path | None = None, *, cache: PrintCache | None = None,
                 bodies: bool = True):
        self.course = course
        self.bodies = bodies
        self.theme_dir = theme_dir
        self.cache = cache or PrintCache()
        self.refs = {r.key: r for r in course.bibliography.references}
        self.terms = {t.id: t for t in course.glossary.terms}
        self.t = catalog(course.info.language)
        """The course's interface strings (print sources use it for the titles they make)."""
        signature = template_signature(theme_dir)
        self.env = self.environment(signature)
        self.cache.memo.next_build()
        site = (theme_dir, signature, course.info, self.page_paths,
                # Overridden print templates may read anything: then any change renders every document again.
                course if overrides(theme_dir, "print") else None)
        if site != self.cache.site:
            self.cache.units.clear()
        self.cache.site = site
        self.previous, self.cache.units, self.cache.rendered = self.cache.units, {}, set()

    def environment(self, signature: tuple[Any, ...]) -> jinja2.Environment:
        """The Jinja environment for the templates as they are now (the cache's, while they are unchanged).

        Templates write Typst: every value they place is escaped for Typst unless it is `Typst` markup already."""
        key = (signature, self.course.info.language)
        if self.cache.environment and self.cache.environment[0] == key:
            return self.cache.environment[1]
        env = jinja2.Environment(
            loader=template_loader(self.theme_dir), trim_blocks=True, lstrip_blocks=True,
            undefined=jinja2.StrictUndefined, bytecode_cache=self.cache.compiled,
            # Escaping is Jinja's own (autoescape), with Typst's rules: `finalize` escapes every value that is not
            # markup already (Typst, or a macro's output).
            autoescape=True, finalize=lambda value: value if hasattr(value, "__html__") else escape(value),
            auto_reload=False,  # the templates' signature is checked once per call instead
        )
        env.globals.update(display_order=display_order, match_choices=match_choices, letter=letter,
                           is_scored=is_scored, question_type=question_type, t=typst_text(self.t),
                           format_date=self.t.date, string=string, workspace=workspace)
        env.filters["duration"] = self.t.duration
        env.filters["join"] = lambda items, separator="": Typst(escape(separator).join(escape(i) for i in items))
        env.filters["apa_authors"] = lambda authors, and_word="&": apa_authors(authors, and_word)
        self.cache.environment = (key, env)
        return env

    def reuse(self, key: str, inputs: Any, make: Callable[[], Iterable[PrintDoc]]) -> list[PrintDoc]:
        """The documents `make` renders, or the last call's when `inputs` (all they are made from) are the same.

        `key` names the unit ('lesson:<id>'...) and must be unique in a call. Used by print sources for the cache.
        Documents listed only are not reused where bodies are wanted.
        """
        last = self.previous.get(key)
        if last is not None and last[0] == inputs and (not self.bodies or all(d.body is not None for d in last[1])):
            docs = last[1]
        else:
            docs = list(make())
            self.cache.rendered.update(doc.name for doc in docs)
        self.cache.units[key] = (inputs, docs)
        return docs

    def finish(self, docs: list[PrintDoc]) -> None:
        """Note in the cache which documents changed since the last call."""
        previous = self.cache.docs
        self.cache.docs = {doc.name: doc for doc in docs}
        self.cache.changed = {doc.name for doc in docs if previous.get(doc.name) != doc}
        self.cache.removed = set(previous) - set(self.cache.docs)

    @cached_property
    def page_paths(self) -> dict[str, str]:
        return {key: page.path for key, page in page_paths(self.course).items()}

    def markdown(self) -> MarkdownRenderer:
        """Markdown for paper: citations keep their label, links to the site's pages their text (see typst_markup)."""
        def cite(key: str) -> str:
            return citation_label(self.refs[key])

        return MarkdownRenderer(link=lambda target: f"#{target}", cite=cite, memo=self.cache.memo)

    def document(self, template: str, *, name: str, title: str, kind: str, running: str, lesson_id: str | None = None,
                 module_id: str | None = None, workshop: str | None = None, then: tuple[str, ...] = (),
                 learner: bool = True, listed: bool = True, folder: str = "", **context: Any) -> PrintDoc:
        """Render `print/<template>` (Typst markup) into a PrintDoc.

        `running` is the running header's right-hand text (the lesson or workshop); the left is the course title.
        `folder` is where images named in Markdown are, relative to content/ (a lesson's own folder): the Typst root.
        """
        if not self.bodies:
            return PrintDoc(name=name, title=title, kind=kind, body=None, running=escape(running), lesson=lesson_id,
                            module=module_id, workshop=workshop, then=then, learner=learner, listed=listed)
        md = self.markdown()

        def image(src: str) -> str:
            """A figure's path from the Typst root (content/)."""
            return "/" + posixpath.join(folder, src.removeprefix("#image:"))

        def picture(src: str) -> str | None:
            """An image named in Markdown (the renderer's link gives '#image:<file>'); any other is not on paper."""
            return image(src) if src.startswith("#image:") else None

        body = self.env.get_template(f"print/{template}").render(
            course=self.course, info=self.course.info, title=title, running=running, kind=kind, name=name,
            block=lambda text: from_html(md.block(text), picture),
            inline=lambda text: from_html(md.inline(text), picture), image=image, **context,
        )
        return PrintDoc(name=name, title=title, kind=kind, body=body, running=escape(running), lesson=lesson_id,
                        module=module_id, workshop=workshop, then=then, learner=learner, listed=listed)

    def typst_source(self, doc: PrintDoc, parts: list[PrintDoc]) -> str:
        """The whole Typst source of `doc`'s PDF: the library, the page set-up, then its body and its `parts'`."""
        if any(p.body is None for p in [doc, *parts]):
            raise ValueError(f"{doc.name} was listed without its body (render_print with bodies=False): no PDF")
        library = template_loader(self.theme_dir).get_source(self.env, LIBRARY)[0]
        before, _, after = self.t("print.page_of", page="\x00", pages="\x00").partition("\x00")
        page_of = Typst("(" + ", ".join(string(s) for s in (before, *after.split("\x00"))) + ")")
        return self.env.get_template("print/document.typ").render(
            library=Typst(library), title=doc.title, info=self.course.info, page_of=page_of, contents=bool(parts),
            parts=[{"running": Typst(p.running), "body": Typst(p.body or "")} for p in [doc, *parts]])

    def citations(self, item: Any) -> list[str]:
        """The reference keys a lesson or quiz cites in its text, in order (kept while it is the same object)."""
        key = (type(item).__name__, item.id)
        known = self.cache.cited.get(key)
        if known is None or known[0] is not item:
            # Citations are found in every text field at once: JSON keeps "[@key]" intact and fields in order.
            known = self.cache.cited[key] = (item, cited_keys(item.model_dump_json()))
        return known[1]


def typst_text(t: Catalog) -> Callable[..., Typst]:
    """The catalog for Typst templates: the message escaped, its values escaped unless they are Typst already."""
    def text(key: str, **values: Any) -> Typst:
        pattern = t.pattern(key, values.get("n"))
        return Typst("".join(escape(literal) + (escape(format(values[field], spec or "")) if field is not None else "")
                             for literal, field, spec, _ in string_formatter.parse(pattern)))
    return text


string_formatter = Formatter()

_PARTS = re.compile(r"^ {0,3}(?:\d+[.)]|[-*+]|\(?[a-z]\))\s", re.M)
"""The start of a part of a multi-part task: a list item, or (a), (b)..."""


def workspace(item: Any) -> int:
    """Lines to write on for a challenge or reflection: its `workspace`, and at least three for each of its parts."""
    parts = len(_PARTS.findall(getattr(item, "prompt", None) or getattr(item, "stem", None) or ""))
    return max(item.workspace, 3 * parts) if item.workspace else 0

