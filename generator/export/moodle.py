"""Moodle XML: every question type Moodle has, with per-answer feedback, hints and one category per module.

Moodle has no schema for this format; its importer (question/format/xml/format.php) is the reference, and
`shared/research/quiz-and-print.md` §2.2 lists the rules the tests hold it to: allowed fractions only, a 100%
answer in every single-answer question, positive fractions adding up to 100% in a multiple-answer one.
Text is HTML, entity-escaped by the XML writer (equivalent to CDATA for Moodle, and never broken by ']]>').

A module check travels as its pool, since Moodle XML cannot hold a quiz: every question of the pool carries the tag
`<course id>-<module id>-check`, and the check's own questions sit in a subcategory of the module's. Moodle 4.5's
importer refuses `<question type="random">` (qformat_xml has no reader for it; a random pick is a quiz slot since
Moodle 4.3), so the report tells the teacher which random questions to add to a quiz.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import assert_never

from ..model.course import Part
from ..model.pool import pool
from ..model.questions import (
    AnyQuestion, Likert, Matching, MultipleResponse, Ordering, Reflection, SingleChoice, TrueFalse, display_order,
    is_scored,
)
from .common import Html, Scope, question_name, xml_bytes
from .fractions import penalty, shares
from .losses import WHOLE, Drops, dropped, left_out

SUFFIX = ".moodle.xml"

DROPS: Drops = {
    "single_choice": {},
    "multiple_response": {
        "scoring=all_or_nothing": "Moodle has no all-or-nothing multiple response: a wrong tick costs everything, "
                                  "but ticking some of the right options and no wrong one earns their share"},
    "true_false": {},
    "matching": {"pairs.feedback": "Moodle's matching question has no feedback per pair; the pairs' feedback is "
                                   "left out"},
    "ordering": {"items.feedback": "Moodle's ordering question (qtype_ordering) stores no feedback per item on "
                                   "import; the items' feedback is left out"},
    "reflection": {"hints": "Moodle's XML importer reads no hints for an essay (qformat_xml::import_essay); the "
                            "hints are left out"},
    "likert": {WHOLE: "a likert question has no Moodle equivalent (it is never graded); left out"},
}
"""What Moodle cannot hold, by question type (see `losses.py`). Instructions travel in the question text."""


def export(scope: Scope) -> tuple[bytes, list[str]]:
    """The scope's quizzes as one Moodle XML question file, and notes on what Moodle cannot hold."""
    html = Html(scope.course)
    notes: list[str] = []
    root = ET.Element("quiz")
    course_title = scope.course.info.title
    for part in scope.parts:
        quizzes = [q for lesson in part.lessons for q in part.quizzes.get(lesson.id, [])]
        check = part.module.check
        if not quizzes and check is None:
            continue
        root.append(ET.Comment(f" module: {part.module.id} "))
        path = f"$course$/top/{_segment(course_title)}/{_segment(part.module.title)}"
        module_id = f"{scope.course.info.id}-{part.module.id}"
        _category(root, path, html.block(part.module.summary), module_id)
        check_tag = [check_tag_of(scope, part)] if check else []
        for quiz in quizzes:
            for question in quiz.questions:
                pooled = check_tag if is_scored(question) else []
                notes += _add(root, question, html, [quiz.lesson, *question.assesses, *pooled])
        if check is not None:
            if check.questions:
                _category(root, f"{path}/Module check", "", f"{module_id}-check")
                for question in check.questions:
                    notes += _add(root, question, html, [*question.assesses, *check_tag])
            notes.append(_check_note(scope, part))
    return xml_bytes(root), notes


def check_tag_of(scope: Scope, part: Part) -> str:
    """The tag every question of a module check's pool carries."""
    return f"{scope.course.info.id}-{part.module.id}-check"


def _category(root: ET.Element, path: str, info: str, idnumber: str) -> None:
    category = ET.SubElement(root, "question", type="category")
    _text(category, "category", path)
    _text(category, "info", info, format="html")
    ET.SubElement(category, "idnumber").text = idnumber


def _add(root: ET.Element, question: AnyQuestion, html: Html, tags: list[str]) -> list[str]:
    """Append the question (unless Moodle cannot hold it); returns what the report says about it."""
    notes = dropped(question, DROPS)
    if left_out(question, DROPS):
        return notes
    if isinstance(question, Matching) and len(question.pairs) + len(question.distractors) < 3:
        notes.append(f"{question.id}: Moodle needs at least 3 answers in a matching question; "
                     "add a distractor or a pair, or Moodle will refuse it")
    root.append(_question(question, html, tags=tags))
    return notes


def _check_note(scope: Scope, part: Part) -> str:
    """How to build the module check as a Moodle quiz: Moodle XML holds no quiz, no random pick and no draw."""
    check = part.module.check
    assert check is not None
    tag = check_tag_of(scope, part)
    category = f"{scope.course.info.title} > {part.module.title}"
    minimums = "".join(f"; for at least {n} on '{objective}', make {n} of them random questions tagged both "
                       f"'{tag}' and '{objective}'" for objective, n in check.minimums.items())
    return (f"module {part.module.id}: Moodle XML cannot hold the check's random draw; to build the check, add a "
            f"quiz with {check.draw} random questions from the category '{category}' (include subcategories) "
            f"filtered by the tag '{tag}', which the {len(pool(part))} questions of the pool carry{minimums}; "
            f"grade to pass: {check.pass_mark}%")


