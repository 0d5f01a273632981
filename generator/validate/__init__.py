"""Raw documents to the typed course model, collecting every problem (schema and cross-file) before anything is written.

`validate_course` is the entry point. This module takes each file's bytes from `load` once (and parses them only
when they changed since the last call), checks it against its model, then checks the rules across files and
assembles `model.Course`. How a pydantic error becomes the author's message is in `messages.py`; text lints in
`lint.py`; every check writes to the issue sink (`sink.py`).
"""

from __future__ import annotations

import difflib
import gc
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import i18n, model
from ..bounds import out_of_bounds
from ..errors import Issue, Severity
from ..layout import CONTENT_DIR, QUIZ_DIR, WORKSHOP_DIR
from ..load import CourseFiles, Document, Loc, list_course, parse_document
from .lint import check_text
from .messages import EXAMPLES, closest, label_of, schema_issue
from .references import Module, References

__all__ = ["CONTENT_DIR", "QUIZ_DIR", "WORKSHOP_DIR", "ValidationCache", "collector_paused", "validate_course"]


def validate_course(root: Path, *, cache: ValidationCache | None = None) -> tuple[model.Course | None, list[Issue]]:
    """Load and validate every content and quiz file under `root`. The course is None when there are errors.

    A live preview passes the same `cache` to every call: a file whose bytes did not change is not parsed or
    validated again (see `ValidationCache`), while the checks across files run every time. The result is the same
    with or without a cache.
    """
    with collector_paused():
        return _Validator(list_course(root), cache or ValidationCache()).run()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Parsing makes about a hundred small objects per line of YAML and frees few: the cyclic garbage collector's
    passes over them cost a third of validation's time and find nothing. It runs as usual afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(eq=False)
class ValidationCache:
    """What `validate_course` keeps from one call to the next.

    Every call still lists the folders and reads each file's bytes (a few milliseconds for a large course); only a
    file whose bytes differ from last time is parsed and validated again. An unchanged file gives back the very
    same model objects as last time, so renderers' caches can tell at once that it did not change.

    After each call `changed` holds the files (relative to the root) that were parsed afresh: new, or changed since
    the last call (every file on the first call); `removed` the files the last call read and this one did not find.
    """

    files: dict[str, _File] = field(default_factory=dict)
    """Path relative to the root -> what reading it gave, as of the last call."""
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)


@dataclass(eq=False)
class _File:
    """What reading one file gave: a pure function of its bytes and the model it is read as."""

    digest: bytes
    """The SHA-256 of its bytes."""
    cls: type[BaseModel]
    doc: Document | None
    """The parsed document (None when it is not YAML the loader accepts)."""
    value: tuple[Document, Any] | None
    """The document with its model, when it validated."""
    issues: list[Issue]
    unreadable: set[str]
    links: list[tuple[Loc, str, str, int]] | None = None
    """Citations, lesson links, images and glossary links in its text: (where, kind, target, offset in the text)."""
    localized: dict[str, Any] = field(default_factory=dict)
    """For a quiz: the quiz in each interface language it was asked for (`_localized`)."""


