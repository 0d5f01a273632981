"""`coursegen new`: skeletons that validate at once, added where the course will find them, never over an author's file."""

from __future__ import annotations

import subprocess
import sys

from helpers.course_edits import copy_course
from generator.cli import main


def test_a_new_lesson_and_its_quiz_validate_and_join_the_module(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    module = root / "content" / "01-basics" / "module.yml"
    module.write_text(module.read_text() + "# the author's closing comment\n")

    assert main(["--root", str(root), "new", "lesson", "open-questions", "--module", "basics"]) == 0
    assert main(["--root", str(root), "new", "quiz", "open-questions-check", "--lesson", "open-questions"]) == 0

    assert (root / "content" / "01-basics" / "02-open-questions.yml").is_file()
    assert (root / "quizzes" / "open-questions-check.yml").is_file()
    assert module.read_text().endswith("  - first-lesson\n  - open-questions\n# the author's closing comment\n")
    capsys.readouterr()
    assert main(["--root", str(root), "validate"]) == 0
    # No errors, and no warning but the skeleton's TODOs (its exercise assesses its objective).
    warnings = capsys.readouterr().out.splitlines()
    assert warnings and all("warning [todo]" in line for line in warnings), warnings


def run_new(root, *args):
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "new", *args],
                          capture_output=True, text=True)


def test_new_never_overwrites_or_reuses_an_id(tmp_path):
    root = copy_course(tmp_path / "course")
    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    before = lesson.read_text()

    reused = run_new(root, "lesson", "first-lesson", "--module", "basics")
    bad_id = run_new(root, "quiz", "Bad Id", "--lesson", "first-lesson")
    no_module = run_new(root, "lesson", "another", "--module", "nowhere")

    assert reused.returncode == 2 and "already used in content/01-basics/01-first-lesson.yml" in reused.stderr
    assert bad_id.returncode == 2 and "not a valid id" in bad_id.stderr
    assert no_module.returncode == 2 and "--module basics" in no_module.stderr
    assert lesson.read_text() == before
    assert sorted(p.name for p in (root / "content" / "01-basics").iterdir()) == ["01-first-lesson.yml", "module.yml"]


def test_a_new_workshop_validates_and_never_overwrites(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    assert main(["--root", str(root), "new", "workshop", "team-day"]) == 0
    workshop = root / "workshops" / "team-day.yml"
    assert "lesson: first-lesson" in workshop.read_text()
    capsys.readouterr()
    assert main(["--root", str(root), "validate"]) == 0
    # The mini course's first lesson has 5 minutes for two activities: the workshop says so (skip one, or time them).
    assert [line.split(": ", 1)[1].split(":")[0] for line in capsys.readouterr().out.splitlines()] == [
        "warning [todo]", "warning [activity-time-short]"]
    before = workshop.read_text()
    again = run_new(root, "workshop", "team-day")
    assert again.returncode == 2 and "already used in workshops/team-day.yml" in again.stderr
    assert workshop.read_text() == before


def todo_only(output: str) -> bool:
    lines = output.splitlines()
    return bool(lines) and all("warning [todo]" in line for line in lines)


def test_a_new_module_comes_with_its_first_lesson_and_joins_the_course(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    course = root / "content" / "course.yml"
    assert main(["--root", str(root), "new", "module", "practice", "--lesson", "first-practice"]) == 0
    assert (root / "content" / "02-practice" / "module.yml").is_file()
    assert (root / "content" / "02-practice" / "01-first-practice.yml").is_file()
    assert "  - basics\n  - practice\n" in course.read_text()
    capsys.readouterr()
    assert main(["--root", str(root), "validate"]) == 0
    assert todo_only(capsys.readouterr().out)


def test_a_new_course_in_an_empty_folder_validates_and_builds(tmp_path, capsys):
    root = tmp_path / "my-course"
    assert main(["--root", str(root), "new", "course", "my-course"]) == 0
    assert (root / "mkdocs.yml").is_file() and (root / "theme" / "assets" / "quiz.js").is_file()
    capsys.readouterr()
    assert main(["--root", str(root), "validate"]) == 0
    assert todo_only(capsys.readouterr().out)
    assert main(["--root", str(root), "build", "--site-dir", str(root / "site")]) == 0
    assert (root / "site" / "basics" / "first-steps.html").is_file()
    again = run_new(root, "course", "my-course")
    assert again.returncode == 2 and "already has a content/ folder" in again.stderr
