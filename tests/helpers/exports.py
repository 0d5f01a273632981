"""The every-type course the export tests build, and readers of what a SCORM package holds."""

from __future__ import annotations

import json
import posixpath
import re
import shutil
import zipfile
from pathlib import Path
from urllib.parse import unquote

from helpers.course_edits import TESTS, copy_course

EVERY_TYPE = TESTS / "fixtures" / "export" / "every-type.yml"


def course_with_every_type(dest: Path) -> Path:
    """The mini course with the every-type quiz added to its only lesson."""
    root = copy_course(dest)
    shutil.copy(EVERY_TYPE, root / "quizzes" / EVERY_TYPE.name)
    return root


def package_data(script: bytes) -> dict:
    """The data the SCORM package gives its adapter: `window.COURSEGEN_SCORM = {...};` after a comment line."""
    text = script.decode("ascii")
    match = re.fullmatch(r"/\*[^\n]*\*/\nwindow\.COURSEGEN_SCORM = (\{.*\});\n", text, re.S)
    assert match, text[:200]
    return json.loads(match[1])


def broken_links(archive: zipfile.ZipFile) -> list[str]:
    """Links and sources in the package's pages, and url()s in its stylesheets, that name a file it does not hold."""
    names = set(archive.namelist())
    broken = []
    for page in (n for n in names if n.endswith((".html", ".css"))):
        for href in re.findall(r'(?:href|src)="([^"#?]+)|url\("?([^")#?]+)', archive.read(page).decode()):
            href = href[0] or href[1]
            if re.match(r"^[a-z][a-z0-9+.-]*:|^/", href):
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(href)))
            if target not in names and f"{target}/index.html" not in names:
                broken.append(f"{page} -> {href}")
    return broken
