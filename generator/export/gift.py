"""GIFT, Moodle's text format: one question per block, HTML text with every GIFT character escaped.

Rules (Moodle's question/format/gift/format.php, summarised in `shared/research/quiz-and-print.md` §2.1): `~ = # { }
:` and the backslash are escaped everywhere; a blank line ends a question, so newlines are written as `\\n`; the
answer block is found at the first unescaped `{`; `->` cannot be escaped, so it is broken up in matching prompts.
What GIFT cannot carry (hints, points, the shuffle flag) is left out; Moodle XML carries it.
"""

from __future__ import annotations

from ..model.questions import (
    Likert, Matching, MultipleResponse, Ordering, Reflection, SingleChoice, TrueFalse, display_order,
)
from .common import Html, Scope, question_name
from .fractions import penalty, shares

SUFFIX = ".gift"

_SPECIAL = "\\~=#{}:"


def escape(text: str) -> str:
    """Text GIFT reads back as exactly itself: special characters escaped, line breaks as `\\n`."""
    out = "".join("\\" + c if c in _SPECIAL else c for c in text.replace("\r", ""))
    return out.replace("\n", "\\n")


def export(scope: Scope) -> tuple[bytes, list[str]]:
    html = Html(scope.course)
    notes: list[str] = []
    blocks = [f"// {scope.title}: exported from the course '{scope.course.info.id}' version {scope.course.info.version}"]
    for part in scope.parts:
        quizzes = [q for lesson in part.lessons for q in part.quizzes.get(lesson.id, [])]
        if not quizzes:
            continue
        blocks.append(f"$CATEGORY: $course$/top/{_segment(scope.course.info.title)}/{_segment(part.module.title)}")
        for quiz in quizzes:
            for question in quiz.questions:
                answers = _answers(question, html)
                if answers is None:
                    notes.append(f"{question.id}: a {question.type} question has no GIFT equivalent; left out")
                    continue
                tags = "".join(f" [tag:{t}]" for t in dict.fromkeys([quiz.lesson, *question.assesses]))
                blocks.append(
                    f"// [id:{question.id}]{tags}\n"
                    f"::{escape(question_name(question))}::[html]{escape(html.question_text(question))}{answers}"
                )
    return ("\n\n".join(blocks) + "\n").encode("utf-8"), notes


def _segment(name: str) -> str:
    # A category line is read to its end, unescaped: only '/' (a level) needs doubling.
    return name.replace("/", "//").replace("\n", " ")


def _feedback(text: str | None, html: Html) -> str:
    return "#" + escape(html.block(text)) if text else ""


def _general(text: str | None, html: Html) -> str:
    return "####" + escape(html.block(text)) if text else ""


def _answers(q, html: Html) -> str | None:
    if isinstance(q, SingleChoice):
        # A wrong answer whose text starts with '%50%' would be read as a weight: an explicit 0% weight goes first.
        lines = [("=" if o.correct else "~%0%" if html.inline(o.text).startswith("%") else "~")
                 + escape(html.inline(o.text)) + _feedback(o.feedback, html) for o in display_order(q)]
        return "{\n" + "\n".join(lines) + "\n" + _general(q.explanation, html) + "}"
    if isinstance(q, MultipleResponse):
        options = display_order(q)
        right = [o for o in options if o.correct]
        wrong = [o for o in options if not o.correct]
        credit = dict(zip((o.id for o in right), shares(len(right))))
        cost = penalty(len(wrong)) if wrong and q.scoring == "partial" else "-100"
        lines = [f"~%{credit.get(o.id, cost)}%" + escape(html.inline(o.text)) + _feedback(o.feedback, html)
                 for o in options]
        return "{\n" + "\n".join(lines) + "\n" + _general(q.explanation, html) + "}"
    if isinstance(q, TrueFalse):
        # {TRUE#shown to a wrong answer#shown to a right answer}: the first feedback goes to the wrong answer.
        wrong, right = (q.feedback_false, q.feedback_true) if q.answer else (q.feedback_true, q.feedback_false)
        feedback = ""
        if wrong or right:
            feedback = "#" + escape(html.block(wrong)) + ("#" + escape(html.block(right)) if right else "")
        return "{" + ("TRUE" if q.answer else "FALSE") + feedback + _general(q.explanation, html) + "}"
    if isinstance(q, Matching):
        lines = [f"={escape(html.inline(p.prompt)).replace('->', '-&gt;')} -> {escape(p.match)}"
                 for p in display_order(q)]
        lines += [f"= -> {escape(d)}" for d in q.distractors]
        return "{\n" + "\n".join(lines) + "\n" + _general(q.explanation, html) + "}"
    if isinstance(q, Ordering):
        # qtype_ordering's GIFT form: '>count select layout grading show', then the items in the right order.
        grading = "ABSOLUTE_POSITION" if q.scoring == "partial" else "ALL_OR_NOTHING"
        lines = [escape(html.inline(i.text)) for i in q.items]
        return "{>" + f"{len(q.items)} ALL VERTICAL {grading} SHOW\n" + "\n".join(lines) + "\n}"
    if isinstance(q, Reflection):
        return "{" + _general(q.model_answer, html) + "}"
    assert isinstance(q, Likert)
    return None
