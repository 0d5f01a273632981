#!/usr/bin/env python3
"""Flesch reading ease of every lesson's prose, measured with textstat 0.7.3 (later versions need data that cannot
be downloaded here). The prose is what a learner reads as teaching: section bodies, callouts, challenge prompts and
role-play text, with Markdown and [@key] citations stripped.

    .venv/bin/python scripts/readability.py [--root DIR] [--min-lesson 55] [--min-mean 60]

Prints one row per lesson (words, Flesch score) and the course mean; exits 1 when a threshold is missed.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402
from pydantic import ValidationError  # noqa: E402

from generator.model import Lesson  # noqa: E402


def lesson_prose(lesson: Lesson) -> list[str]:
    """The lesson's teaching text, one string per block of Markdown."""
    texts = []
    for section in lesson.sections:
        texts.append(section.body)
        texts += [c.body for c in section.callouts]
    texts += [c.prompt for c in lesson.challenges]
    for roleplay in lesson.roleplays:
        texts += [roleplay.setup, *(r.brief for r in roleplay.roles), *roleplay.observer, *roleplay.debrief]
    return texts


def plain(markdown: str) -> str:
    """Markdown to plain sentences: citations, link targets, emphasis, list and table markup removed."""
    text = re.sub(r"\s*\[@[^\]]+\]", "", markdown)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"[*_`#>|]+", " ", text)
    text = re.sub(r"^\s*(?:[-+]|\d+\.)\s+", "", text, flags=re.M)
    text = re.sub(r"^[\s:-]+$", "", text, flags=re.M)
    # A list item or table cell without a full stop still ends a sentence for the reader.
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return " ".join(line if line[-1] in ".!?:;\"'”’)" else line + "." for line in lines)


def measure(root: Path) -> list[tuple[str, int, float]]:
    import textstat

    rows = []
    for file in sorted((root / "content").glob("*/[0-9]*.yml")):
        try:
            lesson = Lesson.model_validate(yaml.safe_load(file.read_text(encoding="utf-8")))
        except (yaml.YAMLError, ValidationError):
            print(f"skipped {file.relative_to(root)}: it does not validate (run coursegen validate)", file=sys.stderr)
            continue
        text = " ".join(plain(t) for t in lesson_prose(lesson))
        rows.append((lesson.id, textstat.lexicon_count(text), textstat.flesch_reading_ease(text)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--min-lesson", type=float, default=55)
    parser.add_argument("--min-mean", type=float, default=60)
    args = parser.parse_args()
    rows = measure(args.root)
    print(f"{'lesson':40} {'words':>6} {'Flesch':>7}")
    for lesson_id, words, score in rows:
        flag = "  < min" if score < args.min_lesson else ""
        print(f"{lesson_id:40} {words:6d} {score:7.1f}{flag}")
    mean = sum(score for *_, score in rows) / len(rows)
    print(f"{'mean of ' + str(len(rows)) + ' lessons':40} {sum(w for _, w, _ in rows):6d} {mean:7.1f}")
    return 0 if mean >= args.min_mean and all(score >= args.min_lesson for *_, score in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
