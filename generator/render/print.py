"""Print documents: the validated course in, Typst markup for every handout out. Pure: no I/O besides reading templates.

Per lesson (file names say what each is):

- `<lesson>-worksheet`: for learners. The objectives, then every challenge, discussion prompt, role-play (its shared
  setup only) and quiz question with space to answer. No answer, solution, hint, feedback, explanation, model
  answer, checklist or role brief is in the file at all: the templates never receive them.
- `<lesson>-facilitator`: the same items in the same order with hints and the answer key, timings, instructor
  notes, what to listen for in discussions, every role brief and the debrief.
- `<lesson>-reading`: the teaching text, callouts, figures, key points, glossary terms and references.
- `<lesson>-roleplay-cards` (lessons with role-plays): one cut-out card per role, then an observer sheet.

Per module with a `check` (module.yml): `<module>-check-a` and `<module>-check-b`, two fixed draws from its pool for
learners (questions only), and `<module>-check-key`, both versions' answer keys and the pass mark.

More documents (workshop packs) come from the functions in `PRINT_SOURCES`. A document can end with other documents'
bodies (`then`), which is how a pack is one PDF of several handouts, each keeping its own running header, numbered
as one and opening with contents. The Typst templates are `generator/templates/print/*.typ` (an instructor overrides
them in `theme/course/print/`); content reaches them only through `typst_markup` (escaped text, converted HTML).
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path, PurePosixPath
from string import Formatter
from typing import Any

import jinja2

from ..i18n import Catalog, catalog
from ..model import Course, Lesson, Part, Quiz
from ..model.markup import cited_keys
from ..model.pool import draw, pool
from ..model.qtypes import question_type
from ..model.questions import display_order, is_scored, letter, match_choices
from .citations import apa_authors, citation_label
from .markdown import MarkdownMemo, MarkdownRenderer
from .sitemap import lesson_handouts, page_paths
from .templates import overrides, template_loader, template_signature
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
    body: str
    """Its Typst markup, without the library and page set-up (`typst_source` adds them)."""
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


PrintSource = Callable[["PrintRenderer"], Iterable[PrintDoc]]
"""A function that turns the course into print documents, given the shared renderer."""


def _lesson_documents(renderer: PrintRenderer) -> Iterable[PrintDoc]:
    for part, lesson in renderer.course.lessons:
        yield from renderer.reuse(f"lesson:{lesson.id}", renderer.lesson_inputs(part, lesson),
                                  partial(renderer.lesson_documents, part, lesson))


def _workshop_documents(renderer: PrintRenderer) -> Iterable[PrintDoc]:
    from .workshop_print import workshop_documents  # it builds on this module
    yield from workshop_documents(renderer)


def _check_documents(renderer: PrintRenderer) -> Iterable[PrintDoc]:
    for part in renderer.course.parts:
        if part.module.check:
            yield from renderer.reuse(f"check:{part.module.id}", renderer.check_inputs(part),
                                      partial(renderer.check_documents, part))


PRINT_SOURCES: list[PrintSource] = [_lesson_documents, _workshop_documents, _check_documents]
"""Every source of print documents, in order. Workshop packs are added here: `PRINT_SOURCES.append(f)`."""


def render_print(course: Course, theme_dir: Path | None = None, sources: Iterable[PrintSource] | None = None, *,
                 cache: PrintCache | None = None) -> list[PrintDoc]:
    """Every print document of the course, in order (lessons first, then whatever the other sources add).

    A live preview passes the same `cache` to every call: the documents of a lesson (or a workshop) whose inputs
    did not change are reused, and the cache says which documents changed (see `PrintCache`). The result is the
    same with or without a cache.
    """
    renderer = PrintRenderer(course, theme_dir, cache=cache)
    docs = [doc for source in (PRINT_SOURCES if sources is None else sources) for doc in source(renderer)]
    names = Counter(d.name for d in docs)
    repeated = sorted(name for name, count in names.items() if count > 1)
    if repeated:
        raise ValueError(f"two print documents share the name(s) {', '.join(repeated)}")
    known = set(names)
    for doc in docs if sources is None else ():  # some sources alone may name the others' documents
        missing = [n for n in doc.then if n not in known]
        if missing:
            raise ValueError(f"print document {doc.name} continues with unknown documents {missing}")
    renderer.finish(docs)
    return docs


def lesson_folder(course: Course, lesson_id: str) -> str:
    """The folder of a lesson's YAML relative to content/, e.g. '04-strategies' (where its figures are)."""
    source = PurePosixPath(course.sources[lesson_id])
    parts = source.parent.parts
    return posixpath.join(*parts[1:]) if len(parts) > 1 else ""


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
    cited: dict[tuple[str, str], tuple[Any, list[str]]] = field(default_factory=dict)
    """Lesson or quiz id -> (the object, the reference keys it cites): reused while the object is the same."""


