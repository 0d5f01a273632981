"""Markdown to HTML for fragments the generator builds itself (quiz widgets, worksheets)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import markdown
from pymdownx import smartsymbols

from ..model.markup import CITATION, GLOSSARY_LINK, LESSON_LINK, LOCAL_IMAGE, cited_keys
from ..sanitize import clean

EXTENSIONS = ["abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "pymdownx.smartsymbols"]
EXTENSION_CONFIGS = {"pymdownx.smartsymbols": {"copyright": False, "registered": False, "trademark": False}}
"""As in mkdocs.yml, so that a fragment reads like the page around it: lessons label list items (a), (b), (c)."""


class MarkdownRenderer:
    """Turns author Markdown into HTML, resolving citations and glossary links into page links.

    `link` maps a target ('ref:<key>', 'term:<id>', 'image:<file>' or a lesson id) to the URL it should point at from
    the page being rendered; `cite` gives a reference's author-year label. `memo` is a `MarkdownMemo` shared by the
    renderers of one build (and of successive builds, for a preview), so a text is converted once however many pages
    show it.
    """

    def __init__(self, link: Callable[[str], str], cite: Callable[[str], str], memo: MarkdownMemo | None = None):
        self._link = link
        self._cite = cite
        self._memo = memo

    def resolve(self, text: str) -> str:
        """Rewrite citations and glossary links into plain Markdown links."""
        # Most texts hold none of these: '](' and '[@' are what every pattern needs.
        if "](" not in text and "[@" not in text:
            return text
        text = CITATION.sub(lambda m: "(" + "; ".join(
            f"[{self._cite(key)}]({self._link('ref:' + key)})" for key in cited_keys(m[0])) + ")", text)
        text = LESSON_LINK.sub(lambda m: f"]({self._link(m[1]).removesuffix('#')}{m[2] or ''})"
                               if m[2] else f"]({self._link(m[1])})", text)
        text = LOCAL_IMAGE.sub(lambda m: f"![{m[1]}]({self._link('image:' + m[2])}{m[3]})", text)
        return GLOSSARY_LINK.sub(lambda m: f"]({self._link('term:' + m[1])})", text)

    def block(self, text: str) -> str:
        """Markdown to block HTML (paragraphs, lists...), through the sanitizer (`generator/sanitize.py`)."""
        text = self.resolve(text)
        return self._memo.convert(text) if self._memo is not None else safe_html(text)

    def inline(self, text: str) -> str:
        """Markdown to HTML without the wrapping <p> when the text is a single paragraph."""
        html = self.block(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html


class MarkdownMemo:
    """Conversions already made, by text: a build converts each distinct text once.

    A preview keeps one memo across builds and calls `next_build()` before each: what the previous build converted
    is reused, and what no build has used since is dropped, so the memo holds about one build's texts.
    """

    def __init__(self) -> None:
        self._current: dict[str, str] = {}
        self._previous: dict[str, str] = {}

    def convert(self, text: str) -> str:
        html = self._current.get(text)
        if html is None:
            html = self._previous.get(text)
            if html is None:
                html = safe_html(text)
            self._current[text] = html
        return html

    def next_build(self) -> None:
        self._previous, self._current = self._current, {}


def safe_html(text: str) -> str:
    """Markdown to HTML with nothing outside the allowlist: what every fragment made from content is written as."""
    return clean(convert(text))


def convert(text: str) -> str:
    """Markdown (whose citations and links are already resolved) to HTML, with the site's extensions."""
    html = simple_html(text)
    return convert_slowly(text) if html is None else html


def convert_slowly(text: str) -> str:
    """What Python-Markdown makes of the text: `convert` without its fast path (the tests compare the two)."""
    return _converter().reset().convert(text)


_LINK = re.compile(r"\[([^\[\]\n]+)\]\(([A-Za-z0-9_./#:~-]+)\)")
"""A link to a plain URL, as resolved citations and glossary links are:
[Rogers, 1957](../references.html#ref-rogers-1957)."""
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<>#|{}~^\x00-\x1f\x7f-\x9f\u2028\u2029]|&(?! )")
"""Characters that start inline syntax of some extension, or that Python-Markdown rewrites (tabs, line ends); an '&'
is plain only before a space (elsewhere it may start an entity such as '&copy;')."""
_BLOCK_START = re.compile(r"[\s\-+*=:#>0-9]")
"""First characters that could start a block: a list, a heading, a definition, a quote, code."""
_SMART_SYMBOLS = [re.compile(pattern, re.DOTALL | re.UNICODE) for _, pattern, _ in smartsymbols.REPL.values()]
"""What pymdownx.smartsymbols can rewrite (-->, 1/4, 1st, and (c) when enabled), compiled as Python-Markdown does."""


def simple_html(text: str) -> str | None:
    """The HTML of a text made only of one-line paragraphs of plain words and plain links; None for any other text.

    Most texts of a course are like that (quiz options, feedback, key points, and paragraphs whose only syntax is a
    citation): this spares them a Python-Markdown run, which costs about a millisecond each. The HTML is the one
    Python-Markdown gives, byte for byte: whatever could make a difference (any other syntax, a smart symbol, a line
    break, leading or trailing spaces) sends the text to Python-Markdown instead.
    """
    paragraphs = []
    for paragraph in text.rstrip("\n").split("\n\n"):
        if (not paragraph or "\n" in paragraph or _BLOCK_START.match(paragraph) or paragraph[-1].isspace()
                or "![" in paragraph):
            return None
        parts = _LINK.split(paragraph)  # text, label, URL, text, label, URL, ..., text
        words = parts[0::3] + parts[1::3]
        if any(_INLINE_SYNTAX.search(part) or any(p.search(part) for p in _SMART_SYMBOLS) for part in words):
            return None
        html = [part.replace("&", "&amp;") if i % 3 != 2 else "" for i, part in enumerate(parts)]
        for i in range(1, len(parts), 3):
            html[i] = f'<a href="{parts[i + 1]}">{html[i]}</a>'
        paragraphs.append(f"<p>{''.join(html)}</p>")
    return "\n".join(paragraphs)


@cache
def _converter() -> markdown.Markdown:
    # Building a Markdown instance with its extensions costs milliseconds; one is reused (reset before each use).
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
