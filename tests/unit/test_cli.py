"""The command line's own promises: one check of the author's folders for every writer, and no state left behind in
the process (a test session or the MkDocs plugin runs many commands in one process)."""

from __future__ import annotations

import os

import pytest

from helpers.course_edits import copy_course
from generator.cli import main
from generator.layout import AUTHOR_FOLDERS, is_author_path


@pytest.fixture
def root(tmp_path):
    return copy_course(tmp_path / "course")


def test_a_command_leaves_the_environment_as_it_found_it(root, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = dict(os.environ)
    assert main(["--root", str(root), "docs", "--out", "build/docs", "--no-pdfs"]) == 0
    assert dict(os.environ) == before


@pytest.mark.parametrize("folder", AUTHOR_FOLDERS)
@pytest.mark.parametrize("command", [["build", "--site-dir"], ["print", "--site-dir"], ["docs", "--out"],
                                     ["export", "gift", "--out"], ["schema", "--out"]])
def test_no_writer_writes_into_an_author_folder(root, capsys, folder, command):
    (root / folder).mkdir(exist_ok=True)
    before = sorted(p.name for p in (root / folder).rglob("*"))
    with pytest.raises(SystemExit) as exit_info:
        main(["--root", str(root), *command, str(root / folder / "out")])
    assert exit_info.value.code == 2 and f"inside {folder}/, which the author owns" in capsys.readouterr().err
    assert sorted(p.name for p in (root / folder).rglob("*")) == before


def test_the_project_folder_and_its_parents_are_the_authors(root):
    assert is_author_path(root, root) and is_author_path(root.parent, root)
    assert is_author_path(root / "quizzes" / "x", root) and not is_author_path(root / "site", root)


@pytest.mark.parametrize("template, where, message", [
    ("# {{ lesson.title }}\n\n{% if %}\n", 3, "Expected an expression"),
    ("# {{ lesson.title | shout }}\n", 1, "No filter named 'shout'"),
    ("# {{ lesson.title }}\n\n{{ lesson.author.name }}\n", 3, "has no attribute 'author'"),
])
def test_an_error_in_a_template_override_is_one_line_at_its_place(root, capsys, template, where, message):
    override = root / "theme" / "course" / "pages" / "lesson.md.j2"  # the instructor's copy of a page template
    override.parent.mkdir(parents=True)
    override.write_text(template)
    assert main(["--root", str(root), "docs", "--out", "build/docs", "--no-pdfs"]) == 1
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    assert line.startswith(f"theme/course/pages/lesson.md.j2:{where}:1: error [template]: ") and message in line
    assert "internal error" not in err and "nothing was written" in err
    assert not (root / "build" / "docs").exists()


@pytest.mark.parametrize("config, where, message", [
    ("site_name: A course\ntheme:\n  name: material\n\tcustom_dir: theme\n", "4:1", "not valid YAML"),
    ("- site_name\n", "1:1", "it holds no settings"),
    ("site_name: A course\ntheme: 42\n", "2:1", "`theme` is not a mapping"),
])
def test_a_broken_mkdocs_yml_is_one_line_at_its_place(root, capsys, config, where, message):
    (root / "mkdocs.yml").write_text(config)
    assert main(["--root", str(root), "build", "--no-pdfs"]) == 1
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    assert line.startswith(f"mkdocs.yml:{where}: error [config]: {message}") and "e.g." in line
    assert "internal error" not in err and "the previous site is unchanged" in err


def test_schemas_can_go_outside_the_project(root, tmp_path, capsys):
    assert main(["--root", str(root), "schema", "--out", str(tmp_path / "schemas")]) == 0
    assert f"wrote {tmp_path / 'schemas'}" in capsys.readouterr().out
    assert any((tmp_path / "schemas").glob("*.json"))


def test_a_syntax_error_in_an_engine_template_override_stops_the_build_at_its_line(root, capsys):
    nav = root / "theme" / "partials" / "nav.html"  # the project's override of Material's partial
    nav.write_text(nav.read_text() + "{% if %}\n")
    assert main(["--root", str(root), "build", "--no-pdfs"]) == 1
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    assert line.startswith(f"theme/partials/nav.html:{nav.read_text().count(chr(10))}:1: error [template]: ")
    assert "Traceback" not in err and "the previous site is unchanged" in err
    assert not (root / "site").exists()