@dataclass
class _Item:
    """One numbered thing to do on a worksheet, in worksheet order."""

    kind: str  # 'challenge' | 'roleplay' | 'discussion' | 'question'
    anchor: str
    obj: Any
    number: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class PrintRenderer:
    """Renders print documents from one course. Print sources get an instance and call `document()`."""

    def __init__(self, course: Course, theme_dir: Path | None = None, *, cache: PrintCache | None = None):
        self.course = course
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
            undefined=jinja2.StrictUndefined,
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
        """
        last = self.previous.get(key)
        if last is not None and last[0] == inputs:
            docs = last[1]
        else:
            docs = list(make())
            self.cache.rendered.update(doc.name for doc in docs)
        self.cache.units[key] = (inputs, docs)
        return docs

    def lesson_inputs(self, part: Part, lesson: Lesson) -> tuple[Any, ...]:
        """What the lesson's handouts are made from (besides course.yml, the page paths and the templates)."""
        quizzes = part.quizzes.get(lesson.id, [])
        return (part.module, lesson, quizzes, self.course.sources[lesson.id],
                [self.refs.get(key) for key in self.references(lesson, quizzes)],
                [self.terms.get(term) for term in lesson.glossary])

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
        library = template_loader(self.theme_dir).get_source(self.env, LIBRARY)[0]
        before, _, after = self.t("print.page_of", page="\x00", pages="\x00").partition("\x00")
        page_of = Typst("(" + ", ".join(string(s) for s in (before, *after.split("\x00"))) + ")")
        return self.env.get_template("print/document.typ").render(
            library=Typst(library), title=doc.title, info=self.course.info, page_of=page_of, contents=bool(parts),
            parts=[{"running": Typst(p.running), "body": Typst(p.body)} for p in [doc, *parts]])

    # -- lessons -------------------------------------------------------------------------------------------------

    def lesson_documents(self, part: Part, lesson: Lesson, *, prefix: str = "", listed: bool = True,
                         leave_out: tuple[str, ...] = ()) -> list[PrintDoc]:
        """The lesson's handouts but the kinds in `leave_out`; `prefix` and `listed=False` make a pack's own copies
        (see workshop_print)."""
        quizzes = part.quizzes.get(lesson.id, [])
        items = self.items(lesson, quizzes)
        common: dict[str, Any] = dict(lesson=lesson, part=part, items=items, quizzes=quizzes)
        docs = []
        folder = lesson_folder(self.course, lesson.id)
        numbers = {o.id: str(i) for i, o in enumerate(lesson.objectives, 1)}
        for kind, name, _ in lesson_handouts(lesson, self.t):
            if kind in leave_out:
                continue
            title = self.t("handout.title", title=lesson.title, kind=self.t(f"handout.in_text.{kind}"))
            extra: dict[str, Any] = {}
            if kind == "reading":
                extra["terms"] = [self.terms[t] for t in lesson.glossary if t in self.terms]
                extra["references"] = [self.refs[k] for k in self.references(lesson, quizzes) if k in self.refs]
            if kind == "facilitator":
                extra["answer_grid"] = lambda items: answer_grid(items, self.t)
            docs.append(self.document(
                f"{kind.replace('-', '_')}.typ", name=prefix + name, title=title, kind=kind, running=lesson.title,
                lesson_id=lesson.id, learner=kind in ("worksheet", "reading"), listed=listed, folder=folder,
                objective_numbers=lambda ids: ", ".join(numbers.get(i, i) for i in ids), **common, **extra,
            ))
        return docs

    # -- module checks -------------------------------------------------------------------------------------------

    def check_inputs(self, part: Part) -> tuple[Any, ...]:
        """What a module check's documents are made from (besides course.yml, the page paths and the templates)."""
        quizzes = [quiz for lesson in part.lessons for quiz in part.quizzes.get(lesson.id, [])]
        cited = [k for item in (part.module, *quizzes) for k in self.citations(item)]
        return (part.module, [lesson.objectives for lesson in part.lessons], quizzes,
                [self.refs.get(key) for key in cited])

    def check_documents(self, part: Part) -> list[PrintDoc]:
        """Versions A and B of the module's check (fixed draws from its pool, for learners) and their key."""
        module, check = part.module, part.module.check
        assert check is not None, module.id
        questions = pool(part)
        versions = [(seed, [_Item("question", q.id, q, number)
                            for number, q in enumerate(draw(questions, check.draw, check.minimums, seed=seed), 1)])
                    for seed in ("A", "B")]
        numbers = {o.id: f"{i}.{j}" for i, lesson in enumerate(part.lessons, 1)
                   for j, o in enumerate(lesson.objectives, 1)}
        common: dict[str, Any] = dict(
            module=module, check=check, running=module.title, module_id=module.id,
            folder=lesson_folder(self.course, part.lessons[0].id),
            objective_numbers=lambda ids: ", ".join(numbers.get(i, i) for i in ids))
        docs = [self.document("check.typ", name=f"{module.id}-check-{seed.lower()}", kind="check", items=items,
                              title=self.t("print.check_title", module=module.title, version=seed), **common)
                for seed, items in versions]
        docs.append(self.document("check_key.typ", name=f"{module.id}-check-key", kind="check-key", learner=False,
                                  title=self.t("print.check_key_title", module=module.title), versions=versions,
                                  answer_grid=lambda items: answer_grid(items, self.t), **common))
        return docs

    def items(self, lesson: Lesson, quizzes: list[Quiz]) -> list[_Item]:
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

    def references(self, lesson: Lesson, quizzes: list[Quiz]) -> list[str]:
        keys = [*lesson.references, *self.citations(lesson)]
        keys += [k for quiz in quizzes for k in self.citations(quiz)]
        return list(dict.fromkeys(keys))

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


def answer_grid(items: list[_Item], t: Catalog) -> Typst:
    """The scored questions' answers at a glance, as a Typst table: question number and answer."""
    cells = []
    for item in items:
        q = item.obj
        if item.kind != "question" or not is_scored(q):
            continue
        if q.type in ("single_choice", "multiple_response"):
            answer = ", ".join(letter(i) for i, o in enumerate(display_order(q)) if o.correct)
        elif q.type == "true_false":
            answer = t("print.answer_true") if q.answer else t("print.answer_false")
        elif q.type == "matching":
            choices = match_choices(q)
            answer = " ".join(f"{i}{letter(choices.index(p.match))}" for i, p in enumerate(display_order(q), 1))
        elif q.type == "ordering":
            answer = " ".join(str(q.items.index(s) + 1) for s in display_order(q))
        else:
            continue
        cells += [f"[{item.number}]", f"[{escape(answer)}]"]
    if not cells:
        return Typst("")
    header = f"[{escape(t('print.question'))}], [{escape(t('print.answer'))}]"
    return Typst(f"#grid-table(columns: (auto, 1fr), header: ({header}), {', '.join(cells)});")
