"""Question-change detection: `course.lock.json` keeps each question's answer key and content hash by id.

Progress saved in a learner's browser or in an LMS, and questions imported into an LMS, are keyed by the course id,
its version and the question id. When a question's answer key changes (which answers are right, its options, its
scoring) while its id and the course version stay the same, that saved progress and those LMS copies go stale
without anyone noticing: `coursegen build` warns, and keeps warning until the version or the id is bumped. Changes
of wording alone are recorded without a warning. A new version starts a new baseline.

The file is written by the build, sorted and stable, and belongs in version control beside the content.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .errors import Issue
from .i18n import catalog
from .write import write_file
from .load import load_document
from .model import Course
from .model.qtypes import question_type
from .model.questions import AnyQuestion, Likert

LOCK_FILE = "course.lock.json"
ABOUT = ("Written by 'coursegen build': each question's answer key and content hash, to warn when an answer changes "
         "but the question id and the course version do not. Commit it with the content; do not edit it.")


def answer_key(question: AnyQuestion) -> dict[str, Any]:
    """What decides how a question is graded and what a saved answer means (not its wording): declared per type in
    `model/qtypes.py`."""
    return question_type(question).answer_key(question)


def _digest(data: Any) -> str:
    text = data if isinstance(data, str) else json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def content(question: AnyQuestion, default_scale: list[str]) -> str:
    """The question as the author wrote it, as JSON. A likert question's default scale follows the course's language,
    so it is left out: switching `language` changes no hash."""
    unwritten = {"scale"} if isinstance(question, Likert) and question.scale == default_scale else None
    return question.model_dump_json(exclude=unwritten)


def check_questions(root: Path, course: Course, *, write: bool = True) -> list[Issue]:
    """Compare the course with `root`/course.lock.json, warn about changed answer keys, and update the file
    (unless `write` is false, as for `coursegen validate`)."""
    path = root / LOCK_FILE
    old = _read(path)
    info = course.info
    same_release = old.get("course") == info.id and old.get("version") == info.version
    recorded: dict[str, dict[str, str]] = dict(old.get("questions", {})) if same_release else {}
    issues = []
    default_scale = catalog(info.language).raw("quiz.scale")
    for quiz_path, index, question in _located(course):
        new = {"answer": _digest(answer_key(question)), "content": _digest(content(question, default_scale))}
        before = recorded.get(question.id)
        if before and before.get("answer") != new["answer"]:
            issues.append(_changed(root, course, quiz_path, index, question.id))
            continue  # keep the released key, so the warning stays until the version or the id changes
        recorded[question.id] = new
    lock = {"about": ABOUT, "course": info.id, "version": info.version, "questions": dict(sorted(recorded.items()))}
    text = json.dumps(lock, indent=2, ensure_ascii=False) + "\n"
    if write and (not path.is_file() or path.read_text(encoding="utf-8") != text):
        write_file(path, text.encode("utf-8"))
    return issues


def _read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and isinstance(data.get("questions", {}), dict) else {}


def _located(course: Course) -> Iterator[tuple[str | None, int, AnyQuestion]]:
    """Every question in teaching order, with its quiz file and its index there."""
    for part in course.parts:
        for lesson in part.lessons:
            for quiz in part.quizzes.get(lesson.id, []):
                for index, question in enumerate(quiz.questions):
                    yield course.sources.get(f"quiz:{quiz.id}"), index, question


def _changed(root: Path, course: Course, quiz_path: str | None, index: int, question_id: str) -> Issue:
    version = course.info.version
    line, column = 1, 1
    if quiz_path:
        doc, _ = load_document(root / quiz_path, root)
        if doc is not None:
            line, column = doc.locate(("questions", index, "id"))
    return Issue(
        quiz_path or LOCK_FILE, line, column, "warning", "answer-changed",
        f"the answer key of question '{question_id}' changed (which answers are right, its options or its scoring), "
        f"but its id and the course version ({version}) did not: progress learners saved in their browsers or in an "
        "LMS, and copies already imported into an LMS, will be graded against the old key",
        f"bump 'version' in {course.sources.get('course', 'content/course.yml')} (e.g. to '{next_version(version)}') "
        f"for a new release, or give the question a new id such as '{question_id}-2'",
    )


def next_version(version: str) -> str:
    """The version with its last number raised: '1.0' -> '1.1', 'v3' -> 'v4', else '<version>.1'."""
    match = re.search(r"(\d+)(\D*)$", version)
    if not match:
        return version + ".1"
    return version[: match.start()] + str(int(match[1]) + 1) + match[2]
