"""Time every handout PDF cold, side by side with the last WeasyPrint commit, in one run.

    .venv/bin/python bench/print_bench.py                    # the shipped course and a 200-lesson course
    .venv/bin/python bench/print_bench.py --lessons 50 200   # other synthetic sizes
    .venv/bin/python bench/print_bench.py --runs 3           # the median of three cold runs of each

For each course, each generator makes every PDF from scratch (an empty cache for the old one) in a fresh process:
this checkout, and the baseline commit (43eec16, the last to use WeasyPrint) checked out with `git worktree` into a
temporary folder outside the repository, with its own virtual environment (kept in the system's temporary folder
between runs, as its installation takes a minute; WeasyPrint needs Pango from the system). The worktree is removed
at the end. Each course is the one that commit ships (the content moves on between commits: the pages column says
how much each made), and the synthetic course of each commit's bench/build_bench.py. Validation is not timed.
Printed: PDFs, pages, wall seconds, CPU seconds (the process and its children), and the ratio of the wall times.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "43eec16"
"""The last commit whose handouts WeasyPrint made."""
BASELINE_VENV = Path(tempfile.gettempdir()) / f"coursegen-print-bench-{BASELINE}-venv"

CHILD = r'''
import json, os, resource, shutil, sys, tempfile, time
from pathlib import Path
repo, lessons = Path(sys.argv[1]), int(sys.argv[2])
sys.path[:0] = [str(repo), str(repo / "bench")]
os.environ["SOURCE_DATE_EPOCH"] = "1700000000"
from generator.print_site import write_print
from generator.validate import validate_course
from pypdf import PdfReader
with tempfile.TemporaryDirectory() as tmp:
    root = Path(tmp) / "course"
    if lessons:
        from build_bench import make_course
        make_course(root, lessons)
    else:  # the shipped course, copied so that the old generator's PDF cache starts empty
        for name in ("content", "quizzes", "workshops", "theme"):
            shutil.copytree(repo / name, root / name)
        shutil.copy(repo / "mkdocs.yml", root / "mkdocs.yml")
    course, issues = validate_course(root)
    assert course is not None, [str(i) for i in issues[:5]]
    cpu = lambda: sum(getattr(resource.getrusage(who), f) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
                      for f in ("ru_utime", "ru_stime"))
    wall, cpu0 = time.perf_counter(), cpu()
    write_print(course, root, Path(tmp) / "print", paper="a4", theme_dir=root / "theme")
    wall, cpu1 = time.perf_counter() - wall, cpu()
    pdfs = sorted((Path(tmp) / "print").glob("*.pdf"))
    print(json.dumps({"pdfs": len(pdfs), "pages": sum(len(PdfReader(p).pages) for p in pdfs), "wall": wall,
                      "cpu": cpu1 - cpu0}))
'''


def run(python: Path, repo: Path, lessons: int) -> dict:
    proc = subprocess.run([str(python), "-c", CHILD, str(repo), str(lessons)], capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=3600)
    if proc.returncode:
        sys.exit(f"print_bench: the run in {repo} failed:\n{proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def baseline_python(worktree: Path) -> Path:
    """The baseline's own virtual environment (made once, then reused), with its generator installed from `worktree`."""
    python = BASELINE_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(BASELINE_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-e", str(worktree),
                    "pypdf"], check=True)
    return python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lessons", type=int, nargs="*", default=[200], help="sizes of synthetic courses")
    parser.add_argument("--runs", type=int, default=1, help="cold runs of each (the median is printed)")
    parser.add_argument("--baseline", default=BASELINE, help="the commit to compare with")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="print-bench-") as tmp:
        worktree = Path(tmp) / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "--quiet", str(worktree), args.baseline],
                       check=True)
        try:
            old_python = baseline_python(worktree)
            print(f"{'course':<16} {'generator':<22} {'PDFs':>5} {'pages':>6} {'wall s':>7} {'CPU s':>7} {'ms/page':>8}"
                  f" {'old/new':>8}")
            for lessons in [0, *args.lessons]:
                name = "shipped" if lessons == 0 else f"{lessons} lessons"
                results = {}
                # Alternate the two, so that a machine busy for a while slows both alike.
                samples: dict[str, list[dict]] = {"new": [], "old": []}
                for _ in range(args.runs):
                    samples["old"].append(run(old_python, worktree, lessons))
                    samples["new"].append(run(Path(sys.executable), ROOT, lessons))
                for key, label in (("old", f"WeasyPrint ({args.baseline})"), ("new", "Typst (this checkout)")):
                    wall = statistics.median(s["wall"] for s in samples[key])
                    cpu = statistics.median(s["cpu"] for s in samples[key])
                    pdfs, pages = samples[key][0]["pdfs"], samples[key][0]["pages"]
                    results[key] = wall
                    ratio = f"{results['old'] / wall:>7.1f}x" if key == "new" else ""
                    print(f"{name:<16} {label:<22} {pdfs:>5} {pages:>6} {wall:>7.1f} {cpu:>7.1f} "
                          f"{1000 * wall / max(pages, 1):>8.1f} {ratio:>8}", flush=True)
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=False)


if __name__ == "__main__":
    main()
