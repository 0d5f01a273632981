"""Writes the print outputs of a build: `<site>/print/` with every print page, its PDF, the stylesheet, fonts and figures.

Called by the MkDocs plugin after a build (into the staging site folder, which generator/write.py then swaps in) and
by `coursegen print` (into a staging print/ folder). PDFs come from generator/pdf.py, cached in `.cache/print/`.
"""

from __future__ import annotations

import logging
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path

from .model import Course
from .pdf import PdfJob, PdfReport, render_pdfs
from .render.print import IMAGES, PrintDoc, render_print
from .render.sitemap import PRINT_DIR
from .write import write_tree

log = logging.getLogger("mkdocs.plugins.coursegen")

CACHE_DIR = Path(".cache") / "print"
"""Where PDFs are cached, relative to the project root (git-ignored; never inside site/)."""
THEME_PRINT = "print"
"""The print stylesheet and fonts, under the theme folder (theme/print/)."""


_SITE_LINK = re.compile(r'<a href="(?![a-z][a-z0-9+.-]*:|#)[^"]*"[^>]*>(.*?)</a>', re.S)


def paper_html(html: str) -> str:
    """The HTML a PDF is made from: links to the site's pages become plain text (on paper they lead nowhere, and
    the PDF then does not depend on where the site is published); links to other sites and within it stay."""
    return _SITE_LINK.sub(r"\1", html)


class PrintError(Exception):
    """The handouts cannot be made (a missing stylesheet or image, or WeasyPrint cannot load its libraries)."""


def _check_weasyprint() -> None:
    try:
        import weasyprint  # noqa: F401  (loads Pango through cffi)
    except OSError as e:
        raise PrintError(
            f"WeasyPrint, which makes the PDFs, cannot load a system library ({e}). Install Pango: on Debian or Ubuntu "
            "`sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0` (scripts/setup-test-tools does it)"
        ) from e


@dataclass(frozen=True)
class PrintResult:
    docs: list[PrintDoc]
    report: PdfReport
    files: dict[str, str | Path]
    """Every file of the print/ folder by its path inside it: the text of a print page, or the file on disk to copy
    (an asset, an image, a cached PDF)."""


def print_files(course: Course, root: Path, *, paper: str, theme_dir: Path | None, workers: int | None = None,
                pdfs: bool = True, docs: list[PrintDoc] | None = None) -> PrintResult:
    """Every print page, its PDF and the assets they use, as the files of the site's print/ folder (nothing written
    but the PDF cache). With `pdfs=False` (the live preview) no PDF is made. `docs` are the documents when the
    caller has rendered them already."""
    theme_dir = theme_dir or root / "theme"
    assets_dir = theme_dir / THEME_PRINT
    if not (assets_dir / "print.css").is_file():
        raise PrintError(f"{assets_dir / 'print.css'} is missing: the print stylesheet (and its fonts) live there")
    if pdfs:
        _check_weasyprint()
    docs = render_print(course, theme_dir) if docs is None else docs

    assets: dict[str, Path] = {}
    for file in sorted(p for p in assets_dir.rglob("*") if p.is_file()):
        assets[file.relative_to(assets_dir).as_posix()] = file
    for doc in docs:
        for image in doc.images:
            assets[image] = root / "content" / posixpath.relpath(image, IMAGES)
    for rel, file in assets.items():
        if not file.is_file():
            raise PrintError(f"{file} is missing (used by the print pages as {PRINT_DIR}/{rel})")
    files: dict[str, str | Path] = dict(assets)

    by_name = {doc.name: doc for doc in docs}
    shared = [(rel, str(path)) for rel, path in assets.items() if not rel.startswith(IMAGES + "/")]
    jobs = []
    for doc in (d for d in docs if d.listed):
        files[f"{doc.name}.html"] = doc.html
        if not pdfs:
            continue
        parts = [doc, *(by_name[n] for n in doc.then)]
        images = sorted({image for part in parts for image in part.images})
        jobs.append(PdfJob(name=doc.name, htmls=tuple(paper_html(part.html) for part in parts), paper=paper,
                           assets=tuple(shared + [(image, str(assets[image])) for image in images])))
    if not pdfs:
        return PrintResult(docs, PdfReport(rendered=0, reused=0, seconds=0.0), files)
    made, report = render_pdfs(jobs, root / CACHE_DIR, workers=workers)
    files.update((f"{name}.pdf", pdf) for name, pdf in made.items())
    log.info(f"Print: {len(jobs)} handouts on {paper} paper; {report.rendered} PDFs rendered, {report.reused} reused "
             f"({report.seconds:.1f} s)")
    return PrintResult(docs, report, files)


def write_print(course: Course, root: Path, out_dir: Path, *, paper: str, theme_dir: Path | None,
                workers: int | None = None, pdfs: bool = True,
                docs: list[PrintDoc] | None = None) -> PrintResult:
    """Write every print page, its PDF and the assets they use into `out_dir` (the site's print/ folder)."""
    result = print_files(course, root, paper=paper, theme_dir=theme_dir, workers=workers, pdfs=pdfs, docs=docs)
    write_tree(out_dir, result.files)
    return result
