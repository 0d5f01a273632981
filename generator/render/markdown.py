"""Markdown to HTML for fragments the generator builds itself (quiz widgets, worksheets)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import markdown

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
CITATION = re.compile(rf"\[@({_SLUG}(?:;\s*@{_SLUG})*)\]")
"""An inline citation of one source or several: [@tickle-degnen-1990] or [@rogers-1957; @bordin-1979]."""
GLOSSARY_LINK = re.compile(rf"\]\(glossary:({_SLUG})\)")
"""A link to a glossary entry: [rapport](glossary:rapport)."""
LESSON_LINK = re.compile(rf"\]\(lesson:({_SLUG})(#[\w-]+)?\)")
"""A link to another lesson, or to a heading in it: [the first lesson](lesson:what-is-rapport#key-points)."""

LOCAL_IMAGE = re.compile(r"!\[([^\]]*)\]\((?![a-z][a-z0-9+.-]*:|/|#)([^)\s]+)((?:\s+\"[^\"]*\")?)\)", re.I)
"""A Markdown image of a file beside the YAML that holds the text: ![A diagram](three-steps.svg)."""


def cited_keys(text: str) -> list[str]:
    """The reference keys cited in a text, in order."""
    return [key.strip().lstrip("@") for group in CITATION.findall(text) for key in group.split(";")]


EXTENSIONS = ["abbr", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "pymdownx.smartsymbols"]


class MarkdownRenderer:
    """Turns author Markdown into HTML, resolving citations and glossary links into page links.

    `link` maps a target ('ref:<key>', 'term:<id>', 'image:<file>' or a lesson id) to the URL it should point at from the page
    being rendered; `cite` gives a reference's author-year label.
    """

    def __init__(self, link: Callable[[str], str], cite: Callable[[str], str]):
        self._link = link
        self._cite = cite

    def resolve(self, text: str) -> str:
        """Rewrite citations and glossary links into plain Markdown links."""
        text = CITATION.sub(lambda m: "(" + "; ".join(
            f"[{self._cite(key)}]({self._link('ref:' + key)})" for key in cited_keys(m[0])) + ")", text)
        text = LESSON_LINK.sub(lambda m: f"]({self._link(m[1]).removesuffix('#')}{m[2] or ''})"
                               if m[2] else f"]({self._link(m[1])})", text)
        text = LOCAL_IMAGE.sub(lambda m: f"![{m[1]}]({self._link('image:' + m[2])}{m[3]})", text)
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
