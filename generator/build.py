"""A build: the validated course → the docs tree → an engine → the site, swapped in whole or not at all.

The pages are rendered in two processes; then the handouts (print pages and PDFs) are made in a child process while
the engine builds the pages: neither needs the other's output, so the two run side by side on two cores, and a build
takes about as long as the longer of them.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import shutil
import sys
import tempfile
import time
from pathlib import Path

from . import buildcache, docs, write
from .engines import build_tree
from .model import Course
from .print_site import PrintError, write_print
from .render.pages import SiteCache, render_site
from .render.print import listed_elsewhere
from .render.sitemap import PRINT_DIR

TREE = Path(".cache") / "docs"
"""Where `coursegen build` keeps the docs tree, relative to the project root: kept between builds so that an
engine's own cache sees only what changed."""

log = logging.getLogger("mkdocs.plugins.coursegen")


def build_site(course: Course, root: Path, site_dir: Path, *, engine: str = "mkdocs", strict: bool = False,
               paper: str | None = None, site_url: str | None = None, pdfs: bool = True,
               tree: Path | None = None, cache: buildcache.BuildCache | None = None) -> None:
    """Build the site of `course` into `site_dir`, replacing the old site only when every step succeeded.

    `tree` is where the docs tree goes (default: .cache/docs/ in the project). `pdfs=False` skips the PDFs (the print
    pages are still built). With `cache` (the last build's, which validated `course`), only the pages an edit changed
    are rendered, and the cache is saved for the next build.
    """
    start = time.perf_counter()
    config = docs.read_config(root)
    theme = docs.theme_dir(root, config)
    tree = tree or root / TREE
    with (write.locked(tree), write.replacing(site_dir) as staging,
          tempfile.TemporaryDirectory(dir=staging.parent, prefix=".handouts-") as handouts):
        site_cache = cache.site if cache else SiteCache()
        pages = _render_pages(course, theme, site_cache)
        printing = multiprocessing.get_context("fork").Process(
            target=_beside_engine, args=(course, root, theme, paper or course.info.paper, pdfs, Path(handouts), cache))
        printing.start()
        try:
            changed = docs.write_docs(course, root, config, docs.Generated(pages, None), tree, site_url=site_url)
            generated = time.perf_counter()
            rendered = len(site_cache.rendered)
            log.info(f"Generated {len(pages)} pages in {generated - start:.2f} s ({rendered} rendered, "
                     f"{len(pages) - rendered} kept from the last build); {len(changed)} files of the docs tree changed")
            build_tree(tree, staging, engine=engine, strict=strict)
            log.info(f"{engine} built the pages in {time.perf_counter() - generated:.2f} s")
            printing.join()
        finally:
            if printing.is_alive():  # the engine failed: the handouts are not wanted
                printing.kill()
                printing.join()
        if printing.exitcode != 0:
            raise PrintError("the handouts could not be made (the reason is above)")
        shutil.move(handouts, staging / PRINT_DIR)


def _render_pages(course: Course, theme: Path | None, cache: SiteCache) -> dict[str, str]:
    """Every page, rendered on two cores: a forked child takes every other module's pages and the Print page (the
    longest of the course-wide pages, which this process renders). `cache` ends as if this process had rendered them
    all."""
    listing = listed_elsewhere(course, theme)
    index = {part.module.id: i for i, part in enumerate(course.parts)}
    index.update((lesson.id, index[part.module.id]) for part, lesson in course.lessons)
    second = lambda key: key == "print" or index.get(key.removeprefix("quiz:"), 0) % 2 == 1
    fork = multiprocessing.get_context("fork")
    reader, writer = fork.Pipe(duplex=False)
    child = fork.Process(target=lambda: writer.send((render_site(course, theme, listing, cache=cache, only=second),
                                                     cache.rendered)))
    child.start()
    writer.close()
    pages = render_site(course, theme, listing, cache=cache, only=lambda key: not second(key))
    try:
        theirs, rendered = reader.recv()
    except EOFError:  # the child failed: render its pages here, where the reason can be seen
        theirs = render_site(course, theme, listing, only=second)
        rendered = set(theirs)
    child.join()
    cache.fill(theirs)
    cache.rendered |= rendered
    pages.update(theirs)
    return pages


def _beside_engine(course: Course, root: Path, theme: Path | None, paper: str, pdfs: bool, out: Path,
                   cache: buildcache.BuildCache | None) -> None:
    """In the child process, while the engine runs: the caches for the next build, then every print page, PDF and
    print asset, into the empty folder `out` (in that order, so that the memory of one is reused for the other)."""
    if cache:
        try:
            buildcache.save(root, cache)
        except (OSError, pickle.PicklingError) as e:  # the next build is then a cold one
            log.warning(f"The caches could not be kept for the next build: {e}")
    start = time.perf_counter()
    try:
        result = write_print(course, root, out, paper=paper, theme_dir=theme, pdfs=pdfs)
    except PrintError as e:
        print(f"coursegen: the handouts: {e}", file=sys.stderr)
        sys.exit(1)
    log.info(f"Made {len(result.docs)} handouts in {time.perf_counter() - start:.2f} s beside the engine; PDFs in "
             f"{result.report.seconds:.2f} s ({result.report.rendered} rendered, {result.report.reused} reused)")
