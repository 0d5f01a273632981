"""Copies of the small test course with one author mistake applied, shared by the error tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

HERE = Path(__file__).parent
MINI = HERE / "fixtures" / "mini"
GOLDEN_ERRORS = HERE / "golden" / "errors"


def copy_course(dest: Path) -> Path:
    """A fresh copy of the mini course with the real mkdocs.yml and theme, ready to validate or build."""
    shutil.copytree(MINI, dest)
    shutil.copy(HERE.parent / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(HERE.parent / "theme", dest / "theme")
    return dest


def apply_mistake(root: Path, case: dict) -> None:
    """Apply a golden case's `edit` (or list of edits): replace text in a file, write a file, or delete one."""
    edits = case["edit"] if isinstance(case["edit"], list) else [case["edit"]]
    for edit in edits:
        _apply(root, edit)


def _apply(root: Path, edit: dict) -> None:
    target = root / edit["file"]
    if "replace" in edit:
        old, new = edit["replace"]
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {edit['file']}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif "bytes" in edit:
        target.write_bytes(edit["bytes"].encode("latin-1"))
    elif "delete" in edit:
        target.unlink()
    else:
        target.write_text(edit["text"], encoding="utf-8")


def golden_cases() -> list[tuple[str, dict]]:
    return [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(GOLDEN_ERRORS.glob("*.yml"))]
