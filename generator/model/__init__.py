"""The course model: frozen, typed data with no I/O."""

from .course import (
    Author, Bibliography, Callout, Challenge, Course, CourseInfo, DiscussionPrompt, Figure, Glossary, Lesson, Module,
    ModuleCheck, Objective, Part, Quiz, Reference, Role, RolePlay, Section, StandalonePage, Term,
)
from .questions import Question
from .workshop import Day, Session, Workshop

__all__ = [
    "Author", "Bibliography", "Callout", "Challenge", "Course", "CourseInfo", "Day", "DiscussionPrompt",
    "Figure", "Glossary", "Lesson", "Module", "ModuleCheck", "Objective", "Part", "Question", "Quiz", "Reference",
    "Role", "RolePlay", "Section", "Session", "StandalonePage", "Term", "Workshop",
]
