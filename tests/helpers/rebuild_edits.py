"""Every kind of edit an author makes between two builds, on a small course of two modules and a workshop (the cache
tests replay them, each after the last, on one copy)."""

from __future__ import annotations

from pathlib import Path

from conftest import ROOT
from helpers.course_edits import copy_course

COURSE_WIDE = {"index.md", "glossary.md", "references.md", "progress.md", "print-and-workshops.md",
               "instructor/schedule.md", "instructor/notes.md"}
"""Pages rendered on every call (their Markdown is memoized)."""

MODULE = """\
id: practice
title: Practice
summary: Listening in practice.
lessons:
  - listening-practice
"""

LESSON_TEXT = """\
id: listening-practice
title: Listening practice
teaching: 10
exercises: 5
questions:
  - How do you show that you are listening?
objectives:
  - id: show-listening
    text: Show that you are listening.
keypoints:
  - A short paraphrase shows attention [@rogers-1957].
sections:
  - title: Paraphrase
    body: |
      This lesson covers one habit: say back what you heard, in your own [words](glossary:cue) [@rogers-1957].
challenges:
  - id: say-it-back
    title: Say it back
    prompt: Say back what your partner just told you, in your own words.
    hints:
      - Keep it short.
    solution: A good paraphrase names the fact and the feeling.
    assesses: [show-listening]
glossary: [cue]
references: [rogers-1957]
"""

QUIZ = """\
id: listening-practice-check
title: Check the practice
lesson: listening-practice
questions:
  - id: paraphrase-or-not
    type: true_false
    stem: Saying back what you heard, in your own words, is a paraphrase.
    answer: true
    feedback_false: It is one; a paraphrase keeps the meaning and changes the words.
    explanation: A paraphrase gives the meaning back in your own words.
    assesses: [show-listening]
"""

WORKSHOP = """\
id: practice-day
title: A practice morning
date: 2027-03-04
start: "09:00"
end: "10:30"
days:
  - sessions:
      - lesson: listening-practice
opening: {title: Welcome, minutes: 5}
closing: {title: Closing round, minutes: 5}
"""

LESSON = "content/02-practice/01-listening-practice.yml"


def course_to_edit(dest: Path) -> Path:
    """The mini course with a second module ('practice': one lesson, its quiz) and a workshop that teaches it."""
    root = copy_course(dest)
    (root / "content" / "02-practice").mkdir()
    (root / "content" / "02-practice" / "module.yml").write_text(MODULE, encoding="utf-8")
    (root / LESSON).write_text(LESSON_TEXT, encoding="utf-8")
    (root / "quizzes" / "listening-practice.yml").write_text(QUIZ, encoding="utf-8")
    (root / "workshops").mkdir()
    (root / "workshops" / "practice-day.yml").write_text(WORKSHOP, encoding="utf-8")
    replace(root, "content/course.yml", "  - basics\n", "  - basics\n  - practice\n")
    return root


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


EDITS = [
    ("a lesson's body", lambda root: replace(root, LESSON, "This lesson covers one habit",
                                             "This lesson covers one edited habit")),
    ("a lesson's title", lambda root: replace(root, LESSON, "title: Listening practice",
                                              "title: Practising listening")),
    ("a quiz question", lambda root: replace(root, "quizzes/first-lesson.yml",
                                             "stem: Which of these is a listening cue?", "stem: Which is a cue?")),
    ("a glossary term", lambda root: replace(root, "content/glossary.yml", "term: Cue", "term: Listening cue")),
    ("a reference", lambda root: replace(root, "content/references.yml",
                                         "title: The necessary and sufficient conditions of therapeutic personality",
                                         "title: The necessary conditions of therapeutic personality")),
    ("the module order", lambda root: replace(root, "content/course.yml", "  - basics\n  - practice\n",
                                              "  - practice\n  - basics\n")),
    ("a mistake", lambda root: replace(root, LESSON, "\nteaching: ", "\nteaching: lots\nexercises_: ")),
    ("the mistake fixed", lambda root: replace(root, LESSON, "\nteaching: lots\nexercises_: ", "\nteaching: ")),
    ("a quiz deleted", lambda root: (root / "quizzes" / "listening-practice.yml").unlink()),
    ("a page template overridden", override_lesson_template),
    ("a lesson's body under the theme's template", lambda root: replace(
        root, LESSON, "one edited habit", "one habit")),
]
"""(what changed, the edit): applied in order to one copy of `course_to_edit`, each after the last."""