class _Validator(References):
    def __init__(self, tree: CourseFiles, cache: ValidationCache):
        self.tree = tree
        self.cache = cache
        self.files: dict[str, _File] = {}
        """The files read by this call."""
        self.issues: list[Issue] = []
        self.docs: dict[str, Document] = {}
        self.unreadable: set[str] = set()
        """Ids of files that did not validate: references to them are not reported again as missing."""

    def add(self, doc: Document | str, loc: Loc, code: str, message: str, hint: str | None = None,
            severity: Severity = "error", *, key: bool = False, offset: int | None = None) -> None:
        """Record an issue at `loc` in `doc` (at `offset` characters into the text there, if given)."""
        if isinstance(doc, str):
            line, column, path = 1, 1, doc
        elif offset is not None:
            (line, column), path = doc.locate_within(loc, offset), doc.path
        else:
            (line, column), path = doc.locate(loc, key=key), doc.path
        self.issues.append(Issue(path, line, column, severity, code, message, hint))

    def read(self, path: str, cls: type[BaseModel]) -> tuple[Document, Any] | None:
        """The file's document and model (None when it has errors), from the cache when its bytes are unchanged."""
        raw = self.tree.read(path)
        digest = hashlib.sha256(raw).digest()
        known = self.cache.files.get(path)
        if known is None or known.digest != digest or known.cls is not cls:
            # Reading a file only adds issues and unreadable ids: collect its own, to replay them from the cache.
            issues, unreadable, self.issues, self.unreadable = self.issues, self.unreadable, [], set()
            try:
                value = self.parse(path, cls, raw)
                known = _File(digest, cls, self.docs.get(path), value, self.issues, self.unreadable)
            finally:
                self.issues, self.unreadable = issues, unreadable
            self.cache.changed.add(path)
        self.files[path] = known
        self.issues += known.issues
        self.unreadable |= known.unreadable
        if known.doc is not None:
            self.docs[path] = known.doc
        return known.value

    def parse(self, path: str, cls: type[BaseModel], raw: bytes) -> tuple[Document, Any] | None:
        doc, issues = parse_document(path, raw)
        self.issues += issues
        if doc is None:
            # Unreadable, so its id is unknown: files are named after it ('01-what-is-rapport.yml').
            self.unreadable.add(re.sub(r"^\d+-", "", PurePosixPath(path).stem))
            return None
        self.docs[doc.path] = doc
        check_text(self, doc, len(raw), lesson=_is_lesson(path))
        for loc, message, hint in out_of_bounds(doc.data):
            self.add(doc, loc, "out-of-range", message, hint)
        if not isinstance(doc.data, dict):
            self.add(doc, (), "not-a-mapping", f"a {label_of(cls)} file must be a mapping of fields",
                     f"start with a field, e.g. `{EXAMPLES['id']}`")
            return None
        try:
            return doc, cls.model_validate(doc.data)
        except ValidationError as e:
            if isinstance(doc.data.get("id"), str):
                self.unreadable.add(doc.data["id"])
            errors = e.errors(include_url=False)
            # A misspelt field also makes the real one "missing": report the misspelling alone.
            misspelt = {(tuple(err["loc"][:-1]), close) for err in errors if err["type"] == "extra_forbidden"
                        for close in [closest(cls, doc, tuple(err["loc"]))] if close}
            for error in errors:
                if not (error["type"] == "missing" and (tuple(error["loc"][:-1]), error["loc"][-1]) in misspelt):
                    schema_issue(self, doc, cls, error)
            return None

    def run(self) -> tuple[model.Course | None, list[Issue]]:
        self.cache.changed = set()
        try:
            return self.check()
        finally:
            self.cache.removed = set(self.cache.files) - set(self.files)
            self.cache.files = self.files

    def check(self) -> tuple[model.Course | None, list[Issue]]:
        tree = self.tree
        if tree.course is None:
            self.add(f"{CONTENT_DIR}/course.yml", (), "missing-file", "there is no course file",
                     "create content/course.yml (see the README's YAML reference)")
            return None, sorted(self.issues)
        course = self.read(tree.course, model.CourseInfo)
        glossary = self.read_optional(tree.glossary, model.Glossary)
        bibliography = self.read_optional(tree.references, model.Bibliography)

        for path in tree.strays:
            self.add(path, (), "unexpected-file", f"'{PurePosixPath(path).name}' is not a course file",
                     "lessons go in a module folder such as content/01-understanding/; "
                     "the top level holds only course.yml, glossary.yml and references.yml")
        pages = [page for path in tree.pages if (page := self.read(path, model.StandalonePage))]
        modules: list[Module] = []
        for folder in tree.modules:
            if folder.module is None:
                if folder.lessons:
                    self.add(folder.lessons[0], (), "no-module",
                             f"the folder '{folder.name}' has lessons but no module.yml",
                             f"create {CONTENT_DIR}/{folder.name}/module.yml with id, title, summary and lessons")
                continue
            module = self.read(folder.module, model.Module)
            lessons = [lesson for path in folder.lessons if (lesson := self.read(path, model.Lesson))]
            if module:
                modules.append((*module, lessons))
            else:
                self.unreadable |= {lesson.id for _, lesson in lessons}
        self.check_content_files()
        quizzes = [q for path in tree.quizzes if (q := self.read(path, model.Quiz))]
        workshops = [w for path in tree.workshops if (w := self.read(path, model.Workshop))]
        if not course:
            return None, sorted(self.issues)
        self.check_language(*course)
        quizzes = [(doc, self.localized(doc, quiz, course[1].language)) for doc, quiz in quizzes]
        # Cross-file checks run on every file that did validate, so one pass reports everything.
        result = self.cross_check(course, modules, glossary, bibliography, quizzes, pages)
        result = self.check_workshops(result, workshops)
        errors = any(i.severity == "error" for i in self.issues)
        return (None if errors else result), sorted(self.issues)

    def localized(self, doc: Document, quiz: model.Quiz, language: str) -> model.Quiz:
        """`_localized`, made once per quiz file and language (so an unchanged quiz stays the very same object)."""
        known: dict[str, model.Quiz] = self.files[doc.path].localized
        if language not in known:
            known[language] = _localized(quiz, language)
        return known[language]

    def read_optional(self, path: str | None, cls: type[BaseModel]) -> tuple[Document | None, Any] | None:
        """An optional file: empty when absent, None when it has errors."""
        if path is None:
            return None, cls()
        return self.read(path, cls)

    def missing(self, doc: Document, loc: Loc, kind: str, name: str, known: Iterable[str], *,
                where: str = "", what: str = "", fix: str = "", offset: int | None = None) -> None:
        if name in self.unreadable:
            return  # its own file has errors, already reported
        # Names whose own file has errors are not known yet, but are what a one-letter slip most often meant.
        close = difflib.get_close_matches(name, [*known, *self.unreadable], n=1)
        if close and close[0] in self.unreadable:
            hint = f"did you mean '{close[0]}'? (its file has errors, reported with it)"
        else:
            hint = (f"did you mean '{close[0]}'?" if close
                    else fix or f"check the spelling, or add the {kind} {where}".rstrip())
        subject = f"the {what} '{name}' names" if what else f"'{name}' names"
        self.add(doc, loc, f"unknown-{kind.split()[-1]}", f"{subject} no {kind}{' ' + where if where else ''}", hint,
                 offset=offset)

    def add_all(self, doc: Document, issues: Iterable[tuple[Loc, str, str, str, str]]) -> None:
        """Record issues given as (where, code, message, hint, severity), as workshops.py gives them."""
        for loc, code, message, hint, severity in issues:
            self.add(doc, loc, code, message, hint, "warning" if severity == "warning" else "error")

    def unique(self, kind: str, entries: Sequence[tuple[Document | None, Loc, str]]) -> None:
        seen: dict[str, tuple[Document | None, Loc]] = {}
        for doc, loc, value in entries:
            if value in seen and doc is not None:
                first_doc, first_loc = seen[value]
                where = f"{first_doc.path}:{first_doc.locate(first_loc)[0]}" if first_doc else "elsewhere"
                self.add(doc, loc, "duplicate-id", f"the {kind} id '{value}' is already used at {where}",
                         "give each one its own id; ids are links and progress keys, so keep the first as it is")
            seen.setdefault(value, (doc, loc))


def _localized(quiz: model.Quiz, language: str) -> model.Quiz:
    """A likert question without its own `scale` gets the default scale in the course's language."""
    scale = i18n.catalog(language).raw("quiz.scale")
    questions = [q.model_copy(update={"scale": list(scale)})
                 if q.type == "likert" and "scale" not in q.model_fields_set else q for q in quiz.questions]
    return quiz.model_copy(update={"questions": questions})


def _is_lesson(path: str) -> bool:
    """Lesson files are the numbered files of a folder of content/ (`content/01-basics/01-what-is-rapport.yml`)."""
    parts = PurePosixPath(path).parts
    return len(parts) == 3 and parts[0] == CONTENT_DIR and re.match(r"\d", parts[2]) is not None
