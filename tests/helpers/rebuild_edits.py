"""Every kind of edit an author makes between two builds of the shipped course (the cache tests replay them)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT

COURSE_WIDE = {"index.md", "glossary.md", "references.md", "progress.md", "print-and-workshops.md",
               "instructor/schedule.md", "instructor/notes.md"}
"""Pages rendered on every call (their Markdown is memoized)."""


def shipped_course(dest: Path) -> Path:
    for folder in ["content", "quizzes", "workshops", "theme"]:
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def replace(root: Path, file: str, old: str, new: str) -> None:
    path = root / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def override_lesson_template(root: Path) -> None:
    own = root / "theme" / "course" / "pages"
    own.mkdir(parents=True)
    text = (ROOT / "generator" / "templates" / "pages" / "lesson.md.j2").read_text(encoding="utf-8")
    (own / "lesson.md.j2").write_text(text + "\nOur own lesson template.\n", encoding="utf-8")


LESSON = "content/04-strategies/01-active-listening.yml"
EDITS = [
    ("a lesson's body", lambda root: replace(root, LESSON, "This module covers seven strategies",
                                             "This module covers seven edited strategies")),
    ("a lesson's title", lambda root: replace(root, LESSON, "title: 'Strategy 1: Active listening'",
                                              "title: 'Strategy 1: Listening actively'")),
    ("a quiz question", lambda root: replace(root, "quizzes/active-listening.yml",
                                             "stem: Which description is closest to", "stem: Which is nearest to")),
    ("a glossary term", lambda root: replace(root, "content/glossary.yml", "term: mutual attentiveness",
                                             "term: mutual attention")),
    ("a reference", lambda root: replace(root, "content/references.yml",
                                         "title: The nature of rapport and its nonverbal correlates",
                                         "title: The nature of rapport")),
    ("the module order", lambda root: replace(root, "content/course.yml", "  - strategies\n  - applications\n",
                                              "  - applications\n  - strategies\n")),
    ("a mistake", lambda root: replace(root, LESSON, "\nteaching: ", "\nteaching: lots\nexercises_: ")),
    ("the mistake fixed", lambda root: replace(root, LESSON, "\nteaching: lots\nexercises_: ", "\nteaching: ")),
    ("a quiz deleted", lambda root: (root / "quizzes" / "healthcare.yml").unlink()),
    ("a page template overridden", override_lesson_template),
    ("a lesson's body under the theme's template", lambda root: replace(
        root, LESSON, "seven edited strategies", "seven strategies")),
]
"""(what changed, the edit): applied in order to one copy, each after the last."""
