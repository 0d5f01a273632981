"""The rules across files are one list (`generator/validate/rules/__init__.py: RULES`): a contributor adds a rule by
writing one function and naming it there. These tests fail when a rule function is written but not listed (it would
never run), listed twice, or says nothing of what it keeps; and they show that the list is what runs."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from generator.validate import rules, validate_course
from generator.validate.rules import RULES, structure
from helpers.course_edits import apply_mistake, copy_course, golden_cases


def rule_functions() -> list:
    """Every function of the modules of generator/validate/rules/ that takes (ctx, sink): the shape of a rule."""
    found = []
    for info in pkgutil.iter_modules(rules.__path__):
        if info.name == "__main__":
            continue  # it prints the list when run
        module = importlib.import_module(f"{rules.__name__}.{info.name}")
        found += [f for _, f in inspect.getmembers(module, inspect.isfunction)
                  if f.__module__ == module.__name__ and list(inspect.signature(f).parameters) == ["ctx", "sink"]]
    return found


def test_every_rule_function_is_listed_once():
    written = rule_functions()
    assert len(written) >= 30  # the rules were found where they are
    assert [f.__qualname__ for f in written if f not in RULES] == []
    assert len(set(RULES)) == len(RULES)


def test_every_rule_says_in_one_line_what_it_keeps():
    for line in rules.describe():
        name, _, summary = line.partition(": ")
        assert summary.endswith((".", ")")), f"{name}'s docstring does not open with a one-line summary: {summary!r}"


def test_the_list_is_what_runs(tmp_path, monkeypatch):
    root = copy_course(tmp_path / "course")
    apply_mistake(root, dict(golden_cases())["unknown-lesson"])
    _, issues = validate_course(root)
    assert [i.code for i in issues] == ["unknown-lesson"]

    # Without the rule, nothing reports the quiz's lesson; and with no error before it, `objectives_assessed` now
    # speaks: the objective that quiz assessed is not assessed by anything that counts.
    monkeypatch.setattr(rules, "RULES", [r for r in RULES if r is not structure.quizzes_name_lessons])
    _, issues = validate_course(root)
    assert [i.code for i in issues] == ["unassessed"]
