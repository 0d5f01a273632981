"""The course model: what each content file holds once validated. Plain frozen data, no I/O."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, NonNegativeInt

from .common import Frozen, Markdown, Slug, Text
from .questions import Question


class Author(Frozen):
    name: Text
    url: str | None = None
    """Optional home page or profile."""


class CourseInfo(Frozen):
    """`content/course.yml`: the course as a whole."""

    id: Slug
    title: Text
    version: Text
    """Part of every progress key: bump it when questions change meaning."""
    language: Text = "en"
    license: Text
    authors: list[Author] = Field(min_length=1)
    description: Markdown
    audience: Markdown
    prerequisites: list[Markdown] = []
    how_to_use: Markdown | None = None
    modules: list[Slug] = Field(min_length=1)
    """Module ids in teaching order."""
    repository: str | None = None
    """Web address of the source repository; pages link to their YAML there."""
    edit_branch: Text = "main"


class Module(Frozen):
    """`content/<NN-part>/module.yml`: one part of the course."""

    id: Slug
    title: Text
    summary: Markdown
    lessons: list[Slug] = Field(min_length=1)
    """Lesson ids in teaching order; each names a lesson file in the same folder."""


class Objective(Frozen):
    id: Slug
    text: Text


class Callout(Frozen):
    kind: Literal["note", "tip", "caution", "myth", "example", "research"] = "note"
    title: Text | None = None
    body: Markdown


class Section(Frozen):
    title: Text
    body: Markdown
    callouts: list[Callout] = []
    """Boxes shown after the section's text."""


class Challenge(Frozen):
    """A self-check exercise inside a lesson: a task, hints revealed one at a time, and a hidden solution."""

    id: Slug
    title: Text
    prompt: Markdown
    hints: list[Markdown] = []
    solution: Markdown
    assesses: list[Slug] = Field(min_length=1)
    """Ids of the lesson's objectives that this exercise checks."""


class Lesson(Frozen):
    """`content/<NN-part>/<NN-lesson>.yml`: one lesson, fields at the top level."""

    id: Slug
    title: Text
    teaching: NonNegativeInt
    """Minutes of teaching."""
    exercises: NonNegativeInt
    """Minutes of exercises."""
    questions: list[Text] = Field(min_length=1)
    """The guiding questions the lesson answers."""
    objectives: list[Objective] = Field(min_length=1)
    keypoints: list[Markdown] = Field(min_length=1)
    prereq: Markdown | None = None
    sections: list[Section] = Field(min_length=1)
    challenges: list[Challenge] = []
    discussion: list[Markdown] = []
    """Prompts for a group or a pair to talk over."""
    instructor: list[Markdown] = []
    """Notes for whoever teaches the lesson; gathered on the instructor pages."""
    glossary: list[Slug] = []
    """Ids of glossary terms this lesson introduces."""
    references: list[Slug] = []
    """Keys of references the lesson draws on, besides those it cites inline with [@key]."""


class Term(Frozen):
    id: Slug
    term: Text
    definition: Markdown
    references: list[Slug] = []


class Glossary(Frozen):
    """`content/glossary.yml`."""

    terms: list[Term] = []


class Reference(Frozen):
    key: Slug
    """How text cites it: [@key]."""
    authors: list[Text] = Field(min_length=1)
    year: int = Field(ge=1500, le=2100)
    title: Text
    venue: Text
    """Journal, book, publisher or site."""
    volume: Text | int | None = None
    issue: Text | int | None = None
    pages: Text | int | None = None
    """A page range such as 285–293, or an article number."""
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$")
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")


class Bibliography(Frozen):
    """`content/references.yml`."""

    references: list[Reference] = []


class Quiz(Frozen):
    """`quizzes/<id>.yml`: the self-check at the end of one lesson."""

    id: Slug
    title: Text
    lesson: Slug
    """Id of the lesson this quiz checks; it appears at the end of that lesson and on its module's quiz page."""
    intro: Markdown | None = None
    questions: list[Question] = Field(min_length=1)


class Part(Frozen):
    """A module with its lessons and their quizzes, in teaching order."""

    module: Module
    lessons: list[Lesson]
    quizzes: dict[str, list[Quiz]]
    """Quizzes by lesson id."""

    @property
    def minutes(self) -> int:
        return sum(lesson.teaching + lesson.exercises for lesson in self.lessons)


class Course(Frozen):
    """The whole validated course: what every renderer takes."""

    info: CourseInfo
    parts: list[Part]
    glossary: Glossary
    bibliography: Bibliography
    sources: dict[str, str]
    """Source file of each module, lesson and quiz (by id), and of 'course', 'glossary' and 'references'."""

    @property
    def lessons(self) -> list[tuple[Part, Lesson]]:
        return [(part, lesson) for part in self.parts for lesson in part.lessons]

    @property
    def minutes(self) -> int:
        return sum(part.minutes for part in self.parts)
