"""The date a command writes into its files (PDF metadata, zip entries, Anki notes): the project's last commit, so
that two builds of the same content are byte-identical on any machine.

The command line works it out once and passes it down for the command's duration (`passed`); writers ask
`source_date()`. Nothing writes `os.environ`: a test session or a plugin process that runs several commands gets
each one's own date. A `SOURCE_DATE_EPOCH` set by the caller (reproducible-builds.org) wins.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

_PASSED: ContextVar[int | None] = ContextVar("source_date", default=None)


def given() -> int | None:
    """Seconds since 1970: SOURCE_DATE_EPOCH if the caller set it, else the running command's date, else None."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else _PASSED.get()


def source_date() -> int:
    """`given()`, or 0 (1970) when there is none."""
    return given() or 0


@contextmanager
def passed(epoch: int) -> Iterator[None]:
    """Within this block, `source_date()` is `epoch` (unless SOURCE_DATE_EPOCH is set)."""
    token = _PASSED.set(epoch)
    try:
        yield
    finally:
        _PASSED.reset(token)


def last_commit(root: Path) -> int:
    """The time of the project's last commit, or 0 outside a git repository."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True)
    except OSError:
        return 0
    value = out.stdout.strip()
    return int(value) if value.isdigit() else 0
