"""A build: the validated course → the docs tree → an engine → the site, swapped in whole or not at all."""

from __future__ import annotations

import logging
import time
from pathlib import Path

from . import docs, write
from .engines import build_tree
from .model import Course

TREE = Path(".cache") / "docs"
"""Where `coursegen build` keeps the docs tree, relative to the project root: kept between builds so that an
engine's own cache sees only what changed."""

log = logging.getLogger("mkdocs.plugins.coursegen")


def build_site(course: Course, root: Path, site_dir: Path, *, engine: str = "mkdocs", strict: bool = False,
               paper: str | None = None, site_url: str | None = None, pdfs: bool = True,
               tree: Path | None = None) -> None:
    """Build the site of `course` into `site_dir`, replacing the old site only when every step succeeded.

    `tree` is where the docs tree goes (default: .cache/docs/ in the project). `pdfs=False` skips the PDFs (the print
    pages are still built).
    """
    start = time.perf_counter()
    config = docs.read_config(root)
    generated = docs.generate(course, root, config, paper=paper, pdfs=pdfs)
    tree = tree or root / TREE
    changed = docs.write_docs(course, root, config, generated, tree, site_url=site_url)
    pdf = generated.handouts.report
    generating = time.perf_counter() - start
    log.info(f"Generated {len(generated.pages)} pages and {len(generated.handouts.docs)} handouts in "
             f"{generating - pdf.seconds:.2f} s, PDFs in {pdf.seconds:.2f} s ({pdf.rendered} rendered, {pdf.reused} "
             f"reused); {len(changed)} files of the docs tree changed")
    with write.replacing(site_dir) as staging:
        build_tree(tree, staging, engine=engine, strict=strict)
    log.info(f"{engine} built the site in {time.perf_counter() - start - generating:.2f} s")

