"""`coursegen serve`: the preview rebuilds when an author saves a lesson or a quiz."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from course_edits import copy_course


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = fetch(url)
        if page and text in page:
            return page
        time.sleep(0.3)
    pytest.fail(f"{url} did not show {text!r} within {seconds} s")


@pytest.fixture
def served(tmp_path):
    root = copy_course(tmp_path / "course")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve",
                               "--dev-addr", f"127.0.0.1:{port}"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield root, f"http://127.0.0.1:{port}", server
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
            server.wait(timeout=20)


def test_saving_a_lesson_or_a_quiz_rebuilds_the_preview(served):
    root, url, _ = served
    lesson_url = f"{url}/basics/first-lesson.html"
    wait_for(lesson_url, "The first lesson")

    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    lesson.write_text(lesson.read_text().replace("title: The first lesson", "title: A renamed lesson"))
    wait_for(lesson_url, "A renamed lesson")

    quiz = root / "quizzes" / "first-lesson.yml"
    quiz.write_text(quiz.read_text().replace("Which of these is a listening cue?", "Which signal shows listening?"))
    wait_for(lesson_url, "Which signal shows listening?")


def test_a_broken_edit_keeps_the_last_good_preview_and_says_why(served):
    root, url, server = served
    lesson_url = f"{url}/basics/first-lesson.html"
    wait_for(lesson_url, "The first lesson")
    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    good = lesson.read_text()
    lesson.write_text(good.replace("objectives:", "objetives:"))
    time.sleep(3)
    assert "The first lesson" in fetch(lesson_url)
    lesson.write_text(good.replace("title: The first lesson", "title: Fixed"))
    wait_for(lesson_url, "Fixed")

    os.killpg(server.pid, signal.SIGINT)
    output = server.communicate(timeout=20)[0].decode()
    assert "01-first-lesson.yml:7:1: error [unknown-field]: 'objetives' is not a lesson field" in output
    assert "Traceback" not in output
