"""The issue sink: what every check writes to. A check is a function of the documents it looks at and a sink; it
never raises for a content problem, it adds an issue at the author's line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from ..errors import Issue, Severity
from ..load import Document, Loc


class Sink(Protocol):
    def add(self, doc: Document | str, loc: Loc, code: str, message: str, hint: str | None = None,
            severity: Severity = "error", *, key: bool = False, offset: int | None = None) -> None:
        """Record an issue at `loc` in `doc` (at `offset` characters into the text there, if given)."""


class Checks:
    """The base of the validator's mixins (`files.FileChecks`, `rules.Rules`): the sink methods their checks call,
    which the validator itself defines."""

    issues: list[Issue]

    def add(self, doc: Document | str, loc: Loc, code: str, message: str, hint: str | None = None,
            severity: Severity = "error", *, key: bool = False, offset: int | None = None) -> None:
        raise NotImplementedError  # the validator's

    def missing(self, doc: Document, loc: Loc, kind: str, name: str, known: Iterable[str], *,
                where: str = "", what: str = "", fix: str = "", offset: int | None = None) -> None:
        raise NotImplementedError  # the validator's

    def add_all(self, doc: Document, issues: Iterable[tuple[Loc, str, str, str, str]]) -> None:
        raise NotImplementedError  # the validator's

    def unique(self, kind: str, entries: Sequence[tuple[Document | None, Loc, str]]) -> None:
        raise NotImplementedError  # the validator's
