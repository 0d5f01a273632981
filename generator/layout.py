"""The project's folders, and the one check every writer makes before it writes into or replaces a folder.

The author owns `content/`, `quizzes/`, `workshops/` and `theme/` (DESIGN's folder table): nothing the generator
writes may land in them, or replace the project folder itself.
"""

from __future__ import annotations

from pathlib import Path

CONTENT_DIR = "content"
QUIZ_DIR = "quizzes"
WORKSHOP_DIR = "workshops"
THEME_DIR = "theme"
AUTHOR_FOLDERS = (CONTENT_DIR, QUIZ_DIR, WORKSHOP_DIR, THEME_DIR)
"""Folders of the project that hold what the author wrote."""


def author_owner(path: Path, root: Path) -> str | None:
    """What of the author's `path` is or holds: 'the course itself' (the project folder or a folder above it), an
    author folder such as 'quizzes/', or None when the generator may write there. Both paths are resolved."""
    path, root = path.resolve(), root.resolve()
    if path == root or path in root.parents:
        return "the course itself"
    for folder in AUTHOR_FOLDERS:
        if path == root / folder or (root / folder) in path.parents:
            return f"{folder}/"
    return None


def is_author_path(path: Path, root: Path) -> bool:
    """Whether writing at `path` could overwrite what the author wrote (see `author_owner`)."""
    return author_owner(path, root) is not None


def refusal(path: Path, root: Path, instead: str) -> str | None:
    """The reason a writer gives for refusing `path`, suggesting `instead` (e.g. 'site/'), or None when it is fine."""
    owner = author_owner(path, root)
    if owner is None:
        return None
    if owner == "the course itself":
        return f"that folder holds the course itself; choose a folder for the output alone, such as {instead}"
    return f"that is inside {owner}, which the author owns; choose another folder, such as {instead}"
