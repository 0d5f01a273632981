"""Rendering fast and incrementally: Markdown's fast path gives Python-Markdown's HTML, a quiz rendered once per build
has working links on both pages that show it, and the preview's caches give what a fresh build gives after every
kind of edit, re-rendering only what the edit touched."""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from helpers.course_edits import add_second_lesson, copy_course
from helpers.rebuild_edits import COURSE_WIDE, EDITS, LESSON, course_to_edit, replace

from generator.cli import main
from generator.load import load_document
import generator.render.markdown
from generator.render.markdown import EXTENSION_CONFIGS, EXTENSIONS, convert, convert_slowly, simple_html
from generator.render.pages import SiteCache, render_site
from generator.render.print import render_print
from generator.render.print_renderer import PrintCache
from generator.validate import ValidationCache, validate_course

# -- Markdown's fast path -----------------------------------------------------------------------------------------


def course_texts() -> list[str]:
    """Every string of every YAML file of the repository's course and of the test courses."""
    texts = []
    for folder in [ROOT / "content", ROOT / "quizzes", ROOT / "workshops", ROOT / "tests" / "fixtures"]:
        for file in sorted(folder.rglob("*.yml")):
            doc, _ = load_document(file, ROOT)
            texts += [text for _, text in doc.strings()] if doc else []
    return texts


def test_the_fast_path_gives_python_markdowns_html_for_every_text_of_the_course():
    texts = course_texts()
    assert sum(simple_html(text) is not None for text in texts) > len(texts) / 2, "the fast path should serve most"
    assert not [text for text in texts if convert(text) != convert_slowly(text)]


def test_the_fast_path_gives_python_markdowns_html_for_every_text_the_renderers_convert(monkeypatch):
    texts = []
    monkeypatch.setattr(generator.render.markdown, "convert", lambda text: texts.append(text) or convert(text))
    course, _ = validate_course(ROOT)
    render_site(course, ROOT / "theme", render_print(course, ROOT / "theme"))
    texts = list(dict.fromkeys(texts))  # with their citations and links resolved, as the renderers resolve them
    assert sum(simple_html(text) is not None for text in texts) > len(texts) / 2
    assert not [text for text in texts if convert(text) != convert_slowly(text)]


@pytest.mark.parametrize("text", [
    # What pymdownx.smartsymbols rewrites
    "Copyright (c) 2024", "Brand (tm) and (r)", "a --> b", "a <-- b", "a <--> b", "1/4 of them", "about 3/4",
    "the 1st time", "the 22nd and 3rd", "c/o the office", "+/- two", "a =/= b",
    # Blocks a line can start
    "- an item", "+ an item", "* an item", "1. an item", "2020. A year", "# Heading", "#1 priority", "> quoted",
    "    code", " one leading space", "Title\n===", "Title\n---", "term\n: definition", "one\n- two", "one\n\ntwo",
    "one\ntwo", "one\n  two", "a\n1. b",
    # Inline syntax of Markdown and its extensions
    "a *b* c", "a **b** c", "snake_case_name", "a & b", "&copy; 2024", "x &amp; y", "<b>x</b>", "a < b > c",
    "[link](x.html)", "![img](x.png)", "text[^1]\n\n[^1]: A note.", "*[HTML]: Hyper Text", "HTML\n\n*[HTML]: Hyper",
    "| a | b |\n|---|---|\n| 1 | 2 |", "a {: .x }", "`code`", "a \\* b", "a ~~b~~", "x^2^", "a | b",
    # Whitespace and characters Python-Markdown treats specially
    "tab\there", "trailing  ", "trailing \n", "line  \nbreak", "ends with newlines\n\n\n", "", "\n", "x\u2028y",
    "x\x85y", "x\x02y", "nbsp\u00a0at end\u00a0", "CR\r\nLF",
    # Links, as resolved citations are, next to other syntax
    "Look![x](y.png)", "1/[2](x.html)", "[1](x.html)st", "c/[o](x.html)", "[a](x.html) & [b](y.html)",
    "[a & b](x.html)", "[a&amp;b](x.html)", "[a](x.html)[b](y.html)", "[a](x.html)(c)", "[a](<x.html>)",
    '[a](x.html "title")', "[a] (x.html)", "[a]\n(x.html)", "[*a*](x.html)", "[a](x.html#frag)", "[a](../x.html)",
    "[a](x.html){: .c }", "[a](x y.html)", "[a](x(1).html)", "[a][b]", "[a]: x.html", "[@key]", "[^a](x.html)",
    "(see [a](x.html); [b](y.html))", "[a](x.html)  ", "- [a](x.html)", "1. [a](x.html)",
    # Paragraphs
    "One.\n\nTwo [a](x.html).", "One.\n\n\nTwo.", "One.\n \nTwo.", "One.\n\n    Code.", "One.\n\n- Two.",
    "One.\n\nTwo\n===", "One.\n\n", "\n\nOne.",
    # Plain text, which takes the fast path
    "Plain words, with punctuation: yes; no? Quite! 'Quoted' \"twice\" (in brackets) - dashes -- too.",
    "Unicode — “quotes”, café, naïve, 日本語.", "It's 50% off, 2 + 2 = 4, a/b, x == y, e-mail@example.org",
])
def test_the_fast_path_leaves_every_markdown_syntax_to_python_markdown(text):
    assert convert(text) == convert_slowly(text)


