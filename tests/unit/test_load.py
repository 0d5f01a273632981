"""`load.list_course`: the one listing of a course's files that `validate` works from. Each YAML file is found in the
part it plays, and a file in the wrong place is listed where validate can name it (its reports are in
tests/golden/errors/, e.g. stray-file.yml)."""

from __future__ import annotations

from pathlib import Path

from generator.load import ModuleFolder, list_course


def write(root: Path, *paths: str) -> None:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("id: x\n", encoding="utf-8")


def test_each_file_is_listed_in_its_part(tmp_path):
    write(tmp_path, "content/course.yml", "content/glossary.yml", "content/notes.yml", "content/pages/b.yml",
          "content/pages/a.yml", "content/02-more/module.yml", "content/02-more/01-x.yaml",
          "content/01-basics/module.yml", "content/01-basics/02-b.yml", "content/01-basics/01-a.yml",
          "content/01-basics/figure.svg", "content/03-loose/01-c.yml", "quizzes/q.yml", "quizzes/notes.txt",
          "workshops/w.yaml")
    files = list_course(tmp_path)
    assert (files.course, files.glossary, files.references) == ("content/course.yml", "content/glossary.yml", None)
    assert files.strays == ["content/notes.yml"]
    assert files.pages == ["content/pages/a.yml", "content/pages/b.yml"]
    assert files.modules == [
        ModuleFolder("01-basics", "content/01-basics/module.yml", ["content/01-basics/01-a.yml",
                                                                   "content/01-basics/02-b.yml"]),
        ModuleFolder("02-more", "content/02-more/module.yml", ["content/02-more/01-x.yaml"]),
        ModuleFolder("03-loose", None, ["content/03-loose/01-c.yml"]),
    ]
    assert (files.quizzes, files.workshops) == (["quizzes/q.yml"], ["workshops/w.yaml"])
    assert files.read("quizzes/q.yml") == b"id: x\n"
    assert files.names_beside("content/01-basics/01-a.yml") == ["01-a.yml", "02-b.yml", "figure.svg", "module.yml"]


def test_a_folder_without_content_is_no_course(tmp_path):
    files = list_course(tmp_path)
    assert files.course is None and files.modules == [] and files.quizzes == []


def test_a_named_file_is_found_beside_its_yaml_or_refused(tmp_path):
    write(tmp_path, "content/course.yml", "content/01-basics/01-a.yml", "content/01-basics/figure.svg", "secret.svg")
    files = list_course(tmp_path)
    assert files.find("content/01-basics/01-a.yml", "figure.svg") == (True, None)
    assert files.find("content/01-basics/01-a.yml", "other.svg") == (False, None)
    found, refused = files.find("content/01-basics/01-a.yml", "../../secret.svg")
    assert not found and "outside content/" in (refused or "")
