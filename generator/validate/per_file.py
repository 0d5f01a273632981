"""Per-file checks: one file's bytes against the model it is read as (YAML the loader accepts, text lints, numbers
in range, the model's own rules), and the cache that spares a live preview from checking an unchanged file again."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from pydantic import BaseModel, ValidationError

from ..bounds import out_of_bounds
from ..errors import Issue
from ..layout import CONTENT_DIR
from ..load import CourseFiles, Document, Loc, parse_document
from .lint import check_text
from .messages import EXAMPLES, closest, label_of, schema_issue
from .sink import Sink


@dataclass(eq=False)
class FileResult:
    """What checking one file gave: a pure function of its bytes and the model it is read as."""

    digest: bytes
    """The SHA-256 of its bytes."""
    cls: type[BaseModel]
    doc: Document | None
    """The parsed document (None when it is not YAML the loader accepts)."""
    value: tuple[Document, Any] | None
    """The document with its model, when it validated."""
    issues: list[Issue]
    unreadable: set[str]
    """The file's id when it did not validate (see `Sink.unreadable`)."""
    links: list[tuple[Loc, str, str, int]] | None = None
    """Citations, lesson links, images and glossary links in its text: (where, kind, target, offset in the text),
    found by `rules/links.py` once per version of the file."""
    localized: dict[str, Any] = field(default_factory=dict)
    """For a quiz: the quiz in each interface language it was asked for (`assemble.localized`)."""


def check_file(path: str, raw: bytes, cls: type[BaseModel]) -> FileResult:
    """Parse the bytes of the file at `path` and check them as a `cls` document."""
    sink = Sink()
    digest = hashlib.sha256(raw).digest()
    doc, issues = parse_document(path, raw)
    sink.issues += issues
    if doc is None:
        # Unreadable, so its id is unknown: files are named after it ('01-what-is-rapport.yml').
        sink.unreadable.add(re.sub(r"^\d+-", "", PurePosixPath(path).stem))
        return FileResult(digest, cls, None, None, sink.issues, sink.unreadable)
    check_text(sink, doc, len(raw), lesson=_is_lesson(path))
    for loc, message, hint in out_of_bounds(doc.data):
        sink.add(doc, loc, "out-of-range", message, hint)
    return FileResult(digest, cls, doc, _validated(sink, doc, cls), sink.issues, sink.unreadable)


def _validated(sink: Sink, doc: Document, cls: type[BaseModel]) -> tuple[Document, Any] | None:
    """The document with its model, or None after adding what is wrong with it to `sink`."""
    if not isinstance(doc.data, dict):
        sink.add(doc, (), "not-a-mapping", f"a {label_of(cls)} file must be a mapping of fields",
                 f"start with a field, e.g. `{EXAMPLES['id']}`")
        return None
    try:
        return doc, cls.model_validate(doc.data)
    except ValidationError as e:
        if isinstance(doc.data.get("id"), str):
            sink.unreadable.add(doc.data["id"])
        errors = e.errors(include_url=False)
        # A misspelt field also makes the real one "missing": report the misspelling alone.
        misspelt = {(tuple(err["loc"][:-1]), close) for err in errors if err["type"] == "extra_forbidden"
                    for close in [closest(cls, doc, tuple(err["loc"]))] if close}
        for error in errors:
            if not (error["type"] == "missing" and (tuple(error["loc"][:-1]), error["loc"][-1]) in misspelt):
                schema_issue(sink, doc, cls, error)
        return None


def _is_lesson(path: str) -> bool:
    """Lesson files are the numbered files of a folder of content/ (`content/01-basics/01-what-is-rapport.yml`)."""
    parts = PurePosixPath(path).parts
    return len(parts) == 3 and parts[0] == CONTENT_DIR and re.match(r"\d", parts[2]) is not None


@dataclass(eq=False)
class ValidationCache:
    """What `validate_course` keeps from one call to the next.

    Every call still lists the folders and reads each file's bytes (a few milliseconds for a large course); only a
    file whose bytes differ from last time is parsed and validated again. An unchanged file gives back the very
    same model objects as last time, so renderers' caches can tell at once that it did not change.

    After each call `changed` holds the files (relative to the root) that were parsed afresh: new, or changed since
    the last call (every file on the first call); `removed` the files the last call read and this one did not find.
    """

    files: dict[str, FileResult] = field(default_factory=dict)
    """Path relative to the root -> what checking it gave, as of the last call."""
    changed: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)


class Reader:
    """Checks each file of one call to `validate_course` once, from the cache when its bytes are unchanged, and adds
    what it found to the sink. `finish` hands the files read to the cache for the next call."""

    def __init__(self, tree: CourseFiles, cache: ValidationCache, sink: Sink):
        self.tree = tree
        self.cache = cache
        self.sink = sink
        self.files: dict[str, FileResult] = {}
        """The files read by this call, in the order they were read."""
        cache.changed = set()

    def read(self, path: str, cls: type[BaseModel]) -> tuple[Document, Any] | None:
        """The file's document and model (None when it has errors)."""
        raw = self.tree.read(path)
        known = self.cache.files.get(path)
        if known is None or known.digest != hashlib.sha256(raw).digest() or known.cls is not cls:
            known = check_file(path, raw, cls)
            self.cache.changed.add(path)
        self.files[path] = known
        self.sink.issues += known.issues
        self.sink.unreadable |= known.unreadable
        return known.value

    def read_optional(self, path: str | None, cls: type[BaseModel]) -> tuple[Document | None, Any] | None:
        """An optional file: empty when absent, None when it has errors."""
        if path is None:
            return None, cls()
        return self.read(path, cls)

    def documents(self) -> dict[str, Document]:
        """Every file read that is YAML the loader accepts, by path (whether its model validated or not)."""
        return {path: file.doc for path, file in self.files.items() if file.doc is not None}

    def finish(self) -> None:
        self.cache.removed = set(self.cache.files) - set(self.files)
        self.cache.files = self.files
