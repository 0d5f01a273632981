"""Lighthouse's performance score of a home, a lesson and a quiz page: timing, so a benchmark and not a test.

    .venv/bin/python bench/lighthouse_bench.py [--runs 3] [SITE_DIR]

Builds the course into a temporary folder (or serves SITE_DIR, built for http://127.0.0.1:<port>/), serves it on
loopback as tests/conftest.py does (gzip, cache headers), runs Lighthouse 12.2.3 (mobile, simulated throttling) on
each page `--runs` times and prints the median score with its first and largest contentful paint and blocking time.
The tests assert what does not depend on timing instead (bytes, requests, DOM size: tests/browser/test_quality_gate.py).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, _free_port, build_site, serve  # noqa: E402

LIGHTHOUSE = ROOT / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
PAGES = {"home": "index.html", "lesson": "understanding/what-is-rapport.html", "quiz": "understanding/quiz.html"}
METRICS = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")


def lighthouse(url: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        subprocess.run(["node", str(LIGHTHOUSE), url, "--only-categories=performance", "--output=json",
                        f"--output-path={out}", "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS), "--quiet"],
                       check=True, env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin"}, timeout=300)
        return json.loads(out.read_text(encoding="utf-8"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site_dir", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    port = _free_port()
    with tempfile.TemporaryDirectory() as tmp:
        site_dir = args.site_dir or Path(tmp) / "site"
        if not args.site_dir:
            build_site(site_dir, f"http://127.0.0.1:{port}/")
        server, origin = serve(site_dir, port)
        print(f"{'page':8} {'score':>6} " + " ".join(f"{m:>26}" for m in METRICS))
        for kind, page in PAGES.items():
            reports = [lighthouse(f"{origin}/{page}") for _ in range(args.runs)]
            score = statistics.median(r["categories"]["performance"]["score"] for r in reports)
            values = [statistics.median(r["audits"][m]["numericValue"] for r in reports) for m in METRICS]
            print(f"{kind:8} {score:6.2f} " + " ".join(f"{v:24.0f}ms" for v in values))
        server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
