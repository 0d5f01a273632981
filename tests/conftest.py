"""Shared fixtures: the real site, built once per session, served on loopback, and opened in Debian's Chromium.

Fixtures (all plain `playwright.sync_api`; pytest-playwright is not used):

- `site`          session: builds the real course with the generator, in a copy of the project in a temp folder
                  (its own .cache/, lock file and site; the suite's `SOURCE_DATE`), and serves it (`BuiltSite`).
- `base_url`      session: the origin that serves `site`, e.g. ``http://127.0.0.1:41234`` (no trailing slash).
- `html_pages`    session: every HTML page of the built site, as paths relative to its root ("m1/quiz.html").
- `sample_pages`  session: home, the first lesson, its module's quiz and Progress (`SamplePages`).
- `browser`       session: one headless Chromium for the whole run.
- `new_page`      factory: ``new_page(scheme="dark", viewport=PHONE)`` gives a fresh context + page with the guard.
- `page`          a fresh context + page (desktop 1280×900, light) with the guard.
- `axe_violations(page)` (plain function): runs axe-core in the page and returns its violations.

The guard records every request the browser makes and fails the test if one goes anywhere but 127.0.0.1
(or file:, data:, blob:). Off-host requests are also aborted, so a stray font or CDN fetch fails fast instead of
hanging on a network that CI does not have.

Option: ``--update-goldens`` rewrites the golden files (tests/golden/) instead of comparing with them.

Environment:
- ``TEST_SITE_DIR``: serve this already-built site instead of building one (for debugging a build by hand).
  It should have been built with ``SITE_URL=http://127.0.0.1:$TEST_PORT/``, or instant navigation breaks.
- ``TEST_PORT``: the port to serve on (default: a free one).
- ``CHROMIUM``: the browser binary (default: Debian's /usr/bin/chromium).
"""

from __future__ import annotations

import gzip
import http.server
import json
import os
import posixpath
import re
import shutil
import socket
import stat
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Flags tested in shared/research/test-tools.md: no sandbox as root, no GPU, and as little of Chromium's own
# background traffic (updates, sync, field trials) as the flags allow.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-features=AutofillServerCommunication,NetworkTimeServiceQuerying",
]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

LOOPBACK = "127.0.0.1"

SHIPPED_COURSE = "rapport"
"""The id of the course this repository ships. Tests marked `shipped_course` check its content (its lessons, its
size, its readability); a fork whose content/course.yml has another id skips them, so its `make test` tests the
code, not our course."""


SOURCE_DATE = 1700000000
"""The date every build of the suite passes (2023-11-14 22:13:20 UTC) as its source date, so that its PDFs, zips and
notes are dated alike in every run: never the clock, the project's last commit or the caller's SOURCE_DATE_EPOCH."""

PROJECT_FILES = ("content", "quizzes", "workshops", "theme", "mkdocs.yml", "course.lock.json")
"""What a build reads from a project folder: `copy_project` copies these and nothing else."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite the golden files (tests/golden/: outputs, error reports, Typst of each construct) "
                          "from what the generator makes now (then review `git diff tests/golden` before committing)")


@pytest.fixture(scope="session")
def update_goldens(pytestconfig: pytest.Config) -> bool:
    """Whether this run rewrites the golden outputs (`--update-goldens`) rather than comparing with them."""
    return bool(pytestconfig.getoption("--update-goldens"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    course = ROOT / "content" / "course.yml"
    try:
        course_id = yaml.safe_load(course.read_text(encoding="utf-8")).get("id")
    except (OSError, AttributeError, yaml.YAMLError):
        course_id = None
    if course_id == SHIPPED_COURSE:
        return
    skip = pytest.mark.skip(reason=f"content/course.yml is the course '{course_id}', not the shipped '{SHIPPED_COURSE}'")
    for item in items:
        if "shipped_course" in item.keywords:
            item.add_marker(skip)


# ---------------------------------------------------------------------------------------------------------------------
# The built site and its server
# ---------------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltSite:
    """A site built by the generator: where it is on disk and where it is served."""

    dir: Path
    url: str  # the origin, without a trailing slash: http://127.0.0.1:PORT
    pages: tuple[str, ...] = field(default=())  # every .html file, relative, POSIX, sorted

    def url_for(self, page: str) -> str:
        """The served URL of a page given relative to the site root ("m1/quiz.html" or "/m1/quiz.html")."""
        return f"{self.url}/{page.lstrip('/')}"

    def file_url(self, page: str) -> str:
        """The file:// URL of a page."""
        return (self.dir / page.lstrip("/")).as_uri()


