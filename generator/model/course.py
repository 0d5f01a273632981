"""The course model: what each content file holds once validated. Plain frozen data, no I/O."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, NonNegativeInt, PositiveInt, model_validator

from .common import DEFAULT_WORKSPACE, Frozen, Markdown, Slug, Text
from .questions import Question
from .workshop import Workshop


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
    notice: Markdown | None = None
    """A note every learner should see, such as a disclaimer or a safety note: shown on the home page, every
    lesson page and every handout."""
    references_intro: Markdown | None = None
    """The sentence that opens the references page, e.g. what the sources are and how they were chosen."""
    paper: Literal["a4", "letter"] = "a4"
    """Paper size of the printed handouts; `coursegen build --paper` overrides it."""


class ModuleCheck(Frozen):
    """The end-of-module check: each attempt draws `draw` questions from the module's pool (the scored questions of
    its lessons' quizzes, plus `questions` written for the module), checked together at the end for one total."""

    draw: PositiveInt
    """How many questions each attempt draws; keep the pool at least twice this, so that attempts differ."""
    pass_mark: int = Field(default=70, ge=1, le=100)
    """The share of the points that passes, in percent."""
    minimums: dict[Slug, PositiveInt] = {}
    """At least this many questions for these objectives (ids of the module's lesson objectives), e.g.
    `{define-rapport: 2}`."""
    questions: list[Question] = []
    """Questions written for the module check alone, each tagged with `assesses` (objectives of the module's
    lessons). Only scored types: a check has one total."""

    @model_validator(mode="after")
    def _minimums_fit(self) -> ModuleCheck:
        if sum(self.minimums.values()) > self.draw:
            raise ValueError(f"the minimums add up to {sum(self.minimums.values())} questions, more than the "
                             f"{self.draw} each attempt draws: lower them or raise 'draw'")
        return self


class Module(Frozen):
    """`content/<NN-part>/module.yml`: one part of the course."""

    id: Slug
    title: Text
    summary: Markdown
    lessons: list[Slug] = Field(min_length=1)
    """Lesson ids in teaching order; each names a lesson file in the same folder."""
    check: ModuleCheck | None = None
    """An end-of-module check drawn from the module's question pool; without one, the module quiz page shows the
    lessons' quizzes one after another."""


class Objective(Frozen):
    id: Slug
    text: Text


class Callout(Frozen):
    kind: Literal["note", "tip", "caution", "warning", "danger", "myth", "example", "research"] = "note"
    title: Text | None = None
    body: Markdown


VIDEO_SUFFIXES = (".mp4", ".webm")


class Figure(Frozen):
    """A picture (or a short video with captions) beside the lesson's YAML file, shown with its section."""

    src: str = Field(pattern=r"^[A-Za-z0-9._-]+\.(svg|png|jpe?g|webp|gif|mp4|webm)$")
    """File name of an image or video in the same folder as the lesson, e.g. `three-steps.svg`."""
    alt: Text
    """What the picture or video shows, for people who cannot see it."""
    caption: Markdown | None = None
    captions: str | None = Field(default=None, pattern=r"^[A-Za-z0-9._-]+\.vtt$")
    """For a video: its captions, a WebVTT file beside it (required: a video without captions shuts people out)."""

    @property
    def is_video(self) -> bool:
        return self.src.endswith(VIDEO_SUFFIXES)

    @model_validator(mode="after")
    def _captions_for_videos(self) -> Figure:
        if self.is_video and not self.captions:
            captions = self.src.rsplit(".", 1)[0] + ".vtt"
            raise ValueError(f"the video '{self.src}' needs captions: add `captions: {captions}`, "
                             "a WebVTT file beside it")
        if self.captions and not self.is_video:
            raise ValueError("only a video has `captions`; an image has `alt` text")
        return self


class Section(Frozen):
    id: Slug | None = None
    """Optional anchor; a challenge or role-play names it in `after` to appear right after this section."""
    title: Text
    body: Markdown
    figures: list[Figure] = []
    """Pictures shown after the section's text."""
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
    after: Slug | None = None
    """Id of a section of this lesson: the exercise is shown right after it instead of at the end."""
    workspace: NonNegativeInt = DEFAULT_WORKSPACE
    """Lines of writing space on the printed worksheet (at least three per part of a multi-part task)."""
    minutes: PositiveInt | None = None
    """Minutes it takes in a workshop: the run-sheet gives it its own clock time."""
    after_workshop: bool = False
    """Done after the workshop (e.g. looking back after two weeks): the run-sheet lists it apart, with no time."""


class Role(Frozen):
    name: Text
    brief: Markdown
    """What only this person knows and wants; printed on this role's card alone."""


class RolePlay(Frozen):
    """A skills-practice activity: a shared setup, a private brief per role, an observer checklist and a debrief."""

    id: Slug
    title: Text
    minutes: PositiveInt
    group_size: int = Field(ge=2)
    """People in each group, observer included."""
    setup: Markdown
    """The situation everyone knows."""
    roles: list[Role] = Field(min_length=2)
    observer: list[Markdown] = Field(min_length=1)
    """What the observer watches for, printed as a checklist."""
    debrief: list[Markdown] = Field(min_length=1)
    """Questions for the group afterwards."""
    assesses: list[Slug] = Field(min_length=1)
    """Ids of the lesson's objectives that this activity practises."""
    after: Slug | None = None
    """Id of a section of this lesson: the activity is shown right after it instead of at the end."""


def _prompt_mapping(value: object) -> object:
    return {"prompt": value} if isinstance(value, str) else value


class DiscussionPrompt(Frozen):
    id: Slug | None = None
    """Needed only for a workshop's `skip` list."""
    prompt: Markdown
    listen_for: list[Markdown] = []
    """What the facilitator listens for (facilitator edition only)."""
    minutes: PositiveInt | None = None
    """Minutes it takes in a workshop: the run-sheet gives it its own clock time."""
    after_workshop: bool = False
    """Discussed after the workshop: the run-sheet lists it apart and gives it no time."""


Discussion = Annotated[DiscussionPrompt, BeforeValidator(_prompt_mapping)]
"""A discussion prompt: plain Markdown, or a mapping with an id and what to listen for."""


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
    roleplays: list[RolePlay] = []
    """Role-play activities for skills practice."""
    discussion: list[Discussion] = []
    """Prompts for a group or a pair to talk over."""
    try_this_week: Markdown | None = None
    """A small task to try in real life after the lesson."""
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


class StandalonePage(Frozen):
    """`content/pages/<id>.yml`: a course-wide page such as a guide for learners or facilitators."""

    id: Slug
    title: Text
    audience: Literal["learners", "instructors"] = "learners"
    """Learner pages follow Home in the navigation; instructor pages go under "For instructors"."""
    summary: Markdown | None = None
    sections: list[Section] = Field(min_length=1)


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
    pages: list[StandalonePage] = []
    """Course-wide pages from content/pages/, in file-name order."""
    workshops: list[Workshop] = []
    """Events from workshops/, in file-name order."""
    sources: dict[str, str]
    """Source file of each module, lesson and quiz (by id), and of 'course', 'glossary' and 'references'."""

    @property
    def lessons(self) -> list[tuple[Part, Lesson]]:
        return [(part, lesson) for part in self.parts for lesson in part.lessons]

    @property
    def minutes(self) -> int:
        return sum(part.minutes for part in self.parts)
