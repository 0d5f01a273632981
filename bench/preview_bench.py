"""Edit-to-visible in `coursegen serve`: save a lesson, then time until the real server serves the changed page.

    .venv/bin/python bench/preview_bench.py            # the shipped course, then synthetic courses of 500 lessons
    .venv/bin/python bench/preview_bench.py 200 2000   # the shipped course, then these sizes
    .venv/bin/python bench/preview_bench.py --edits 10 # more edits per course (default 5)

For each course it starts the server on a copy, then saves one lesson several times, each save adding a new
sentence to a section's text (what an author does most), and polls the page over HTTP until the sentence is there.
It also times a save that breaks the lesson (until the page shows the error) and the save that fixes it, and a
change of the lesson's title, which changes the nav of every page and so rebuilds the whole site.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_bench import make_course  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_LESSON = ("content/04-strategies/01-active-listening.yml", "strategies/active-listening.html")


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def until(url: str, test, limit: float = 120) -> float:
    """Seconds until the page at `url` passes `test`, polling every 10 ms."""
    start = time.perf_counter()
    while not test(fetch(url)):
        if time.perf_counter() - start > limit:
            sys.exit(f"{url} did not change within {limit} s")
        time.sleep(0.01)
    return time.perf_counter() - start


def timed_save(path: Path, text: str, url: str, test) -> float:
    start = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    until(url, test)
    return time.perf_counter() - start


def with_sentence(text: str, sentence: str) -> str:
    """The lesson YAML with `sentence` as a new first paragraph of its first section's body."""
    lesson = yaml.safe_load(text)
    lesson["sections"][0]["body"] = f"{sentence}\n\n{lesson['sections'][0]['body']}"
    return yaml.safe_dump(lesson, sort_keys=False, allow_unicode=True, width=1000)


def bench(name: str, root: Path, lesson: Path, page: str, edits: int) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr",
                               f"127.0.0.1:{port}"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              start_new_session=True)
    url = f"http://127.0.0.1:{port}/{page}"
    try:
        until(url, bool, limit=1200)
        startup = time.perf_counter() - start
        original = lesson.read_text(encoding="utf-8")
        times = []
        for n in range(edits):
            sentence = f"Edit number {n} of the preview bench."
            times.append(timed_save(lesson, with_sentence(original, sentence), url, lambda html, s=sentence: s in html))
        broken = timed_save(lesson, original.replace("objectives:", "objetives:", 1), url,
                            lambda html: 'role="alert"' in html)
        fixed = timed_save(lesson, original, url, lambda html: html and 'role="alert"' not in html)
        title = re.search(r"^title: (.+)$", original, re.M)[1]
        retitled = timed_save(lesson, original.replace(f"title: {title}", "title: A new title for the bench", 1), url,
                              lambda html: "A new title for the bench" in html)
        lesson.write_text(original, encoding="utf-8")
    finally:
        os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
    print(f"{name:>16} {startup:>8.1f}s {statistics.median(times):>9.2f}s {max(times):>7.2f}s {broken:>8.2f}s "
          f"{fixed:>7.2f}s {retitled:>9.2f}s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[500])
    parser.add_argument("--edits", type=int, default=5)
    args = parser.parse_args()
    print(f"{'course':>16} {'startup':>9} {'edit (med)':>10} {'max':>8} {'broken':>9} {'fixed':>8} {'new title':>10}")
    with tempfile.TemporaryDirectory() as tmp:
        shipped = Path(tmp) / "shipped"
        for part in ("content", "quizzes", "workshops", "theme"):
            shutil.copytree(ROOT / part, shipped / part)
        shutil.copy(ROOT / "mkdocs.yml", shipped / "mkdocs.yml")
        bench("shipped course", shipped, shipped / SHIPPED_LESSON[0], SHIPPED_LESSON[1], args.edits)
        for n in args.sizes:
            root = Path(tmp) / f"n{n}"
            make_course(root, n)
            lesson = next((root / "content").glob("01-*/01-lesson-0000.yml"))
            bench(f"{n} lessons", root, lesson, "module-001/lesson-0000.html", args.edits)


if __name__ == "__main__":
    main()
