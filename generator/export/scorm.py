"""SCORM packages of the built site, for learners: SCORM 1.2 (`scorm`) and SCORM 2004 4th edition (`scorm2004`).

One SCO, opened at a launch page (`scorm.html`) that holds the run-time session while the course pages load in a
frame inside it. The launch page's script (`theme/assets/scorm-launch.js`) calls Initialize once when the LMS opens
it and Terminate (LMSFinish) once when it closes, with the session time; the course pages' adapter
(`theme/assets/scorm.js`) talks to that session, never to the LMS. Why not one SCO per lesson: every page links to
others (navigation, glossary, the lesson before and after), and a link followed inside a SCO's frame would run a
second lesson's pages in the first lesson's session; the launch page keeps the site as it is, gives the LMS one
score for the package, and the lessons still reach it, as objectives.

Every course page loads, just before the quiz widget's script, the package's data and the adapter. The data,
`assets/coursegen-scorm-data.js`, is a script so that it is there before the widget starts: the SCORM version, the
package's lessons in teaching order, each with its page and its questions' points, and a short code for every
question and lesson of the course, which keeps the saved answers within SCORM 1.2's 4,096 characters of
`cmi.suspend_data`. No answers are in it.

A learner package leaves out what is for facilitators (the facilitator editions, which hold the answer keys, the
facilitator packs and run-sheets of the workshops, the instructor pages) and what nobody in an LMS uses (source maps,
the sitemap, fonts no page or stylesheet names); links to what was left out are taken out of the pages. A module's
package holds the rest of the site too (its pages link to the rest of the course), but it opens at the module's
overview, and its score and status cover that module's lessons alone.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote

import jinja2

from ..model.questions import is_scored
from ..render.sitemap import page_paths
from ..render.templates import PACKAGE_TEMPLATES
from .common import Scope, xml_bytes, zip_bytes

SUFFIX = ".scorm.zip"
LAUNCH_PAGE = "scorm.html"
DATA_FILE = "assets/coursegen-scorm-data.js"
ADAPTER = "assets/scorm.js"
SESSION = "assets/scorm-launch.js"
SEARCH_INDEX = "search/search_index.json"
_QUIZ_SCRIPT = re.compile(rb'<script src="([^"]*)assets/quiz\.js"')

LEFT_OUT = (
    ("facilitator material (answer keys, facilitator packs, run-sheets, role-play group sets)",
     re.compile(r"^print/[^/]+-(?:facilitator|facilitator-pack|runsheet|group-set)\.(?:html|pdf)$")),
    ("instructor pages", re.compile(r"^instructor/")),
    ("source maps", re.compile(r"\.map$")),
    ("sitemap", re.compile(r"^sitemap\.xml(?:\.gz)?$")),
    ("the print pages' fonts (the PDFs embed their own; the print pages use the reader's fonts)",
     re.compile(r"^print/fonts/")),
)
"""What a learner package leaves out: (what it is, which paths)."""
UNUSED_FONTS = "fonts no page or stylesheet names"
OTHER_HANDOUTS = "other modules' handouts (a module's package keeps its own lessons' print files)"
_FONT = re.compile(r"\.(?:ttf|otf|woff2?)$")
_HANDOUT = re.compile(r"^print/(.+)-(?:worksheet|reading|roleplay-cards)\.(?:html|pdf)$")


@dataclass(frozen=True)
class Version:
    """What differs between the SCORM versions: the manifest's namespaces and labels."""

    name: str
    schema_version: str
    cp_ns: str
    adlcp_ns: str
    scorm_type: str
    """The attribute that marks the resource as a SCO: 'scormtype' in 1.2, 'scormType' in 2004."""


SCORM_12 = Version("1.2", "1.2", "http://www.imsproject.org/xsd/imscp_rootv1p1p2",
                   "http://www.adlnet.org/xsd/adlcp_rootv1p2", "scormtype")
SCORM_2004 = Version("2004", "2004 4th Edition", "http://www.imsglobal.org/xsd/imscp_v1p1",
                     "http://www.adlnet.org/xsd/adlcp_v1p3", "scormType")


def export(scope: Scope, site_dir: Path, version: Version = SCORM_12) -> tuple[bytes, list[str]]:
    """The learner package of `site_dir` (a site built from `scope.course`) for the scope's modules, and a report of
    its size and of what it leaves out."""
    if not (site_dir / "index.html").is_file():
        raise ValueError(f"{site_dir} is not a built site (it has no index.html)")
    site = {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in sorted(site_dir.rglob("*")) if p.is_file()}
    for needed in (ADAPTER, SESSION):
        if needed not in site:
            raise ValueError(f"{site_dir} has no {needed}: the theme's assets are missing")
    files, left = learner_files(site, scope)
    gone = {path for paths in left.values() for path in paths}
    for path, data in files.items():
        if path.endswith(".html"):
            files[path] = with_adapter(without_links(data, path, gone))
        elif path.endswith(".css"):
            files[path] = without_font_faces(data, path, gone)
    if files["index.html"] == site["index.html"]:
        raise ValueError("the home page does not load assets/quiz.js, so the SCORM adapter cannot be added before it")
    if SEARCH_INDEX in files:
        files[SEARCH_INDEX] = _search_without(files[SEARCH_INDEX], gone)
    files[DATA_FILE] = package_data(scope, version)
    files[LAUNCH_PAGE] = launch_html(scope, start_page(scope))
    files["imsmanifest.xml"] = manifest(scope, version, sorted(files))
    data = zip_bytes(files)
    return data, size_report(data, files, left, site)


