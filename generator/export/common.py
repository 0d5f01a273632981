"""What every exporter shares: which part of the course to export, author Markdown as LMS-ready HTML, and names.

Content is untrusted input (README, Security), and an LMS shows what an export holds as HTML: every fragment an
exporter writes is made by `Html`, which renders Markdown exactly as the site's fragments are rendered, through the
site's sanitizer (`generator/sanitize.py`), so an export holds no HTML the site itself would not.
"""

from __future__ import annotations

import copy
import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from ..model import Course, Part, Quiz
from ..model.questions import AnyQuestion
from ..source_date import source_date
from ..model.markup import CITATION, GLOSSARY_LINK, LESSON_LINK, cited_keys
from ..render.citations import citation_label
from ..render.markdown import safe_html


@dataclass(frozen=True)
class Scope:
    """The part of the course one exported file holds: the whole course, or one module."""

    course: Course
    parts: tuple[Part, ...]
    name: str
    """The file's stem and the package's identifier: the course id, or '<course id>-<module id>'."""
    title: str
    root: Path | None = None
    """The course's folder, where its source files are (`course.sources` is relative to it), if known."""

    @property
    def is_course(self) -> bool:
        return self.name == self.course.info.id

    def quizzes(self) -> Iterator[tuple[Part, Quiz]]:
        """Every quiz in the scope, in teaching order, with its module."""
        for part in self.parts:
            for lesson in part.lessons:
                for quiz in part.quizzes.get(lesson.id, []):
                    yield part, quiz


def scopes(course: Course, module: str | None = None, *, root: Path | None = None) -> list[Scope]:
    """The whole course then each module, or only the module whose id is `module`."""
    info = course.info
    whole = Scope(course, tuple(course.parts), info.id, info.title, root)
    modules = [Scope(course, (p,), f"{info.id}-{p.module.id}", f"{info.title}: {p.module.title}", root)
               for p in course.parts]
    if module is not None:
        return [s for s in modules if s.parts[0].module.id == module]
    return [whole, *modules]


_LINK = re.compile(rf"\[([^\[\]]*)(?:{LESSON_LINK.pattern}|{GLOSSARY_LINK.pattern})")
"""A link into the site, exactly as the site reads one (a looser pattern would let the words left behind open a
tag that the validator, reading the text as the site does, saw inside a code span)."""


class Html:
    """Author Markdown as self-contained HTML for an LMS: citations become their author-year text, and links into
    the site (to lessons and glossary entries) become their words, since an LMS copy has no site beside it."""

    def __init__(self, course: Course):
        self.labels = {r.key: citation_label(r) for r in course.bibliography.references}

    def plain_markdown(self, text: str) -> str:
        text = CITATION.sub(lambda m: "(" + "; ".join(self.labels.get(k, k) for k in cited_keys(m[0])) + ")", text)
        return _LINK.sub(r"\1", text)

    def block(self, text: str | None) -> str:
        """Markdown to block HTML, sanitized as the site's fragments are."""
        if not text:
            return ""
        return safe_html(self.plain_markdown(text))

    def inline(self, text: str | None) -> str:
        html = self.block(text)
        if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
            return html[3:-4]
        return html

    def question_text(self, question: AnyQuestion) -> str:
        """The scenario (if any), the stem and the author's own instructions (if any), as one HTML fragment: the
        formats have no field for instructions, and an LMS would otherwise show its standard one."""
        instructions = f"<p><em>{escape(question.instructions)}</em></p>" if question.instructions else ""
        return self.block(question.scenario) + self.block(question.stem) + instructions

    def list(self, items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{self.inline(i)}</li>" for i in items) + "</ul>" if items else ""


def question_name(question: AnyQuestion) -> str:
    """What an LMS lists the question as: its title, else its id."""
    return question.title or question.id


def zip_bytes(files: dict[str, bytes], directories: tuple[str, ...] = ()) -> bytes:
    """A zip of `files` (path -> content) in path order, with fixed timestamps: the same input gives the same bytes."""
    buffer = io.BytesIO()
    stamp = _zip_time()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for directory in directories:
            info = zipfile.ZipInfo(directory.rstrip("/") + "/", stamp)
            info.external_attr = (0o40755 << 16) | 0x10
            archive.writestr(info, b"")
        for path in sorted(files):
            info = zipfile.ZipInfo(path, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path])
    return buffer.getvalue()


def _zip_time() -> tuple[int, int, int, int, int, int]:
    """SOURCE_DATE_EPOCH as a zip timestamp (zip cannot go before 1980)."""
    epoch = source_date()
    when = datetime.fromtimestamp(max(epoch, 315532800), tz=UTC)
    return when.year, when.month, when.day, when.hour, when.minute, when.second - when.second % 2


def xml_bytes(root: ET.Element, namespace: str | None = None) -> bytes:
    """An element tree as an indented UTF-8 XML document, with `namespace` (if any) as its default namespace.

    (ElementTree's own `default_namespace` refuses plain attribute names, and `register_namespace` is global.)
    """
    if namespace:
        root = copy.deepcopy(root)
        qualified = f"{{{namespace}}}"
        for element in root.iter():
            if isinstance(element.tag, str) and element.tag.startswith(qualified):
                element.tag = element.tag[len(qualified):]
        root.set("xmlns", namespace)
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8")
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body + b"\n"
