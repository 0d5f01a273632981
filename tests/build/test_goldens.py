"""Golden outputs: what a learner, a facilitator and an LMS get from the every-type course (tests/fixtures/every-type/,
one question of each registered type), compared with the files in tests/golden/outputs/.

- the lesson page: its main content (Material's `<article>`, not the page chrome, which changes with Material
  versions) and the scripts it loads;
- the worksheet and the facilitator edition: the Typst source the build hands to Typst (the PDFs are checked by
  test_print);
- every export format `coursegen export` offers (`generator.export.FORMATS`, so a new format shows up as a missing
  golden): the whole-course file and its report. A zip's members are listed (with their dates) and compared member by
  member: text members as text, an HTML page as its main content, the Anki collection as its tables' rows; members
  copied from theme/ must equal their source, a member the same as in an earlier package (SCORM 2004's pages are
  SCORM 1.2's) says so; Material's assets and the PDFs are only listed.

What changes with a library's version and not with our code is masked: Material's asset hashes, the indentation of
its template around the article, and the sizes of PDFs and packages (Typst's and Material's).

Every build and export runs with the suite's source date, on a copy of the fixture whose files are dated by it, so
two runs give the same bytes. After a deliberate change, `pytest tests/build/test_goldens.py --update-goldens`
rewrites the goldens (and removes stale ones); review `git diff tests/golden/outputs` before committing.
"""

from __future__ import annotations

import difflib
import io
import json
import os
import re
import shutil
import sqlite3
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SOURCE_DATE, copy_project
from generator import docs
from generator.cli import main
from generator.export import FORMATS, REPORT_SUFFIX
from generator.model.qtypes import TYPE_NAMES
from generator.render.print import render_print
from generator.render.print_renderer import PrintRenderer
from generator.validate import validate_course

FIXTURE = ROOT / "tests" / "fixtures" / "every-type"
GOLDEN = ROOT / "tests" / "golden" / "outputs"
REFRESH = "pytest tests/build/test_goldens.py --update-goldens, then review `git diff tests/golden/outputs`"
COURSE = "every-type"
LESSON_PAGE = "listening/cues.html"
HANDOUTS = {"worksheet": "cues-worksheet", "facilitator edition": "cues-facilitator"}
SITE_URL = "https://example.org/every-type/"

LISTED_ONLY = re.compile(r"^(assets/(javascripts|stylesheets|images)/|search/)|\.pdf$")
"""Zip members only listed, not compared: Material's and MkDocs' own files, and the PDFs (test_print reads those)."""
SIZES = re.compile(r"\(PDF, \d+ pages?, \d+ KB\)|\d+\.\d MB")
"""A PDF's pages and size as a page shows them, and a package's size as its report gives it: masked (`sizes_masked`)."""
HASHED = re.compile(r"\.[0-9a-f]{8}(?=\.min\.(?:js|css)\b)")
"""The content hash in Material's asset names, which changes with every Material release."""


