"""An Anki deck (.apkg, built with genanki): a card per lesson (its guiding questions, then its key points), a card
per glossary term and a card per scored quiz question (question and options on the front; the answer, the
explanation and where it comes from on the back), in one sub-deck per module.

Anki updates a note on re-import when its GUID matches and the note in the file is newer (File > Import's default,
"update if newer"). So GUIDs come from our ids (course, kind, id), never from the text: fixing a typo updates the
card instead of duplicating it. A note's modification time is the last change of the file it comes from (its
lesson, quiz or the glossary), not the last commit: a corrected export is newer than the last one whether or not
the correction was committed, and in a copy without git. The first field, which Anki checks for duplicates, is
'<kind>:<id>', so a lesson and a glossary term that share an id are not duplicates. Deck ids come from the course
and module ids; the note type's id is a constant that must never change.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from html import escape
from collections.abc import Callable
from pathlib import Path
from typing import Any, assert_never

from .. import source_date
from ..i18n import catalog
from ..model import Course, Lesson, Part, Term
from ..model.questions import (
    AnyQuestion, Likert, Matching, MultipleResponse, Ordering, Reflection, SingleChoice, TrueFalse, display_order,
    letter, match_choices,
)
from .common import Html, Scope, zip_bytes
from .losses import WHOLE, Drops, dropped, left_out

SUFFIX = ".apkg"

MODEL_ID = 1733011200417
"""The note type 'coursegen card'. Changing it would make every re-import create a second note type."""

_HINTS = "a card has no hints; they are left out"
_OPTION_FEEDBACK = "the card's back shows the answer and the explanation, not each option's feedback"
DROPS: Drops = {
    "single_choice": {"hints": _HINTS, "options.feedback": _OPTION_FEEDBACK},
    "multiple_response": {"hints": _HINTS, "options.feedback": _OPTION_FEEDBACK},
    "true_false": {"hints": _HINTS, "feedback_true": _OPTION_FEEDBACK, "feedback_false": _OPTION_FEEDBACK},
    "matching": {"hints": _HINTS, "pairs.feedback": "the card's back shows the pairs and the explanation, not each "
                                                    "pair's feedback"},
    "ordering": {"hints": _HINTS, "items.feedback": "the card's back shows the order and the explanation, not each "
                                                    "item's feedback"},
    "reflection": {WHOLE: "a reflection has no answer to recall (it is never scored); no card"},
    "likert": {WHOLE: "a likert question has no answer to recall (it is never scored); no card"},
}
"""What a flashcard cannot hold, by question type (see `losses.py`)."""

CSS = """.card { font-family: system-ui, sans-serif; font-size: 20px; line-height: 1.4; text-align: left;
  max-width: 40em; margin: 0 auto; }