def _segment(name: str) -> str:
    """A category name inside a Moodle category path, where '/' separates levels and '//' is a literal slash."""
    return name.replace("/", "//")


def _text(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    ET.SubElement(element, "text").text = text
    return element


def _question(q: AnyQuestion, html: Html, tags: Sequence[str] = ()) -> ET.Element:
    e = ET.Element("question", type=_KIND[q.type])
    _text(e, "name", question_name(q))
    _text(e, "questiontext", html.question_text(q), format="html")
    general = html.block(q.model_answer) if isinstance(q, Reflection) else html.block(getattr(q, "explanation", ""))
    _text(e, "generalfeedback", general, format="html")
    ET.SubElement(e, "defaultgrade").text = "%g" % getattr(q, "points", 0)
    ET.SubElement(e, "penalty").text = "0.3333333"
    ET.SubElement(e, "hidden").text = "0"
    ET.SubElement(e, "idnumber").text = q.id
    match q:
        case SingleChoice() | MultipleResponse():
            _choice(e, q, html)
        case TrueFalse():
            for value, feedback in ((True, q.feedback_true), (False, q.feedback_false)):
                answer = ET.SubElement(e, "answer", fraction="100" if value == q.answer else "0",
                                       format="moodle_auto_format")
                ET.SubElement(answer, "text").text = "true" if value else "false"
                _text(answer, "feedback", html.block(feedback), format="html")
        case Matching():
            ET.SubElement(e, "shuffleanswers").text = "true" if q.shuffle else "false"
            _combined_feedback(e)
            for pair in display_order(q):
                sub = _text(e, "subquestion", html.block(pair.prompt), format="html")
                _text(sub, "answer", pair.match)
            for distractor in q.distractors:
                sub = _text(e, "subquestion", "", format="html")
                _text(sub, "answer", distractor)
        case Ordering():
            # qtype_ordering (core since Moodle 4.4): each answer's fraction is its position in the right order.
            ET.SubElement(e, "layouttype").text = "VERTICAL"
            ET.SubElement(e, "selecttype").text = "ALL"
            ET.SubElement(e, "selectcount").text = str(len(q.items))  # with ALL, every item is shown
            ET.SubElement(e, "gradingtype").text = "ABSOLUTE_POSITION" if q.scoring == "partial" else "ALL_OR_NOTHING"
            ET.SubElement(e, "showgrading").text = "SHOW"
            ET.SubElement(e, "numberingstyle").text = "none"
            _combined_feedback(e)
            for position, item in enumerate(q.items, 1):
                answer = _text(e, "answer", html.inline(item.text), fraction=f"{position}.0000000", format="html")
                if item.feedback:
                    _text(answer, "feedback", html.block(item.feedback), format="html")
        case Reflection():
            ET.SubElement(e, "responseformat").text = "editor"
            ET.SubElement(e, "responserequired").text = "1"
            ET.SubElement(e, "responsefieldlines").text = "10"
            ET.SubElement(e, "attachments").text = "0"
            ET.SubElement(e, "attachmentsrequired").text = "0"
            # graderinfo is for whoever grades; the learner-facing model answer is the general feedback.
            _text(e, "graderinfo", html.block(q.model_answer) + html.list(q.checklist), format="html")
            _text(e, "responsetemplate", "", format="html")
        case Likert():
            raise ValueError(f"{q.id}: a likert question has no Moodle form (DROPS leaves it out)")
        case _:
            assert_never(q)
    for hint in q.hints:
        _text(e, "hint", html.block(hint), format="html")
    if tags:  # the lesson's id and the objectives the question assesses, to find questions in the bank
        tag_list = ET.SubElement(e, "tags")
        for tag in dict.fromkeys(tags):
            _text(tag_list, "tag", tag)
    return e


_KIND = {"single_choice": "multichoice", "multiple_response": "multichoice", "true_false": "truefalse",
         "matching": "matching", "ordering": "ordering", "reflection": "essay", "likert": ""}


def _choice(e: ET.Element, q: SingleChoice | MultipleResponse, html: Html) -> None:
    single = isinstance(q, SingleChoice)
    ET.SubElement(e, "single").text = "true" if single else "false"
    ET.SubElement(e, "shuffleanswers").text = "true" if q.shuffle else "false"
    ET.SubElement(e, "answernumbering").text = "ABCD"
    # The author's instructions are in the question text: Moodle's own ('Select one or more:') would repeat them.
    ET.SubElement(e, "showstandardinstruction").text = "0" if q.instructions else "1"
    _combined_feedback(e)
    options = display_order(q)
    right = [o for o in options if o.correct]
    wrong = [o for o in options if not o.correct]
    if single:
        credit = {o.id: "100" for o in right}
    else:
        credit = dict(zip((o.id for o in right), shares(len(right))))
    # Partial scoring: a wrong tick costs one wrong option's share, as on the site. All or nothing has no exact
    # Moodle form; a wrong tick then costs everything, so only a fully right answer earns full marks.
    cost = penalty(len(wrong)) if wrong and q.type == "multiple_response" and q.scoring == "partial" else "-100"
    for option in options:
        fraction = credit.get(option.id, "0" if single else cost)
        answer = _text(e, "answer", html.inline(option.text), fraction=fraction, format="html")
        _text(answer, "feedback", html.block(option.feedback), format="html")


def _combined_feedback(e: ET.Element) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        _text(e, tag, "", format="html")
    ET.SubElement(e, "shownumcorrect")
