"""The quality gate (issue 4): every page of the real site, checked in a real browser and by the standard checkers.

- axe-core on every page, light and dark palette: no violations of any impact;
- the Nu HTML Checker on every page: no errors, bar a commented ignore list of Material markup we cannot change;
- linkchecker over HTTP: no broken internal links or anchors;
- Lighthouse 12.2.3, mobile, on home, a lesson and a quiz: accessibility = 1, best practices >= 0.95, and budgets
  that do not depend on how busy the machine is (bytes, requests, DOM size, no render-blocking script of ours);
  the performance score itself is timing, so `bench/lighthouse_bench.py` prints it instead;
- no request leaves 127.0.0.1 while any page loads (or while search runs);
- a keyboard-only walk home -> lesson -> quiz -> Progress with focus always visible and never under the header;
- the site works from file://;
- screenshots for a person: test-artifacts/screenshots/.

Tools come from scripts/setup-test-tools (Chromium and Java from apt, axe-core, vnu-jar and Lighthouse from npm).
"""

from __future__ import annotations

import configparser
import csv
import html as htmllib
import io
import json
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    ROOT,
    axe_violations,
    format_violations,
    is_local,
)

pytestmark = [pytest.mark.gate, pytest.mark.browser]

ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
LIGHTHOUSE_REPORTS = ARTIFACTS / "lighthouse"
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE_CLI = ROOT / "tools" / "lighthouse" / "node_modules" / "lighthouse" / "cli" / "index.js"
FOCUS_PROBE = (Path(__file__).parent / "focus_probe.js").read_text(encoding="utf-8")

SETTLE = """() => Promise.race([
    Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))),  // a cancelled one rejects
    new Promise(r => setTimeout(r, 1000)),
])"""
"""Wait for running CSS transitions and animations (a closing search overlay, a palette fade) to end."""


def _goto(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.evaluate(SETTLE)


# ---------------------------------------------------------------------------------------------------------------------
# axe-core
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scheme", "viewport"),
    [("light", DESKTOP), ("dark", DESKTOP), ("light", PHONE)],
    ids=["light", "dark", "light-phone"],  # the phone layout has its own drawer, header and target sizes
)
def test_axe_finds_no_violations_on_any_page(new_page, site, html_pages, scheme, viewport):
    page = new_page(scheme=scheme, viewport=viewport)
    failures = []
    for rel in _axe_pages(html_pages, scheme, viewport):
        _goto(page, site.url_for(rel))
        if scheme == "dark":
            assert page.evaluate("document.body.dataset.mdColorScheme") == "slate", f"{rel} did not open dark"
        violations = axe_violations(page)
        if violations:
            failures.append(format_violations(violations, where=f"{rel}: "))
    assert not failures, f"axe-core, {scheme} palette, {viewport['width']} px wide:\n" + "\n".join(failures)


def _axe_pages(html_pages: tuple[str, ...], scheme: str, viewport: dict) -> list[str]:
    """Every page, in every palette and width. The handouts are PDFs: tests/build/test_print.py checks their tagging
    (structure tree, language, title, table header scope, figure alternative text, and the `pdfua` checker)."""
    assert not [p for p in html_pages if p.startswith("print/")], "print/ holds PDFs only"
    return list(html_pages)


# ---------------------------------------------------------------------------------------------------------------------
# Nu HTML Checker
# ---------------------------------------------------------------------------------------------------------------------

# Errors we accept, each for Material markup we cannot change with a partial override. An entry matches when the
# message matches `message` AND the highlighted source matches `source`, so the same mistake in our own markup
# still fails.
VNU_IGNORE = [
    {
        # Material's base.html (not a partial, and outside every template block) has two hidden checkboxes that
        # drive the drawer and search toggles: <input class="md-toggle" type="checkbox" ... autocomplete="off">.
        # autocomplete is not allowed on checkboxes, but Firefox needs it to not restore their state on back/forward.
        # Overriding base.html whole to drop one attribute would freeze all of Material's page skeleton.
        "message": r'^Attribute .autocomplete. is only allowed when the input type is ',
        "source": r'^<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" autocomplete="off">$',
    },
]


