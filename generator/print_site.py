"""Makes the handouts of a build: `<site>/print/<name>.pdf`, one PDF per listed print document.

Called by the build, the MkDocs plugin and `coursegen print` (into a staging folder, which generator/write.py then
swaps in). The documents may come from the render cache (`render_print` with a cache); their PDFs are made afresh on
every call (Typst takes milliseconds for each).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from .model import Course
from .pdf import PdfError, page_count, render_pdf
from .render.print import render_print
from .render.print_renderer import PrintDoc, PrintRenderer
from .write import write_tree

log = logging.getLogger("mkdocs.plugins.coursegen")

THEME_FONTS = Path("print") / "fonts"
"""The only fonts the PDFs may use, under the theme folder (theme/print/fonts/)."""


class PrintError(Exception):
    """The handouts cannot be made (no fonts, or Typst refused a document)."""


@dataclass(frozen=True)
class Handout:
    """A PDF as the site lists it."""

    pages: int
    size: int
    """Bytes."""


@dataclass(frozen=True)
class PrintResult:
    docs: list[PrintDoc]
    """Every print document, with its PDF's page count and size once made."""
    files: dict[str, str | bytes]
    """Every file of the print/ folder by its path inside it (a PDF's bytes)."""
    handouts: dict[str, Handout]
    """Each PDF's page count and size, by document name."""
    seconds: float


def print_files(course: Course, root: Path, *, paper: str, theme_dir: Path | None, pdfs: bool = True,
                docs: list[PrintDoc] | None = None) -> PrintResult:
    """Every listed document's PDF, as the files of the site's print/ folder (nothing written). With `pdfs=False`
    (the live preview) no PDF is made. `docs` are the documents when the caller has rendered them already."""
    start = time.perf_counter()
    theme_dir = theme_dir or root / "theme"
    fonts = theme_dir / THEME_FONTS
    if not any(fonts.glob("*.ttf")):
        raise PrintError(f"{fonts} has no font: the handouts use only the fonts there (.ttf files)")
    docs = render_print(course, theme_dir, bodies=pdfs) if docs is None else docs
    if not pdfs:
        return PrintResult(docs, {}, {}, 0.0)
    renderer = PrintRenderer(course, theme_dir)
    by_name = {doc.name: doc for doc in docs}
    files: dict[str, str | bytes] = {}
    handouts: dict[str, Handout] = {}
    for doc in (d for d in docs if d.listed):
        source = renderer.typst_source(doc, [by_name[n] for n in doc.then])
        try:
            pdf = render_pdf(source, root=root / "content", fonts=fonts, paper=paper)
        except PdfError as e:
            raise PrintError(f"{doc.name}.pdf could not be made: {e}") from None
        files[f"{doc.name}.pdf"] = pdf
        handouts[doc.name] = Handout(page_count(pdf), len(pdf))
    docs = [replace(doc, pages=handouts[doc.name].pages, size=handouts[doc.name].size) if doc.name in handouts else doc
            for doc in docs]
    seconds = time.perf_counter() - start
    pages = sum(h.pages for h in handouts.values())
    log.info(f"Print: {len(handouts)} PDFs ({pages} pages) on {paper} paper in {seconds:.1f} s")
    return PrintResult(docs, files, handouts, seconds)


def write_print(course: Course, root: Path, out_dir: Path, *, paper: str, theme_dir: Path | None, pdfs: bool = True,
                docs: list[PrintDoc] | None = None) -> PrintResult:
    """Write every handout's PDF into `out_dir` (the site's print/ folder)."""
    result = print_files(course, root, paper=paper, theme_dir=theme_dir, pdfs=pdfs, docs=docs)
    write_tree(out_dir, result.files)
    return result
