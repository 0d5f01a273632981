"""The course model: frozen, typed data with no I/O."""

from .course import (  # noqa: F401
    Author, Bibliography, Callout, Challenge, Course, CourseInfo, Glossary, Lesson, Module, Objective, Part, Quiz,
    Reference, Section, Term,
)
from .questions import Question  # noqa: F401