def _vnu_ignored(message: dict) -> bool:
    extract = message.get("extract", "")
    start, length = message.get("hiliteStart", 0), message.get("hiliteLength", len(extract))
    source = extract[start : start + length]
    return any(
        re.search(rule["message"], message.get("message", "")) and re.search(rule["source"], source)
        for rule in VNU_IGNORE
    )


def test_nu_html_checker_finds_no_errors(site, html_pages):
    assert VNU_JAR.exists(), "vnu.jar missing: run scripts/setup-test-tools"
    proc = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--skip-non-html", "--errors-only", "--format", "json", str(site.dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(proc.stderr or proc.stdout)
    messages = report["messages"]
    checked = {unquote(urlsplit(m["url"]).path) for m in messages if "url" in m}
    errors = [m for m in messages if m["type"] in ("error", "non-document-error") and not _vnu_ignored(m)]
    lines = [
        f"{Path(unquote(urlsplit(m.get('url', '')).path)).relative_to(site.dir) if m.get('url') else '?'}"
        f":{m.get('lastLine', '?')}: {m['message']}\n      {m.get('extract', '').strip()[:200]}"
        for m in errors
    ]
    assert not errors, f"Nu HTML Checker ({report.get('version')}), {len(errors)} errors:\n" + "\n".join(lines)
    assert proc.returncode in (0, 1), proc.stderr[-2000:]  # 1: only ignored errors were found
    assert checked <= {str(site.dir / p) for p in html_pages}


# ---------------------------------------------------------------------------------------------------------------------
# linkchecker
# ---------------------------------------------------------------------------------------------------------------------


def test_every_link_to_a_part_of_a_page_finds_it(site, html_pages):
    """Each internal href with a #fragment names an id (or a name) on its target page. LinkChecker's own AnchorCheck
    fetched and parsed the target page again for every distinct fragment: 110 s here, against a second for this."""
    ids = {rel: set(re.findall(r'\s(?:id|name)="([^"]+)"', (site.dir / rel).read_text(encoding="utf-8")))
           for rel in html_pages}
    missing, checked = [], 0
    for rel in html_pages:
        for href in re.findall(r'\shref="([^"]+)"', (site.dir / rel).read_text(encoding="utf-8")):
            url = urlsplit(urljoin(f"/{rel}", htmllib.unescape(href)))
            if url.scheme or url.netloc or not url.fragment or url.path.endswith(".pdf"):
                continue
            target = url.path.lstrip("/") or "index.html"
            target = target + "index.html" if target.endswith("/") else target
            checked += 1
            if unquote(url.fragment) not in ids.get(target, set()):
                missing.append(f"{rel}: {href} (no such {'page' if target not in ids else 'anchor'})")
    assert checked > len(html_pages), checked  # links to a part of a page: several on each page
    assert not missing, f"{len(missing)} links to a missing anchor:\n  " + "\n  ".join(missing[:40])


def test_linkchecker_finds_no_broken_internal_links(site, html_pages):
    # Run as root, linkchecker drops to `nobody` at once: its config must sit where anyone can read it (pytest's own
    # temp folders are private to their owner). It reads the pages over HTTP, from our server.
    with tempfile.TemporaryDirectory(prefix="linkchecker-") as tmp:
        config_dir = Path(tmp)
        config_dir.chmod(0o755)
        config = configparser.ConfigParser()
        config["filtering"] = {"checkextern": "0"}
        config["checking"] = {"maxrequestspersecond": "1000"}  # our server opts in (conftest: LinkChecker header)
        config_file = config_dir / "linkcheckerrc"
        with config_file.open("w") as f:
            config.write(f)
        config_file.chmod(0o644)
        linkchecker = Path(sys.executable).with_name("linkchecker")
        # Start from every page, so pages that no navigation reaches (404.html, instructor notes) are checked too.
        cmd = [str(linkchecker), "--config", str(config_file), "--no-status", "--output", "csv", "--verbose",
               "--threads", "4", *(site.url_for(p) for p in html_pages)]
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, env={**os.environ, "HOME": tmp})
    rows = list(csv.DictReader(io.StringIO("\n".join(l for l in proc.stdout.splitlines() if not l.startswith("#"))),
                               delimiter=";"))
    assert rows, f"linkchecker reported nothing (exit {proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    broken = [r for r in rows if r["valid"] != "True" and is_local(r["url"] or r["urlname"])]
    lines = [f"{r['parentname']} line {r['line']}: {r['urlname']} -> {r['result']} {r['warningstring']}".strip()
             for r in broken]
    assert not lines, "broken internal links:\n" + "\n".join(lines)
    checked = {r["url"] for r in rows}
    missing = [p for p in html_pages if site.url_for(p) not in checked]
    assert not missing, f"linkchecker did not check {missing}"


