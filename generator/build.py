"""A build: the validated course → the docs tree → an engine → the site, swapped in whole or not at all.

The handouts are made first (the pages give each PDF's page count and size): from the render cache, only those an edit
changed are rendered again, and their PDFs are made unless the build skips them. Then the pages are rendered (in two
processes when none is kept from the last build), and the engine builds them.
"""

from __future__ import annotations

import logging
import multiprocessing
import pickle
import resource
import time
from pathlib import Path

from . import buildcache, docs, write
from .engines import build_tree
from .model import Course
from .print_site import PDF_CACHE, print_files
from .render.cache import RenderCache
from .render.pages import SiteCache, render_site
from .render.print import render_print
from .render.print_renderer import PrintDoc
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
    pages are still built). With `cache` (the last build's, which validated `course`), only the pages and handouts an
    edit changed are rendered, and the cache is saved for the next build.
    """
    start = time.perf_counter()
    config = docs.read_config(root)
    theme = docs.theme_dir(root, config)
    tree = tree or root / TREE
    with write.locked(tree), write.replacing(site_dir) as staging:
        render = cache.render if cache else RenderCache()
        printing = time.perf_counter()
        documents = render_print(course, theme, cache=render.print, bodies=pdfs)  # no PDF, no Typst to render
        handouts = print_files(course, root, paper=paper or course.info.paper, theme_dir=theme, pdfs=pdfs,
                               docs=documents, cache_dir=root / PDF_CACHE)
        rendered = len(render.print.rendered)
        log.info(f"Made {len(documents)} print documents and {len(handouts.files)} PDFs in "
                 f"{time.perf_counter() - printing:.2f} s ({rendered} documents rendered, "
                 f"{len(documents) - rendered} kept from the last build)")
        pages = _render_pages(course, theme, render.site, handouts.docs)
        changed = docs.write_docs(course, root, config, docs.Generated(pages, None), tree, site_url=site_url)
        generated = time.perf_counter()
        rendered = len(render.site.rendered)
        log.info(f"Generated {len(pages)} pages in {generated - start:.2f} s ({rendered} rendered, "
                 f"{len(pages) - rendered} kept from the last build); "
                 f"{len(changed)} files of the docs tree changed")
        engine_cpu = _children_cpu()
        build_tree(tree, staging, engine=engine, strict=strict)
        log.info(f"{engine} built the pages in {time.perf_counter() - generated:.2f} s "
                 f"({_children_cpu() - engine_cpu:.2f} s of CPU)")
        write.write_tree(staging / PRINT_DIR, handouts.files)
        _keep(root, cache)


def _render_pages(course: Course, theme: Path | None, cache: SiteCache, listing: list[PrintDoc]) -> dict[str, str]:
    """Every page. From scratch (no page in `cache`) they are rendered on two cores: a forked child takes every other
    module's pages and the Print page (the longest of the course-wide pages, which this process renders), and `cache`
    ends as if this process had rendered them all. A rebuild renders them here: it renders few (the others are kept),
    and a child's start and its handing back half of the site's Markdown took more than they saved (at N = 500 after
    a one-lesson edit, 0.3 to 0.5 s of CPU more in all, and no less time)."""
    if cache.pages:
        return render_site(course, theme, listing, cache=cache)
    index = {part.module.id: i for i, part in enumerate(course.parts)}
    index.update((lesson.id, index[part.module.id]) for part, lesson in course.lessons)

    def second(key: str) -> bool:
        return key == "print" or index.get(key.removeprefix("quiz:"), 0) % 2 == 1

    fork = multiprocessing.get_context("fork")
    reader, writer = fork.Pipe(duplex=False)
    child = fork.Process(target=lambda: writer.send((render_site(course, theme, listing, cache=cache, only=second),
                                                     cache.rendered, cache.compiled.code)))
    child.start()
    writer.close()
    try:
        pages = render_site(course, theme, listing, cache=cache, only=lambda key: not second(key))
    except BaseException:
        child.kill()  # it would wait for ever to hand over its pages, holding the docs tree's lock
        child.join()
        raise
    try:
        theirs, rendered, compiled = reader.recv()
    except EOFError:  # the child failed: render its pages here, where the reason can be seen
        theirs = render_site(course, theme, listing, only=second)
        rendered, compiled = set(theirs), {}
    child.join()
    cache.fill(theirs)
    cache.rendered |= rendered
    cache.compiled.code.update(compiled)  # the templates it compiled, for the next build
    pages.update(theirs)
    return pages


def _children_cpu() -> float:
    """The CPU time (user and system) of the child processes that ended so far: the engine's, around its run."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _keep(root: Path, cache: buildcache.BuildCache | None) -> None:
    """The caches for the next build."""
    if cache:
        try:
            buildcache.save(root, cache)
        except (OSError, pickle.PicklingError) as e:  # the next build is then a cold one
            log.warning(f"The caches could not be kept for the next build: {e}")
