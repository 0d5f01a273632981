"""`coursegen serve`: the preview rebuilds what a save changed, shows errors in the page, and reloads the browser."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import json
import time
import urllib.request

import pytest

from helpers.course_edits import copy_course
from helpers.files import fetch, wait_for


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
    assert "The first lesson" in wait_for(lesson_url, 'role="alert"')  # the save was seen; the last good page stays
    lesson.write_text(good.replace("title: The first lesson", "title: Fixed"))
    wait_for(lesson_url, "Fixed")

    os.killpg(server.pid, signal.SIGINT)
    output = server.communicate(timeout=20)[0].decode()
    assert "01-first-lesson.yml:7:1: error [unknown-field]: 'objetives' is not a lesson field" in output
    assert "Traceback" not in output


def test_a_broken_save_shows_its_errors_in_every_page_until_it_is_fixed(served):
    root, url, _ = served
    lesson_url, home_url = f"{url}/basics/first-lesson.html", f"{url}/index.html"
    wait_for(lesson_url, "The first lesson")
    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    good = lesson.read_text()
    lesson.write_text(good.replace("objectives:", "objetives:"))

    page = wait_for(lesson_url, 'role="alert"')
    assert "content/01-basics/01-first-lesson.yml:7:1" in page and "&#39;objetives&#39; is not a lesson field" in page
    assert "The first lesson" in page  # the last good version, below the errors
    assert "01-first-lesson.yml:7:1" in fetch(home_url)

    lesson.write_text(good)
    deadline = time.monotonic() + 60
    while 'role="alert"' in (fetch(lesson_url) or 'role="alert"') and time.monotonic() < deadline:
        time.sleep(0.3)
    assert 'role="alert"' not in fetch(lesson_url)


def test_a_save_rebuilds_only_the_pages_it_changed_and_tells_the_browser(served):
    root, url, _ = served
    lesson_url = f"{url}/basics/first-lesson.html"
    wait_for(lesson_url, "The first lesson")
    version = json.loads(fetch(f"{url}/__coursegen/version?since=-1"))["version"]
    (site,) = (root / ".cache" / "preview").glob("site-*")
    # 404.html is the theme's, which MkDocs renders again on every build (with the sitemap).
    others = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")
              if not p.name.startswith("first-lesson") and p.name not in ("quiz.html", "404.html")}
    searched = search_index(url)

    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    lesson.write_text(lesson.read_text().replace("Nod now and then.", "Nod now and then, gently."))
    wait_for(lesson_url, "Nod now and then, gently.")

    assert json.loads(fetch(f"{url}/__coursegen/version?since={version}"))["version"] > version
    assert '<script src="/__coursegen/reload.js"' in fetch(lesson_url)
    assert {p: p.stat().st_mtime_ns for p in others} == others  # the home page, glossary... were not rebuilt
    # Search still finds every page, each section once, and the lesson as it is now.
    assert sorted(search_index(url)) == sorted(searched)
    assert any("Nod now and then, gently." in entry["text"] for entry in search_index(url).values())


def test_search_lists_every_section_once_after_the_whole_site_is_rebuilt(served):
    root, url, _ = served
    lesson_url = f"{url}/basics/first-lesson.html"
    wait_for(lesson_url, "The first lesson")
    searched = search_index(url)
    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    lesson.write_text(lesson.read_text().replace("title: The first lesson", "title: A renamed lesson"))  # the nav
    wait_for(lesson_url, "A renamed lesson")
    renamed = search_index(url)
    assert len(renamed) == len(searched)
    assert {location.split("#")[0] for location in renamed} == {location.split("#")[0] for location in searched}
    assert search_index(url)["basics/first-lesson.html"]["title"] == "A renamed lesson"


def search_index(url: str) -> dict[str, dict[str, str]]:
    """The entries of the site's search index by location, failing on a location listed twice."""
    entries = json.loads(fetch(f"{url}/search/search_index.json"))["docs"]
    locations = [entry["location"] for entry in entries]
    assert len(locations) == len(set(locations)), "a section is listed twice"
    return {entry["location"]: entry for entry in entries}


def test_a_broken_template_or_mkdocs_yml_shows_at_its_line_until_it_is_fixed(served):
    root, url, server = served
    lesson_url = f"{url}/basics/first-lesson.html"
    wait_for(lesson_url, "The first lesson")
    override = root / "theme" / "course" / "pages" / "lesson.md.j2"  # one of the generator's page templates
    override.parent.mkdir(parents=True)
    override.write_text("# {{ lesson.title }}\n\n{% if %}\n")
    page = wait_for(lesson_url, 'role="alert"')
    assert "theme/course/pages/lesson.md.j2:3:1" in page and "The first lesson" in page
    override.unlink()
    wait_until_no_alert(lesson_url)

    engine_template = root / "theme" / "main.html"  # one of MkDocs' theme templates, built from a copy
    good = engine_template.read_text()
    engine_template.write_text(good + "{% if %}\n")
    page = wait_for(lesson_url, 'role="alert"')
    assert f"theme/main.html:{good.count(chr(10)) + 1}:1" in page
    engine_template.write_text(good)
    wait_until_no_alert(lesson_url)

    config = root / "mkdocs.yml"
    good = config.read_text()
    config.write_text(good.replace("theme:\n", "theme:\n\tlanguage: en\n", 1))
    page = wait_for(lesson_url, 'role="alert"')
    assert "mkdocs.yml:" in page and "not valid YAML" in page
    config.write_text(good)
    wait_until_no_alert(lesson_url)

    os.killpg(server.pid, signal.SIGINT)
    output = server.communicate(timeout=20)[0].decode()
    assert "error [template]" in output and "Traceback" not in output


def wait_until_no_alert(url: str) -> None:
    deadline = time.monotonic() + 60
    while 'role="alert"' in (fetch(url) or 'role="alert"') and time.monotonic() < deadline:
        time.sleep(0.3)
    assert 'role="alert"' not in fetch(url)


def test_a_replaced_image_is_served_even_when_it_keeps_an_old_date(served, tmp_path):
    root, url, _ = served
    wait_for(f"{url}/basics/first-lesson.html", "The first lesson")
    image = root / "content" / "01-basics" / "cue.svg"
    svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>{}</title></svg>\n'
    image.write_text(svg.format("First drawing"))  # a new file: the whole site is built again
    wait_for(f"{url}/01-basics/cue.svg", "First drawing")
    replacement = tmp_path / "cue.svg"
    replacement.write_text(svg.format("Second drawing"))
    os.utime(replacement, (1_000_000_000, 1_000_000_000))  # as `cp -p`, rsync or unzip leave it: older than the copy
    os.replace(replacement, image)
    wait_for(f"{url}/01-basics/cue.svg", "Second drawing")


def test_the_mkdocs_plugin_reports_a_broken_template_override_in_one_line(tmp_path):
    """The same for `mkdocs build` or `mkdocs serve` with the coursegen plugin (the project's mkdocs.yml has it)."""
    root = copy_course(tmp_path / "course")
    override = root / "theme" / "course" / "pages" / "lesson.md.j2"
    override.parent.mkdir(parents=True)
    override.write_text("# {{ lesson.title }}\n\n{% if %}\n")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", str(tmp_path / "site")], cwd=root,
                          capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 1
    assert "theme/course/pages/lesson.md.j2:3:1: error [template]: " in done.stderr
    assert "Traceback" not in done.stderr
