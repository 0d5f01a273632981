"""The issue sink: what every check writes to. A check is a function of the documents it looks at and a sink; it
never raises for a content problem, it adds an issue at the author's line."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from ..errors import Issue, Severity, has_errors
from ..load import Document, Loc


class Sink:
    """The issues found so far, and the ids of files that did not validate (references to them are not reported
    again as missing: their own file's errors say what is wrong)."""

    def __init__(self) -> None:
        self.issues: list[Issue] = []
        self.unreadable: set[str] = set()

    def add(self, doc: Document | str, loc: Loc, code: str, message: str, hint: str | None = None,
            severity: Severity = "error", *, key: bool = False, offset: int | None = None) -> None:
        """Record an issue at `loc` in `doc` (a path alone: at its start), at `offset` characters into the text
        there if given, or at the field's name with `key`."""
        if isinstance(doc, str):
            line, column, path = 1, 1, doc
        elif offset is not None:
            (line, column), path = doc.locate_within(loc, offset), doc.path
        else:
            (line, column), path = doc.locate(loc, key=key), doc.path
        self.issues.append(Issue(path, line, column, severity, code, message, hint))

    def add_all(self, doc: Document, issues: Iterable[tuple[Loc, str, str, str, str]]) -> None:
        """Record issues given as (where, code, message, hint, severity), as workshops.py and model/pool.py do."""
        for loc, code, message, hint, severity in issues:
            self.add(doc, loc, code, message, hint, "warning" if severity == "warning" else "error")

    def missing(self, doc: Document, loc: Loc, kind: str, name: str, known: Iterable[str], *,
                where: str = "", what: str = "", fix: str = "", offset: int | None = None) -> None:
        """`name` at `loc` names no `kind` among `known` (e.g. no lesson): say so, with the closest name."""
        if name in self.unreadable:
            return  # its own file has errors, already reported
        # Names whose own file has errors are not known yet, but are what a one-letter slip most often meant.
        close = difflib.get_close_matches(name, [*known, *self.unreadable], n=1)
        if close and close[0] in self.unreadable:
            hint = f"did you mean '{close[0]}'? (its file has errors, reported with it)"
        else:
            hint = (f"did you mean '{close[0]}'?" if close
                    else fix or f"check the spelling, or add the {kind} {where}".rstrip())
        subject = f"the {what} '{name}' names" if what else f"'{name}' names"
        self.add(doc, loc, f"unknown-{kind.split()[-1]}", f"{subject} no {kind}{' ' + where if where else ''}", hint,
                 offset=offset)

    def unique(self, kind: str, entries: Sequence[tuple[Document | None, Loc, str]]) -> None:
        """Each id in `entries` (where, id) is used once; a second use is reported, pointing at the first."""
        seen: dict[str, tuple[Document | None, Loc]] = {}
        for doc, loc, value in entries:
            if value in seen and doc is not None:
                first_doc, first_loc = seen[value]
                where = f"{first_doc.path}:{first_doc.locate(first_loc)[0]}" if first_doc else "elsewhere"
                self.add(doc, loc, "duplicate-id", f"the {kind} id '{value}' is already used at {where}",
                         "give each one its own id; ids are links and progress keys, so keep the first as it is")
            seen.setdefault(value, (doc, loc))

    def has_errors(self) -> bool:
        return has_errors(self.issues)
