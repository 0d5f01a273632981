"""The quiz renderer's output survives the trip through a Markdown page unchanged, and escapes what authors write."""

from __future__ import annotations

import markdown
import yaml
from conftest import ROOT

from generator.model import Quiz
from generator.render.markdown import MarkdownRenderer
from generator.render.quiz import ProgressRow, render_progress, render_quiz

QUIZ = Quiz.model_validate({
    "id": "render-check", "title": "Render check", "lesson": "some-lesson",
    "questions": [
        {"type": "single_choice", "id": "code-in-feedback", "stem": "Which reply is <em>best</em>?",
         "options": [
             {"id": "a", "text": "Say `hello` & smile", "correct": True, "feedback": "Fine."},
             {"id": "b", "text": "Say nothing", "feedback": "A code sample:\n\n    line one\n\n    line three"},
         ],
         "explanation": "Two paragraphs.\n\nThe second one."},
        {"type": "reflection", "id": "free-text", "stem": "Write something.", "model_answer": "Anything.",
         "checklist": ["Uses 3 < 4 & \"quotes\""]},
        {"type": "matching", "id": "plain-matches", "stem": "Match them.", "explanation": "Because.",
         "pairs": [{"id": "p1", "prompt": "One", "match": "Tom & Jerry <3"}, {"id": "p2", "prompt": "Two",
                                                                             "match": "Plain"}]},
    ],
})


def _md() -> MarkdownRenderer:
    return MarkdownRenderer(link=lambda target: "#", cite=lambda key: key)


def _page_markdown(block: str) -> str:
    """Convert a page holding the block the way MkDocs would, with the site's Markdown extensions."""
    names, configs = [], {}
    for entry in yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]:
        name, config = (entry, {}) if isinstance(entry, str) else next(iter(entry.items()))
        names.append(name)
        configs[name] = config or {}
    page = f"## Check your understanding\n\n{block}\nAfter the quiz.\n"
    return markdown.markdown(page, extensions=names, extension_configs=configs)


def test_a_quiz_is_one_raw_html_block_that_markdown_leaves_alone():
    block = render_quiz(QUIZ, _md(), storage_prefix="course@1")
    assert block.startswith('<div class="qz"') and "\n\n" not in block
    html = _page_markdown(block)
    assert block.strip() in html, "Markdown changed the quiz markup"
    assert html.rstrip().endswith("<p>After the quiz.</p>")


def test_code_blocks_keep_their_blank_lines_without_breaking_the_block():
    block = render_quiz(QUIZ, _md(), storage_prefix="course@1")
    assert "<pre><code>line one&#10;&#10;line three" in block


def test_markdown_fields_are_converted_and_plain_text_fields_escaped():
    block = render_quiz(QUIZ, _md(), storage_prefix="course@1")
    assert "<code>hello</code> &amp; smile" in block
    assert "Tom &amp; Jerry &lt;3</option>" in block
    assert "Uses 3 &lt; 4 &amp; &#34;quotes&#34;</label>" in block


def test_the_progress_page_is_one_block_too():
    block = render_progress([ProgressRow("Module", "Lesson", "m/l.html", [QUIZ]),
                             ProgressRow("Module", "Other", "m/o.html")], storage_prefix="course@1")
    assert "\n\n" not in block and block.strip() in _page_markdown(block)
    assert 'data-qids="code-in-feedback free-text plain-matches" data-max="2"' in block
    assert "No quiz for this lesson" in block