def test_fragments_are_converted_with_the_markdown_extensions_of_the_pages():
    configured = {}
    for entry in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]:
        name, config = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        configured[name] = config or {}
    assert {name: EXTENSION_CONFIGS.get(name, {}) for name in EXTENSIONS} == {
        name: configured.get(name) for name in EXTENSIONS}


# -- One quiz, two pages ------------------------------------------------------------------------------------------

LINKS_QUIZ = """\
id: links-check
title: Links in a quiz
lesson: second-lesson
questions:
  - id: links-question
    type: single_choice
    stem: As [the first lesson](lesson:first-lesson) says [@rogers-1957], which is a [cue](glossary:cue)?
    options:
      - id: a
        text: A nod, as in [this lesson](lesson:second-lesson)
        correct: true
        feedback: |
          It shows attention [@rogers-1957; @uncited-2001]. See [the cues](lesson:first-lesson#listening-cues).

          ![A loop of listening](loop.svg)
      - id: b
        text: A frown at the speaker
        feedback: It signals doubt; see [the first part](lesson:second-lesson#first-part).
    explanation: A nod shows you follow [@uncited-2001].
    assesses: [practise-listening]
"""
QUIZ_BLOCK = re.compile(r'<div class="qz" id="qz-links-check".*?'
                        r'class="md-button qz-again">[^<]*</button></p>\s*</div>\s*</div>', re.S)


def resolves(site: Path, page: str, url: str) -> bool:
    """Whether a relative URL on `page` names a file of the built site and, with a #fragment, an id in it."""
    path, _, anchor = url.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if not (site / target).is_file():
        return False
    return not anchor or f'id="{anchor}"' in (site / target).read_text(encoding="utf-8")


def test_every_link_in_a_quiz_works_on_the_lesson_page_and_on_the_module_quiz_page(tmp_path):
    root = add_second_lesson(copy_course(tmp_path / "course"))
    (root / "quizzes" / "links-check.yml").write_text(LINKS_QUIZ, encoding="utf-8")
    assert main(["--root", str(root), "build", "--site-dir", str(root / "site")]) == 0
    site = root / "site"
    blocks = {}
    for page in ["basics/second-lesson.html", "basics/quiz.html"]:
        match = QUIZ_BLOCK.search((site / page).read_text(encoding="utf-8"))
        assert match, f"no quiz on {page}"
        blocks[page] = match[0]
        urls = re.findall(r'(?:href|src)="([^"]+)"', match[0])
        assert len(urls) >= 9
        broken = [url for url in urls if not resolves(site, page, url)]
        assert not broken, f"on {page}"
    # One fragment serves both pages: a source the lesson lists links to the lesson's own reference list.
    assert blocks["basics/second-lesson.html"] == blocks["basics/quiz.html"]
    block = blocks["basics/quiz.html"]
    assert 'href="second-lesson.html#ref-rogers-1957"' in block
    assert 'href="../references.html#ref-uncited-2001"' in block
    assert 'href="../glossary.html#term-cue"' in block and 'src="../01-basics/loop.svg"' in block


