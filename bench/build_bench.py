"""`coursegen build` against the floor, side by side: for each size, a synthetic course is built by the generator (A)
and its docs tree by a plain `mkdocs build` with no plugin (the floor), in alternation, each in a fresh process.

    .venv/bin/python bench/build_bench.py                  # N = 50, 200, 500, 2000 lessons
    .venv/bin/python bench/build_bench.py 50 500 --runs 5  # other sizes, more runs (medians are printed)
    .venv/bin/python bench/build_bench.py 50 --pdfs        # with the PDFs (cold cache on the first run)

The first build of each size is cold (no .cache/ from an earlier build); before each later one a lesson is edited,
as an author does between builds, so those rebuild from the last build's caches (generator/buildcache.py). For each
size it prints, for the rebuilds: the generator's time (validate, render the pages, write the tree), the engine's,
the handouts' (the print documents and their PDFs) and the PDFs' within them, the total, the CPU time (user + system
of the build and of every child it waited for: what a shared, loaded machine distorts least), peak memory (the peak
RSS of the largest process of the build: itself, its children or the engine), the floor's time, CPU time and
memory, and A / floor (wall and CPU); A's CPU beyond its engine's (the generator's own work: validating, rendering,
writing the tree, the caches) and 1 + that / the floor's CPU: A / floor in CPU were A's engine to take the floor's
CPU time, which the engine's ups and downs on a loaded machine sway less; then the cold build's total and its ratio
to the floor; and what a learner downloads: a lesson page's HTML and the search index per lesson. Without --pdfs, A
skips the PDFs (they are the same work whatever engine builds the pages; bench/print_bench.py measures them). The
load average is printed at the start and after each size: on a shared machine, quote it with the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
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


def edit_lesson(root: Path, n: int) -> None:
    """Add a sentence to lesson `n`."""
    file = next((root / "content").glob(f"*/*-lesson-{n:04d}.yml"))
    lesson = yaml.safe_load(file.read_text(encoding="utf-8"))
    lesson["sections"][0]["body"] += " One more sentence."
    file.write_text(yaml.safe_dump(lesson, sort_keys=False), encoding="utf-8")


def run(command: list[str], cwd: Path) -> tuple[float, float, float, str]:
    """Run `command` in a fresh process: its wall time (s), CPU time (s), peak RSS (MB) and stderr.

    wait4 reports the process itself and every child it waited for (the build's forked children and the engine):
    their CPU time added up, and the peak RSS of the largest of them."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stderr


def seconds(pattern: str, text: str) -> float:
    match = re.search(pattern, text)
    return float(match[1]) if match else float("nan")


def measure(lessons: int, runs: int, pdfs: bool) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        make_course(root, lessons)
        a_runs, floor_runs = [], []
        build = [sys.executable, "-m", "generator", "--root", str(root), "build", "--site-dir", str(root / "site"),
                 *([] if pdfs else ["--no-pdfs"])]
        floor = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / ".cache" / "docs" / "mkdocs.yml"),
                 "-d", str(Path(tmp) / "floor")]
        for i in range(runs):
            if i:  # what an author does between builds: edit a lesson
                edit_lesson(root, i * 7 % lessons)
            wall, cpu, rss, log = run(build, root)
            a_runs.append({"total": wall, "cpu": cpu, "rss": rss,
                           "generator": seconds(r"Generated \d+ pages in ([\d.]+) s", log),
                           "handouts": seconds(r"Made \d+ print documents and \d+ PDFs in ([\d.]+) s", log),
                           "pdf": seconds(r"Print: \d+ PDFs .* in ([\d.]+) s", log),
                           "engine": seconds(r"mkdocs built the pages in ([\d.]+) s", log),
                           "engine_cpu": seconds(r"mkdocs built the pages in [\d.]+ s \(([\d.]+) s of CPU\)", log)})
            a_runs[-1]["beyond"] = cpu - a_runs[-1]["engine_cpu"]
            wall, cpu, rss, _ = run(floor, root)
            floor_runs.append({"total": wall, "cpu": cpu, "rss": rss})
        lesson_kb = (root / "site" / "module-001" / "lesson-0000.html").stat().st_size / 1000
        index_kb = (root / "site" / "search" / "search_index.json").stat().st_size / 1000
    median = lambda rows, key: statistics.median(r[key] for r in rows)
    rebuilds = a_runs[1:] or a_runs  # the first build is cold: it has no cache from a build before it
    a = {key: median(rebuilds, key) for key in a_runs[0]}
    f = {key: median(floor_runs, key) for key in floor_runs[0]}
    return {"lessons": lessons, "a": a, "floor": f, "ratio": a["total"] / f["total"], "cpu_ratio": a["cpu"] / f["cpu"],
            "cold": a_runs[0]["total"], "cold_ratio": a_runs[0]["total"] / f["total"],
            "lesson_kb": lesson_kb, "index_kb_per_lesson": index_kb / lessons,
            "a_totals": [r["total"] for r in a_runs], "floor_totals": [r["total"] for r in floor_runs],
            "a_cpus": [r["cpu"] for r in a_runs], "floor_cpus": [r["cpu"] for r in floor_runs]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[50, 200, 500, 2000])
    parser.add_argument("--runs", type=int, help="runs of each (medians; default 3, 2 at 2,000 and over)")
    parser.add_argument("--pdfs", action="store_true", help="build the PDFs too")
    args = parser.parse_args()
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the start")
    print(f"{'lessons':>7} {'generator':>9} {'engine':>7} {'handouts':>8} {'PDFs':>6} {'total A':>8} {'CPU A':>7} "
          f"{'RSS A':>7} {'floor':>7} {'CPU floor':>9} {'RSS floor':>9} {'A/floor':>7} {'CPU A/floor':>11} "
          f"{'A-engine':>8} {'1+A-e/fl':>8} {'cold A':>7} {'cold/floor':>10} {'lesson page':>11} {'index/lesson':>12}")
    for n in args.sizes:
        r = measure(n, args.runs or (3 if n < 2000 else 2), args.pdfs)
        a, f = r["a"], r["floor"]
        print(f"{n:>7} {a['generator']:>8.2f}s {a['engine']:>6.2f}s {a['handouts']:>7.2f}s {a['pdf']:>5.1f}s "
              f"{a['total']:>7.2f}s {a['cpu']:>6.2f}s "
              f"{a['rss']:>5.0f}MB {f['total']:>6.2f}s {f['cpu']:>8.2f}s {f['rss']:>7.0f}MB {r['ratio']:>7.2f} "
              f"{r['cpu_ratio']:>11.2f} {a['beyond']:>7.2f}s {1 + a['beyond'] / f['cpu']:>8.2f} "
              f"{r['cold']:>6.2f}s {r['cold_ratio']:>10.2f} "
              f"{r['lesson_kb']:>9.1f}KB {r['index_kb_per_lesson']:>10.2f}KB", flush=True)
        print(f"{'':>7} each run, in order: A {' '.join(f'{x:.2f}' for x in r['a_totals'])} s "
              f"(CPU {' '.join(f'{x:.2f}' for x in r['a_cpus'])} s); "
              f"floor {' '.join(f'{x:.2f}' for x in r['floor_totals'])} s "
              f"(CPU {' '.join(f'{x:.2f}' for x in r['floor_cpus'])} s); "
              f"load average {os.getloadavg()[0]:.2f}", flush=True)


if __name__ == "__main__":
    main()
