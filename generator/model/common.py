"""Building blocks shared by every model: frozen base, slugs and safe Markdown."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from ..sanitize import unsafe_markup


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
    problems = unsafe_markup(text, title=True)
    if problems:
        raise ValueError("; ".join(dict.fromkeys(message for _, message in problems))
                         + " (this field is plain text; write the words alone)")
    return text


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True), AfterValidator(_plain_text)]
"""A short plain-text field such as a title (no HTML: titles also appear in navigation and page titles)."""

def _safe_markdown(text: str) -> str:
    problems = unsafe_markup(text)
    if problems:
        raise ValueError(
            "; ".join(dict.fromkeys(message for _, message in problems))
            + " (text fields are Markdown; write the content itself, without script-capable HTML)"
        )
    return text


Markdown = Annotated[str, StringConstraints(min_length=1), AfterValidator(_safe_markdown)]
"""Markdown text. Whatever the sanitizer would remove from its HTML is rejected (`generator/sanitize.py`)."""
