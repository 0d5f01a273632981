"""Text lints: what would surprise an author once the page is published (a TODO, curly quotes around a value, a
table header cell left empty, Markdown this site does not render, a very large lesson). Warnings, never errors."""

from __future__ import annotations

import re

from ..load import Document
from .sink import Sink

MAX_LESSON_BYTES = 200_000
"""Above this a lesson makes a slow page: suggest splitting it."""

UNRENDERED_MARKDOWN = [
    (re.compile(r'^[ \t]*=== +"', re.M), 'content tabs (`=== "Tab"`)', "use sections or a callout instead"),
    (re.compile(r"(?<![=\w])==[^=\s](?:[^=\n]*[^=\s])?==(?![=\w])"), "highlights (`==text==`)",
     "use *emphasis* or **bold** instead"),
    (re.compile(r"^[ \t]*[-*+] \[[ xX]\] ", re.M), "task-list boxes (`- [ ]`)", "write a plain list instead"),
]
"""Markdown from other tools that this site's extensions do not render: it would show as literal text.
(Each pattern needs a '=' or a '[', which check_text tests first.)"""

CASED_CITATION = re.compile(r"\[@(?=[a-z0-9-]*[A-Z])([A-Za-z0-9-]++)[;\]]")
"""A citation with a capital letter, which CITATION (lower-case keys only) would leave as literal text."""

TABLE_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}", re.M)
"""The |---| line under a Markdown table's header row."""


def empty_header_cell(text: str) -> int | None:
    """Where a Markdown table's header row (the line above its |---| line) has an empty cell, such as
    `| | Weak | Strong |`; None when no table has one. Linear in the text, however many '|' it holds."""
    for separator in TABLE_SEPARATOR.finditer(text):
        end = separator.start() - 1  # the line break before the separator
        start = text.rfind("\n", 0, max(end, 0)) + 1
        header = text[start:end].strip(" \t") if end > 0 else ""
        if header.startswith("|") and any(not cell.strip(" \t") for cell in header[1:].split("|")[:-1]):
            return start
    return None


def check_text(sink: Sink, doc: Document, size: int, *, lesson: bool) -> None:
    """Warnings about text that would surprise the author once published (`size` is the file's, in bytes)."""
    if lesson and size > MAX_LESSON_BYTES:
        sink.add(doc, (), "large-file", f"this lesson is {size // 1000} KB, over "
                 f"{MAX_LESSON_BYTES // 1000} KB, so its page will be slow to load", "split it into two lessons",
                 severity="warning")
    for loc, text in doc.strings():
        if "TODO" in text:
            sink.add(doc, loc, "todo", "this still holds a TODO from a skeleton",
                     "write the real text, or remove the item", severity="warning", offset=text.index("TODO"))
        if text[:1] in "“‘„" and text[-1:] in "”’“" and len(text) > 1:
            sink.add(doc, loc, "curly-quotes", "this value starts and ends with curly quotes, which YAML keeps "
                     "as part of the text", "quote a value with straight quotes (\" or '), or drop the quotes",
                     severity="warning")
        # The cheap tests first: these patterns are searched in every string of the course.
        if "|" in text and (cell := empty_header_cell(text)) is not None:
            sink.add(doc, loc, "empty-table-header", "a table's header row has an empty cell, which a screen "
                     "reader announces as nothing", "write a word in it, e.g. `| Step | Before | After |`",
                     severity="warning", offset=cell)
        for pattern, what, fix in UNRENDERED_MARKDOWN if "=" in text or "[" in text else ():
            if match := pattern.search(text):
                sink.add(doc, loc, "unsupported-markdown", f"this site does not render {what}: they would "
                         "show as typed", fix, severity="warning", offset=match.start())
