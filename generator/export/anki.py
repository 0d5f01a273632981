"""An Anki deck (.apkg, built with genanki): a card per lesson (its guiding questions, then its key points) and a
card per glossary term, in one sub-deck per module.

Anki updates a note on re-import when its GUID matches, so GUIDs come from our ids (course, lesson, term) and never
from the text: fixing a typo updates the card instead of duplicating it. Deck ids come from the course and module
ids; the note type's id is a constant that must never change.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from html import escape

from ..i18n import catalog
from ..model import Lesson, Part, Term
from .common import Html, Scope, zip_bytes

SUFFIX = ".apkg"

MODEL_ID = 1733011200417
"""The note type 'coursegen card'. Changing it would make every re-import create a second note type."""

CSS = """.card { font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.4; text-align: left;
  max-width: 40em; margin: 0 auto; }
.source { margin-top: 1.5em; font-size: 14px; opacity: .75; }"""


def _model():
    import genanki

    return genanki.Model(
        MODEL_ID, "coursegen card",
        fields=[{"name": "Id"}, {"name": "Front"}, {"name": "Back"}, {"name": "Source"}],
        templates=[{"name": "Card 1", "qfmt": "{{Front}}",
                    "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<div class="source">{{Source}}</div>'}],
        css=CSS, sort_field_index=1,
    )


def stable_id(*parts: str) -> int:
    """A positive 60-bit id derived from our ids (Anki deck ids must be stable and fit in 63 bits)."""
    return int(hashlib.sha256("/".join(parts).encode()).hexdigest()[:15], 16)


def _deck_name(*titles: str) -> str:
    return "::".join(t.replace("::", ":") for t in titles)


def export(scope: Scope) -> tuple[bytes, list[str]]:
    import genanki

    course = scope.course
    html = Html(course)
    model = _model()
    terms = {t.id: t for t in course.glossary.terms}
    listed = {term for _, lesson in course.lessons for term in lesson.glossary}
    first_module: dict[str, str] = {}
    for part, lesson in course.lessons:
        for term in lesson.glossary:
            first_module.setdefault(term, part.module.id)
    decks = []
    for part in scope.parts:
        deck = genanki.Deck(stable_id("coursegen-deck", course.info.id, part.module.id),
                            _deck_name(course.info.title, f"{course.info.modules.index(part.module.id) + 1:02d} {part.module.title}"))
        for lesson in part.lessons:
            deck.add_note(_lesson_note(model, course.info.id, part, lesson, html))
        for term_id in sorted(i for i, m in first_module.items() if m == part.module.id):
            deck.add_note(_term_note(model, course.info.id, terms[term_id], part.module.id, html))
        decks.append(deck)
    unlisted = [t for t in course.glossary.terms if t.id not in listed]
    if scope.is_course and unlisted:
        deck = genanki.Deck(stable_id("coursegen-deck", course.info.id, "glossary"),
                            _deck_name(course.info.title, catalog(course.info.language)("glossary.title")))
        for term in unlisted:
            deck.add_note(_term_note(model, course.info.id, term, "glossary", html))
        decks.append(deck)
    buffer = io.BytesIO()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    genanki.Package(decks).write_to_file(buffer, timestamp=float(epoch) if epoch else None)
    return _restamped(buffer.getvalue()), []


def _lesson_note(model, course_id: str, part: Part, lesson: Lesson, html: Html):
    import genanki

    front = f"<h2>{escape(lesson.title)}</h2>" + "<ul>" + "".join(f"<li>{escape(q)}</li>" for q in lesson.questions) + "</ul>"
    back = html.list(list(lesson.keypoints))
    return genanki.Note(model=model, fields=[lesson.id, front, back, escape(part.module.title)],
                        guid=genanki.guid_for(course_id, "lesson", lesson.id), tags=[course_id, part.module.id])


def _term_note(model, course_id: str, term: Term, tag: str, html: Html):
    import genanki

    return genanki.Note(model=model, fields=[term.id, f"<h2>{escape(term.term)}</h2>", html.block(term.definition), ""],
                        guid=genanki.guid_for(course_id, "term", term.id), tags=[course_id, tag])


def _restamped(apkg: bytes) -> bytes:
    """genanki's zip with fixed entry times, so the same collection gives the same file."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as archive:
        return zip_bytes({name: archive.read(name) for name in archive.namelist()})
