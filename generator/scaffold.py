"""`coursegen new`: start a lesson, a quiz or a workshop from a skeleton that validates, with TODOs to fill in."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import jinja2

from .load import load_document
from .validate import QUIZ_DIR, WORKSHOP_DIR, validate_course

TEMPLATES = Path(__file__).parent / "templates" / "new"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def new_item(root: Path, kind: str, item_id: str, *, module: str | None, lesson: str | None,
             error: Callable[[str], NoReturn]) -> int:
    """Write the skeleton and say where it is. Usage mistakes go to `error` (exit 2)."""
    if not SLUG.match(item_id):
        error(f"'{item_id}' is not a valid id: use lower-case letters, digits and single hyphens, e.g. 'open-questions'")
    course, _ = validate_course(root)
    if course is None:
        error("fix the content errors first (run 'coursegen validate'), then add to the course")
    for key in (item_id, f"workshop:{item_id}"):
        if key in course.sources:
            error(f"the id '{item_id}' is already used in {course.sources[key]}")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True)
    if kind == "lesson":
        part = next((p for p in course.parts if p.module.id == module), None)
        if part is None:
            error(f"say which module the lesson joins: --module {' | '.join(p.module.id for p in course.parts)}")
        module_file = root / course.sources[part.module.id]
        number = len(part.lessons) + 1
        target = module_file.parent / f"{number:02d}-{item_id}.yml"
        _write_new(target, env.get_template("lesson.yml.j2").render(id=item_id), error)
        _append_lesson(module_file, root, item_id)
        print(f"Created {target.relative_to(root)} and added '{item_id}' to {module_file.relative_to(root)}.")
    elif kind == "workshop":
        target = root / WORKSHOP_DIR / f"{item_id}.yml"
        first_lessons = [lesson for _, lesson in course.lessons[:2]]
        date = datetime.date.today() + datetime.timedelta(days=30)
        _write_new(target, env.get_template("workshop.yml.j2").render(id=item_id, lessons=first_lessons, date=date),
                   error)
        print(f"Created {target.relative_to(root)} with the course's first lessons.")
    else:
        found = next(((p, l) for p, l in course.lessons if l.id == lesson), None)
        if found is None:
            error(f"say which lesson the quiz checks: --lesson {' | '.join(l.id for _, l in course.lessons)}")
        target = root / QUIZ_DIR / f"{item_id}.yml"
        _write_new(target, env.get_template("quiz.yml.j2").render(id=item_id, lesson=found[1]), error)
        print(f"Created {target.relative_to(root)}.")
    print("Fill in the TODOs, then run 'coursegen validate' (or preview with 'coursegen serve').")
    return 0


def _write_new(target: Path, text: str, error: Callable[[str], NoReturn]) -> None:
    # Never overwrite what an author wrote.
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(target, "x", encoding="utf-8") as f:
            f.write(text)
    except FileExistsError:
        error(f"{target} already exists; choose another id")


def _append_lesson(module_file: Path, root: Path, lesson_id: str) -> None:
    """Add the lesson id after the last entry of the module's `lessons` list, keeping the author's comments."""
    doc, _ = load_document(module_file, root)
    lines = module_file.read_text(encoding="utf-8").splitlines(keepends=True)
    count = len(doc.data["lessons"])
    last_line, column = doc.locate(("lessons", count - 1))
    if lines[last_line - 1].rstrip().endswith("]"):  # a flow list: lessons: [a, b]
        line = lines[last_line - 1].rstrip()
        lines[last_line - 1] = f"{line[:-1]}, {lesson_id}]\n"
    else:
        indent = lines[last_line - 1][: column - 1]
        lines.insert(last_line, f"{indent}{lesson_id}\n")
    module_file.write_text("".join(lines), encoding="utf-8")