# ---------------------------------------------------------------------------------------------------------------------
# Lighthouse
# ---------------------------------------------------------------------------------------------------------------------

LIGHTHOUSE_MINIMUM = {"accessibility": 1.0, "best-practices": 0.95}
"""Scores that do not depend on timing. Performance is timing: a busy machine lowers it, so it is a benchmark."""

PAGE_BUDGETS = {
    # kind: (bytes transferred, requests, DOM elements). About a quarter above what the pages weigh today, so a
    # regression (a new script, a heavier page) fails while a wording change does not.
    "home": (370_000, 18, 450),       # measured 298 KB, 14 requests, 334 elements
    "lesson": (390_000, 28, 1_100),   # 309 KB, 22 requests (figures), 840 elements
    "quiz": (390_000, 20, 1_600),     # 310 KB, 16 requests, 1,263 elements
}


def _lighthouse(url: str, name: str) -> dict:
    LIGHTHOUSE_REPORTS.mkdir(parents=True, exist_ok=True)
    out = LIGHTHOUSE_REPORTS / name
    cmd = [
        "node", str(LIGHTHOUSE_CLI), url,
        "--only-categories=performance,accessibility,best-practices",  # mobile is the default form factor
        "--output=json", "--output=html", f"--output-path={out}",
        "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
        "--quiet",
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=180, env={**os.environ, "CHROME_PATH": CHROMIUM})
    report_file = Path(f"{out}.report.json")
    assert proc.returncode == 0 and report_file.exists(), f"lighthouse failed on {url}:\n{proc.stderr[-3000:]}"
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert not report.get("runtimeError"), report["runtimeError"]
    return report


def _lighthouse_misses(report: dict) -> dict[str, str]:
    """Categories under their minimum, each with the audits that cost points."""
    misses = {}
    for cat_id, minimum in LIGHTHOUSE_MINIMUM.items():
        cat = report["categories"][cat_id]
        if cat["score"] is None or cat["score"] < minimum:
            costly = [
                f"{ref['id']} ({report['audits'][ref['id']]['score']}, {report['audits'][ref['id']].get('displayValue', '')})"
                for ref in cat["auditRefs"]
                if ref["weight"] and (report["audits"][ref["id"]]["score"] or 0) < 1
                and report["audits"][ref["id"]]["scoreDisplayMode"] not in ("notApplicable", "manual", "informative")
            ]
            misses[cat_id] = f"{cat['score']} < {minimum}: " + ", ".join(costly)
    return misses


def page_weight(report: dict) -> tuple[int, int, int]:
    """What Lighthouse measured that does not depend on timing: bytes transferred, requests, DOM elements."""
    requests = report["audits"]["network-requests"]["details"]["items"]
    return (sum(r.get("transferSize", 0) for r in requests), len(requests),
            int(report["audits"]["dom-size"]["numericValue"]))


def render_blocking_scripts(report: dict) -> list[str]:
    """Our own scripts that hold up the first paint (Material's bundle is deferred by Material itself)."""
    audit = report["audits"].get("render-blocking-resources") or report["audits"].get("render-blocking-insight") or {}
    items = (audit.get("details") or {}).get("items", [])
    return [i["url"] for i in items if i.get("url", "").endswith(".js") and "/assets/javascripts/" not in i["url"]]


