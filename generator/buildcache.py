"""What `coursegen build` keeps from one build to the next in .cache/build.pickle: the validation cache and the render
cache (pages and handouts), the same that a live preview keeps in memory, so that a rebuild parses and renders again
only what an edit changed.

The file is written at the end of a build, once the engine has built the site, and read at the start of the next.
It is only good for the generator that wrote it: a file written by other code or other library versions is ignored,
as is one that cannot be read, and one that this user's key did not sign (cachekey: a pull request can add a file
here, and loading a pickle can run code). A build's result is the same with or without it
(tests/build/test_buildcache.py). Like the rest of .cache/, it belongs to this checkout and is never published.

It is a series of small pickles, one per file, one per page and one per unit of handouts (a lesson's, a workshop's,
a module check's), so that neither writing nor reading it needs a table of every object of the course at once (that
table would take more memory than the course). The inputs of a page or a unit name the models they share with the
validation cache (a lesson, a quiz) by file, so that after loading, an unchanged lesson is the very object that its
pages and handouts were made from, and their inputs compare equal at once.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.metadata
import os
import pickle
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .cachekey import signer
from .render.cache import RenderCache
from .render.pages import SiteCache
from .render.print_renderer import PrintCache
from .validate import ValidationCache, collector_paused
from .write import writing

CACHE_FILE = Path(".cache") / "build.pickle"
LIBRARIES = ("pydantic", "pydantic-core", "PyYAML", "Markdown", "pymdown-extensions", "Jinja2")
"""Libraries whose objects the file holds or whose output it keeps."""


@dataclass(eq=False)
class BuildCache:
    validation: ValidationCache = field(default_factory=ValidationCache)
    render: RenderCache = field(default_factory=RenderCache)


def load(root: Path) -> BuildCache:
    """The last build's caches, or empty ones when there are none this code can use."""
    try:
        with (root / CACHE_FILE).open("rb") as f, collector_paused():
            if not _signed_here(f) or f.readline() != _fingerprint():
                return BuildCache()
            validation = ValidationCache(dict(pickle.load(f) for _ in range(pickle.load(f))))
            models = dict(_shared(validation))
            site, cited, page_code, pages_count, printed, print_code, units_count = _Unpickler(f, models).load()
            pages = dict(_Unpickler(f, models).load() for _ in range(pages_count))
            units = dict(_Unpickler(f, models).load() for _ in range(units_count))
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, KeyError, TypeError, ValueError):
        return BuildCache()
    # The last build's documents are those of its units (every print source of ours renders through units).
    docs = {doc.name: doc for _, unit_docs in units.values() for doc in unit_docs}
    render = RenderCache(SiteCache(site=site, cited=cited, pages=pages),
                         PrintCache(site=printed, units=units, docs=docs))
    render.site.compiled.code, render.print.compiled.code = page_code, print_code
    return BuildCache(validation, render)


def save(root: Path, cache: BuildCache) -> None:
    """Write `cache` for the next build (whole or not at all)."""
    models = {id(obj): name for name, obj in _shared(cache.validation)}
    site, printed = cache.render.site, cache.render.print
    (root / CACHE_FILE).parent.mkdir(parents=True, exist_ok=True)
    with writing(root / CACHE_FILE) as out, collector_paused():
        f = _Signing(out)
        pickle.dump(len(cache.validation.files), f, protocol=pickle.HIGHEST_PROTOCOL)
        for file in cache.validation.files.items():
            pickle.dump(file, f, protocol=pickle.HIGHEST_PROTOCOL)
        _Pickler(f, models).dump((site.site, site.cited, site.compiled.code, len(site.pages), printed.site,
                                  printed.compiled.code, len(printed.units)))
        for page in site.pages.items():
            _Pickler(f, models).dump(page)
        for unit in printed.units.items():
            _Pickler(f, models).dump(unit)
        out.write(f.signature.digest())


class _Signing:
    """Writes through to `out`, signing what it writes (cachekey): the signature ends the file."""

    def __init__(self, out: BinaryIO):
        self.out, self.signature = out, signer()
        self.write(_fingerprint())

    def write(self, data: bytes) -> int:
        self.signature.update(data)
        return self.out.write(data)


def _signed_here(f: BinaryIO) -> bool:
    """Whether the file ends with the signature of all before it by this user's key (a file a pull request added, or
    another machine's, does not), leaving `f` at its start. Read before a byte of it is unpickled."""
    size = f.seek(0, os.SEEK_END) - len(signer().digest())
    if size < 0:
        return False
    signature = signer()
    f.seek(0)
    while f.tell() < size:
        signature.update(f.read(min(1 << 20, size - f.tell())))
    ok = hmac.compare_digest(signature.digest(), f.read())
    f.seek(0)
    return ok


def _shared(validation: ValidationCache) -> Iterator[tuple[tuple[str, ...], Any]]:
    """The models that pages and handouts are made from, each with a name that stays the same from one build to the
    next."""
    for path, file in validation.files.items():
        if file.value:
            yield ("file", path), file.value[1]
        for language, quiz in file.localized.items():
            yield ("localized", path, language), quiz


class _Pickler(pickle.Pickler):
    def __init__(self, file: _Signing, models: dict[int, tuple[str, ...]]):
        super().__init__(file, protocol=pickle.HIGHEST_PROTOCOL)
        self.models = models

    def persistent_id(self, obj: Any) -> tuple[str, ...] | None:
        return self.models.get(id(obj))


class _Unpickler(pickle.Unpickler):
    def __init__(self, file: BinaryIO, models: dict[tuple[str, ...], Any]):
        super().__init__(file)
        self.models = models

    def persistent_load(self, name: Any) -> Any:
        return self.models[tuple(name)]


def _fingerprint() -> bytes:
    """The generator's own files, Python's and the libraries' versions: what the cached objects were made by."""
    digest = hashlib.sha256(sys.version.encode())
    for name in LIBRARIES:
        digest.update(f"{name}={importlib.metadata.version(name)}".encode())
    package = Path(__file__).parent
    for file in sorted(package.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.relative_to(package).as_posix().encode() + b"\0" + file.read_bytes())
    return digest.hexdigest().encode() + b"\n"