# ---------------------------------------------------------------------------------------------------------------------
# What the every-type course gives, as text: golden path -> content
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build, print and export the every-type course once, as a user would (the CLI, in this process)."""
    work = tmp_path_factory.mktemp("goldens")
    root = copy_project(FIXTURE, work / "course")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    for path in [root, *root.rglob("*")]:
        os.utime(path, (SOURCE_DATE, SOURCE_DATE))  # Anki dates its notes by their source files
    found: dict[str, str] = {}
    earlier: dict[str, tuple[str, str]] = {}
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SOURCE_DATE_EPOCH", str(SOURCE_DATE))
        env.delenv("SITE_URL", raising=False)
        env.setenv("NO_MKDOCS_2_WARNING", "1")
        env.setenv("XDG_CACHE_HOME", str(work / "user-cache"))  # the key that signs .cache/, made on first use
        site = work / "site"
        assert main(["--root", str(root), "build", "--strict", "--no-pdfs", "--site-dir", str(site),
                     "--site-url", SITE_URL]) == 0
        found[f"lesson/{LESSON_PAGE}"] = main_content((site / LESSON_PAGE).read_text(encoding="utf-8"))
        found.update(handout_sources(root))
        for fmt, exporter in FORMATS.items():
            out = work / "exports" / fmt
            assert main(["--root", str(root), "export", fmt, "--out", str(out)]) == 0
            name = COURSE + exporter.SUFFIX  # the whole course's file (test_export checks the per-module ones)
            report = (out / f"{name}{REPORT_SUFFIX}").read_text(encoding="utf-8")
            found[f"export/{name}{REPORT_SUFFIX}"] = sizes_masked(report)
            found.update(export_texts(f"export/{name}", (out / name).read_bytes(), root / "theme", earlier))
    return found


def main_content(html: str) -> str:
    """A page's main content (its `<article>`, each line stripped of the indentation and blank lines Material's
    template puts around it; the every-type course has no preformatted text) and the scripts it loads."""
    (article,) = re.findall(r"<article\b.*?</article>", html, re.S)
    lines = [line.strip() for line in article.splitlines() if line.strip()]
    scripts = [HASHED.sub(".HASH", src) for src in re.findall(r'<script\b[^>]*\bsrc="([^"]*)"', html)]
    return sizes_masked("\n".join([*lines, "", "<!-- scripts the page loads -->", *scripts]) + "\n")


def handout_sources(root: Path) -> dict[str, str]:
    """The Typst source of the lesson's worksheet and facilitator edition, made as the build makes it, without its
    comment lines (the handout library's notes to readers, which Typst ignores)."""
    course, issues = validate_course(root)
    assert course is not None, "\n".join(map(str, issues))
    theme = docs.theme_dir(root, docs.read_config(root))
    made = {doc.name: doc for doc in render_print(course, theme)}
    renderer = PrintRenderer(course, theme)
    sources = {}
    for name in HANDOUTS.values():
        source = renderer.typst_source(made[name], [made[n] for n in made[name].then])
        lines = source.splitlines(keepends=True)
        sources[f"print/{name}.typ"] = "".join(line for line in lines if not line.lstrip().startswith("//"))
    return sources


def export_texts(golden: str, data: bytes, theme: Path, earlier: dict[str, tuple[str, str]]) -> dict[str, str]:
    """An export file as golden texts: the file itself, or a zip's member list and each member worth comparing.

    `earlier` holds the members compared in earlier zips (member -> (zip, text)): a member the same as there (SCORM
    2004's pages are SCORM 1.2's) is listed as such rather than kept twice."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        return {golden: sizes_masked(data.decode("utf-8"))}
    texts: dict[str, str] = {}
    listing = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            when = datetime(*info.date_time, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S")
            name = info.filename
            content = archive.read(info)
            if info.is_dir() or LISTED_ONLY.search(name):
                listing.append(f"{when}  {HASHED.sub('.HASH', name)}  (listed)")
                continue
            if (theme / name).is_file() and (theme / name).read_bytes() == content:
                listing.append(f"{when}  {name}  (the same as theme/{name})")
                continue
            if name == "collection.anki2":
                text, key, how = anki_tables(content), f"{name}.txt", "compared: its tables"
            elif name.endswith(".html") and "<article" in content.decode("utf-8"):
                text, key, how = main_content(content.decode("utf-8")), name, "compared: main content"
            else:
                text, key, how = sizes_masked(content.decode("utf-8")), name, "compared"
            twin, twin_text = earlier.get(name, ("", None))
            if text == twin_text:
                how = f"the same as in {twin}"
            else:
                texts[f"{golden}/{key}"] = text
                earlier[name] = (golden.rsplit("/", 1)[-1], text)
            listing.append(f"{when}  {name}  ({how})")
    texts[f"{golden}.members.txt"] = "\n".join(listing) + "\n"
    return texts


def sizes_masked(text: str) -> str:
    """`text` with the sizes of PDFs and packages masked: they change with Typst's and Material's versions."""
    return SIZES.sub(lambda m: re.sub(r"\d+(\.\d+)?", "N", m[0]), text)


def anki_tables(data: bytes) -> str:
    """An Anki collection (SQLite) as text: the schema, then every row, one column a line (JSON indented, a note's
    fields one a line)."""
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "collection.anki2"
        path.write_bytes(data)
        db = sqlite3.connect(path)
        try:
            tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
            for table, sql in tables:
                cursor = db.execute(f'SELECT * FROM "{table}" ORDER BY 1')
                columns = [c[0] for c in cursor.description]
                lines += ["", sql]
                for number, row in enumerate(cursor, 1):
                    lines.append(f"-- {table} row {number}")
                    lines += [f"{column} = {_shown(value)}" for column, value in zip(columns, row, strict=True)]
        finally:
            db.close()
    return "\n".join(lines).lstrip("\n") + "\n"


def _shown(value: object) -> str:
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.dumps(json.loads(value), indent=2, ensure_ascii=False)
        except ValueError:
            pass
    if isinstance(value, str) and "\x1f" in value:
        return "".join(f"\n    field: {field}" for field in value.split("\x1f"))
    return repr(value)


# ---------------------------------------------------------------------------------------------------------------------
# Comparing, and refreshing
# ---------------------------------------------------------------------------------------------------------------------


def check_goldens(outputs: dict[str, str], prefix: str, update: bool) -> None:
    """Compare every output under `prefix` with its golden file (or rewrite them all, with `--update-goldens`); fail
    with a unified diff of each one that changed and the name of each one missing."""
    chosen = {name: text for name, text in outputs.items() if name.startswith(prefix)}
    assert chosen, f"no output under {prefix}"
    problems = []
    for name, text in sorted(chosen.items()):
        golden = GOLDEN / name
        if update:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8", newline="")
        elif not golden.is_file():
            problems.append(f"tests/golden/outputs/{name}: missing (make it with {REFRESH})")
        else:
            expected = golden.read_bytes().decode("utf-8")
            if expected != text:
                problems.append("".join(difflib.unified_diff(
                    expected.splitlines(keepends=True), text.splitlines(keepends=True),
                    f"tests/golden/outputs/{name} (golden)", f"{name} (made now)")))
    if problems:
        pytest.fail("\n".join(problems) + f"\nIf the change is meant: {REFRESH}", pytrace=False)


def test_the_lesson_page_of_the_every_type_course_is_unchanged(outputs, update_goldens):
    check_goldens(outputs, "lesson/", update_goldens)


@pytest.mark.parametrize("edition", HANDOUTS)
def test_the_printed_edition_of_the_every_type_course_is_unchanged(outputs, update_goldens, edition):
    check_goldens(outputs, f"print/{HANDOUTS[edition]}.typ", update_goldens)


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_export_of_the_every_type_course_is_unchanged(outputs, update_goldens, fmt):
    check_goldens(outputs, f"export/{COURSE}{FORMATS[fmt].SUFFIX}", update_goldens)


def test_no_golden_is_left_that_no_output_matches(outputs, update_goldens):
    stale = sorted(p.relative_to(GOLDEN).as_posix() for p in GOLDEN.rglob("*")
                   if p.is_file() and p.relative_to(GOLDEN).as_posix() not in outputs)
    if update_goldens:
        for name in stale:
            (GOLDEN / name).unlink()
        return
    assert not stale, f"golden files no output matches any more (remove them with {REFRESH}): {stale}"


@pytest.mark.parametrize("type_name", TYPE_NAMES)
def test_the_every_type_course_has_a_question_of_each_registered_type(type_name):
    (quiz,) = (FIXTURE / "quizzes").glob("*.yml")
    types = [q["type"] for q in yaml.safe_load(quiz.read_text(encoding="utf-8"))["questions"]]
    assert type_name in types, (
        f"{quiz.relative_to(ROOT)} has no {type_name} question: add one, then {REFRESH}")