@pytest.mark.parametrize("kind", ["home", "lesson", "quiz"])
def test_lighthouse_mobile(site, sample_pages, kind):
    url = site.url_for(getattr(sample_pages, kind))
    report = _lighthouse(url, kind)
    scores = {k: v["score"] for k, v in report["categories"].items() if k in LIGHTHOUSE_MINIMUM}
    misses = _lighthouse_misses(report)
    assert not misses, f"Lighthouse {report['lighthouseVersion']} on {url}: {scores}\n" + "\n".join(
        f"  {k}: {v}" for k, v in misses.items()
    )
    weight, budget = page_weight(report), PAGE_BUDGETS[kind]
    over = [f"{what} {got:,} > {most:,}" for what, got, most in zip(("bytes", "requests", "DOM elements"), weight, budget)
            if got > most]
    assert not over, f"{url} is over its budget: {', '.join(over)}"
    assert render_blocking_scripts(report) == []
    off_host = [r["url"] for r in report["audits"]["network-requests"]["details"]["items"] if not is_local(r["url"])]
    assert not off_host, f"Lighthouse saw requests leave 127.0.0.1: {off_host}"


# ---------------------------------------------------------------------------------------------------------------------
# No network
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_request_leaves_loopback(new_page, site, html_pages, viewport):
    page = new_page(viewport=viewport)
    failed: list[str] = []
    # A request cut short because the walk moved on to the next page (net::ERR_ABORTED, typically the favicon of a page
    # that has no script to wait for) is not a missing file: a missing file answers 404, which the response hook records.
    page.on("requestfailed", lambda r: r.failure != "net::ERR_ABORTED" and failed.append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} (HTTP {r.status})"))
    # Print pages have no script, so once loaded only their fonts are left to come. At phone width only what CSS
    # loads for that width can differ, which is the same for every page of one template: one module stands for all.
    modules = sorted({p.split("/")[0] for p in html_pages if p.endswith("/quiz.html")})
    for rel in html_pages:
        if not rel.startswith("print/") and (viewport is DESKTOP or rel.split("/")[0] not in modules[1:]):
            page.goto(site.url_for(rel), wait_until="networkidle")
        elif viewport is DESKTOP:
            page.goto(site.url_for(rel), wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
    if viewport is DESKTOP:
        # Search loads its worker and index lazily, on first use.
        with page.expect_response(lambda r: r.url.endswith("/search/search_index.json"), timeout=30_000):
            _goto(page, site.url_for("index.html"))
        page.locator("input.md-search__input").focus()
        title_word = re.findall(r"\w{4,}", page.locator("h1").first.inner_text())[0]  # "Rapport", a fork's own
        page.keyboard.type(title_word, delay=20)
        page.locator(".md-search-result__list > li").first.wait_for(timeout=30_000)
    urls = page.request_guard.urls
    assert any(u.endswith("/search/search_index.json") for u in urls) or viewport is PHONE
    off_host = sorted({u for u in urls if not is_local(u)})
    assert not off_host, "requests left 127.0.0.1:\n  " + "\n  ".join(off_host)
    # Not network, but the same recording shows it: a page must not ask the server for something that is missing.
    own_failures = [f for f in failed if is_local(f.split(" ")[0]) and not f.endswith("/404.html (HTTP 404)")]
    assert not own_failures, "requests that failed:\n  " + "\n  ".join(own_failures)


# ---------------------------------------------------------------------------------------------------------------------
# Keyboard-only walk
# ---------------------------------------------------------------------------------------------------------------------


class KeyboardWalk:
    """Drives a page with Tab, Enter, Space and the arrow keys only, checking the focus after every key."""

    MIN_RING_CONTRAST = 3.0  # WCAG 1.4.11: a focus indicator is a user-interface component

    def __init__(self, page):
        self.page = page
        self.log: list[str] = []  # every step, for the failure message
        self.problems: list[str] = []

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        self.page.evaluate(SETTLE)
        focus = self.page.evaluate(FOCUS_PROBE)
        where = urlsplit(self.page.url).path
        if focus["none"]:
            self.log.append(f"{where} {key}: focus left the page")
            return focus
        self.log.append(f"{where} {key}: {focus['desc']}")
        self._check(focus, f"{where}, after {key}, on {focus['desc']}")
        return focus

    def _check(self, focus: dict, where: str) -> None:
        ind = focus["indicator"]
        if ind is None:
            self.problems.append(f"{where}: no visible focus indicator (no outline or box-shadow)")
        elif ind["ratio"] is not None and ind["ratio"] < self.MIN_RING_CONTRAST:
            self.problems.append(f"{where}: focus {ind['kind']} contrast {ind['ratio']:.2f}:1 < 3:1")
        if not focus["onScreen"]:
            self.problems.append(f"{where}: focused element is not on screen (box {focus['box']})")
        if focus["underHeader"]:
            self.problems.append(
                f"{where}: hidden under the sticky header (element {focus['box']}, header {focus['headerBox']})"
            )
        elif focus["coveredBy"]:
            self.problems.append(f"{where}: covered by {focus['coveredBy']}")

    def tab_until(self, wanted, limit: int = 250, key: str = "Tab") -> dict:
        """Press Tab (or `key`) until `wanted(focus)`; fail after a whole cycle through the page or `limit` presses."""
        seen_none = 0
        for _ in range(limit):
            focus = self.press(key)
            if focus["none"]:
                seen_none += 1
                if seen_none > 2:
                    break
                continue
            if wanted(focus):
                return focus
        pytest.fail("keyboard walk: never reached the target; steps:\n  " + "\n  ".join(self.log[-60:]), pytrace=False)

    def follow(self, target_url: str, key: str = "Tab") -> None:
        """Tab (or Shift+Tab, as `key`) to a link to `target_url` and press Enter; wait for the new page."""
        self.tab_until(lambda f: f["tag"] == "A" and (f["href"] or "").split("#")[0] == target_url, key=key)
        self.press("Enter")
        self.page.wait_for_url(target_url)
        self.page.wait_for_load_state("load")
        self.page.evaluate(SETTLE)


def test_keyboard_only_walk_home_lesson_quiz_progress(page, site, sample_pages):
    walk = KeyboardWalk(page)
    _goto(page, site.url_for(sample_pages.home))
    # Home -> the first lesson. Nested navigation sections are collapsed on the home page, so the way in may be
    # through the module's overview page.
    lesson_url = site.url_for(sample_pages.lesson)
    module_url = site.url_for(sample_pages.lesson.split("/")[0] + "/index.html")
    focus = walk.tab_until(lambda f: f["tag"] == "A" and (f["href"] or "").split("#")[0] in (lesson_url, module_url))
    target = focus["href"].split("#")[0]
    walk.press("Enter")
    page.wait_for_url(target)
    page.evaluate(SETTLE)
    if target == module_url:
        walk.follow(lesson_url)
    assert page.url.split("#")[0] == lesson_url
    assert page.locator("h1").first.is_visible()

    # Through the lesson's own quiz: answer every question (Space, arrow keys), press each button. (The module's
    # quiz page is the module check, answered all at once: tests/browser/test_learner_browser.py walks it by keyboard.)
    focus = walk.tab_until(lambda f: f["inQuiz"])
    first_quiz = focus["quiz"]
    answered, pressed = 0, set()
    for _ in range(300):  # bounded: a widget that hands focus back (a reflection asks for text first) cannot loop
        if not (focus["none"] or (focus["inQuiz"] and focus["quiz"] in (first_quiz, None))):
            break
        if not focus["none"]:
            if focus["type"] == "radio":
                walk.press("Space")
                walk.press("ArrowDown")  # moves to, and selects, the next option of the group
                answered += 1
            elif focus["type"] == "checkbox":
                walk.press("Space")
                answered += 1
            elif focus["tag"] == "SELECT":
                walk.press("ArrowDown")  # a closed select changes its value with the arrow keys
                answered += 1
            elif focus["tag"] == "TEXTAREA" and not page.evaluate("document.activeElement.value"):
                page.keyboard.type("Listening first.")
                answered += 1
            elif ".qz-again" in focus["desc"]:
                pass  # "Try this quiz again" would clear the feedback this walk is here to see
            elif focus["tag"] == "BUTTON" and (focus["question"], focus["desc"]) not in pressed:
                walk.press("Enter")  # each button once: pressing again would only toggle or re-check
                pressed.add((focus["question"], focus["desc"]))
        focus = walk.press("Tab")
        if focus["none"]:
            break
    assert answered and pressed, f"the quiz had no answerable question or button; steps:\n  " + "\n  ".join(walk.log)
    feedback = page.locator("[role=status], [aria-live]").all_inner_texts()
    assert any(t.strip() for t in feedback), "checking answers by keyboard showed no feedback in a status region; steps:\n  " + "\n  ".join(walk.log)

    # Quiz -> Progress: back up from the quiz to the navigation, which comes before the lesson's content.
    walk.follow(site.url_for(sample_pages.progress), key="Shift+Tab")
    assert page.locator("h1").first.is_visible()
    assert not walk.problems, "keyboard focus problems:\n  " + "\n  ".join(walk.problems)


# ---------------------------------------------------------------------------------------------------------------------
# file://
# ---------------------------------------------------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value and name in ("href", "src") and not (tag == "link" and ("rel", "canonical") in attrs):
                self.urls.append(value)


def test_site_works_from_file_urls(new_page, site, html_pages, sample_pages):
    # Every relative link and asset of every page resolves to a file. (404.html is served for any missing URL, so
    # its links are root-absolute on purpose and only work over HTTP.)
    missing = []
    for rel in html_pages:
        if rel == "404.html":
            continue
        parser = _Links()
        parser.feed((site.dir / rel).read_text(encoding="utf-8"))
        for url in parser.urls:
            parts = urlsplit(url)
            if parts.scheme or url.startswith(("#", "//")):
                continue  # external, or javascript:/mailto:/data:, or in-page
            target = urlsplit(urljoin(site.file_url(rel), url))
            path = Path(unquote(target.path))
            if not path.is_file():
                missing.append(f"{rel}: {url}")
    assert not missing, "links that do not resolve under file://:\n  " + "\n  ".join(missing)

    # In the browser: pages render with their styles and scripts, and following a link by click works.
    page = new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    for rel in (sample_pages.home, sample_pages.lesson, sample_pages.quiz):
        page.goto(site.file_url(rel), wait_until="load")
        assert page.locator("h1").first.is_visible(), f"{rel} shows no heading from file://"
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky", (
            f"{rel}: Material's stylesheet did not load from file://"
        )
        assert page.evaluate("document.documentElement.classList.contains('js')"), f"{rel}: Material's script did not run"
    page.goto(site.file_url(sample_pages.home), wait_until="load")
    link = page.locator(f'nav.md-nav--primary a[href$="{sample_pages.progress}"]').first
    link.click()
    page.wait_for_url(site.file_url(sample_pages.progress))
    assert page.locator("h1").first.is_visible()
    assert not errors, f"script errors under file://: {errors}"


# ---------------------------------------------------------------------------------------------------------------------
# Screenshots for a person
# ---------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_screenshots(new_page, site, sample_pages, scheme, device):
    """Full-page screenshots in test-artifacts/screenshots/: {home,lesson,quiz}-{light,dark}-{desktop,phone}.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page = new_page(scheme=scheme, viewport=DESKTOP if device == "desktop" else PHONE)
    for kind in ("home", "lesson", "quiz"):
        _goto(page, site.url_for(getattr(sample_pages, kind)))
        path = SCREENSHOTS / f"{kind}-{scheme}-{device}.png"
        page.screenshot(path=str(path), full_page=True, animations="disabled")
        assert path.stat().st_size > 5_000, f"{path} looks empty"
