"""A new instructor's first hour, end to end, with commands and YAML edits only: rename the course, add a module, a
lesson with an image and a quiz, see them in the live preview, and export them to Moodle XML and SCORM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from helpers.course_edits import copy_course
from helpers.files import wait_for

COURSE = "mini"
"""The id of the test course (tests/fixtures/mini/content/course.yml): export files are named after it."""

SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10"><title>Steps</title><rect width="20" height="10" fill="#fff"/></svg>\n'


def coursegen(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), *args], capture_output=True,
                          text=True, env=env, timeout=600)


def edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rename_add_preview_and_export(tmp_path):
    root = copy_course(tmp_path / "course")
    # 1. Rename the course and the site.
    edit(root / "content" / "course.yml", "title: ", "title: Listening at work  # was: ")
    edit(root / "mkdocs.yml", "site_name: Building Rapport", "site_name: Listening at work")
    # 2. A module with its first lesson, then an image beside the lesson and a figure that shows it.
    assert coursegen(root, "new", "module", "practice", "--lesson", "first-practice").returncode == 0
    folder = root / "content" / "02-practice"
    (folder / "steps.svg").write_text(SVG, encoding="utf-8")
    lesson = folder / "01-first-practice.yml"
    edit(lesson, 'title: "TODO: the lesson\'s title"', "title: Practising at work")
    edit(lesson, "      TODO: the teaching text.\n",
         "      Practice turns listening into a habit.\n"
         "    figures:\n      - src: steps.svg\n        alt: Three steps of practice, left to right.\n")
    # 3. Its quiz.
    assert coursegen(root, "new", "quiz", "first-practice", "--lesson", "first-practice").returncode == 0
    quiz = root / "quizzes" / "first-practice.yml"
    edit(quiz, 'stem: "TODO: the question"', "stem: What makes listening a habit?")
    validated = coursegen(root, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    assert "error" not in validated.stdout

    # 4. The live preview shows the renamed course and the new lesson with its image and quiz.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        page = wait_for(f"http://127.0.0.1:{port}/practice/first-practice.html", "Practising at work", seconds=180)
        assert 'src="../02-practice/steps.svg" alt="Three steps of practice, left to right."' in page
        assert "What makes listening a habit?" in page
        assert "Listening at work" in wait_for(f"http://127.0.0.1:{port}/index.html", "Listening at work")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)

    # 5. Exports: Moodle XML holds the new question in the new module's category; SCORM packages the new page.
    out = tmp_path / "exports"
    for fmt in ("moodle", "scorm"):
        done = coursegen(root, "export", fmt, "--out", str(out))
        assert done.returncode == 0, done.stdout + done.stderr
    tree = ET.parse(out / f"{COURSE}.moodle.xml")
    stems = [q.findtext("questiontext/text") or "" for q in tree.iter("question")]
    assert any("What makes listening a habit?" in stem for stem in stems)
    with zipfile.ZipFile(out / f"{COURSE}.scorm.zip") as z:
        names = set(z.namelist())
        assert {"imsmanifest.xml", "index.html", "practice/first-practice.html", "02-practice/steps.svg"} <= names
        assert "Practising at work" in z.read("practice/first-practice.html").decode("utf-8")
