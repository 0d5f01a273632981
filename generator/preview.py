"""`coursegen serve`: a live preview that keeps up with typing.

On each save the course is validated and regenerated (with the caches of validate and render, only what changed is
redone), the docs tree is brought up to date, and MkDocs rebuilds only the pages whose Markdown changed. A change to
the nav, mkdocs.yml or the theme rebuilds the whole site into a new folder, which is served once it is complete.
Page requests never wait for a build: they get the files as they are, and a small script reloads the page when a
new version is ready. When a save breaks the content, mkdocs.yml or a template of the theme, every page shows the
errors (file, line, message) above the last good version, until they are fixed.

MkDocs is driven through its public API only (`load_config`, `build`, a plugin): each save is a dirty build of the
docs tree's own mkdocs.yml, as under `mkdocs serve --dirty`. That costs more than rebuilding single pages with
MkDocs' private helpers, as this module did until 2026-12: every build lists the theme's 14,000 files and makes
the nav's pages again. Measured on one lesson edit (2 cores shared, load 5 to 9): the MkDocs step alone takes
0.14 s of CPU on the shipped course where the private helpers took 0.065 s, and 0.19 s against 0.06 s at 500
lessons; from the save to the page served, the server spends 0.32 to 0.34 s of CPU against 0.26 to 0.32 s, and
0.64 to 0.92 s against 0.48 to 0.53 s at 500 lessons (wall times, too noisy to rank, 1 to 2.3 s against 0.9 to
1.4 s). We take that for code that does not break when MkDocs changes its internals. MkDocs' own server
(`mkdocs.livereload`) is not used: it injects an inline script, which the site's Content-Security-Policy
(`script-src 'self'`) blocks, and has no place for the errors.
"""

from __future__ import annotations

import gc
import json
import logging
import shutil
import sys
import threading
import time
from collections.abc import Iterable
from functools import cache
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import base, load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import docs
from .engines import CONFIG_FILE
from .errors import Issue, has_errors
from .model import Course
from .render.cache import RenderCache
from .template_errors import template_issue
from .layout import QUIZ_DIR
from .validate import ValidationCache, validate_course

WORK = Path(".cache") / "preview"
"""The preview's docs tree and sites, relative to the project root."""
WATCHED = ("content", QUIZ_DIR, "workshops", "theme", CONFIG_FILE)
RELOAD_PATH = "/__coursegen/reload.js"
VERSION_PATH = "/__coursegen/version"
POLL_SECONDS = 25
"""How long a browser's request for a new version is held open before it asks again."""

log = logging.getLogger("mkdocs.plugins.coursegen")


class _Site:
    """MkDocs building the preview's docs tree through its public API: first the whole site into an empty folder,
    then, on each save, a dirty build into the same folder (what `mkdocs serve --dirty` does), which reads and
    writes again only the pages whose Markdown is newer than their HTML. One configuration serves them all: a change
    to mkdocs.yml or the theme makes a new `_Site`."""

    def __init__(self, tree: Path, site_dir: Path, url: str):
        self.docs, self.url = tree / docs.DOCS_DIR, url
        logging.getLogger("mkdocs.commands.build").addFilter(_not_the_dirty_warning)  # once: the same function
        self.config = load_config(str(tree / CONFIG_FILE), site_dir=str(site_dir))
        self.config.plugins["coursegen-preview"] = _PreviewPlugin()
        # Not dirty for the plugins: Material's search would merge each index into its last one, which keeps a
        # second copy of every page after a whole build (_PreviewPlugin merges the index itself).
        self.config.plugins.on_startup(command="serve", dirty=False)
        site_dir.mkdir(parents=True, exist_ok=True)
        build(self.config, serve_url=url)
        self.files = {p.relative_to(self.docs).as_posix() for p in self.docs.rglob("*") if p.is_file()}

    def can_rebuild(self, paths: Iterable[str]) -> bool:
        """Whether a dirty build can bring the site up to date after `paths` (inside docs/) changed: not when a file
        is new or deleted, which changes the nav, the sitemap or what is copied."""
        return all(path in self.files and (self.docs / path).is_file() for path in paths)

    def rebuild(self) -> None:
        """Rebuild the pages and copy the files that changed since the last build (the tree's copies are newer than
        the site's: the tree is written afresh, never with a file's own date)."""
        build(self.config, serve_url=self.url, dirty=True)

    def close(self) -> None:
        self.config.plugins.on_shutdown()


