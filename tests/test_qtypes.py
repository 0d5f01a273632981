"""The question types are one declared axis (`generator/model/qtypes.py`): every row is complete, and nothing else
lists the types on its own.

A type that lacks its widget, its worksheet or key rendering, or its lock-file answer key fails here, by name, before
a learner or an LMS meets it. The every-type fixture, which the export tests read, must hold one question of each
declared type, so an export that forgets a type is caught there.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path

import pytest
import yaml

from generator.lockfile import answer_key
from generator.model import Quiz
from generator.model.qtypes import BY_NAME, QUESTION_TYPES, TYPE_NAMES, question_type
from generator.model.questions import AnyQuestion, display_order, is_scored
from generator.render.markdown import MarkdownRenderer
from generator.render.quiz import render_quiz
from generator.render.templates import PACKAGE_TEMPLATES

HERE = Path(__file__).parent
EVERY_TYPE = HERE / "fixtures" / "export" / "every-type.yml"


def every_type_quiz() -> Quiz:
    return Quiz.model_validate(yaml.safe_load(EVERY_TYPE.read_text(encoding="utf-8")))


def first_of_each_type() -> dict[str, AnyQuestion]:
    found: dict[str, AnyQuestion] = {}
    for q in every_type_quiz().questions:
        found.setdefault(q.type, q)
    return found


def test_the_declared_names_are_the_models_names_and_the_unions_members():
    assert TYPE_NAMES == tuple(t.name for t in QUESTION_TYPES)
    for row in QUESTION_TYPES:
        assert typing.get_args(row.model.model_fields["type"].annotation) == (row.name,), row.name
    assert {row.model for row in QUESTION_TYPES} == set(typing.get_args(AnyQuestion))


def test_the_every_type_fixture_holds_one_question_of_each_declared_type():
    assert sorted(first_of_each_type()) == sorted(TYPE_NAMES)


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_each_type_has_its_widget_and_it_renders(name):
    row = BY_NAME[name]
    assert (PACKAGE_TEMPLATES / row.widget).is_file(), f"{name}: no widget template {row.widget}"
    question = first_of_each_type()[name]
    quiz = Quiz(id="one", title="One", lesson="some-lesson", questions=[question])
    html = render_quiz(quiz, MarkdownRenderer(link=lambda target: "#", cite=lambda key: key), storage_prefix="c@1")
    assert f'data-qid="{question.id}" data-type="{name}"' in html
    assert 'class="qz-ans' in html, f"{name}: the widget has no answer disclosure for readers without JavaScript"


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_each_type_has_a_worksheet_item_and_a_key_entry(name):
    row = BY_NAME[name]
    for template in (row.worksheet, row.key):
        path = PACKAGE_TEMPLATES / template
        assert path.is_file(), f"{name}: no print template {template}"
        shared = sum(1 for other in QUESTION_TYPES if template in (other.worksheet, other.key)) > 1
        if shared:  # one template with a branch per type: a missing branch would print the stem alone, silently
            assert re.search(rf"""q\.type\s*==\s*["']{name}["']""", path.read_text(encoding="utf-8")), \
                f"{name}: {template} has no branch for this type"


@pytest.mark.parametrize("name", TYPE_NAMES)
def test_each_type_has_an_answer_key_for_the_lock_file(name):
    question = first_of_each_type()[name]
    key = answer_key(question)
    assert json.loads(json.dumps(key)) == key
    assert ("points" in key) == is_scored(question) == BY_NAME[name].scored


def test_every_question_finds_its_row():
    for q in every_type_quiz().questions:
        assert question_type(q).name == q.type
        assert isinstance(display_order(q), list)


def test_the_widget_script_grades_every_declared_type():
    script = (HERE.parent / "theme" / "assets" / "quiz.js").read_text(encoding="utf-8")
    table = re.search(r"const graders = \{\n(.*?)\n  \};", script, re.S)
    assert table, "quiz.js has no `const graders = {...}` table"
    assert sorted(re.findall(r"^\s+(\w+): grade\w+,$", table[1], re.M)) == sorted(TYPE_NAMES)
