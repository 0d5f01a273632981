"""A fork that replaces content/, quizzes/ and workshops/ with its own course runs this suite unchanged: no test
outside those marked `shipped_course` names a module folder, lesson, quiz, question or workshop of the shipped
course, or one of its files, whether in its own body or through a fixture, helper or constant of its module or of
tests/helpers/. A cheap guard, read from the sources; the full proof is `scripts/fork-check`, which runs the suite
on another course."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

TESTS = ROOT / "tests"
FOLDERS = ("unit", "build", "browser", "content")


def shipped_names() -> set[str]:
    """What a test could only have copied from the shipped course: the ids and paths of its files, less those the
    test courses use too. One-word ids ('strategies', the course's 'rapport') are everyday words, and left out; so
    are content/course.yml, glossary.yml and references.yml, which every course has."""
    names = set()
    for folder in ("content", "quizzes", "workshops"):
        for path in (ROOT / folder).rglob("*"):
            if path.is_dir():
                names.add(path.name)
            elif path.suffix == ".yml":
                if path.parent != ROOT / "content":
                    names.add(path.relative_to(ROOT).as_posix())
                doc = yaml.safe_load(path.read_text(encoding="utf-8"))
                if isinstance(doc, dict):
                    items = [doc, *(q for q in doc.get("questions") or [] if isinstance(q, dict))]
                    names |= {str(item["id"]) for item in items if "id" in item}
    test_courses = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                             for p in [*(TESTS / "fixtures").rglob("*"), TESTS / "helpers" / "course_edits.py"]
                             if p.is_file())
    return {n for n in names if re.search(r"[-\d/]", n) and not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])",
                                                                         test_courses)}


def _marked(node: ast.AST) -> bool:
    decorators = getattr(node, "decorator_list", [])
    return any("shipped_course" in ast.unparse(d) for d in decorators)


def _defined(node: ast.stmt) -> list[str]:
    if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return [node.name]
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return [n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)]
    return []


def _uses(node: ast.AST) -> set[str]:
    """Names a definition reads, and for a function the fixtures it asks for."""
    used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
    if isinstance(node, ast.FunctionDef):
        used |= {a.arg for a in node.args.args}
    return used


class Module:
    """The top-level names of one test or helper module that lead to a name of the shipped course, each with the
    path it takes ("fixture → CONSTANT → 'lesson-id'")."""

    def __init__(self, path: Path, pattern: re.Pattern[str], helpers: dict[str, dict[str, str]]):
        self.path = path
        tree = ast.parse(path.read_text(encoding="utf-8"))
        self.all_marked = any(_defined(node) == ["pytestmark"] and "shipped_course" in ast.unparse(node)
                              for node in tree.body)
        self.defs = [(name, node) for node in tree.body for name in _defined(node)]
        self.hits = {name: sorted(set(pattern.findall(" ".join(
            n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)))))
            for name, node in self.defs}
        self.tainted = {alias.asname or alias.name: f"{node.module}.{alias.name} → {chain}"
                        for node in tree.body if isinstance(node, ast.ImportFrom)
                        and (node.module or "").startswith("helpers.")
                        for alias in node.names
                        if (chain := helpers.get(node.module.removeprefix("helpers."), {}).get(alias.name))}
        changed = True
        while changed:  # until no definition newly leads to the shipped course
            changed = False
            for name, node in self.defs:
                if name.startswith("test_") or name in self.tainted:
                    continue
                if chain := self._chain(name, node):
                    self.tainted[name], changed = chain, True

    def _chain(self, name: str, node: ast.AST) -> str:
        if self.hits[name]:
            return ", ".join(map(repr, self.hits[name]))
        used = sorted(u for u in _uses(node) & set(self.tainted) if u != name)
        return f"{used[0]} → {self.tainted[used[0]]}" if used else ""

    def unmarked_tests_naming_the_course(self) -> list[str]:
        rel = self.path.relative_to(ROOT).as_posix()
        return [f"{rel}::{name}: {chain}" for name, node in self.defs
                if name.startswith("test_") and not self.all_marked and not _marked(node)
                and (chain := self._chain(name, node))]


@pytest.mark.shipped_course
def test_no_test_outside_shipped_course_names_the_shipped_course():
    names = shipped_names()
    assert "content/course.yml" not in names and len(names) > 20, "the guard should look for the course's own names"
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + r")(?![\w-])")
    helpers: dict[str, dict[str, str]] = {}
    for _ in range(2):  # twice: a helper may import one that sorts after it
        for path in sorted((TESTS / "helpers").glob("*.py")):
            helpers[path.stem] = Module(path, pattern, helpers).tainted
    problems = [problem for folder in FOLDERS for path in sorted((TESTS / folder).glob("test_*.py"))
                for problem in Module(path, pattern, helpers).unmarked_tests_naming_the_course()]
    assert not problems, ("these tests name the shipped course: mark them shipped_course if they check our content, "
                          "or give them a course of their own (tests/helpers/, tests/fixtures/) if they check the "
                          "code:\n  " + "\n  ".join(problems))
