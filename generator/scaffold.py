"""`coursegen new`: start a course, a module, a lesson, a quiz or a workshop from a skeleton that validates, with
TODOs to fill in."""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import jinja2

from .load import load_document
from .layout import QUIZ_DIR, WORKSHOP_DIR
from .validate import validate_course

TEMPLATES = Path(__file__).parent / "templates" / "new"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def new_item(root: Path, kind: str, item_id: str, *, module: str | None, lesson: str | None,
             error: Callable[[str], NoReturn]) -> int:
    """Write the skeleton and say where it is. Usage mistakes go to `error` (exit 2)."""
    if not SLUG.match(item_id):
        error(f"'{item_id}' is not a valid id: use lower-case letters, digits and single hyphens, "
              "e.g. 'open-questions'")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), keep_trailing_newline=True)
    if kind == "course":
        return _new_course(root, item_id, env, error)
    course, _ = validate_course(root)
    if course is None:
        error("fix the content errors first (run 'coursegen validate'), then add to the course")
    for key in {"quiz": [f"quiz:{item_id}"], "workshop": [f"workshop:{item_id}"]}.get(kind, [item_id]):
        if key in course.sources:
            error(f"the id '{item_id}' is already used in {course.sources[key]}")
    if kind == "module":
        first = lesson or f"{item_id}-intro"
        if not SLUG.match(first) or first in course.sources:
            error(f"--lesson {first}: choose a new, valid id for the module's first lesson")
        folder = root / "content" / f"{len(course.parts) + 1:02d}-{item_id}"
        _write_new(folder / "module.yml", env.get_template("module.yml.j2").render(id=item_id, lesson=first), error)
        _write_new(folder / f"01-{first}.yml", env.get_template("lesson.yml.j2").render(id=first), error)
        _append_to_list(root / course.sources["course"], root, "modules", item_id)
        print(f"Created {folder.relative_to(root)}/ with module.yml and its first lesson, 01-{first}.yml, "
              f"and added '{item_id}' to {course.sources['course']}.")
    elif kind == "lesson":
        part = next((p for p in course.parts if p.module.id == module), None)
        if part is None:
            error(f"say which module the lesson joins: --module {' | '.join(p.module.id for p in course.parts)}")
        module_file = root / course.sources[part.module.id]
        number = len(part.lessons) + 1
        target = module_file.parent / f"{number:02d}-{item_id}.yml"
        _write_new(target, env.get_template("lesson.yml.j2").render(id=item_id), error)
        _append_to_list(module_file, root, "lessons", item_id)
        print(f"Created {target.relative_to(root)} and added '{item_id}' to {module_file.relative_to(root)}.")
    elif kind == "workshop":
        target = root / WORKSHOP_DIR / f"{item_id}.yml"
        first_lessons = [lesson for _, lesson in course.lessons[:2]]
        date = datetime.date.today() + datetime.timedelta(days=30)
        _write_new(target, env.get_template("workshop.yml.j2").render(id=item_id, lessons=first_lessons, date=date),
                   error)
        print(f"Created {target.relative_to(root)} with the course's first lessons.")
    else:
        found = next(((p, each) for p, each in course.lessons if each.id == lesson), None)
        if found is None:
            error(f"say which lesson the quiz checks: --lesson {' | '.join(each.id for _, each in course.lessons)}")
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


def _new_course(root: Path, course_id: str, env: jinja2.Environment, error: Callable[[str], NoReturn]) -> int:
    """A new course in its own folder, `root`: its content with one module, lesson and quiz, this site's mkdocs.yml
    and theme/ (the quiz widget and styles live there)."""
    if (root / "content").exists():
        error(f"{root} already has a content/ folder; choose an empty folder for the new course with --root")
    content = root / "content"
    for name in ("course", "glossary", "references"):
        _write_new(content / f"{name}.yml", env.get_template(f"course/{name}.yml.j2").render(id=course_id), error)
    _write_new(content / "01-basics" / "module.yml",
               env.get_template("module.yml.j2").render(id="basics", lesson="first-steps"), error)
    _write_new(content / "01-basics" / "01-first-steps.yml", env.get_template("lesson.yml.j2").render(id="first-steps"),
               error)
    project = Path(__file__).resolve().parent.parent
    if (project / "mkdocs.yml").is_file() and not (root / "mkdocs.yml").exists():
        shutil.copy(project / "mkdocs.yml", root / "mkdocs.yml")
    if (project / "theme").is_dir() and not (root / "theme").exists():
        shutil.copytree(project / "theme", root / "theme")
    print(f"Created a new course in {root}: content/ with one module and lesson, mkdocs.yml (set "
          "site_description and site_url there; the site's name is course.yml's title) and theme/.")
    print(f"Fill in the TODOs, then run 'coursegen --root {root} validate' (or preview with 'coursegen serve').")
    return 0


def _append_to_list(file: Path, root: Path, field: str, value: str) -> None:
    """Add `value` after the last entry of the file's `field` list, keeping the author's comments and layout."""
    doc, _ = load_document(file, root)
    assert doc is not None, f"{file} was validated before it is edited"
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    count = len(doc.data[field])
    last_line, column = doc.locate((field, count - 1))
    if lines[last_line - 1].rstrip().endswith("]"):  # a flow list: lessons: [a, b]
        line = lines[last_line - 1].rstrip()
        lines[last_line - 1] = f"{line[:-1]}, {value}]\n"
    else:
        indent = lines[last_line - 1][: column - 1]
        lines.insert(last_line, f"{indent}{value}\n")
    file.write_text("".join(lines), encoding="utf-8")
