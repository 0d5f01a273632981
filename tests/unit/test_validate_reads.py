"""`load` is the only module that reads course files: no module under generator/validate/ touches the file system.

validate works over what `load` returns (the course's file listing `CourseFiles`, each file's bytes, its parsed
`Document` with the line of every value), so the rules can be read, and tested, as functions of data. This test reads
the source of every module under generator/validate/ and fails on any way of reaching the file system it knows.
"""

from __future__ import annotations

import ast
from pathlib import Path

VALIDATE = Path(__file__).resolve().parents[2] / "generator" / "validate"

READING_CALLS = {
    # pathlib and the open builtin
    "open", "read_bytes", "read_text", "iterdir", "glob", "rglob", "walk", "stat", "lstat", "exists", "is_file",
    "is_dir", "is_symlink", "resolve", "readlink", "samefile", "absolute",
    # os and os.path
    "scandir", "listdir", "realpath", "abspath", "isfile", "isdir", "islink", "getsize",
    # generator.paths' functions that look at content/ (load calls them for validate)
    "content_file", "published_files", "unpublished_files",
}
"""Calls that read or look at files, whatever they are called on."""
READING_MODULES = {"os", "io", "shutil", "glob", "tempfile", "mmap", "fcntl"}
"""Modules whose only use here would be to reach the file system."""


def reads(source: str) -> list[tuple[int, str]]:
    """Where `source` reaches the file system: (line, what), by the names above."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in READING_CALLS:
                found.append((node.lineno, f"calls {name}()"))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, f"imports {a.name}") for a in node.names
                      if a.name.split(".")[0] in READING_MODULES]
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            if node.module.split(".")[0] in READING_MODULES:
                found.append((node.lineno, f"imports from {node.module}"))
    return sorted(found)


def test_no_module_under_validate_reads_a_file():
    modules = sorted(VALIDATE.rglob("*.py"))
    assert len(modules) > 5  # the package is where this test looks for it
    found = [f"{path.relative_to(VALIDATE.parent.parent)}:{line}: {what}"
             for path in modules for line, what in reads(path.read_text(encoding="utf-8"))]
    assert not found, "validate reaches the file system; ask generator/load.py for it instead:\n" + "\n".join(found)


def test_the_check_finds_each_way_of_reading():
    source = """
import os
from shutil import copy
data = file.read_bytes()
with open(name) as f: pass
names = [p.name for p in folder.iterdir() if p.is_file()]
found, why = content_file(content, folder, name)
real = os.path.realpath(name)
"""
    assert [what for _, what in reads(source)] == [
        "imports os", "imports from shutil", "calls read_bytes()", "calls open()", "calls is_file()", "calls iterdir()",
        "calls content_file()", "calls realpath()"]


def test_reading_from_what_load_returns_is_not_a_finding():
    source = """
from ..load import CourseFiles, parse_document
raw = tree.read(path)
doc, issues = parse_document(path, raw)
found, refused = tree.find(doc.path, name)
"""
    assert reads(source) == []
