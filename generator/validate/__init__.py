"""Raw documents to the typed course model, collecting every problem (schema and cross-file) before anything is written.

`validate_course` is the entry point; it reads nothing itself, it asks `load`. In order:

1. `folders.py`: what the course's folders hold (the course file, stray files, module folders, files not published);
2. `per_file.py`: each file against its model (`messages.py` turns pydantic's errors into the author's messages,
   `lint.py` warns about text), from the cache when the file's bytes did not change;
3. `assemble.py`: the typed course, from the files that validated;
4. `rules/`: the rules across files, one function each, listed in `rules.RULES`.

Every check writes to the issue sink (`sink.py`), so one pass reports everything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .. import model
from ..errors import Issue
from ..load import CourseFiles, Document, list_course
from . import folders
from .assemble import Module, assemble, localized
from .context import Context
from .per_file import Reader, ValidationCache
from .rules import check_across_files
from .sink import Sink

__all__ = ["ValidationCache", "collector_paused", "validate_course"]


def validate_course(root: Path, *, cache: ValidationCache | None = None) -> tuple[model.Course | None, list[Issue]]:
    """Load and validate every content and quiz file under `root`. The course is None when there are errors.

    A live preview passes the same `cache` to every call: a file whose bytes did not change is not parsed or
    validated again (see `ValidationCache`), while the checks across files run every time. The result is the same
    with or without a cache.
    """
    with collector_paused():
        sink = Sink()
        reader = Reader(list_course(root), cache or ValidationCache(), sink)
        try:
            course = _validate(reader, sink)
        finally:
            reader.finish()
        return (None if sink.has_errors() else course), sorted(sink.issues)


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


def _validate(reader: Reader, sink: Sink) -> model.Course | None:
    """Read every file of the course, then (when the course file validated) check the rules across files and
    assemble the course."""
    tree: CourseFiles = reader.tree
    if tree.course is None:
        folders.no_course_file(sink)
        return None
    course = reader.read(tree.course, model.CourseInfo)
    glossary = reader.read_optional(tree.glossary, model.Glossary) or (None, None)
    bibliography = reader.read_optional(tree.references, model.Bibliography) or (None, None)
    folders.stray_files(tree, sink)
    pages = [page for path in tree.pages if (page := reader.read(path, model.StandalonePage))]
    folders.folders_without_module(tree, sink)
    modules: list[Module] = []
    for folder in tree.modules:
        if folder.module is None:
            continue  # its lessons are not read: folders_without_module says what to do
        module = reader.read(folder.module, model.Module)
        lessons = [lesson for path in folder.lessons if (lesson := reader.read(path, model.Lesson))]
        if module:
            modules.append((*module, lessons))
        else:
            sink.unreadable |= {lesson.id for _, lesson in lessons}
    folders.content_files(tree, sink)
    quizzes: list[tuple[Document, model.Quiz]] = [q for path in tree.quizzes if (q := reader.read(path, model.Quiz))]
    workshops = [w for path in tree.workshops if (w := reader.read(path, model.Workshop))]
    if not course:
        return None
    course_doc, info = course
    quizzes = [(doc, _localized(reader, doc, quiz, info.language)) for doc, quiz in quizzes]
    result = assemble(course, modules, glossary, bibliography, quizzes, pages, workshops)
    check_across_files(Context(
        course_doc=course_doc, info=info, glossary_doc=glossary[0], glossary=glossary[1],
        bibliography_doc=bibliography[0], bibliography=bibliography[1], modules=modules, quizzes=quizzes,
        pages=pages, workshops=workshops, documents=reader.documents(), files=reader.files, tree=tree,
        course=result), sink)
    return result


def _localized(reader: Reader, doc: Document, quiz: model.Quiz, language: str) -> model.Quiz:
    """`assemble.localized`, made once per quiz file and language (so an unchanged quiz stays the very same object)."""
    known: dict[str, model.Quiz] = reader.files[doc.path].localized
    if language not in known:
        known[language] = localized(quiz, language)
    return known[language]
