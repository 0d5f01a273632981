"""Problems found in content, kept as values until the edge prints them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Issue:
    """One problem at one place in one file: `path:line:column: severity [code]: message; hint`."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.column}: {self.severity} [{self.code}]: {self.message}"
        return f"{text}; {self.hint}" if self.hint else text

    def github(self) -> str:
        """The issue as a GitHub Actions annotation, shown on the pull request's diff."""
        text = f"{self.message}; {self.hint}" if self.hint else self.message
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity} file={self.path},line={self.line},col={self.column},title={self.code}::{text}"


def has_errors(issues: list[Issue]) -> bool:
    return any(i.severity == "error" for i in issues)
