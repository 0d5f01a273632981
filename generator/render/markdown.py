"""Markdown to HTML for fragments the generator builds itself (quiz widgets, worksheets)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import markdown

CITATION = re.compile(r"\[@([a-z0-9]+(?:-[a-z0-9]+)*)\]")
"""An inline citation: [@tickle-degnen-1990]."""
GLOSSARY_LINK = re.compile(r"\]\(glossary:([a-z0-9]+(?:-[a-z0-9]+)*)\)")
"""A link to a glossary entry: [rapport](glossary:rapport)."""

EXTENSIONS = ["abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "pymdownx.smartsymbols"]


class MarkdownRenderer:
    """Turns author Markdown into HTML, resolving citations and glossary links into page links.

    `link` maps a target ('ref:<key>' or 'term:<id>') to the URL it should point at from the page being rendered.
    """

    def __init__(self, link: Callable[[str], str], cite: Callable[[str], str]):
        self._link = link
        self._cite = cite

    def resolve(self, text: str) -> str:
        """Rewrite citations and glossary links into plain Markdown links."""
        text = CITATION.sub(lambda m: f"[({self._cite(m[1])})]({self._link('ref:' + m[1])})", text)
        return GLOSSARY_LINK.sub(lambda m: f"]({self._link('term:' + m[1])})", text)

    def block(self, text: str) -> str:
        """Markdown to block HTML (paragraphs, lists...)."""
        return _converter().reset().convert(self.resolve(text))

    def inline(self, text: str) -> str:
        """Markdown to HTML without the wrapping <p> when the text is a single paragraph."""
        html = self.block(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html


@cache
def _converter() -> markdown.Markdown:
    # Building a Markdown instance with its extensions costs milliseconds; one is reused (reset before each use).
    return markdown.Markdown(extensions=EXTENSIONS)
