"""The README is the authors' reference: it must start with the two commands and name every YAML field."""

from __future__ import annotations

import re
import typing
from pathlib import Path

from pydantic import BaseModel

from generator import model
from generator.model import questions

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def fields_of(cls: type[BaseModel], seen: set) -> set[str]:
    """Every field name reachable from `cls`, through lists, optionals and unions."""
    if cls in seen:
        return set()
    seen.add(cls)
    names = set()
    for name, info in cls.model_fields.items():
        names.add(info.alias or name)
        for arg in _flatten(info.annotation):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                names |= fields_of(arg, seen)
    return names


def _flatten(annotation) -> list:
    args = typing.get_args(annotation)
    return [annotation] if not args else [a for arg in args for a in _flatten(arg)]


def test_readme_starts_with_the_two_commands():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in first_block.splitlines() if line.strip()]
    assert commands == ["make site", "make test"]


def test_every_yaml_field_is_in_the_reference():
    reference = README[README.index("## YAML reference"):]
    seen: set = set()
    files = [model.CourseInfo, model.Module, model.Lesson, model.Glossary, model.Bibliography, model.Quiz,
             model.StandalonePage, model.Workshop]
    fields = set().union(*(fields_of(cls, seen) for cls in files))
    fields |= set().union(*(fields_of(cls, seen) for cls in typing.get_args(typing.get_args(questions.Question)[0])))
    missing = sorted(f for f in fields if f"`{f}`" not in reference and f"{{{f}" not in reference
                     and f", {f}" not in reference)
    assert not missing, f"document these fields in the README's YAML reference: {missing}"


def test_every_question_type_is_in_the_reference():
    for cls in typing.get_args(typing.get_args(questions.Question)[0]):
        type_name = typing.get_args(cls.model_fields["type"].annotation)[0]
        assert f"| `{type_name}` |" in README


def test_the_readme_points_at_nothing_outside_the_repository():
    assert not re.search(r"\.\./|/work/|\bshared/", README)