# Text types worth compressing; Lighthouse's "enable text compression" audit expects them gzipped.
_COMPRESSIBLE = re.compile(r"^(text/|application/(javascript|json|xml|manifest\+json)|image/svg\+xml)")


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files like a production host would serve them: gzip for text, long cache for assets.

    The gzip and cache headers matter to Lighthouse only (performance and best-practice audits); they change no
    page content. Compressed bodies are cached in memory by (path, mtime).
    """

    _gzip_cache: dict[tuple[str, float], bytes] = {}
    _gzip_lock = threading.Lock()

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "text/javascript",
        ".mjs": "text/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".webmanifest": "application/manifest+json",
        ".woff2": "font/woff2",
    }

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - signature from the stdlib
        pass

    def end_headers(self) -> None:
        # LinkChecker waits 0.1-0.6 s between requests to a host unless the host answers with this header: the
        # documented opt-in of a server that can take full speed. Without it the link check takes ten times longer.
        self.send_header("LinkChecker", "unthrottled")
        path = urlsplit(self.path).path
        if path.endswith((".html", "/")) or path == "":
            self.send_header("Cache-Control", "no-cache")
        else:
            self.send_header("Cache-Control", "public, max-age=31536000")
        super().end_headers()

    def do_GET(self) -> None:
        if not self._send_gzipped(head=False):
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._send_gzipped(head=True):
            super().do_HEAD()

    def _send_gzipped(self, *, head: bool) -> bool:
        if "gzip" not in self.headers.get("Accept-Encoding", ""):
            return False
        url_path = urlsplit(self.path).path
        fs_path = Path(self.translate_path(self.path))
        if fs_path.is_dir():
            if not url_path.endswith("/"):
                return False  # let the stdlib send its redirect
            fs_path = fs_path / "index.html"
        if not fs_path.is_file():
            return False
        ctype = self.guess_type(str(fs_path))
        if not _COMPRESSIBLE.match(ctype):
            return False
        mtime = fs_path.stat().st_mtime
        key = (str(fs_path), mtime)
        with self._gzip_lock:
            body = self._gzip_cache.get(key)
        if body is None:
            body = gzip.compress(fs_path.read_bytes(), compresslevel=6, mtime=0)
            with self._gzip_lock:
                self._gzip_cache[key] = body
        self.send_response(200)
        self.send_header("Content-Type", ctype + ("; charset=utf-8" if ctype.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if not head:
            self.wfile.write(body)
        return True


class _SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        # Browsers drop connections they no longer need (prefetch, cancelled navigations): not a test failure.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def serve(directory: Path, port: int = 0) -> tuple[_SiteServer, str]:
    """Serve `directory` on 127.0.0.1 in a daemon thread; returns the server and its origin URL."""

    def handler(*args, **kwargs):
        return _SiteHandler(*args, directory=str(directory), **kwargs)

    httpd = _SiteServer((LOOPBACK, port), handler)
    threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True).start()
    return httpd, f"http://{LOOPBACK}:{httpd.server_address[1]}"


def copy_project(source: Path, dest: Path) -> Path:
    """A copy of the course project at `source` in `dest` (its `PROJECT_FILES`), so that a build there keeps its
    .cache/, its course.lock.json and its site out of `source`."""
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        if (source / name).is_dir():
            shutil.copytree(source / name, dest / name)
        elif (source / name).is_file():
            shutil.copy2(source / name, dest / name)
    return dest


def coursegen_env(user_cache: Path) -> dict[str, str]:
    """The environment of a `coursegen` run in the suite: the suite's source date, no site URL of the caller's, and
    `user_cache` as the user's cache folder (where the build keeps the key that signs .cache/), not ~/.cache."""
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "SITE_URL")}
    return {**env, "SOURCE_DATE_EPOCH": str(SOURCE_DATE), "NO_MKDOCS_2_WARNING": "1", "XDG_CACHE_HOME": str(user_cache)}


def build_site(root: Path, site_dir: Path, site_url: str, user_cache: Path) -> None:
    """Build the course project at `root` with the generator's CLI, as a user would, for `site_url`."""
    cmd = [sys.executable, "-m", "generator", "--root", str(root), "build", "--strict", "--site-dir", str(site_dir),
           "--site-url", site_url]
    proc = subprocess.run(cmd, cwd=root, env=coursegen_env(user_cache), capture_output=True, text=True, timeout=1200)
    if proc.returncode != 0:
        pytest.fail(
            f"site build failed ({' '.join(cmd)}, exit {proc.returncode}):\n{proc.stdout}\n{proc.stderr}",
            pytrace=False,
        )


