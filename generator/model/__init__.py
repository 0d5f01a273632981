"""The course model: frozen, typed data with no I/O."""

from .course import (  # noqa: F401
    Author, Bibliography, Callout, Challenge, CourseInfo, Glossary, Lesson, Module, Objective, Quiz,
    Reference, Section, Term,
)
from .questions import Question  # noqa: F401
