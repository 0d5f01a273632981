"""Time the handouts of a synthetic course: print HTML, then PDFs cold (empty cache) and warm (nothing changed).

    .venv/bin/python bench/print_bench.py            # 200 lessons
    .venv/bin/python bench/print_bench.py 20 200     # other sizes

Uses the synthetic course of bench/build_bench.py (about 1,500 words, a challenge and 3 questions per lesson), so each
lesson has a worksheet, a facilitator edition and a reading copy. PDFs render on every core (ProcessPoolExecutor).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_bench import make_course  # noqa: E402


def measure(lessons: int) -> dict:
    from generator.print_site import write_print
    from generator.render.print import render_print
    from generator.validate import validate_course

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "course"
        make_course(root, lessons)
        course, issues = validate_course(root)
        assert course is not None, issues[:5]
        t0 = time.perf_counter()
        docs = render_print(course, root / "theme")
        t1 = time.perf_counter()
        cold = write_print(course, root, Path(tmp) / "site" / "print", paper="a4", theme_dir=root / "theme")
        t2 = time.perf_counter()
        warm = write_print(course, root, Path(tmp) / "site2" / "print", paper="a4", theme_dir=root / "theme")
        t3 = time.perf_counter()
        pages = sum(1 for _ in (Path(tmp) / "site" / "print").glob("*.pdf"))
    return {"lessons": lessons, "pdfs": pages, "html_s": round(t1 - t0, 2), "cold_s": round(t2 - t1, 1),
            "cold_rendered": cold.report.rendered, "warm_s": round(t3 - t2, 1), "warm_rendered": warm.report.rendered,
            "cores": os.cpu_count(), "docs": len(docs)}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(measure(int(sys.argv[2]))))
        return
    sizes = [int(a) for a in sys.argv[1:]] or [200]
    print(f"{'lessons':>7} {'PDFs':>5} {'HTML':>7} {'PDF cold':>9} {'rendered':>9} {'PDF warm':>9} {'rendered':>9} {'cores':>5}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--child", str(n)], capture_output=True, text=True, check=True)
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"{r['lessons']:>7} {r['pdfs']:>5} {r['html_s']:>6}s {r['cold_s']:>8}s {r['cold_rendered']:>9} "
              f"{r['warm_s']:>8}s {r['warm_rendered']:>9} {r['cores']:>5}")


if __name__ == "__main__":
    main()
