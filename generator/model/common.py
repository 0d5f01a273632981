"""Building blocks shared by every model: frozen base, slugs and safe Markdown."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints


class Frozen(BaseModel):
    """Base of every model: immutable, and unknown fields are errors (they are usually typos)."""

    model_config = ConfigDict(frozen=True, extra="forbid", use_attribute_docstrings=True)


DEFAULT_WORKSPACE = 6
"""Ruled lines of writing space on a printed worksheet when an item does not set `workspace`."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
"""Lower-case words joined by hyphens, e.g. `first-steps`. Used for ids, anchors and storage keys."""

def _plain_text(text: str) -> str:
    if re.search(r"<[A-Za-z!/?]", text):
        raise ValueError("this field is plain text, so it cannot hold HTML tags; write the words alone")
    return text


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_plain_text)]
"""A short plain-text field such as a title (no HTML: titles also appear in navigation and page titles)."""

UNSAFE_TAGS = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "meta", "link", "style"})
_JS_URL = re.compile(r"(?i)\bj\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:|\bvbscript:|\bdata:text/html")


class _UnsafeHTMLFinder(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[int, str]] = []
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_TAGS:
            self.problems.append((self._offset(), f"<{tag}> is not allowed"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append((self._offset(), f"the event attribute '{name}' on <{tag}> is not allowed"))
            elif value and _JS_URL.search(value):
                self.problems.append((self._offset(), f"a script URL in '{name}' on <{tag}> is not allowed"))

    handle_startendtag = handle_starttag


def unsafe_html(text: str) -> list[tuple[int, str]]:
    """What in this Markdown could run script in a reader's browser, with where it starts (empty when safe)."""
    problems: list[tuple[int, str]] = []
    if "<" in text:  # no tag without one (most texts: the parser is the slowest part of validation)
        finder = _UnsafeHTMLFinder(text)
        finder.feed(text)
        finder.close()
        problems = finder.problems
    if ":" in text:  # every script URL has one
        outside_tags = re.sub(r"<[^>]*>", lambda m: " " * len(m[0]), text)
        problems += [(m.start(), "a 'javascript:' link is not allowed") for m in _JS_URL.finditer(outside_tags)]
    return sorted(set(problems))


def _safe_markdown(text: str) -> str:
    problems = unsafe_html(text)
    if problems:
        raise ValueError(
            "; ".join(dict.fromkeys(message for _, message in problems))
            + " (text fields are Markdown; write the content itself, without script-capable HTML)"
        )
    return text


Markdown = Annotated[str, StringConstraints(min_length=1), AfterValidator(_safe_markdown)]
"""Markdown text. HTML that could run script is rejected."""