def _make_world_readable(root: Path) -> None:
    """Let any user read the built site (tools that drop root privileges, such as linkchecker, run as `nobody`)."""
    for path in [root, *root.rglob("*")]:
        extra = stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH
        if path.is_dir():
            extra |= stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH
        os.chmod(path, path.stat().st_mode | extra)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltSite]:
    """The real course, built once per session, served on 127.0.0.1 at the URL it was built for.

    Hermetic: it builds a copy of the project in a temp folder, so the build's cache, lock file, site and signing
    key are its own and nothing is written into the repository or the home folder, with the suite's `SOURCE_DATE`.
    Two runs on the same port give the same bytes. The port is chosen before the build so that `site_url` matches
    the origin: Material's instant navigation only intercepts links on the site's own origin.
    """
    prebuilt = os.environ.get("TEST_SITE_DIR")
    port = int(os.environ.get("TEST_PORT", "0")) or _free_port()
    if prebuilt:
        site_dir = Path(prebuilt).resolve()
    else:
        work = tmp_path_factory.mktemp("built")
        site_dir = work / "site"
        build_site(copy_project(ROOT, work / "project"), site_dir, f"http://{LOOPBACK}:{port}/", work / "user-cache")
    _make_world_readable(site_dir)
    httpd, url = serve(site_dir, port)
    pages = tuple(sorted(p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*.html")))
    try:
        yield BuiltSite(dir=site_dir, url=url, pages=pages)
    finally:
        httpd.shutdown()
        httpd.server_close()


LESSON_PAGE = re.compile(r"^(?!instructor/)[^/]+/(?!index\.html$|quiz\.html$)[^/]+\.html$")
QUIZ_PAGE = re.compile(r"^[^/]+/quiz\.html$")


@dataclass(frozen=True)
class SamplePages:
    """One page of each kind, for checks too slow to run on every page (Lighthouse, screenshots, the walk)."""

    home: str
    lesson: str  # the first lesson in the navigation
    quiz: str  # the quiz of that lesson's module (else the first quiz)
    progress: str


def _nav_links(site_dir: Path, page: str) -> list[str]:
    """The primary-navigation links of one page, in order, relative to the site root."""
    html = (site_dir / page).read_text(encoding="utf-8")
    base = posixpath.dirname(page)
    links = []
    for href in re.findall(r'<a href="([^"#]+)"[^>]*class="md-nav__link', html):
        rel = posixpath.normpath(posixpath.join(base, href))
        if (site_dir / rel).is_file():
            links.append(rel)
    return links


def nav_order(site_dir: Path) -> list[str]:
    """The pages of the navigation in reading order, relative to the site root.

    With `navigation.prune` a page's navigation lists only the open section, so each module's overview page is
    read too, for the pages of that module.
    """
    order: list[str] = []
    for top in _nav_links(site_dir, "index.html"):
        for rel in [top, *(_nav_links(site_dir, top) if top.endswith("/index.html") else [])]:
            if rel not in order and (rel == top or rel.startswith(posixpath.dirname(top) + "/")):
                order.append(rel)
    return order


@pytest.fixture(scope="session")
def sample_pages(site: BuiltSite) -> SamplePages:
    """Home, the first lesson, its module's quiz and the Progress page of the built site."""
    in_nav = nav_order(site.dir)
    order = in_nav + [p for p in site.pages if p not in in_nav]
    lessons = [p for p in order if LESSON_PAGE.match(p)]
    quizzes = [p for p in order if QUIZ_PAGE.match(p)]
    assert lessons, f"no lesson page (<module>/<lesson>.html) among {order}"
    assert quizzes, f"no quiz page (<module>/quiz.html) among {order}"
    module = lessons[0].split("/")[0]
    quiz = f"{module}/quiz.html" if f"{module}/quiz.html" in quizzes else quizzes[0]
    assert "progress.html" in site.pages, "no progress.html in the built site"
    return SamplePages(home="index.html", lesson=lessons[0], quiz=quiz, progress="progress.html")


@pytest.fixture(scope="session")
def base_url(site: BuiltSite) -> str:
    """The origin serving the built site, e.g. http://127.0.0.1:41234 (no trailing slash)."""
    return site.url


@pytest.fixture(scope="session")
def html_pages(site: BuiltSite) -> tuple[str, ...]:
    """Every HTML page of the built site, relative to its root, sorted."""
    return site.pages


# ---------------------------------------------------------------------------------------------------------------------
# The browser, and pages with a network guard
# ---------------------------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless Debian Chromium for the whole session (never `playwright install`: its CDN is blocked)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run scripts/setup-test-tools", pytrace=False)
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        pw.stop()


def is_local(url: str) -> bool:
    """True for a URL the site may load: 127.0.0.1 over http(s)/ws(s), or a file:, data:, blob: or about: URL."""
    parts = urlsplit(url)
    if parts.scheme in {"file", "data", "blob", "about", "chrome-error"}:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname == LOOPBACK


class RequestGuard:
    """Records every request a browser context makes; lists those that leave 127.0.0.1."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def attach(self, context) -> None:
        context.on("request", lambda request: self.urls.append(request.url))
        # Abort (after recording) anything off-host, so it fails at once instead of waiting on a network CI
        # does not have. The predicate runs only for off-host URLs' routing decision.
        context.route(lambda url: not is_local(url), lambda route: route.abort("blockedbyclient"))

    @property
    def off_host(self) -> list[str]:
        return [u for u in self.urls if not is_local(u)]


def palette_colors(site_dir: Path) -> dict[str, dict]:
    """Material's palette options from the built home page, by scheme name ("default", "slate")."""
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    palettes = {}
    for index, tag in enumerate(re.findall(r'<input class="md-option"[^>]*name="__palette"[^>]*>', html)):
        attrs = dict(re.findall(r'data-md-color-(media|scheme|primary|accent)="([^"]*)"', tag))
        palettes.setdefault(attrs.get("scheme", ""), {"index": index, "color": attrs})
    return palettes


@pytest.fixture(scope="session")
def _palettes(site: BuiltSite) -> dict[str, dict]:
    return palette_colors(site.dir)


@pytest.fixture
def new_page(browser, site: BuiltSite, _palettes) -> Iterator[Callable[..., object]]:
    """Factory for fresh, guarded pages: ``new_page(scheme="light"|"dark", viewport=DESKTOP|PHONE, **context_kw)``.

    A dark page starts dark the way a returning reader's does: Material's stored palette choice is seeded before
    any page script runs, and the browser also reports `prefers-color-scheme: dark`.
    All contexts it made are closed, and the network guard is checked, when the test ends.
    """
    made: list[tuple[object, RequestGuard]] = []

    def make(scheme: str = "light", viewport: dict | None = None, **context_kw):
        context = browser.new_context(
            viewport=viewport or DESKTOP,
            color_scheme="dark" if scheme == "dark" else "light",
            base_url=site.url,
            **context_kw,
        )
        guard = RequestGuard()
        guard.attach(context)
        if scheme == "dark":
            stored = _palettes.get("slate")
            if stored is None:
                pytest.fail("the site has no dark ('slate') palette toggle", pytrace=False)
            context.add_init_script(
                "try { localStorage.setItem('/.__palette', %s) } catch (e) {}" % json.dumps(json.dumps(stored))
            )
        made.append((context, guard))
        page = context.new_page()
        page.request_guard = guard  # tests may inspect page.request_guard.urls
        return page

    yield make
    off_host = sorted({u for _, guard in made for u in guard.off_host})
    for context, _ in made:
        context.close()
    assert not off_host, "requests left 127.0.0.1:\n  " + "\n  ".join(off_host)


@pytest.fixture
def page(new_page):
    """A fresh desktop page (1280×900, light palette) in its own context, with the network guard."""
    return new_page()


# ---------------------------------------------------------------------------------------------------------------------
# axe-core
# ---------------------------------------------------------------------------------------------------------------------


def axe_violations(page, context: str | None = None, tags: list[str] | None = None) -> list[dict]:
    """Run axe-core (from node_modules) on the page, or on the elements matching `context`; return violations.

    axe is evaluated through the DevTools protocol rather than added as a <script> element, so it also runs on
    pages served with a Content-Security-Policy that forbids inline scripts.
    """
    if not page.evaluate("() => typeof window.axe === 'object'"):
        if not AXE_JS.exists():
            pytest.fail(f"{AXE_JS} not found: run scripts/setup-test-tools", pytrace=False)
        page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;undefined")
    options = {"runOnly": {"type": "tag", "values": tags or AXE_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("([ctx, opts]) => axe.run(ctx || document, opts)", [context, options])
    return result["violations"]


def format_violations(violations: list[dict], where: str = "") -> str:
    """One readable block per violated rule: rule, impact, help, and each offending node's selector and summary."""
    lines = []
    for v in violations:
        lines.append(f"{where}[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} nodes)")
        for node in v["nodes"][:8]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary[:300]}")
    return "\n".join(lines)