def learner_files(site: dict[str, bytes], scope: Scope) -> tuple[dict[str, bytes], dict[str, list[str]]]:
    """The files a learner package of `scope` keeps, and the left-out ones by what they are."""
    left: dict[str, list[str]] = {what: [] for what, _ in LEFT_OUT}
    left[OTHER_HANDOUTS] = []
    others = set() if scope.is_course else {
        lesson.id for part in scope.course.parts if part not in scope.parts for lesson in part.lessons}
    kept = {}
    for path, data in site.items():
        what = next((what for what, pattern in LEFT_OUT if pattern.search(path)), None)
        handout = _HANDOUT.match(path)
        if handout and handout[1] in others:
            what = OTHER_HANDOUTS
        if what:
            left[what].append(path)
        else:
            kept[path] = data
    named = b"\n".join(data for path, data in kept.items() if path.endswith((".css", ".html")))
    left[UNUSED_FONTS] = [p for p in kept if _FONT.search(p) and posixpath.basename(p).encode() not in named]
    for path in left[UNUSED_FONTS]:
        del kept[path]
    return kept, {what: paths for what, paths in left.items() if paths}


_ENTRY = re.compile(rb'(?:, )?<a href="[^"]+">[^<]*</a> \((?:[^()<]*|(?:PDF; )?<a href="[^"]+">[^<]*</a>)\)'
                    rb'(?:: for the facilitator only)?')
"""A handout in a list: its link, then '(PDF)' or its print page's link, and whom it is for."""
_NAV_ITEM = re.compile(rb'<li class="md-nav__item[^"]*">(?:(?!</?li[ >]).)*?</li>', re.S)
_WHOLE = re.compile(rb'<link [^>]*?href="([^"]+)"[^>]*>'
                    rb'|<a href="([^"]+)" class="md-footer__link[^"]*"[^>]*>.*?</a>', re.S)
_LINK = re.compile(rb'<a [^>]*?href="([^"]+)"[^>]*>(.*?)</a>', re.S)
_EMPTY_ITEM = re.compile(rb"<li>\s*(?:<p>\s*</p>)?\s*</li>\s*")


def without_links(html: bytes, page: str, gone: set[str]) -> bytes:
    """The page without its links to files the package left out: a handout's entry in a list goes whole (its link,
    '(PDF)' or its print page's link, and whom it is for), as do a navigation entry, a footer link and a
    `<link rel=next>`; any other such link keeps only its words."""
    def is_gone(href: bytes) -> bool:
        target = href.decode().split("#")[0]
        if not target or re.match(r"^[a-z][a-z0-9+.-]*:|^/", target):
            return False
        return posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(target))) in gone

    if not gone:
        return html
    html = _ENTRY.sub(lambda m: b"" if all(map(is_gone, re.findall(rb'href="([^"]+)"', m[0]))) else m[0], html)
    html = _NAV_ITEM.sub(lambda m: b"" if any(is_gone(h) for h in re.findall(rb'href="([^"]+)"', m[0])) else m[0], html)
    html = _WHOLE.sub(lambda m: b"" if is_gone(m[1] or m[2]) else m[0], html)
    html = _LINK.sub(lambda m: m[2] if is_gone(m[1]) else m[0], html)
    return _EMPTY_ITEM.sub(b"", html)


_FONT_FACE = re.compile(rb"@font-face\s*\{[^}]*\}\s*")


def without_font_faces(css: bytes, path: str, gone: set[str]) -> bytes:
    """The stylesheet without its @font-face rules for fonts the package left out (the browser would ask for them)."""
    def is_gone(rule: bytes) -> bool:
        return any(posixpath.normpath(posixpath.join(posixpath.dirname(path), url.decode())) in gone
                   for url in re.findall(rb'url\("?([^")]+)"?\)', rule))
    return _FONT_FACE.sub(lambda m: b"" if is_gone(m[0]) else m[0], css)


def _search_without(index: bytes, gone: set[str]) -> bytes:
    """The search index without the pages the package left out (they would show up in results, answers and all)."""
    data = json.loads(index)
    data["docs"] = [d for d in data.get("docs", []) if d.get("location", "").split("#")[0] not in gone]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def with_adapter(html: bytes) -> bytes:
    """The page with the package data and the SCORM adapter loaded just before the quiz script (all three deferred,
    so they run in that order)."""
    def scripts(m: re.Match[bytes]) -> bytes:
        return b"".join(b'<script src="' + m[1] + path.encode() + b'" defer></script>'
                        for path in (DATA_FILE, ADAPTER)) + m[0]
    return _QUIZ_SCRIPT.sub(scripts, html, count=1)


