"""The docs tree and the two engines: `coursegen docs` writes a tree that plain MkDocs builds with no plugin, and
`coursegen build --engine zensical` gives the same pages, nav and quizzes as MkDocs."""

from __future__ import annotations

import html as html_lib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import RequestGuard, serve
from helpers.course_edits import copy_course
from helpers.files import tree_digest
from generator.cli import main

ZENSICAL = Path(sys.executable).parent / "zensical"
QUESTION = re.compile(r'<div class="qz-q" id="[^"]+" data-qid="([^"]+)"')
NAV_LINK = re.compile(r'<a href="([^"]+)" class="md-nav__link')


def docs(root: Path, out: Path, *extra: str) -> int:
    return main(["--root", str(root), "docs", "--out", str(out), *extra])


@pytest.fixture(scope="module")
def mini(tmp_path_factory) -> Path:
    return copy_course(tmp_path_factory.mktemp("engines") / "course")


def html_files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in sorted(site.rglob("*.html"))}


def test_the_docs_tree_builds_with_plain_mkdocs_and_gives_the_site_of_coursegen_build(mini, tmp_path):
    assert docs(mini, tmp_path / "tree", "--no-pdfs") == 0
    config = yaml.safe_load((tmp_path / "tree" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "coursegen" not in config["plugins"] and config["docs_dir"] == "docs" and config["nav"]
    assert (tmp_path / "tree" / "docs" / "basics" / "first-lesson.md").is_file()

    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                           str(tmp_path / "tree" / "mkdocs.yml"), "-d", str(tmp_path / "plain")],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert main(["--root", str(mini), "build", "--no-pdfs", "--site-dir", str(tmp_path / "site")]) == 0
    assert html_files(tmp_path / "plain") == html_files(tmp_path / "site")


def test_writing_the_tree_again_touches_only_what_changed(tmp_path):
    root, tree = copy_course(tmp_path / "course"), tmp_path / "tree"
    assert docs(root, tree, "--no-pdfs") == 0
    times = {p: p.stat().st_mtime_ns for p in tree.rglob("*") if p.is_file()}
    assert docs(root, tree, "--no-pdfs") == 0
    assert {p: p.stat().st_mtime_ns for p in tree.rglob("*") if p.is_file()} == times

    module = root / "content" / "01-basics" / "module.yml"
    before = module.read_text(encoding="utf-8")
    assert main(["--root", str(root), "new", "lesson", "extra-lesson", "--module", "basics"]) == 0
    assert docs(root, tree, "--no-pdfs") == 0
    assert (tree / "docs" / "basics" / "extra-lesson.md").is_file()

    module.write_text(before, encoding="utf-8")
    for path in (root / "content" / "01-basics").glob("*extra-lesson.yml"):
        path.unlink()
    assert docs(root, tree, "--no-pdfs") == 0
    assert not (tree / "docs" / "basics" / "extra-lesson.md").exists()
    assert (tree / "docs" / "basics" / "first-lesson.md").is_file()


@pytest.mark.parametrize("target", ["content", "notes"])
def test_the_tree_never_goes_into_an_authors_folder(mini, target, capsys):
    (mini / "notes").mkdir(exist_ok=True)
    (mini / "notes" / "draft.txt").write_text("mine")
    before = tree_digest(mini / target)
    with pytest.raises(SystemExit) as exit:
        docs(mini, mini / target)
    assert exit.value.code == 2 and "--out" in capsys.readouterr().err
    assert tree_digest(mini / target) == before


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory) -> Path:
    """The repository's course built by Zensical (without PDFs: the MkDocs site of conftest has them)."""
    if not ZENSICAL.exists():
        pytest.fail("Zensical is not installed: pip install -e '.[test]'", pytrace=False)
    site = tmp_path_factory.mktemp("zensical") / "site"
    root = Path(__file__).resolve().parents[2]
    assert main(["--root", str(root), "build", "--engine", "zensical", "--no-pdfs", "--site-dir", str(site)]) == 0
    return site


def test_zensical_builds_every_page_with_every_quiz(site, zensical_site):
    mkdocs_pages, zensical_pages = html_files(site.dir), html_files(zensical_site)
    assert sorted(zensical_pages) == sorted(mkdocs_pages)
    quizzes = 0
    for path, html in mkdocs_pages.items():
        questions = QUESTION.findall(html)
        assert QUESTION.findall(zensical_pages[path]) == questions, path
        quizzes += bool(questions)
    assert quizzes  # the comparison saw questions
    for path, html in zensical_pages.items():
        assert "{{" not in html and "```" not in html and "[@" not in html, path


def test_zensical_keeps_the_nav_order_the_handouts_and_the_search_exclusions(site, sample_pages, zensical_site):
    pages = lambda html: [h.removeprefix("./") for h in NAV_LINK.findall(html) if h.endswith(".html")]
    for path, html in html_files(site.dir).items():
        if not path.startswith("print/"):
            assert pages((zensical_site / path).read_text(encoding="utf-8")) == pages(html), path
    assert len(pages((site.dir / sample_pages.lesson).read_text(encoding="utf-8"))) > 3
    lesson = (zensical_site / sample_pages.lesson).read_text(encoding="utf-8")
    lesson_id = Path(sample_pages.lesson).stem
    assert f'<a href="../print/{lesson_id}-worksheet.pdf">' in lesson  # built without PDFs: "(PDF)", no size
    index = json.loads((zensical_site / "search.json").read_text(encoding="utf-8"))
    text = json.dumps(index, ensure_ascii=False)
    # Feedback MkDocs' index leaves out (test_scale.py checks it), Zensical's leaves out too. (Some feedback opens
    # with words the lesson teaches, and is found through them.)
    mkdocs_text = json.dumps(json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8")),
                             ensure_ascii=False)
    feedback = [f for html in html_files(zensical_site).values()
                for f in re.findall(r'--fb" hidden[^>]*><p>([^<]{30,})', html) if f[:30] not in mkdocs_text]
    assert feedback and not any(f[:30] in text for f in feedback)
    # The teaching text is in: the first paragraph of the lesson's article, as text.
    paragraphs = re.findall(r"<p>(.*?)</p>", lesson[lesson.index("<article"):], re.S)
    teaching = next(plain for p in paragraphs if len(plain := html_lib.unescape(re.sub(r"<[^>]+>", "", p))) >= 20)
    assert " ".join(teaching.split())[:20] in text, teaching


def test_the_quiz_widget_and_search_work_on_the_zensical_site(browser, zensical_site):
    server, origin = serve(zensical_site)
    context = browser.new_context()
    guard = RequestGuard()
    guard.attach(context)
    try:
        page = context.new_page()
        with_choice = next(path for path, html in html_files(zensical_site).items()
                           if 'data-type="single_choice"' in html and not path.endswith("quiz.html"))
        page.goto(f"{origin}/{with_choice}")
        question = page.locator('.qz-q[data-type="single_choice"]').first
        question.locator("input[data-c]").check()
        question.get_by_role("button", name="Check answer").click()
        assert question.get_by_role("status").inner_text().startswith("✓ Correct.")

        page.get_by_role("button", name="Search").click()  # Zensical's own search (theme/partials/search.html)
        page.keyboard.type(page.locator("h1").first.inner_text().split()[-1])  # a word of the lesson's title
        page.get_by_text(re.compile(r"^[1-9]\d* results?$")).wait_for(timeout=10_000)
        assert guard.off_host == []
    finally:
        context.close()
        server.shutdown()
