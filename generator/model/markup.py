"""The link syntax authors write inside Markdown fields: citations, glossary and lesson links, local images.

It belongs to the content, not to any renderer: `validate` checks what these point at, and the page, print and export
renderers each rewrite them into their own links.
"""

from __future__ import annotations

import re

_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
CITATION = re.compile(rf"\[@({_SLUG}(?:;\s*@{_SLUG})*)\]")
"""An inline citation of one source or several: [@tickle-degnen-1990] or [@rogers-1957; @bordin-1979]."""
GLOSSARY_LINK = re.compile(rf"\]\(glossary:({_SLUG})\)")
"""A link to a glossary entry: [rapport](glossary:rapport)."""
LESSON_LINK = re.compile(rf"\]\(lesson:({_SLUG})(#[\w-]+)?\)")
"""A link to another lesson, or to a heading in it: [the first lesson](lesson:what-is-rapport#key-points)."""

LOCAL_IMAGE = re.compile(r"!\[([^\[\]]*+)\]\((?![a-z][a-z0-9+.-]*:|/|#)([^()\s]++)((?:\s+\"[^\"]*\")?)\)", re.I)
"""A Markdown image of a file beside the YAML that holds the text: ![A diagram](three-steps.svg)."""


def cited_keys(text: str) -> list[str]:
    """The reference keys cited in a text, in order."""
    return [key.strip().lstrip("@") for group in CITATION.findall(text) for key in group.split(";")]


_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MARKS = re.compile(r"[*_`\[\]]")


def plain_text(text: str) -> str:
    """Markdown roughly as a reader sees it: no citations, links reduced to their text, no emphasis marks, one space
    between words."""
    text = _MARKS.sub("", _LINK_TARGET.sub("]", CITATION.sub("", text)))
    return " ".join(text.split())
