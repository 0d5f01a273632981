"""The course model: frozen, typed data with no I/O."""

from .course import (  # noqa: F401
    Author, Bibliography, Callout, Challenge, Course, CourseInfo, DiscussionPrompt, Figure, Glossary, Lesson, Module,
    Objective, Part, Quiz, Reference, Role, RolePlay, Section, StandalonePage, Term,
)
from .questions import Question  # noqa: F401
from .workshop import Day, Session, Workshop  # noqa: F401
