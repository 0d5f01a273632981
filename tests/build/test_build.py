"""End to end: the real MkDocs build of a small course, its pages, and what a failed build leaves behind."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.course_edits import apply_mistake, copy_course, golden_cases
from helpers.files import tree_digest
from generator.cli import main

CASES = dict(golden_cases())
ISSUE_MISTAKES = ["unknown-field", "tab-indent", "duplicate-key", "missing-field", "duplicate-id",
                  "unknown-objective", "script-tag", "not-utf8", "empty-file"]
"""The author mistakes the course-engine issue names: each must leave an existing site untouched."""


def build(root: Path, site_dir: Path, *extra: str, pdfs: bool = False) -> int:
    """`coursegen build`, by default without the PDFs, which most of these tests do not read (test_print.py does)."""
    return main(["--root", str(root), "build", "--site-dir", str(site_dir), *extra, *([] if pdfs else ["--no-pdfs"])])


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The mini course copied into a temp folder and built once, strictly (any MkDocs warning fails)."""
    root = copy_course(tmp_path_factory.mktemp("mini") / "course")
    assert build(root, root / "site", "--strict", pdfs=True) == 0
    return root


def lesson_html(built: Path) -> str:
    return (built / "site" / "basics" / "first-lesson.html").read_text(encoding="utf-8")


def test_the_site_has_every_page(built):
    pages = {p.relative_to(built / "site").as_posix() for p in (built / "site").rglob("*.html")}
    assert {"index.html", "basics/index.html", "basics/first-lesson.html", "basics/quiz.html", "glossary.html",
            "references.html", "progress.html", "instructor/schedule.html", "instructor/notes.html"} <= pages


def test_lesson_page_parts_come_in_teaching_order(built):
    html = lesson_html(built)
    content = html[html.index('<article'):html.index('</article>')]
    order = ["<h1", "Questions", "Name one listening cue.", "Listening cues", "Spot the cue", "Hint 1 of 2",
             "Solution", "Check your understanding", "Key points", "Key terms", 'id="ref-rogers-1957"']
    positions = [content.index(marker) for marker in order]
    assert positions == sorted(positions), dict(zip(order, positions))


def test_solutions_and_hints_are_closed_details_kept_out_of_search(built):
    html = lesson_html(built)
    solution = re.search(r'<details class="success solution"[^>]*>(.*?)</details>', html, re.S)
    assert solution and "open" not in solution.group(0).split(">")[0]
    assert "SECRET-SOLUTION" in solution.group(1)
    assert "data-search-exclude" in solution.group(0)
    index = (built / "site" / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "SECRET-SOLUTION" not in index
    assert "Spot the cue" in index


def test_citations_and_glossary_links_resolve(built):
    html = lesson_html(built)
    assert '(<a href="#ref-rogers-1957">Rogers, 1957</a>)' in html
    assert ('(<a href="#ref-rogers-1957">Rogers, 1957</a>; <a href="#ref-uncited-2001">Nobody et al., 2001</a>)'
            in html)
    assert '<a href="#listening-cues">the cues section</a>' in html
    assert 'href="../glossary.html#term-cue"' in html
    glossary = (built / "site" / "glossary.html").read_text(encoding="utf-8")
    assert 'id="term-cue"' in glossary and 'href="basics/first-lesson.html"' in glossary


def test_references_are_listed_in_apa_style(built):
    html = lesson_html(built)
    assert ('<li id="ref-rogers-1957">Rogers, C. R. (1957). The necessary and sufficient conditions of therapeutic '
            'personality change. <em>Journal of Consulting Psychology, 21</em>(2), 95–103. '
            '<a href="https://doi.org/10.1037/h0045357">doi:10.1037/h0045357</a></li>') in html
    references = (built / "site" / "references.html").read_text(encoding="utf-8")
    assert "Nobody, A., Someone, B., &amp; Else, C. (2001). A source no lesson cites yet. <em>Example Press</em>." in references


def test_each_page_names_its_yaml_source(built):
    assert "content/01-basics/01-first-lesson.yml" in lesson_html(built)


def test_schedule_adds_up_lesson_times(built):
    schedule = (built / "site" / "instructor" / "schedule.html").read_text(encoding="utf-8")
    row = re.search(r"<tr>\s*<td[^>]*>Basics</td>(.*?)</tr>", schedule, re.S).group(1)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
    assert cells == ["The first lesson", "10 min", "5 min", "0 min", "15 min"]
    notes = (built / "site" / "instructor" / "notes.html").read_text(encoding="utf-8")
    assert "Give pairs five minutes." in notes


def test_nav_follows_course_order(built):
    html = lesson_html(built)  # the current module's section is expanded there (the nav is pruned elsewhere)
    nav = re.sub(r"<[^>]+>|\s+", " ", html[html.index('md-nav--primary'):html.index('md-sidebar--secondary')])
    labels = ["Home", "1. Basics", "The first lesson", "Module check", "Glossary", "References", "Your progress",
              "For instructors"]
    position = 0
    for label in labels:  # each label after the one before (raises if out of order or absent)
        position = nav.index(label, position) + len(label)


def test_two_builds_are_byte_identical(built, tmp_path):
    assert build(built, tmp_path / "again", "--strict", pdfs=True) == 0
    assert tree_digest(tmp_path / "again") == tree_digest(built / "site")


def test_plain_mkdocs_build_works_too(built, tmp_path):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "plain")],
                          cwd=built, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "Spot the cue" in (tmp_path / "plain" / "basics" / "first-lesson.html").read_text(encoding="utf-8")
    assert_named_by_course_yml((tmp_path / "plain" / "basics" / "first-lesson.html").read_text(encoding="utf-8"))


