"""A seeded, bounded fuzzer over the shipped course: each case mutates one or two of its YAML files the way a careless
or hostile author might, and validation must answer with exit status 0 or 1 and one line per problem, never a
traceback.

    FUZZ_CASES=20000 FUZZ_SEED=7 .venv/bin/pytest -q tests/unit/test_fuzz.py    # more cases, another seed

The default (2,000 cases, seed 16) runs in the suite in about a minute and a half: validation is incremental, as in
the preview (a ValidationCache kept across cases re-reads only the mutated files), and every 250th case also runs the
whole command line from scratch. A failure prints the seed, the case number and the mutation, to replay it.
"""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.errors import has_errors
from generator.render.markdown import convert_slowly
from generator.sanitize import clean, removed, unsafe_markup
from generator.validate import ValidationCache, validate_course

CASES = int(os.environ.get("FUZZ_CASES", "2000"))
SEED = int(os.environ.get("FUZZ_SEED", "16"))
FULL_RUN_EVERY = 250
LINE = re.compile(r"(?P<path>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (error|warning) \[[a-z0-9-]+\]: [^\n]+")

SCALARS = [".inf", "-.inf", ".nan", "~", "[]", "{}", "2027-02-30", "9999-12-31", "2027-13-45", "-1", "1e309",
           "0x1F", "yes", "!custom x", "!!python/name:os.system x", "!!binary aGk=", "*undefined", "&a [*a, *a]",
           '"\\u0000"', "'", '"', "|", ">", "- x", "{a: [b", "? x", "%TAG ! x", "2000000", "home", "index",
           "../../../../etc/passwd.svg", "[@Rogers-1957]", "[x](javascript:alert(1))", "<!--><img src=x onerror=y>-->",
           "What rapport is { onclick=\"x\" }", "![x](https://example.org/x.png)", "<a " * 50, "[" * 60,
           "\u202e", "\ufeff", "\x85", "\ud7ff", "é" * 300]
CHARACTERS = ["\x00", "\x01", "\x1b", "\x7f", "\x9f", "\t", "\r", "\u2028", "\ufffe", "\uffff", ":", "#", "&", "*",
              "!", "|", ">", "'", '"', "{", "}", "[", "]", "-", "%", "@", "`", " "]


