"""Makes the handouts of a build: `<site>/print/<name>.pdf`, one PDF per listed print document.

Called by the build, the MkDocs plugin and `coursegen print` (into a staging folder, which generator/write.py then
swaps in). The documents may come from the render cache (`render_print` with a cache); the build also keeps each PDF
in .cache/pdf/ by the digest of what it is made from, so that a rebuild makes again only the PDFs an edit changed
(Typst takes tens of milliseconds for one, minutes for the 1,500 of a 500-lesson course).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from pathlib import Path

from .cachekey import signer
from .model import Course
from .pdf import PdfError, page_count, pdf_inputs, render_pdf
from .render.print import render_print
from .render.print_renderer import PrintDoc, PrintRenderer
from .render.templates import overrides
from .write import write_file, write_tree

log = logging.getLogger("mkdocs.plugins.coursegen")

THEME_FONTS = Path("print") / "fonts"
"""The only fonts the PDFs may use, under the theme folder (theme/print/fonts/)."""

PDF_CACHE = Path(".cache") / "pdf"
"""Where `coursegen build` keeps the PDFs it made, relative to the project root: `<digest>.pdf`, by the digest of its
Typst source and of everything else it is made from (`pdf.pdf_inputs`), signed with this user's key (cachekey): a PDF
a pull request put there has a name no build looks for. Same digest, same bytes: a kept PDF is the one Typst would
make. Each build keeps only the PDFs it used."""


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
                docs: list[PrintDoc] | None = None, cache_dir: Path | None = None) -> PrintResult:
    """Every listed document's PDF, as the files of the site's print/ folder (nothing written besides the cache).
    With `pdfs=False` (the live preview) no PDF is made. `docs` are the documents when the caller has rendered them
    already. With `cache_dir` (the build's PDF_CACHE), a PDF made from the same source and inputs before is taken
    from there, and the folder ends holding the PDFs of this call only."""
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
    # Overridden print templates may have Typst read any file of content/: then every file counts.
    inputs = pdf_inputs(root=root / "content", fonts=fonts, paper=paper,
                        every_file=overrides(theme_dir, "print")) if cache_dir else b""
    kept: set[Path] = set()
    made = 0
    for doc in (d for d in docs if d.listed):
        source = renderer.typst_source(doc, [by_name[n] for n in doc.then])
        cached = cache_dir / f"{signer(inputs + source.encode()).hexdigest()}.pdf" if cache_dir else None
        try:
            pdf = cached.read_bytes() if cached else None
        except FileNotFoundError:  # not made before (or removed meanwhile by another build)
            pdf = None
        if pdf is None:
            try:
                pdf = render_pdf(source, root=root / "content", fonts=fonts, paper=paper)
            except PdfError as e:
                raise PrintError(f"{doc.name}.pdf could not be made: {e}") from None
            made += 1
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                write_file(cached, pdf)
        if cached:
            kept.add(cached)
        files[f"{doc.name}.pdf"] = pdf
        handouts[doc.name] = Handout(page_count(pdf), len(pdf))
    if cache_dir:
        for old in set(cache_dir.glob("*.pdf")) - kept:
            old.unlink(missing_ok=True)
    docs = [replace(doc, pages=handouts[doc.name].pages, size=handouts[doc.name].size) if doc.name in handouts else doc
            for doc in docs]
    seconds = time.perf_counter() - start
    pages = sum(h.pages for h in handouts.values())
    log.info(f"Print: {len(handouts)} PDFs ({pages} pages) on {paper} paper in {seconds:.1f} s ({made} made, "
             f"{len(handouts) - made} kept from the last build)")
    return PrintResult(docs, files, handouts, seconds)


def write_print(course: Course, root: Path, out_dir: Path, *, paper: str, theme_dir: Path | None, pdfs: bool = True,
                docs: list[PrintDoc] | None = None) -> PrintResult:
    """Write every handout's PDF into `out_dir` (the site's print/ folder)."""
    result = print_files(course, root, paper=paper, theme_dir=theme_dir, pdfs=pdfs, docs=docs)
    write_tree(out_dir, result.files)
    return result

