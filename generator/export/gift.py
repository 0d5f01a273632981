"""GIFT, Moodle's text format: one question per block, HTML text with every GIFT character escaped.

Rules (Moodle's question/format/gift/format.php, summarised in `shared/research/quiz-and-print.md` §2.1): `~ = # { }
:` and the backslash are escaped everywhere; a blank line ends a question, so newlines are written as `\\n`; the
answer block is found at the first unescaped `{`; `->` cannot be escaped, so it is broken up in matching prompts.
What GIFT cannot carry (hints, points, the shuffle flag, per-pair and per-item feedback, the reflection checklist) is
in `DROPS` and reported per question; Moodle XML carries more. Moodle's ordering importer (qtype_ordering) reads its
items after GIFT's escapes are turned into placeholders and never turns them back, so an ordering question whose
items hold a GIFT character is left out, with a note, rather than stored garbled.
"""

from __future__ import annotations

from typing import assert_never

from ..model.pool import pool
from ..model.questions import (
    AnyQuestion, Likert, Matching, MultipleResponse, Ordering, Reflection, SingleChoice, TrueFalse, display_order,
)
from .common import Html, Scope, question_name
from .fractions import penalty, shares
from .losses import WHOLE, Drops, dropped, left_out

SUFFIX = ".gift"

_SPECIAL = "\\~=#{}:"

_HINTS = "GIFT has no hints; they are left out"
_POINTS = "GIFT has no points: Moodle imports the question with a default mark of 1"
_SHUFFLE = "GIFT cannot keep the options in order: Moodle shuffles them as its settings say"
DROPS: Drops = {
    "single_choice": {"hints": _HINTS, "points!=1": _POINTS, "shuffle=False": _SHUFFLE},
    "multiple_response": {"hints": _HINTS, "points!=1": _POINTS, "shuffle=False": _SHUFFLE},
    "true_false": {"hints": _HINTS, "points!=1": _POINTS},
    "matching": {"hints": _HINTS, "points!=1": _POINTS,
                 "pairs.feedback": "GIFT's matching question has no feedback per pair; it is left out",
                 "shuffle=False": "GIFT cannot keep the prompts in order: Moodle shuffles them"},
    "ordering": {"hints": _HINTS, "points!=1": _POINTS,
                 "items.feedback": "GIFT's ordering question has no feedback per item; it is left out"},
    "reflection": {"hints": _HINTS,
                   "checklist": "a GIFT essay has no grader information: the checklist is left out (the model "
                                "answer is the general feedback)"},
    "likert": {WHOLE: "a likert question has no GIFT equivalent (it is never graded); left out"},
}
"""What GIFT cannot hold, by question type (see `losses.py`). Instructions travel in the question text."""


def escape(text: str) -> str:
    """Text GIFT reads back as exactly itself: special characters escaped, line breaks as `\\n`."""
    out = "".join("\\" + c if c in _SPECIAL else c for c in text.replace("\r", ""))
    return out.replace("\n", "\\n")


def export(scope: Scope) -> tuple[bytes, list[str]]:
    html = Html(scope.course)
    notes: list[str] = []
    info = scope.course.info
    blocks = [f"// {_one_line(scope.title)}: exported from the course '{info.id}' version {_one_line(info.version)}"]
    for part in scope.parts:
        quizzes = [q for lesson in part.lessons for q in part.quizzes.get(lesson.id, [])]
        if not quizzes:
            continue
        blocks.append(f"$CATEGORY: $course$/top/{_segment(scope.course.info.title)}/{_segment(part.module.title)}")
        for quiz in quizzes:
            for question in quiz.questions:
                refused = _refused(question, html)
                if refused:
                    notes.append(refused)
                    continue
                notes += dropped(question, DROPS)
                if left_out(question, DROPS):
                    continue
                answers = _answers(question, html)
                tags = "".join(f" [tag:{t}]" for t in dict.fromkeys([quiz.lesson, *question.assesses]))
                blocks.append(
                    f"// [id:{question.id}]{tags}\n"
                    f"::{escape(question_name(question))}::[html]{escape(html.question_text(question))}{answers}"
                )
    for part in scope.parts:
        check = part.module.check
        if check is not None:
            own = f", and so are its own questions ({len(check.questions)})" if check.questions else ""
            notes.append(f"module {part.module.id}: GIFT has no random questions, so the module check (a draw of "
                         f"{check.draw} from the pool's {len(pool(part))} questions) is left out{own}: use the Moodle "
                         "XML export, whose report says how to build it")
    return ("\n\n".join(blocks) + "\n").encode("utf-8"), notes