def assert_named_by_course_yml(html: str) -> None:
    assert "<title>The first lesson - A Mini Course</title>" in html
    assert 'title="A Mini Course"' in html and "Building Rapport" not in html


def test_the_site_is_named_by_course_yml_alone(built):
    """One title to rename: course.yml's, in the header and every page title, whatever mkdocs.yml's site_name says
    (the plugin's build above is held to the same)."""
    assert_named_by_course_yml(lesson_html(built))


@pytest.mark.parametrize("name", ISSUE_MISTAKES)
def test_a_failed_build_leaves_the_previous_site_untouched(name, tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    assert build(root, root / "site") == 0
    before = tree_digest(root / "site")
    apply_mistake(root, CASES[name])
    capsys.readouterr()

    assert build(root, root / "site") == 1

    out = capsys.readouterr().out
    assert out.startswith(CASES[name]["edit"]["file"] + ":") and "Traceback" not in out
    assert tree_digest(root / "site") == before
    assert [p.name for p in root.iterdir() if p.name.startswith(".site")] == []


def test_a_failure_inside_mkdocs_also_leaves_the_site_untouched(tmp_path, capsys):
    root = copy_course(tmp_path / "course")
    assert build(root, root / "site") == 0
    before = tree_digest(root / "site")
    lesson = root / "content" / "01-basics" / "01-first-lesson.yml"
    lesson.write_text(lesson.read_text().replace("Nod now and then.", "See [the missing page](nowhere.md)."))

    assert build(root, root / "site", "--strict") == 1

    assert "previous site is unchanged" in capsys.readouterr().err
    assert tree_digest(root / "site") == before


def test_the_build_needs_no_network(built, tmp_path):
    """Build inside a network namespace that has only loopback: any fetch (fonts, a CDN) would fail the build."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("unshare -n is not permitted here (it needs root)")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(["unshare", "-n", sys.executable, "-m", "generator", "--root", str(built), "build",
                           "--strict", "--site-dir", str(tmp_path / "offline")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert tree_digest(tmp_path / "offline") == tree_digest(built / "site")


def test_titles_with_colons_become_page_titles_not_text(tmp_path):
    root = copy_course(tmp_path / "course")
    course = root / "content" / "course.yml"
    course.write_text(course.read_text().replace("title: A Mini Course", 'title: "Mini: a course"'))
    assert build(root, root / "site") == 0
    home = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Mini: a course" in home and "title: Mini" not in home


def test_an_instructor_theme_overrides_page_and_quiz_templates(tmp_path):
    root = copy_course(tmp_path / "course")
    package = Path(__file__).resolve().parents[2] / "generator" / "templates"
    override = root / "theme" / "course"
    (override / "pages").mkdir(parents=True)
    (override / "quiz").mkdir()
    glossary = (package / "pages" / "glossary.md.j2").read_text()
    (override / "pages" / "glossary.md.j2").write_text(glossary.replace("# {{ page.title }}", "# Words we use"))
    quiz = (package / "quiz" / "quiz.html").read_text()
    (override / "quiz" / "quiz.html").write_text("<p>OVERRIDDEN-QUIZ</p>\n" + quiz)

    assert build(root, root / "site", "--strict") == 0

    assert "Words we use" in (root / "site" / "glossary.html").read_text(encoding="utf-8")
    assert "OVERRIDDEN-QUIZ" in (root / "site" / "basics" / "first-lesson.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("target", [".", "theme", "content/images", "notes"])
def test_build_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path, target):
    root = copy_course(tmp_path / "course")
    (root / "notes").mkdir()
    (root / "notes" / "draft.txt").write_text("mine")
    before = tree_digest(root)
    done = subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build", "--site-dir",
                           str(root / target)], capture_output=True, text=True)
    assert done.returncode == 2 and "--site-dir" in done.stderr
    assert tree_digest(root) == before
