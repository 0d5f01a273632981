"""Copies of the small test course with one author mistake applied, shared by the error tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

TESTS = Path(__file__).resolve().parents[1]
MINI = TESTS / "fixtures" / "mini"
GOLDEN_ERRORS = TESTS / "golden" / "errors"


def copy_course(dest: Path) -> Path:
    """A fresh copy of the mini course with the real mkdocs.yml and theme, ready to validate or build."""
    shutil.copytree(MINI, dest)
    shutil.copy(TESTS.parent / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(TESTS.parent / "theme", dest / "theme")
    return dest


def apply_mistake(root: Path, case: dict) -> None:
    """Apply a golden case's `edit` (or list of edits): replace text in a file, write a file, or delete one."""
    edits = case["edit"] if isinstance(case["edit"], list) else [case["edit"]]
    for edit in edits:
        _apply(root, edit)


def _apply(root: Path, edit: dict) -> None:
    target = root / edit["file"]
    if "replace" in edit:
        old, new = edit["replace"]
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {edit['file']}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif "bytes" in edit:
        target.write_bytes(edit["bytes"].encode("latin-1"))
    elif "delete" in edit:
        target.unlink()
    else:
        target.write_text(edit["text"], encoding="utf-8")


def golden_cases() -> list[tuple[str, dict]]:
    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(GOLDEN_ERRORS.glob("*.yml"))]


SECOND_LESSON = """\
id: second-lesson
title: The second lesson
teaching: 10
exercises: 20
questions: [How do you practise listening?]
objectives:
  - id: practise-listening
    text: Practise listening in a role-play.
  - id: reflect-on-listening
    text: Reflect on a conversation.
keypoints: [Practice makes listening visible.]
sections:
  - id: first-part
    title: First part
    body: Text of the first part.
    figures:
      - src: loop.svg
        alt: A loop of listening and responding.
        caption: The listening loop [@rogers-1957].
  - title: Second part
    body: Text of the second part.
challenges:
  - id: think-back
    title: Think back
    after: first-part
    workspace: 9
    prompt: Think of a recent conversation.
    solution: Any honest answer.
    assesses: [reflect-on-listening]
  - id: at-the-end
    title: At the end
    prompt: A closing exercise.
    solution: Its solution.
    assesses: [reflect-on-listening]
roleplays:
  - id: late-parcel
    title: The late parcel
    minutes: 15
    group_size: 3
    setup: A parcel is a week late.
    roles:
      - name: Customer
        brief: You need the parcel for a birthday on Friday.
      - name: Agent
        brief: The parcel is lost; you can send a new one today.
    observer: [Does the agent name the feeling before the fix?]
    debrief: [What changed the tone?]
    assesses: [practise-listening]
try_this_week: Ask one open question in every meeting this week.
discussion:
  - A plain prompt.
  - id: heard-prompt
    prompt: When did you last feel heard?
    listen_for: [Specific behaviours rather than traits]
"""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><title>Loop</title><circle cx="5" cy="5" r="4"/></svg>\n'

GUIDE = """\
id: guide
title: Facilitator guide
audience: instructors
sections:
  - title: Running a half-day
    body: Start with the first lesson.
"""


def add_second_lesson(root: Path) -> Path:
    """The mini course with a second lesson that uses every feature, and a course-wide page for instructors."""
    basics = root / "content" / "01-basics"
    (basics / "02-second-lesson.yml").write_text(SECOND_LESSON, encoding="utf-8")
    (basics / "loop.svg").write_text(SVG, encoding="utf-8")
    module = basics / "module.yml"
    module.write_text(module.read_text(encoding="utf-8").replace("  - first-lesson", "  - first-lesson\n  - second-lesson"),
                      encoding="utf-8")
    (root / "content" / "pages").mkdir()
    (root / "content" / "pages" / "guide.yml").write_text(GUIDE, encoding="utf-8")
    return root