def start_page(scope: Scope) -> str:
    """The course page the launch page opens: the home page for the course, the module's overview for a module."""
    if scope.is_course:
        return "index.html"
    return _html(page_paths(scope.course)[scope.parts[0].module.id].path)


def launch_html(scope: Scope, start: str) -> bytes:
    """The launch page: the session script, and the course in a frame."""
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(PACKAGE_TEMPLATES), autoescape=True)
    return environment.get_template("export/scorm-launch.html").render(
        language=scope.course.info.language, title=scope.title, data=DATA_FILE, session=SESSION,
        start=quote(start)).encode()


def _html(md_path: str) -> str:
    return md_path.removesuffix(".md") + ".html"


def package_data(scope: Scope, version: Version = SCORM_12) -> bytes:
    """The script that tells the adapter the SCORM version, the storage prefix, the package's lessons with their
    pages and question points, and the short codes of every question and lesson of the course."""
    pages = page_paths(scope.course)
    info = scope.course.info
    lessons = []
    for part in scope.parts:
        for lesson in part.lessons:
            questions = {q.id: _number(q.points if is_scored(q) else 0)
                         for quiz in part.quizzes.get(lesson.id, []) for q in quiz.questions}
            lessons.append({"id": lesson.id, "url": _html(pages[lesson.id].path), "questions": questions})
    question_ids = [q.id for part in scope.course.parts for quizzes in part.quizzes.values()
                    for quiz in quizzes for q in quiz.questions]
    data = {"scorm": version.name, "course": f"{info.id}@{info.version}", "title": scope.title, "lessons": lessons,
            "questionCodes": short_codes(question_ids),
            "lessonCodes": short_codes([lesson.id for _, lesson in scope.course.lessons])}
    text = json.dumps(data, ensure_ascii=True, indent=1, sort_keys=True)
    return (f"/* coursegen export scorm: this package's lessons, for assets/scorm.js. */\n"
            f"window.COURSEGEN_SCORM = {text};\n").encode()


def short_codes(ids: list[str]) -> dict[str, str]:
    """A short code for each id, from the id alone (so the same in every export of the course): 5 base-36 characters
    of its SHA-256, or 8 for every id when two of them would share a code."""
    for length in (5, 8, 64):
        codes = {i: _base36(int(hashlib.sha256(i.encode()).hexdigest(), 16))[:length] for i in ids}
        if len(set(codes.values())) == len(codes):
            return codes
    raise AssertionError("unreachable: SHA-256 prefixes of 64 base-36 digits do not collide")


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while n:
        n, r = divmod(n, 36)
        out += digits[r]
    return out or "0"


def _number(value: float) -> float | int:
    return int(value) if value == int(value) else value


def manifest(scope: Scope, version: Version, files: list[str]) -> bytes:
    """imsmanifest.xml for one SCO that opens the launch page and consists of `files` (and the manifest itself)."""
    ET.register_namespace("adlcp", version.adlcp_ns)
    def cp(tag: str) -> str:
        return f"{{{version.cp_ns}}}{tag}"

    m = ET.Element(cp("manifest"), identifier=f"scorm-{scope.name}", version=scope.course.info.version)
    meta = ET.SubElement(m, cp("metadata"))
    ET.SubElement(meta, cp("schema")).text = "ADL SCORM"
    ET.SubElement(meta, cp("schemaversion")).text = version.schema_version
    organizations = ET.SubElement(m, cp("organizations"), default=f"org-{scope.name}")
    organization = ET.SubElement(organizations, cp("organization"), identifier=f"org-{scope.name}")
    ET.SubElement(organization, cp("title")).text = scope.title
    item = ET.SubElement(organization, cp("item"), identifier=f"item-{scope.name}", identifierref=f"sco-{scope.name}",
                         isvisible="true")
    ET.SubElement(item, cp("title")).text = scope.title
    resources = ET.SubElement(m, cp("resources"))
    resource = ET.SubElement(resources, cp("resource"), {
        "identifier": f"sco-{scope.name}", "type": "webcontent", f"{{{version.adlcp_ns}}}{version.scorm_type}": "sco",
        "href": LAUNCH_PAGE})
    for path in files:
        if path != "imsmanifest.xml":
            ET.SubElement(resource, cp("file"), href=quote(path))
    return xml_bytes(m, version.cp_ns)


def size_report(package: bytes, files: dict[str, bytes], left: dict[str, list[str]],
                site: dict[str, bytes]) -> list[str]:
    """The package's size, and what it leaves out with what that would have weighed (uncompressed)."""
    lines = [f"package: {_mb(len(package))} ({len(files)} files, {_mb(sum(map(len, files.values())))} unpacked)"]
    for what, paths in left.items():
        lines.append(f"left out: {what}: {len(paths)} files, {_mb(sum(len(site[p]) for p in paths))} unpacked")
    return lines


def _mb(size: int) -> str:
    return f"{size / 1e6:.1f} MB"
