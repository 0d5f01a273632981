"""Golden error messages: each file in golden/errors/ is one author mistake and the exact report it must give.

Refresh the expected output after a deliberate wording change with `pytest tests/unit/test_errors.py --update-goldens`,
then read the diff: the goldens are the spec of what authors see.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from helpers.course_edits import GOLDEN_ERRORS, apply_mistake, copy_course, golden_cases
from generator.cli import main

CASES = golden_cases()


@pytest.mark.parametrize("name,case", CASES, ids=[name for name, _ in CASES])
def test_golden_error_report(name, case, tmp_path, capsys, update_goldens):
    root = copy_course(tmp_path / "course")
    apply_mistake(root, case)

    code = main(["--root", str(root), "validate"])
    output = capsys.readouterr().out

    if update_goldens:
        case["expected"] = {"exit": code, "output": output}
        (GOLDEN_ERRORS / f"{name}.yml").write_text(
            yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=200), encoding="utf-8")
    assert {"exit": code, "output": output} == case["expected"]


def test_there_are_at_least_fifteen_kinds_of_mistake():
    codes = set()
    for _, case in CASES:
        for line in case["expected"]["output"].splitlines():
            codes.add(line.split("[", 1)[1].split("]", 1)[0])
    assert len(CASES) >= 15 and len(codes) >= 15, sorted(codes)


def test_the_shipped_mini_course_is_clean(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    assert main(["--root", str(root), "validate"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("name", ["not-utf8", "tab-indent", "alias-bomb"])
def test_no_traceback_from_the_command_line(name, tmp_path):
    case = dict(CASES)[name]
    root = copy_course(tmp_path / "course")
    apply_mistake(root, case)
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "validate"],
                          capture_output=True, text=True)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout.startswith(case["edit"]["file"] + ":")


def test_github_format_annotates_the_file_and_line(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    apply_mistake(root, dict(CASES)["unknown-field"])
    assert main(["--root", str(root), "validate", "--format", "github"]) == 1
    assert capsys.readouterr().out.startswith(
        "::error file=content/01-basics/01-first-lesson.yml,line=7,col=1,title=unknown-field::'objetives' is not a lesson field")


def test_usage_errors_exit_2(tmp_path):
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(tmp_path), "validate"],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "has no content/ folder" in done.stderr


def test_a_lesson_over_200_kb_gets_a_warning_at_its_first_line(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    padding = "  - " + "A long key point that goes on. " * 7000 + "\n"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("keypoints:\n", "keypoints:\n" + padding), encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 0
    assert capsys.readouterr().out.startswith(
        "content/01-basics/01-first-lesson.yml:1:1: warning [large-file]: this lesson is 218 KB, over 200 KB, so its "
        "page will be slow to load; split it into two lessons")


def test_a_lesson_cannot_share_its_module_s_id_but_a_quiz_may_share_its_lesson_s(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    quiz = root / "quizzes" / "first-lesson.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("id: first-lesson-check", "id: first-lesson"), encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 0
    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("id: first-lesson", "id: basics"), encoding="utf-8")
    for file in (root / "content" / "01-basics" / "module.yml", quiz):
        file.write_text(file.read_text(encoding="utf-8").replace("first-lesson\n", "basics\n"), encoding="utf-8")
    capsys.readouterr()
    assert main(["--root", str(root), "validate"]) == 1
    assert ("content/01-basics/01-first-lesson.yml:1:5: error [duplicate-id]: the module or lesson id 'basics' is "
            "already used at content/01-basics/module.yml:1") in capsys.readouterr().out
