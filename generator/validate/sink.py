"""The issue sink: what every check writes to. A check is a function of the documents it looks at and a sink; it
never raises for a content problem, it adds an issue at the author's line."""

from __future__ import annotations

from typing import Protocol

from ..errors import Severity
from ..load import Document, Loc


class Sink(Protocol):
    def add(self, doc: Document | str, loc: Loc, code: str, message: str, hint: str | None = None,
            severity: Severity = "error", *, key: bool = False, offset: int | None = None) -> None:
        """Record an issue at `loc` in `doc` (at `offset` characters into the text there, if given)."""