.source { margin-top: 1.5em; font-size: 14px; opacity: .75; }"""


def _model() -> Any:
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
    changed = _changed(course, scope.root)
    notes: list[str] = []
    for part in scope.parts:
        deck = genanki.Deck(stable_id("coursegen-deck", course.info.id, part.module.id),
                            _deck_name(course.info.title,
                                       f"{course.info.modules.index(part.module.id) + 1:02d} {part.module.title}"))
        for lesson in part.lessons:
            deck.add_note(_lesson_note(model, course.info.id, part, lesson, html, changed(lesson.id)))
            for quiz in part.quizzes.get(lesson.id, []):
                for question in quiz.questions:
                    notes += dropped(question, DROPS)
                    if not left_out(question, DROPS):
                        deck.add_note(_question_note(model, course.info.id, part, lesson, question, html,
                                                     changed(f"quiz:{quiz.id}")))
        for term_id in sorted(i for i, m in first_module.items() if m == part.module.id):
            deck.add_note(_term_note(model, course.info.id, terms[term_id], part.module.id, html, changed("glossary")))
        decks.append(deck)
    unlisted = [t for t in course.glossary.terms if t.id not in listed]
    if scope.is_course and unlisted:
        deck = genanki.Deck(stable_id("coursegen-deck", course.info.id, "glossary"),
                            _deck_name(course.info.title, catalog(course.info.language)("glossary.title")))
        for unlisted_term in unlisted:
            deck.add_note(_term_note(model, course.info.id, unlisted_term, "glossary", html, changed("glossary")))
        decks.append(deck)
    buffer = io.BytesIO()
    epoch = source_date.given()
    genanki.Package(decks).write_to_file(buffer, timestamp=float(epoch) if epoch is not None else None)
    return _restamped(buffer.getvalue()), notes


def _changed(course: Course, root: Path | None) -> Callable[[str], int]:
    """When the file of a source (a lesson id, 'quiz:<id>', 'glossary') last changed, in whole seconds since 1970:
    the modification time of the notes made from it. SOURCE_DATE_EPOCH when the file cannot be read."""
    fallback = source_date.source_date()

    def changed(source: str) -> int:
        if root is None:
            return fallback
        try:
            return int((root / course.sources[source]).stat().st_mtime)
        except (KeyError, OSError):
            return fallback
    return changed


def _note(fields: list[str], guid: str, tags: list[str], changed: int, model: Any) -> Any:
    """A genanki note whose modification time is `changed` (genanki stamps every note with the package's time)."""
    import genanki

    class Note(genanki.Note):  # type: ignore[misc]  # genanki has no type hints
        def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
            super().write_to_db(cursor, changed, deck_id, id_gen)

    return Note(model=model, fields=fields, guid=guid, tags=tags)


def _lesson_note(model: Any, course_id: str, part: Part, lesson: Lesson, html: Html, changed: int) -> Any:
    import genanki

    questions = "".join(f"<li>{escape(q)}</li>" for q in lesson.questions)
    front = f"<h2>{escape(lesson.title)}</h2><ul>{questions}</ul>"
    back = html.list(list(lesson.keypoints))
    return _note([f"lesson:{lesson.id}", front, back, escape(part.module.title)],
                 genanki.guid_for(course_id, "lesson", lesson.id), [course_id, part.module.id], changed, model)


def _term_note(model: Any, course_id: str, term: Term, tag: str, html: Html, changed: int) -> Any:
    import genanki

    return _note([f"term:{term.id}", f"<h2>{escape(term.term)}</h2>", html.block(term.definition), ""],
                 genanki.guid_for(course_id, "term", term.id), [course_id, tag], changed, model)


def _question_note(model: Any, course_id: str, part: Part, lesson: Lesson, q: AnyQuestion, html: Html,
                   changed: int) -> Any:
    import genanki

    front, answer = _sides(q, html)
    back = answer + html.block(getattr(q, "explanation", None))
    source = f"{escape(part.module.title)}: {escape(lesson.title)}"
    return _note([f"question:{q.id}", html.question_text(q) + front, back, source],
                 genanki.guid_for(course_id, "question", q.id), [course_id, part.module.id, "quiz"], changed, model)


def _sides(q: AnyQuestion, html: Html) -> tuple[str, str]:
    """What the front shows below the question, and the answer the back starts with."""
    def lettered(items: list[str]) -> str:
        return "<ol type=\"A\">" + "".join(f"<li>{i}</li>" for i in items) + "</ol>"

    match q:
        case SingleChoice() | MultipleResponse():
            options = display_order(q)
            right = [f"{letter(n)}. {html.inline(o.text)}" for n, o in enumerate(options) if o.correct]
            answer = "<p><strong>" + "<br>".join(right) + "</strong></p>"
            return lettered([html.inline(o.text) for o in options]), answer
        case TrueFalse():
            return "<p>True or false?</p>", f"<p><strong>{'True' if q.answer else 'False'}</strong></p>"
        case Matching():
            choices = match_choices(q)
            prompts = "<ul>" + "".join(f"<li>{html.inline(p.prompt)}</li>" for p in display_order(q)) + "</ul>"
            pairs = "".join(f"<li>{html.inline(p.prompt)} → {letter(choices.index(p.match))}. {escape(p.match)}</li>"
                            for p in display_order(q))
            return prompts + lettered([escape(c) for c in choices]), f"<ul>{pairs}</ul>"
        case Ordering():
            shown = "<ul>" + "".join(f"<li>{html.inline(i.text)}</li>" for i in display_order(q)) + "</ul>"
            return shown, "<ol>" + "".join(f"<li>{html.inline(i.text)}</li>" for i in q.items) + "</ol>"
        case Reflection() | Likert():
            raise ValueError(f"{q.id}: a {q.type} question makes no card (DROPS leaves it out)")
        case _:
            assert_never(q)


def _restamped(apkg: bytes) -> bytes:
    """genanki's zip with fixed entry times, so the same collection gives the same file."""
    with zipfile.ZipFile(io.BytesIO(apkg)) as archive:
        return zip_bytes({name: archive.read(name) for name in archive.namelist()})
