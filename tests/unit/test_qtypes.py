"""The question types are one declared axis (`generator/model/qtypes.py`): every row is complete, and nothing else
lists the types on its own.

A type that lacks its widget, its worksheet or key rendering, or its lock-file answer key fails here, by name, before
a learner or an LMS meets it. The every-type fixture, which the export tests read, must hold one question of each
declared type, so an export that forgets a type is caught there.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
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

TESTS = Path(__file__).resolve().parents[1]
EVERY_TYPE = TESTS / "fixtures" / "export" / "every-type.yml"


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
    script = (TESTS.parent / "theme" / "assets" / "quiz.js").read_text(encoding="utf-8")
    table = re.search(r"const graders = \{\n(.*?)\n  \};", script, re.S)
    assert table, "quiz.js has no `const graders = {...}` table"
    assert sorted(re.findall(r"^\s+(\w+): grade\w+,$", table[1], re.M)) == sorted(TYPE_NAMES)


# -- The path of an 8th type ----------------------------------------------------------------------------------------

DIAL = '''class Dial(_Scored):
    """A fixture type (tests/unit/test_qtypes.py): turn a dial to the right number."""

    type: Literal["dial"]
    answer: int


'''
"""An 8th question type, as its author would start it: a model, and its row in the registry."""

MISSING = r"""
import json
import sys
from pathlib import Path
from generator.export import anki, gift, moodle, qti
from generator.model.qtypes import BY_NAME
from generator.render.templates import PACKAGE_TEMPLATES
row = BY_NAME["dial"]
missing = [t for t in (row.widget, row.worksheet, row.key) if not (PACKAGE_TEMPLATES / t).is_file()]
missing += [f"{m.__name__}.DROPS" for m in (anki, gift, moodle, qti) if "dial" not in getattr(m, "DROPS", {"dial": 0})]
root = Path(sys.argv[1])  # the project: its script and fixture, which a new type also needs
missing += [f for f, needs in (("theme/assets/quiz.js", "    dial: grade"),
                               ("tests/fixtures/export/every-type.yml", "type: dial"))
            if needs not in (root / f).read_text(encoding="utf-8")]
print(json.dumps(missing))
"""


def test_an_eighth_type_is_named_missing_wherever_it_still_needs_something(tmp_path):
    """Add a type's model and registry row to a copy of the generator: mypy names every `match` that lacks it, and
    the registry names every template and export table. This is the list CONTRIBUTING.md walks through; the count
    of files is printed (`pytest -s`) for the notes."""
    copy = tmp_path / "generator"
    shutil.copytree(TESTS.parent / "generator", copy, ignore=shutil.ignore_patterns("__pycache__"))
    questions = copy / "model" / "questions.py"
    text = questions.read_text(encoding="utf-8")
    text = text.replace("AnyQuestion = SingleChoice |", DIAL + "AnyQuestion = Dial | SingleChoice |", 1)
    questions.write_text(text.replace("ScoredQuestion = SingleChoice |", "ScoredQuestion = Dial | SingleChoice |", 1))
    registry = copy / "model" / "qtypes.py"
    text = registry.read_text(encoding="utf-8").replace('TypeName = Literal["', 'TypeName = Literal["dial", "', 1)
    text = text.replace("from .questions import (\n", "from .questions import (\n    Dial,\n", 1)
    registry.write_text(text.replace("QUESTION_TYPES: tuple[QuestionType[Any], ...] = (\n", (
        "QUESTION_TYPES: tuple[QuestionType[Any], ...] = (\n"
        '    QuestionType("dial", Dial, lambda q: {**_scoring(q), "answer": q.answer}, **_print("dial")),\n'), 1))

    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", "/dev/null", "--python-version", "3.11",
         "--ignore-missing-imports", "--cache-dir", str(TESTS.parent / ".cache" / "mypy-new-type"), "generator"],
        cwd=tmp_path, capture_output=True, text=True)
    unmatched = sorted({line.split(":")[0] for line in checked.stdout.splitlines()
                        if '"assert_never" has incompatible type "Dial"' in line})
    missing = json.loads(subprocess.run([sys.executable, "-c", MISSING, str(TESTS.parent)], cwd=tmp_path,
                                        capture_output=True, text=True, check=True).stdout)
    print(f"\nan 8th type: mypy names {unmatched}; the registry and tables name {missing}")
    assert "generator/model/questions.py" in unmatched, checked.stdout[-3000:]
    assert any(path.startswith("generator/export/") for path in unmatched)
    assert {"quiz/dial.html", "print/worksheet/dial.typ", "print/key/dial.typ", "theme/assets/quiz.js",
            "tests/fixtures/export/every-type.yml"} <= set(missing)
