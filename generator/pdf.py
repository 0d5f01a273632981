"""HTML print documents to PDF with WeasyPrint, in-process: tagged PDF/UA-1, reproducible, cached, in parallel.

- `render_pdf(job)`: one PDF from one or more HTML documents, pages in order, each document keeping its own running
  header (they are laid out separately, then their pages are joined). A4 or Letter.
- `render_pdfs(jobs, cache_dir)`: many, reusing a cached PDF when nothing that goes into it changed (its HTML, the
  stylesheet, fonts and images, the paper, WeasyPrint's version), rendering the rest across the machine's cores.
  It answers with the cached files, not their bytes: a large course's PDFs need not all sit in memory.

Nothing leaves the machine: the URL fetcher serves only the files a job lists and refuses every other URL.
PDF dates come from SOURCE_DATE_EPOCH, so two builds of the same content give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import mimetypes
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

PAPER_SIZES = {"a4": "A4", "letter": "letter"}
PDF_VARIANT = "pdf/ua-1"
CACHE_VERSION = "3"
"""Bump when the way PDFs are made changes, so old cache entries are not reused."""

CACHE_FACTOR, CACHE_MIN_ENTRIES = 4, 200
"""The cache keeps the most recently used PDFs: four times as many as a build makes (two paper sizes, old versions)."""


@dataclass(frozen=True)
class PdfJob:
    """What one PDF is made from."""

    name: str
    """File name without '.pdf'."""
    htmls: tuple[str, ...]
    """The HTML documents, in page order (one for a handout, several for a pack)."""
    paper: str = "a4"
    """'a4' or 'letter'."""
    base_url: str = "file:///print/"
    """The URL the documents are served at: relative URLs of assets resolve against it. Ends with '/'."""
    assets: tuple[tuple[str, str], ...] = ()
    """(path relative to base_url, file on disk) for every file the documents may load: stylesheet, fonts, images."""

    def key(self, digests: dict[str, str]) -> str:
        """A hash of everything that goes into the PDF; `digests` gives each asset file's sha256."""
        import weasyprint
        from weasyprint.text import ffi

        data = {"v": CACHE_VERSION, "weasyprint": weasyprint.__version__, "paper": self.paper,
                "font_subsetter": "harfbuzz" if ffi.harfbuzz_subset is not None else "fonttools",
                "base_url": self.base_url, "htmls": self.htmls, "date": _source_date(),
                "assets": sorted((rel, digests[path]) for rel, path in self.assets)}
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class PdfReport:
    rendered: int
    reused: int
    seconds: float


def render_pdf(job: PdfJob) -> bytes:
    """The job's PDF: every document laid out on its own, their pages joined in order, written as tagged PDF/UA-1.

    The title and language come from the first document's <title> and <html lang>.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    if job.paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {job.paper!r}")
    fetcher = _LocalFetcher(job.base_url, dict(job.assets))
    fonts = FontConfiguration()
    # A user stylesheet: `!important` lets it beat the size in print.css (an author stylesheet).
    paper = CSS(string=f"@page {{ size: {PAPER_SIZES[job.paper]} !important; }}", font_config=fonts)
    documents = [
        HTML(string=html, base_url=f"{job.base_url}{job.name}.html", url_fetcher=fetcher).render(
            stylesheets=[paper], font_config=fonts)
        for html in job.htmls
    ]
    whole = documents[0].copy([page for document in documents for page in document.pages])
    date = datetime.fromtimestamp(int(_source_date()), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    whole.metadata.created = whole.metadata.modified = date
    return whole.write_pdf(pdf_variant=PDF_VARIANT)


def render_pdfs(jobs: Sequence[PdfJob], cache_dir: Path, workers: int | None = None) -> tuple[dict[str, Path], PdfReport]:
    """Every job's PDF by name, as its file in `cache_dir`: from the cache when its key is there, else rendered
    (in parallel) and cached. A cache file is never changed in place, so a hard link to it stays valid."""
    start = time.perf_counter()
    digests = {path: _file_digest(path) for path in {path for job in jobs for _, path in job.assets}}
    keys = {job.name: job.key(digests) for job in jobs}
    cache_dir.mkdir(parents=True, exist_ok=True)
    out = {job.name: cache_dir / f"{keys[job.name]}.pdf" for job in jobs}
    todo = []
    for job in jobs:
        try:
            os.utime(out[job.name])  # recently used: kept by _prune
        except FileNotFoundError:
            todo.append(job)
    workers = max(1, min(workers or os.cpu_count() or 1, len(todo)))
    if workers == 1:
        results = map(render_pdf, todo)
    else:
        pool = ProcessPoolExecutor(max_workers=workers)
        results = pool.map(render_pdf, todo, chunksize=max(1, len(todo) // (workers * 4)))
    try:
        for job, pdf in zip(todo, results):
            tmp = cache_dir / f".{keys[job.name]}.{os.getpid()}.tmp"
            tmp.write_bytes(pdf)
            os.replace(tmp, cache_dir / f"{keys[job.name]}.pdf")
    finally:
        if workers > 1:
            pool.shutdown(cancel_futures=True)
    _prune(cache_dir, keep=max(CACHE_MIN_ENTRIES, CACHE_FACTOR * len(jobs)))
    report = PdfReport(rendered=len(todo), reused=len(jobs) - len(todo), seconds=time.perf_counter() - start)
    return out, report


def _prune(cache_dir: Path, keep: int) -> None:
    """Delete the least recently used cached PDFs beyond the `keep` newest (other builds may share the folder)."""
    entries = []
    for path in cache_dir.glob("*.pdf"):
        try:
            entries.append((path.stat().st_mtime, path))
        except FileNotFoundError:
            pass
    for _, path in sorted(entries, reverse=True)[keep:]:
        path.unlink(missing_ok=True)


def _source_date() -> str:
    return os.environ.get("SOURCE_DATE_EPOCH", "0").strip() or "0"


def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class _LocalFetcher:
    """Serves the files a job lists, by URL under its base; refuses anything else (so no request leaves the machine).

    Built lazily on WeasyPrint's URLFetcher so that this module imports without WeasyPrint.
    """

    def __new__(cls, base_url: str, files: dict[str, str]):
        from weasyprint.urls import URLFetcher, URLFetcherResponse

        class LocalFetcher(URLFetcher):
            def fetch(self, url, headers=None):
                path = url.split("#")[0].split("?")[0]
                if path.startswith(base_url) and path[len(base_url):] in files:
                    file = files[path[len(base_url):]]
                    kind = mimetypes.guess_type(file)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, Path(file).read_bytes(), {"Content-Type": kind})
                raise ValueError(f"not a file of this handout, so it is not fetched: {url}")

        return LocalFetcher()
