"""Building blocks shared by every model: frozen base, slugs and safe Markdown."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints


class Frozen(BaseModel):
    """Base of every model: immutable, and unknown fields are errors (they are usually typos)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$")]
"""Lower-case words joined by hyphens, e.g. `active-listening`. Used for ids, anchors and storage keys."""

Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
"""A short single-line plain-text field such as a title."""

UNSAFE_TAGS = frozenset({"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "form", "meta", "link", "style"})
_JS_URL = re.compile(r"(?i)\bj\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:|\bvbscript:|\bdata:text/html")


class _UnsafeHTMLFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in UNSAFE_TAGS:
            self.problems.append(f"<{tag}> is not allowed")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"the event attribute '{name}' on <{tag}> is not allowed")
            elif value and _JS_URL.search(value):
                self.problems.append(f"a script URL in '{name}' on <{tag}> is not allowed")

    handle_startendtag = handle_starttag


def unsafe_html(text: str) -> list[str]:
    """What in this Markdown could run script in a reader's browser (empty when it is safe)."""
    finder = _UnsafeHTMLFinder()
    finder.feed(text)
    finder.close()
    problems = finder.problems
    if _JS_URL.search(re.sub(r"<[^>]*>", "", text)):
        problems.append("a 'javascript:' link is not allowed")
    return sorted(set(problems))


def _safe_markdown(text: str) -> str:
    problems = unsafe_html(text)
    if problems:
        raise ValueError(
            "; ".join(problems) + " (text fields are Markdown; write the content itself, without script-capable HTML)"
        )
    return text


Markdown = Annotated[str, StringConstraints(min_length=1), AfterValidator(_safe_markdown)]
"""Markdown text. HTML that could run script is rejected."""
