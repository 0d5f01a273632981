"""Build a synthetic course of N lessons and print how long each stage takes and the peak memory.

    .venv/bin/python bench/build_bench.py            # N = 10, 100, 500
    .venv/bin/python bench/build_bench.py 50 200     # other sizes

Each size runs in a fresh process so that peak RSS (ru_maxrss) belongs to that size alone.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LESSONS_PER_MODULE = 20
PARAGRAPH = ("Rapport grows when each person feels heard. " * 12).strip()


def make_course(root: Path, lessons: int) -> None:
    """A course of `lessons` lessons of about 1,500 words each, with a challenge and a 3-question quiz."""
    (root / "content").mkdir(parents=True)
    (root / "quizzes").mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    modules = [f"module-{m:03d}" for m in range(1, (lessons - 1) // LESSONS_PER_MODULE + 2)]
    dump = lambda path, data: path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    dump(root / "content" / "course.yml", {
        "id": "bench", "title": "Bench course", "version": "1", "license": "CC-BY-4.0",
        "authors": [{"name": "Bench"}], "description": "Synthetic.", "audience": "Machines.", "modules": modules})
    dump(root / "content" / "references.yml", {"references": [
        {"key": "rogers-1957", "authors": ["Rogers, C. R."], "year": 1957, "title": "Conditions",
         "venue": "Journal of Consulting Psychology", "doi": "10.1037/h0045357"}]})
    dump(root / "content" / "glossary.yml", {"terms": [{"id": "rapport", "term": "Rapport", "definition": "Trust."}]})
    for n in range(lessons):
        module = modules[n // LESSONS_PER_MODULE]
        folder = root / "content" / f"{modules.index(module) + 1:02d}-{module}"
        lesson_id = f"lesson-{n:04d}"
        if not (folder / "module.yml").exists():
            folder.mkdir()
            ids = [f"lesson-{i:04d}" for i in range(n, min(n + LESSONS_PER_MODULE, lessons))]
            dump(folder / "module.yml", {"id": module, "title": module, "summary": "Synthetic.", "lessons": ids})
        dump(folder / f"{n % LESSONS_PER_MODULE + 1:02d}-{lesson_id}.yml", {
            "id": lesson_id, "title": f"Lesson {n}", "teaching": 20, "exercises": 10,
            "questions": ["Why?"], "objectives": [{"id": "understand", "text": "Understand it."}],
            "keypoints": ["It matters [@rogers-1957]."], "glossary": ["rapport"],
            "sections": [{"title": f"Section {s}", "body": "\n\n".join([PARAGRAPH] * 5),
                          "callouts": [{"kind": "tip", "body": PARAGRAPH}]} for s in range(4)],
            "challenges": [{"id": f"{lesson_id}-challenge", "title": "Try it", "prompt": PARAGRAPH,
                            "hints": ["Think."], "solution": PARAGRAPH, "assesses": ["understand"]}],
        })
        dump(root / "quizzes" / f"{lesson_id}.yml", {
            "id": f"{lesson_id}-quiz", "title": "Check", "lesson": lesson_id, "questions": [
                {"id": f"{lesson_id}-q{q}", "type": "single_choice", "stem": "Which is right?",
                 "options": [{"id": "a", "text": "This", "correct": True, "feedback": "Yes."},
                             {"id": "b", "text": "That", "feedback": "No."}],
                 "explanation": "Because.", "assesses": ["understand"]} for q in range(3)]})


def measure(lessons: int) -> dict:
    """Run in a child process: time validate, render and the full build of a fresh synthetic course."""
    from generator.render.pages import render_site
    from generator.validate import validate_course

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        make_course(root, lessons)
        t0 = time.perf_counter()
        course, issues = validate_course(root)
        t1 = time.perf_counter()
        assert course is not None, issues[:5]
        pages = render_site(course)
        t2 = time.perf_counter()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
        subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build"], env=env, check=True,
                       capture_output=True)
        t3 = time.perf_counter()
        build_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in (root / "site").rglob("*") if p.is_file()) / 2**20
    return {"lessons": lessons, "pages": len(pages), "validate_s": round(t1 - t0, 2), "render_s": round(t2 - t1, 2),
            "build_s": round(t3 - t2, 2), "build_peak_rss_mb": round(build_rss), "site_mb": round(size, 1),
            "validate_render_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(int(sys.argv[2]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10, 100, 500]
    print(f"{'lessons':>7} {'pages':>6} {'validate':>9} {'render':>7} {'build':>7} {'build RSS':>10} {'site':>8}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{r['lessons']:>7} {r['pages']:>6} {r['validate_s']:>8}s {r['render_s']:>6}s {r['build_s']:>6}s "
              f"{r['build_peak_rss_mb']:>7} MB {r['site_mb']:>5} MB")


if __name__ == "__main__":
    main()