def test_an_image_in_a_quiz_is_looked_for_beside_its_lesson(tmp_path, capsys):
    root = add_second_lesson(copy_course(tmp_path / "course"))
    (root / "quizzes" / "links-check.yml").write_text(LINKS_QUIZ.replace("loop.svg", "gone.png"), encoding="utf-8")
    assert main(["--root", str(root), "validate"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "quizzes/links-check.yml:15:11: error [missing-image]: there is no image file 'gone.png' in "
        "content/01-basics/; put the file beside the lesson content/01-basics/02-second-lesson.yml, or fix the name"]


# -- The preview's caches -----------------------------------------------------------------------------------------


def fresh(root: Path):
    course, issues = validate_course(root)
    if course is None:
        return issues, None, None
    docs = render_print(course, root / "theme")
    return issues, docs, render_site(course, root / "theme", docs)


def test_the_caches_give_what_a_fresh_build_gives_after_every_kind_of_edit(tmp_path):
    root = course_to_edit(tmp_path / "course")
    caches = ValidationCache(), PrintCache(), SiteCache()

    def cached():
        course, issues = validate_course(root, cache=caches[0])
        if course is None:
            return issues, None, None
        docs = render_print(course, root / "theme", cache=caches[1])
        return issues, docs, render_site(course, root / "theme", docs, cache=caches[2])

    issues, docs, pages = cached()
    assert caches[2].changed == set(pages) and caches[1].changed == {doc.name for doc in docs}
    for what, edit in EDITS:
        edit(root)
        last_docs, last_pages = (docs, pages) if pages is not None else (last_docs, last_pages)
        issues, docs, pages = cached()
        assert (issues, docs, pages) == fresh(root), f"after {what}"
        if pages is None:
            assert issues, what
            continue
        # What the caches say changed is what changed.
        assert caches[2].changed == {p for p, text in pages.items() if last_pages.get(p) != text}, what
        assert caches[2].removed == set(last_pages) - set(pages), what
        old = {doc.name: doc for doc in last_docs}
        assert caches[1].changed == {doc.name for doc in docs if old.get(doc.name) != doc}, what
        assert caches[1].removed == set(old) - {doc.name for doc in docs}, what


def test_a_lesson_edit_re_renders_only_that_lesson_its_module_and_the_course_wide_pages(tmp_path):
    root = course_to_edit(tmp_path / "course")
    caches = ValidationCache(), PrintCache(), SiteCache()

    def build():
        course, _ = validate_course(root, cache=caches[0])
        render_site(course, root / "theme", render_print(course, root / "theme", cache=caches[1]), cache=caches[2])

    build()
    replace(root, LESSON, "This lesson covers one habit", "This lesson covers one edited habit")
    build()
    assert caches[0].changed == {LESSON}
    assert caches[2].rendered <= {"practice/listening-practice.md", "practice/quiz.md", "practice/index.md",
                                  *COURSE_WIDE}
    assert caches[2].changed == {"practice/listening-practice.md"}
    # Its handouts, and the documents of the workshops that teach it (which copy some of its handouts).
    workshops = {name for name in caches[1].rendered if not name.startswith("listening-practice-")}
    assert {f"listening-practice-{kind}" for kind in ["worksheet", "facilitator", "reading"]} <= caches[1].rendered
    assert workshops and all(name.startswith("practice-day") for name in workshops)
    assert caches[1].changed == {"listening-practice-reading"}

    build()  # nothing changed
    assert caches[0].changed == set() and caches[2].changed == set() and caches[1].rendered == set()
    assert caches[2].rendered <= COURSE_WIDE
