"""Validation time against text size: it must grow in proportion to the text, never with its square.

    .venv/bin/python bench/validate_bench.py              # a 1 MB lesson, then each hostile pattern at 10-80 kB
    .venv/bin/python bench/validate_bench.py --sizes 10 20 40 80 160

First the shipped course with its first lesson grown to about 1 MB with the course's own sections (Markdown with
citations, glossary and lesson links, lists, emphasis), validated in-process as `coursegen validate` does (the
median of 3 runs, and the time of the course as shipped). Times are the process's CPU time, which other work on a
busy machine does not inflate. Then, for each pattern that made some part of validation (or Python-Markdown, which
validation calls on a text with '<' or '{') quadratic, a lesson whose `prereq` is that pattern repeated to each
size: the time, and its ratio to the time at the previous size (about 2 when a doubling doubles the time; 4 would be
quadratic). The probe report measured 47 s for 80 kB of repeated '<a ' at commit 43eec16.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from course_edits import copy_course  # noqa: E402

from generator.validate import validate_course  # noqa: E402

LESSON = "content/01-basics/01-first-lesson.yml"
PATTERNS = ["<a ", "![x](", "[x](", "[", "|", "<![CDATA[", "<!--", "*a ", "==a", "{", "<b>x</b>", "[@Key",
            "](glossary:x) ", "\\"]


def timed(root: Path, runs: int = 1) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()  # CPU time: the machine may be busy with other work
        validate_course(root)
        times.append(time.process_time() - start)
    return statistics.median(times)


def shipped_course(folder: Path) -> Path:
    """A copy of the shipped course (content, quizzes, workshops, mkdocs.yml) in `folder`."""
    for name in ("content", "quizzes", "workshops"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def big_lesson(root: Path, target: int) -> int:
    """Grow the shipped course's first lesson to about `target` bytes with the course's own sections (their links
    and citations resolve: they are the course's); its size."""
    sections = []
    for file in sorted((root / "content").glob("0*/0*.yml")):
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
        sections += [{"title": s["title"], "body": s["body"]} for s in data.get("sections") or [] if "figures" not in s]
    lesson = sorted((root / "content").glob("01-*/01-*.yml"))[0]
    data = yaml.safe_load(lesson.read_text(encoding="utf-8"))
    size, i = lesson.stat().st_size, 0
    while size < target:
        section = dict(sections[i % len(sections)])
        section["title"] = f"{section['title']} ({i})"
        data["sections"].append(section)
        size += len(section["body"]) + len(section["title"])
        i += 1
    lesson.write_text(yaml.safe_dump(data, allow_unicode=True, width=1000, sort_keys=False), encoding="utf-8")
    return lesson.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 20, 40, 80], help="pattern sizes in kB")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = shipped_course(Path(tmp) / "shipped")
        base = timed(root, 3)
        size = big_lesson(root, 1_000_000)
        print(f"the shipped course with one lesson grown to {size / 1e6:.2f} MB (its sections, repeated): validate "
              f"{timed(root, 3):.2f} s (as shipped: {base:.2f} s)")
        shutil.rmtree(root)
        root = copy_course(Path(tmp) / "course")
        lesson = root / LESSON
        original = lesson.read_text(encoding="utf-8")
        print(f"\n{'pattern in prereq':<18}" + "".join(f"{s:>7} kB  ratio" for s in args.sizes))
        for pattern in PATTERNS:
            row, previous = f"{pattern!r:<18}", None
            for kb in args.sizes:
                text = (pattern * (kb * 1000 // len(pattern) + 1))[: kb * 1000]
                lesson.write_text(original.replace("prereq: ", f"prereq: {json.dumps(text)}\nignored: ", 1),
                                  encoding="utf-8")
                seconds = timed(root)
                row += f"{seconds:>8.3f} s" + (f" {seconds / previous:5.1f}" if previous else "      ")
                previous = max(seconds, 1e-6)
            print(row, flush=True)


if __name__ == "__main__":
    main()