def _mutate(text: str, rng: random.Random, ids: list[str]) -> tuple[str, str]:
    """One mutation of a YAML file's text, and its name (to replay it)."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    kind = rng.choice(["char", "delete-char", "scalar", "duplicate-line", "delete-line", "swap-lines", "indent",
                       "dedent", "truncate", "id", "key", "nest", "bytes", "crlf", "empty", "repeat"])
    if kind == "char":
        at = rng.randrange(len(text) + 1)
        return text[:at] + rng.choice(CHARACTERS) + text[at:], kind
    if kind == "delete-char" and text:
        at = rng.randrange(len(text))
        return text[:at] + text[at + 1:], kind
    if kind == "scalar" and ":" in lines[i]:
        key = lines[i].split(":", 1)[0]
        lines[i] = f"{key}: {rng.choice(SCALARS)}"
        return "\n".join(lines), f"{kind} {lines[i]!r}"
    if kind == "duplicate-line":
        lines.insert(i, lines[i])
    elif kind == "delete-line":
        del lines[i]
    elif kind == "swap-lines":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = "  " + lines[i]
    elif kind == "dedent":
        lines[i] = lines[i][2:]
    elif kind == "truncate":
        return text[: rng.randrange(len(text) + 1)], kind
    elif kind == "id" and "id: " in lines[i]:
        lines[i] = lines[i].split("id: ")[0] + "id: " + rng.choice(ids)
    elif kind == "key" and ":" in lines[i]:
        key, rest = lines[i].split(":", 1)
        lines[i] = key[:-1] + rng.choice("aeiouxs_") + ":" + rest if key.strip() else lines[i]
    elif kind == "nest":
        depth = rng.choice([5, 45, 600])
        lines.insert(i, f"deep: {'[' * depth}x{']' * depth}")
    elif kind == "bytes":
        return text.encode("utf-8")[: rng.randrange(1, 200)].decode("latin-1") + "\udcff", kind
    elif kind == "crlf":
        return "\ufeff" + text.replace("\n", "\r\n"), kind
    elif kind == "empty":
        return rng.choice(["", "# nothing\n", "~\n", "[]\n", "---\n---\n"]), kind
    elif kind == "repeat":
        lines.insert(i, "extra: " + rng.choice(["<a ", "![x](", "|", "*a ", "{"]) * rng.choice([10, 2000]))
    return "\n".join(lines), f"{kind} at line {i + 1}"


def _write(path: Path, text: str) -> None:
    path.write_bytes(text.encode("utf-8", "surrogateescape"))


def _check(issues, course, root: Path) -> list[str]:
    problems = []
    if (course is None) != has_errors(issues):
        problems.append(f"course is {'None' if course is None else 'made'} but errors: {has_errors(issues)}")
    for issue in issues:
        line = str(issue)
        match = LINE.fullmatch(line)
        if not match:
            problems.append(f"not one line path:line:col: severity [code]: {line!r}")
            continue
        file = root / match["path"]
        if not file.is_file():
            problems.append(f"names no file of the course: {line!r}")
        elif int(match["line"]) > file.read_bytes().count(b"\n") + 2:
            problems.append(f"points past the end of its file: {line!r}")
    return problems


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "course"
    for folder in ("content", "quizzes", "workshops"):
        shutil.copytree(ROOT / folder, root / folder)
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    return root


def test_mutated_content_never_ends_in_a_traceback(course, capsys):
    rng = random.Random(SEED)
    files = sorted(p for folder in ("content", "quizzes", "workshops") for p in (course / folder).rglob("*.yml"))
    originals = {p: p.read_bytes() for p in files}
    ids = sorted(set(re.findall(r"(?m)^\s*-?\s*id: ([a-z0-9-]+)$", "\n".join(
        p.decode("utf-8") for p in originals.values()))))
    cache = ValidationCache()
    validate_course(course, cache=cache)
    failures, refused = [], 0
    for case in range(CASES):
        chosen = rng.sample(files, 2 if rng.random() < 0.1 else 1)
        mutations = []
        for file in chosen:
            text, name = _mutate(originals[file].decode("utf-8"), rng, ids)
            _write(file, text)
            mutations.append(f"{file.relative_to(course)}: {name}")
        try:
            result, issues = validate_course(course, cache=cache)
            problems = _check(issues, result, course)
            refused += result is None
            if case % FULL_RUN_EVERY == 0:
                code = main(["--root", str(course), "validate"])
                out, err = capsys.readouterr()
                problems += [f"exit {code}"] if code not in (0, 1) else []
                problems += [f"not one line: {line!r}" for line in out.splitlines() if not LINE.fullmatch(line)]
                problems += ["a traceback"] if "Traceback" in out + err or "internal error" in err else []
        except Exception as e:  # noqa: BLE001 - what the fuzzer is looking for
            problems = [f"{type(e).__name__}: {e}"[:300]]
        if problems:
            failures.append(f"seed {SEED} case {case} ({'; '.join(mutations)}): {problems[:3]}")
        for file in chosen:
            file.write_bytes(originals[file])
        if len(failures) >= 10:
            break
    assert failures == [], "\n".join(failures)
    assert refused > CASES // 2, f"only {refused} of {CASES} mutations made an error: the mutations do not bite"


# The sanitizer's check, by property: for any text made of HTML and Markdown fragments, it never raises, and when it
# reports nothing, the sanitizer would remove nothing either.

FRAGMENTS = ["<", ">", "<a href='", "javascript:", "jav&#x61;script:", "<img src=x", " onerror=y", "<script>", "</",
             "<!--", "-->", "<![CDATA[", "]]>", "{", "}", "{: ", "onclick=\"x\"", "#id", ".cls", "[", "]", "(", ")",
             "](", "![", "](https://example.org/x.png)", "\n", "\n\n", " ", "text", "*", "`", "&amp;", "&", '"', "'",
             "<em>", "</em>", "<style>", "style=\"color:red\"", "<svg", "<noscript>", "<p title=\"", "=", "/>",
             "<details>", "<summary>", "| a |", "---"]


@settings(max_examples=400, derandomize=True, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join))
def test_what_the_check_accepts_the_sanitizer_leaves_alone_and_its_output_is_clean(text):
    problems = unsafe_markup(text)
    html = convert_slowly(text)
    if not problems:
        assert removed(html) == [], text
    cleaned = clean(html)
    assert removed(cleaned) == [], (text, cleaned)  # read as a browser reads it (html5ever): nothing left to remove