def _segment(name: str) -> str:
    # A category line is read to its end, unescaped: only '/' (a level) needs doubling.
    return _one_line(name).replace("/", "//")


def _one_line(text: str) -> str:
    """Plain text for a comment or category line: a line break in a title would end the line, and what follows
    would be read as a question."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


def _feedback(text: str | None, html: Html) -> str:
    return "#" + escape(html.block(text)) if text else ""


def _general(text: str | None, html: Html) -> str:
    return "####" + escape(html.block(text)) if text else ""


def _refused(q: AnyQuestion, html: Html) -> str | None:
    """Why Moodle could not import this question from GIFT intact, if it could not."""
    if isinstance(q, Ordering):
        held = sorted({c for item in q.items for c in html.inline(item.text) if c in _SPECIAL})
        if held:
            return (f"{q.id}: its items hold {' '.join(held)}, which Moodle's ordering importer would store as "
                    "placeholders (it never unescapes GIFT); left out of the GIFT file: import it from Moodle XML")
    return None


def _answers(q: AnyQuestion, html: Html) -> str:
    match q:
        case SingleChoice():
            # A wrong answer whose text starts with '%50%' would be read as a weight: an explicit 0% weight goes first.
            lines = [("=" if o.correct else "~%0%" if html.inline(o.text).startswith("%") else "~")
                     + escape(html.inline(o.text)) + _feedback(o.feedback, html) for o in display_order(q)]
            return "{\n" + "\n".join(lines) + "\n" + _general(q.explanation, html) + "}"
        case MultipleResponse():
            options = display_order(q)
            right = [o for o in options if o.correct]
            wrong = [o for o in options if not o.correct]
            credit = dict(zip((o.id for o in right), shares(len(right))))
            cost = penalty(len(wrong)) if wrong and q.scoring == "partial" else "-100"
            lines = [f"~%{credit.get(o.id, cost)}%" + escape(html.inline(o.text)) + _feedback(o.feedback, html)
                     for o in options]
            return "{\n" + "\n".join(lines) + "\n" + _general(q.explanation, html) + "}"
        case TrueFalse():
            # {TRUE#shown to a wrong answer#shown to a right answer}: the first feedback goes to the wrong answer.
            to_wrong, to_right = ((q.feedback_false, q.feedback_true) if q.answer
                                  else (q.feedback_true, q.feedback_false))
            feedback = ""
            if to_wrong or to_right:
                feedback = "#" + escape(html.block(to_wrong)) + ("#" + escape(html.block(to_right)) if to_right else "")
            return "{" + ("TRUE" if q.answer else "FALSE") + feedback + _general(q.explanation, html) + "}"
        case Matching():
            lines = [f"={escape(html.inline(p.prompt)).replace('->', '-&gt;')} -> {escape(p.match)}"
                     for p in display_order(q)]
            lines += [f"= -> {escape(d)}" for d in q.distractors]
            return "{\n" + "\n".join(lines) + "\n" + _general(q.explanation, html) + "}"
        case Ordering():
            # qtype_ordering's GIFT form: '>count select layout grading show', the items in the right order, then
            # the general feedback (Moodle's GIFT reader takes '####' off before qtype_ordering reads the items).
            grading = "ABSOLUTE_POSITION" if q.scoring == "partial" else "ALL_OR_NOTHING"
            lines = [escape(html.inline(i.text)) for i in q.items]
            return ("{>" + f"{len(q.items)} ALL VERTICAL {grading} SHOW\n" + "\n".join(lines) + "\n"
                    + _general(q.explanation, html) + "}")
        case Reflection():
            return "{" + _general(q.model_answer, html) + "}"
        case Likert():
            raise ValueError(f"{q.id}: a likert question has no GIFT form (DROPS leaves it out)")
        case _:
            assert_never(q)
