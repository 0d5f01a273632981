"""Typst sources to PDF, in-process with the compiler of PyPI's `typst` (no system library): tagged PDF/UA-1,
reproducible, on A4 or Letter.

Fonts come only from the theme's own files (system fonts are ignored), files only from the Typst root (the course's
content/ folder, where the figures are), and the PDF's dates from SOURCE_DATE_EPOCH: two builds of the same content
give the same bytes on any machine.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path
from typing import Any, Final

from .source_date import source_date as passed_source_date

PAPER_SIZES = {"a4": "a4", "letter": "us-letter"}
PDF_STANDARD: Final = "ua-1"


class PdfError(Exception):
    """Typst refused a document (a template override with an error, a missing figure)."""


def render_pdf(source: str, *, root: Path, fonts: Path, paper: str = "a4") -> bytes:
    """The PDF of one Typst `source`; `root` holds the files it may read, `fonts` the only fonts it may use."""
    import typst

    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    try:
        pdf = _compiler(str(root), str(fonts)).compile(
            source.encode(), pdf_standards=[PDF_STANDARD], timestamp=source_date(),
            sys_inputs={"paper": PAPER_SIZES[paper]})
    except typst.TypstError as e:  # the diagnostic quotes the line of the source
        raise PdfError(getattr(e, "diagnostic", None) or str(e)) from None
    assert isinstance(pdf, bytes)
    return pdf


@cache
def _compiler(root: str, fonts: str) -> Any:
    """A Typst compiler that reads files only under `root` and fonts only from `fonts` (made once: it loads them)."""
    import typst

    return typst.Compiler(root=root, font_paths=[fonts], ignore_system_fonts=True)


def pdf_inputs(*, root: Path, fonts: Path, paper: str, every_file: bool = False) -> bytes:
    """A digest of everything but the source that a PDF is made from: the compiler, the standard, the paper, the
    source date, the fonts, and the files under `root` that a source may read (the figures: every file but the
    YAML, or `every_file`, for template overrides that may read anything). Same source, same digest: same PDF."""
    import importlib.metadata

    digest = hashlib.sha256(f"typst={importlib.metadata.version('typst')} {PDF_STANDARD} {paper} {source_date()}"
                            .encode())
    for folder, files in [(fonts, sorted(fonts.glob("*.ttf"))), (root, sorted(root.rglob("*")))]:
        for file in files:
            if file.is_file() and (every_file or file.suffix not in (".yml", ".yaml")):
                digest.update(file.relative_to(folder).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.digest()


def source_date() -> int:
    """The source date (SOURCE_DATE_EPOCH, or the one the running command passed), or 0: the date written into
    every PDF."""
    return passed_source_date()


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF Typst wrote (its page tree's root gives the count)."""
    counts = [int(m) for m in re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)]
    counts += [int(m) for m in re.findall(rb"/Count\s+(\d+)[^>]*?/Type\s*/Pages\b", pdf)]
    return max(counts, default=0)
