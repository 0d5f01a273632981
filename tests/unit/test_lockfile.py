"""Question-change detection: `coursegen build` keeps course.lock.json and warns, at the question, when an answer
key changes under the same question id and course version."""

from __future__ import annotations

import json

import pytest

from helpers.course_edits import copy_course
from generator.cli import main
from generator.lockfile import LOCK_FILE, check_questions, next_version
from generator.validate import validate_course


@pytest.fixture
def root(tmp_path):
    return copy_course(tmp_path / "course")


def check(root):
    course, issues = validate_course(root)
    assert course is not None, issues
    return check_questions(root, course)


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


QUIZ = "quizzes/first-lesson.yml"
FLIP = ("        text: Checking your phone\n", "        text: Checking your phone\n        correct: true\n")
UNFLIP = ("        text: A short paraphrase\n        correct: true\n", "        text: A short paraphrase\n")


def line_of(root, text):
    return next(n for n, line in enumerate((root / QUIZ).read_text().splitlines(), 1) if text in line)


def test_the_first_build_records_every_question_quietly(root):
    assert check(root) == []
    lock = json.loads((root / LOCK_FILE).read_text())
    assert lock["course"] == "mini" and lock["version"] == "0.1"
    assert "which-cue" in lock["questions"]
    assert set(lock["questions"]["which-cue"]) == {"answer", "content"}
    before = (root / LOCK_FILE).read_bytes()
    assert check(root) == [] and (root / LOCK_FILE).read_bytes() == before, "an unchanged course rewrites nothing"


def test_new_wording_is_recorded_without_a_warning(root):
    check(root)
    old = json.loads((root / LOCK_FILE).read_text())["questions"]["which-cue"]
    edit(root / QUIZ, "Which of these is a listening cue?", "Which one of these is a cue of listening?")
    assert check(root) == []
    new = json.loads((root / LOCK_FILE).read_text())["questions"]["which-cue"]
    assert new["answer"] == old["answer"] and new["content"] != old["content"]


def test_a_changed_answer_warns_at_the_question_until_the_version_is_bumped(root):
    check(root)
    edit(root / QUIZ, *FLIP)
    edit(root / QUIZ, *UNFLIP)
    for _ in range(2):  # the warning stays: the lock keeps the released key
        (issue,) = check(root)
        assert (issue.path, issue.line, issue.severity, issue.code) == (
            QUIZ, line_of(root, "id: which-cue"), "warning", "answer-changed")
        assert "'which-cue'" in issue.message and "(0.1)" in issue.message
        assert "bump 'version' in content/course.yml (e.g. to '0.2')" in issue.hint
    edit(root / "content" / "course.yml", 'version: "0.1"', 'version: "0.2"')
    assert check(root) == []
    assert json.loads((root / LOCK_FILE).read_text())["version"] == "0.2"


def test_a_new_id_for_the_changed_question_is_enough(root):
    check(root)
    edit(root / QUIZ, *FLIP)
    edit(root / QUIZ, *UNFLIP)
    edit(root / QUIZ, "id: which-cue", "id: which-cue-2")
    assert check(root) == []


def test_a_deleted_id_reused_for_a_different_question_warns(root):
    check(root)
    edit(root / QUIZ, "id: which-cue", "id: which-cue-2")
    assert check(root) == []
    edit(root / QUIZ, "id: which-cue-2", "id: which-cue")
    edit(root / QUIZ, *FLIP)
    edit(root / QUIZ, *UNFLIP)
    assert [i.code for i in check(root)] == ["answer-changed"]


def test_a_broken_lock_file_is_replaced(root):
    (root / LOCK_FILE).write_text("{ not json")
    assert check(root) == []
    assert json.loads((root / LOCK_FILE).read_text())["course"] == "mini"


@pytest.mark.parametrize("version, bumped", [("1.0", "1.1"), ("0.9", "0.10"), ("v3", "v4"), ("2.0-beta", "2.1-beta"),
                                             ("spring", "spring.1")])
def test_next_version(version, bumped):
    assert next_version(version) == bumped


def test_build_prints_the_warning_and_still_builds(root, capsys):
    assert main(["--root", str(root), "build", "--site-dir", str(root / "site")]) == 0
    edit(root / QUIZ, *FLIP)
    edit(root / QUIZ, *UNFLIP)
    assert main(["--root", str(root), "build", "--site-dir", str(root / "site")]) == 0
    out = capsys.readouterr().out
    assert f"{QUIZ}:{line_of(root, 'id: which-cue')}:" in out and "warning [answer-changed]" in out
    assert (root / "site" / "index.html").is_file()


def test_validate_warns_too_but_writes_nothing(root, capsys):
    check(root)
    edit(root / QUIZ, *FLIP)
    edit(root / QUIZ, *UNFLIP)
    before = (root / LOCK_FILE).read_bytes()
    assert main(["--root", str(root), "validate", "--format", "github"]) == 0
    assert "::warning file=quizzes/first-lesson.yml" in capsys.readouterr().out
    assert (root / LOCK_FILE).read_bytes() == before
    fresh = copy_course(root.parent / "fresh")
    assert main(["--root", str(fresh), "validate"]) == 0
    assert not (fresh / LOCK_FILE).exists()


def test_export_warns_before_an_lms_gets_the_changed_key(root, tmp_path, capsys):
    check(root)
    edit(root / QUIZ, *FLIP)
    edit(root / QUIZ, *UNFLIP)
    before = (root / LOCK_FILE).read_bytes()
    assert main(["--root", str(root), "export", "moodle", "--out", str(tmp_path / "out")]) == 0
    assert "warning [answer-changed]" in capsys.readouterr().out
    assert (root / LOCK_FILE).read_bytes() == before


def test_switching_the_language_rewrites_nothing(root):
    """A likert question without its own scale shows the course language's default one: that is not the author's
    content, so a fork that switches `language` gets no lock-file diff."""
    (root / "quizzes" / "habits.yml").write_text(
        "id: habits\ntitle: Habits\nlesson: first-lesson\nquestions:\n  - id: how-i-listen\n    type: likert\n"
        "    stem: How often do you do these?\n    statements:\n      - {id: wait, text: I wait my turn.}\n",
        encoding="utf-8")
    check(root)
    before = (root / LOCK_FILE).read_bytes()
    edit(root / "content" / "course.yml", "id: mini\n", "id: mini\nlanguage: fr\n")
    course, _ = validate_course(root)
    assert course.parts[0].quizzes["first-lesson"][-1].questions[-1].scale[0] == "Jamais"
    assert check_questions(root, course) == [] and (root / LOCK_FILE).read_bytes() == before