class _PreviewPlugin(BasePlugin[base.LegacyConfig]):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    """What the builds of one `_Site` share: the theme's templates, compiled once, and the whole search index."""

    def __init__(self) -> None:
        super().__init__()
        self.env: jinja2.Environment | None = None
        self.search: list[dict[str, Any]] | None = None
        """The entries of the site's search index, as the last build left it."""
        self.built: set[str] = set()
        """The URLs of the pages the current build writes."""

    def on_env(self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # MkDocs makes a new environment for every build, and compiling Material's templates again took most of a
        # one-page rebuild. The theme cannot change meanwhile: a change to it makes a new `_Site`.
        self.env = self.env or env
        return self.env

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.built.clear()

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        self.built.add(page.url)
        return output

    @event_priority(-100)  # after the search plugin has written its index
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """After a dirty build, the search index lists only the pages it built: add back the others' entries."""
        path = Path(config.site_dir) / "search" / "search_index.json"
        if not path.is_file():  # no search plugin
            return
        index = json.loads(path.read_text(encoding="utf-8"))
        if self.search is not None:
            index["docs"] = [entry for entry in self.search if entry["location"].split("#")[0] not in self.built
                             ] + index["docs"]
            path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
        self.search = index["docs"]


def _not_the_dirty_warning(record: logging.LogRecord) -> bool:
    """Drops MkDocs' warning on each dirty build that the nav may be out of date: the preview builds the whole site
    again whenever the nav changes."""
    return not record.getMessage().startswith("A 'dirty' build is being performed")


class Preview:
    """The state of one preview: the last good site, and the errors of the last save."""

    def __init__(self, root: Path, course: Course, validation: ValidationCache, site_url: str):
        self.root, self.site_url = root, site_url
        self.work = root / WORK
        self.tree = self.work / "tree"
        self.issues: list[Issue] = []
        self.version = 0
        self.changed = threading.Condition()
        self.site: Path | None = None
        self._builds = 0
        self._behind = False
        self._theme: Path | None = None
        self._validation = validation
        self._caches = RenderCache()
        self._tree_memo: dict[str, Any] = {}
        self._write(course)
        self._built = self._full_build()

    @property
    def failing(self) -> bool:
        return has_errors(self.issues)

    def update(self) -> None:
        """Bring the site up to date with the files on disk (called after every save)."""
        start, cpu = time.perf_counter(), time.process_time()
        was_failing = self.failing  # then the pages show errors, and the browser must reload to drop them
        course, self.issues = validate_course(self.root, cache=self._validation)
        try:
            what = self._rebuild(course) if course is not None else None
        except docs.ConfigError as e:
            self.issues, what = [e.issue], None
        except jinja2.TemplateError as e:  # in an override of the project's theme
            theme = {self.tree / docs.THEME_DIR: self._theme} if self._theme else None
            issue = template_issue(e, self.root, theme)
            if issue is None:  # in coursegen's own templates: a bug of ours
                raise
            self.issues, what = [issue], None
        for issue in self.issues:
            print(issue, file=sys.stderr)
        if what is None:
            print("The preview shows the last version without errors, with these errors above it.", file=sys.stderr)
            self._bump()
            return
        if what or was_failing:
            self._bump()
        print(f"Preview: {what or 'nothing'} rebuilt in {time.perf_counter() - start:.2f} s, CPU "
              f"{time.process_time() - cpu:.2f} s", file=sys.stderr)

    def _rebuild(self, course: Course) -> str:
        """Write what changed into the docs tree, then have MkDocs build it; says what was rebuilt ('' for nothing)."""
        changed = self._write(course)
        pages = [p.removeprefix(f"{docs.DOCS_DIR}/") for p in changed if p.startswith(f"{docs.DOCS_DIR}/")]
        if self._behind or len(pages) < len(changed) or not self._built.can_rebuild(pages):
            self._behind = True  # until a whole build succeeds, the site is behind the tree
            built = self._full_build()  # mkdocs.yml (the nav), the theme, or a new or deleted page
            self._built.close()
            self._built, self._behind = built, False
            return "the whole site"
        if pages:
            self._built.rebuild()
        return f"{len(pages)} file(s)" if pages else ""

    def _write(self, course: Course) -> set[str]:
        config = docs.read_config(self.root)
        self._theme = docs.theme_dir(self.root, config)
        generated = docs.generate(course, self.root, config, pdfs=False, caches=self._caches)
        return docs.write_docs(course, self.root, config, generated, self.tree, site_url=self.site_url,
                               memo=self._tree_memo)

    def _full_build(self) -> _Site:
        """Build the whole site into a new folder, then serve that one (requests meanwhile get the old one)."""
        self._builds += 1
        new = self.work / f"site-{self._builds}"
        shutil.rmtree(new, ignore_errors=True)
        try:
            built = _Site(self.tree, new, self.site_url)
        except BaseException:
            shutil.rmtree(new, ignore_errors=True)
            raise
        old, self.site = self.site, new
        if old and old != new:
            shutil.rmtree(old, ignore_errors=True)
        return built

    def _bump(self) -> None:
        with self.changed:
            self.version += 1
            self.changed.notify_all()

    def wait(self, since: int, timeout: float) -> int:
        """The version once it is newer than `since`, or the current one after `timeout` seconds."""
        with self.changed:
            self.changed.wait_for(lambda: self.version > since, timeout=timeout)
            return self.version

    def banner(self) -> str:
        """The HTML shown at the top of every page: the errors of the last save, if any, and the reload script."""
        errors = [i for i in self.issues if i.severity == "error"] if self.failing else []
        return _template("banner.html").render(errors=errors, version=self.version, script=RELOAD_PATH)


@cache
def _template(name: str) -> jinja2.Template:
    from .render.templates import template_loader

    env = jinja2.Environment(loader=template_loader(None), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    return env.get_template(f"preview/{name}")


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's signature
        pass

    def translate_path(self, path: str) -> str:
        self.directory = str(self.preview.site)  # the site served now: a full rebuild swaps in a new folder
        return super().translate_path(path)

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        url = urlsplit(self.path)
        if url.path == RELOAD_PATH:
            return self._send(_template("reload.js").render(path=VERSION_PATH).encode(), "text/javascript")
        if url.path == VERSION_PATH:
            since = (parse_qs(url.query).get("since") or ["-1"])[0]
            if not since.removeprefix("-").isdigit():
                return self.send_error(400, "since must be a whole number")
            version = self.preview.wait(int(since), POLL_SECONDS)
            return self._send(json.dumps({"version": version}).encode(), "application/json")
        target = Path(self.translate_path(url.path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            page = target.read_text(encoding="utf-8")
            head, tag, rest = page.partition("<body")
            if tag:
                open_end = rest.index(">") + 1
                page = head + tag + rest[:open_end] + self.preview.banner() + rest[open_end:]
            return self._send(page.encode("utf-8"), "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def serve(root: Path, course: Course, validation: ValidationCache, dev_addr: str | None) -> None:
    """Build the preview of `course` (validated with `validation`, which the preview goes on using), then serve it
    on `dev_addr` (default 127.0.0.1:8000) until Ctrl+C."""
    from watchdog.events import FileSystemEvent, FileSystemEventHandler
    from watchdog.observers import Observer

    host, port = parse_dev_addr(dev_addr)
    try:  # listen first: a busy port is said at once, not after the whole preview has been built
        server = ThreadingHTTPServer((host, port), _Handler)
    except OSError as e:
        raise ServeError(f"cannot listen on {host}:{port} ({e.strerror}); pass another port, e.g. "
                         f"--dev-addr {host}:{port + 1 if port < 65535 else 8001}") from None
    site_url = f"http://{host}:{port}/"
    start = time.perf_counter()
    preview = Preview(root, course, validation, site_url)
    # What the first build made lives as long as the preview: kept out of the collector's full passes, which
    # otherwise cost a large course half a second on some saves.
    gc.freeze()
    print(f"Preview built in {time.perf_counter() - start:.1f} s; serving on {site_url}", file=sys.stderr)

    saved = threading.Event()

    class OnSave(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            path = Path(str(event.src_path))
            if event.event_type not in ("opened", "closed_no_write") and _watched(root, path):
                saved.set()

    def rebuild_on_save() -> None:
        while True:
            saved.wait()
            time.sleep(0.02)  # an editor's save is often several events
            saved.clear()
            try:
                preview.update()
            except Exception as e:  # a bug of ours must not stop the preview; the author sees it
                log.exception("the preview could not rebuild: %s", e)

    observer = Observer()
    observer.schedule(OnSave(), str(root), recursive=True)
    observer.start()
    threading.Thread(target=rebuild_on_save, daemon=True).start()
    server.RequestHandlerClass = type("Handler", (_Handler,), {"preview": preview})
    server.daemon_threads = True
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        observer.stop()
        server.server_close()


DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


class ServeError(Exception):
    """The preview cannot listen where it was asked to."""


def parse_dev_addr(dev_addr: str | None) -> tuple[str, int]:
    """`--dev-addr` as (host, port): 'HOST:PORT', ':PORT' or 'PORT' (on 127.0.0.1, never every interface by
    accident), or 'HOST' (port 8000). Raises ValueError with what a good value looks like."""
    text = (dev_addr or "").strip()
    host, colon, port = text.rpartition(":")
    if not colon:
        host, port = ("", text) if text.isdigit() else (text, str(DEFAULT_PORT))
    host = host.strip("[]") or DEFAULT_HOST
    if not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"'{dev_addr}' has no valid port (1 to 65535); write HOST:PORT, e.g. 127.0.0.1:8000")
    if not all(part.isalnum() or part in "-.:" for part in host):
        raise ValueError(f"'{host}' is not a host name or address; write HOST:PORT, e.g. 127.0.0.1:8000")
    return host, int(port)


def _watched(root: Path, path: Path) -> bool:
    """Whether a change to `path` can change the site (not the preview's own files, the site or editors' temp files)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return False
    return bool(parts) and parts[0] in WATCHED and not any(p.startswith(".") or p.endswith("~") for p in parts)

