"""A SCORM 1.2 package: the built site as one SCO, with `imsmanifest.xml` naming every file.

Every page of the package loads, just before the quiz widget's script, the package's data and the adapter
`theme/assets/scorm.js` (the public site loads neither): it finds the LMS's API, restores saved answers and reports
scores and status. The data, `assets/coursegen-scorm-data.js`, is a script so that it is there before the widget
starts: the package's lessons in teaching order, each with its page and its questions' points, and a short code for
every question and lesson of the course, which keeps the saved answers within SCORM 1.2's 4,096 characters of
`cmi.suspend_data`. No answers are in it.

A module's package holds the whole site too (its pages link to the rest of the course), but it opens at the module's
overview, and its score and status cover that module's lessons alone.
"""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

from ..model.questions import is_scored
from ..render.sitemap import page_paths
from .common import Scope, xml_bytes, zip_bytes

SUFFIX = ".scorm.zip"
DATA_FILE = "assets/coursegen-scorm-data.js"
ADAPTER = "assets/scorm.js"
_QUIZ_SCRIPT = re.compile(rb'<script src="([^"]*)assets/quiz\.js"')

CP_NS = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP_NS = "http://www.adlnet.org/xsd/adlcp_rootv1p2"


def export(scope: Scope, site_dir: Path) -> tuple[bytes, list[str]]:
    """The package of `site_dir` (a site built from `scope.course`) for the scope's modules."""
    if not (site_dir / "index.html").is_file():
        raise ValueError(f"{site_dir} is not a built site (it has no index.html)")
    files = {p.relative_to(site_dir).as_posix(): p.read_bytes()
             for p in sorted(site_dir.rglob("*")) if p.is_file()}
    if ADAPTER not in files:
        raise ValueError(f"{site_dir} has no {ADAPTER}: the theme's assets are missing")
    for path, data in files.items():
        if path.endswith(".html"):
            files[path] = with_adapter(data)
    if files["index.html"] == (site_dir / "index.html").read_bytes():
        raise ValueError("the home page does not load assets/quiz.js, so the SCORM adapter cannot be added before it")
    files[DATA_FILE] = package_data(scope)
    files["imsmanifest.xml"] = manifest(scope, launch_page(scope), sorted(files))
    return zip_bytes(files), []


def with_adapter(html: bytes) -> bytes:
    """The page with the package data and the SCORM adapter loaded just before the quiz script (all three deferred,
    so they run in that order)."""
    def scripts(m: re.Match) -> bytes:
        return b"".join(b'<script src="' + m[1] + path.encode() + b'" defer></script>' for path in (DATA_FILE, ADAPTER)) + m[0]
    return _QUIZ_SCRIPT.sub(scripts, html, count=1)


def launch_page(scope: Scope) -> str:
    """The page the LMS opens: the home page for the course, the module's overview for a module."""
    if scope.is_course:
        return "index.html"
    return _html(page_paths(scope.course)[scope.parts[0].module.id].path)


def _html(md_path: str) -> str:
    return md_path.removesuffix(".md") + ".html"


def package_data(scope: Scope) -> bytes:
    """The script that tells the adapter the storage prefix, the package's lessons with their pages and question
    points, and the short codes of every question and lesson of the course."""
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
    data = {"course": f"{info.id}@{info.version}", "title": scope.title, "lessons": lessons,
            "questionCodes": short_codes(question_ids),
            "lessonCodes": short_codes([lesson.id for _, lesson in scope.course.lessons])}
    text = json.dumps(data, ensure_ascii=True, indent=1, sort_keys=True)
    return f"/* coursegen export scorm: this package's lessons, for assets/scorm.js. */\nwindow.COURSEGEN_SCORM = {text};\n".encode()


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


def manifest(scope: Scope, launch: str, files: list[str]) -> bytes:
    """imsmanifest.xml for one SCO that opens `launch` and consists of `files` (and the manifest itself)."""
    ET.register_namespace("adlcp", ADLCP_NS)
    cp = lambda tag: f"{{{CP_NS}}}{tag}"  # noqa: E731
    m = ET.Element(cp("manifest"), identifier=f"scorm-{scope.name}", version=scope.course.info.version)
    meta = ET.SubElement(m, cp("metadata"))
    ET.SubElement(meta, cp("schema")).text = "ADL SCORM"
    ET.SubElement(meta, cp("schemaversion")).text = "1.2"
    organizations = ET.SubElement(m, cp("organizations"), default=f"org-{scope.name}")
    organization = ET.SubElement(organizations, cp("organization"), identifier=f"org-{scope.name}")
    ET.SubElement(organization, cp("title")).text = scope.title
    item = ET.SubElement(organization, cp("item"), identifier=f"item-{scope.name}", identifierref=f"sco-{scope.name}",
                         isvisible="true")
    ET.SubElement(item, cp("title")).text = scope.title
    resources = ET.SubElement(m, cp("resources"))
    resource = ET.SubElement(resources, cp("resource"), {
        "identifier": f"sco-{scope.name}", "type": "webcontent", f"{{{ADLCP_NS}}}scormtype": "sco", "href": quote(launch)})
    for path in files:
        if path != "imsmanifest.xml":
            ET.SubElement(resource, cp("file"), href=quote(path))
    return xml_bytes(m, CP_NS)
