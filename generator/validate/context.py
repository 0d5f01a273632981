"""What the rules across files look at: every file that validated, by the part it plays, with the lookups several rules
share, and the course assembled from them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from .. import model
from ..load import CourseFiles, Document
from .assemble import Module
from .per_file import FileResult


@dataclass(frozen=True)
class Context:
    """The course as read. A file with errors is left out of its list (its issues are reported with it); a glossary
    or references file with errors is None, and links into it are judged once it is fixed."""

    course_doc: Document
    info: model.CourseInfo
    glossary_doc: Document | None
    """None when there is no glossary file, or it has errors."""
    glossary: model.Glossary | None
    """Empty when there is no glossary file; None when it has errors."""
    bibliography_doc: Document | None
    bibliography: model.Bibliography | None
    """As `glossary`, for content/references.yml."""
    modules: list[Module]
    quizzes: list[tuple[Document, model.Quiz]]
    pages: list[tuple[Document, model.StandalonePage]]
    workshops: list[tuple[Document, model.Workshop]]
    documents: dict[str, Document]
    """Every file read that is YAML, by path, whether its model validated or not: links are checked in all."""
    files: dict[str, FileResult]
    """What checking each file gave, by path (rules keep what they find in one file version there)."""
    tree: CourseFiles
    """The course's files, to ask whether a file that content names is there."""
    course: model.Course
    """The course assembled from the files that validated (`assemble.assemble`)."""

    @cached_property
    def lessons(self) -> list[tuple[Document, model.Lesson]]:
        """The lessons of every module that validated, in module order."""
        return [entry for _, _, lessons in self.modules for entry in lessons]

    @cached_property
    def lesson_by_id(self) -> dict[str, tuple[Document, model.Lesson]]:
        return {lesson.id: (doc, lesson) for doc, lesson in self.lessons}

    @cached_property
    def module_by_id(self) -> dict[str, Module]:
        return {m.id: (doc, m, lessons) for doc, m, lessons in self.modules}

    @cached_property
    def term_ids(self) -> set[str] | None:
        """The glossary's term ids; None when the glossary has errors."""
        return {t.id for t in self.glossary.terms} if self.glossary is not None else None

    @cached_property
    def reference_keys(self) -> set[str] | None:
        """The references' keys; None when the references file has errors."""
        return {r.key for r in self.bibliography.references} if self.bibliography is not None else None
