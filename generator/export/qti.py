"""A Canvas-ready QTI 1.2 zip: an IMS content-package manifest, and per quiz an assessment plus Canvas's settings.

The layout and the feedback idents follow what Canvas itself reads (`shared/research/quiz-and-print.md` §2.3):
`general_fb`, `correct_fb`, `general_incorrect_fb` and `<answer ident>_fb`. Item idents are question ids and answer
idents '<question id>--<option id>' (unless that holds a word Canvas reads in feedback idents: `answer_ident`), so a
re-import updates the same questions; a matching question's answers are 'm<n>--<question id>', because Canvas
numbers them by the first digits in their idents. Canvas Classic has no ordering
question: ordering becomes matching (each item to its position). Likert has no graded equivalent and is left out.
Response processing scores as the site does: a partial multiple-response question adds a share for each right tick
and adds minus one wrong option's share for each wrong tick (never below zero); matching adds a share per right row.
How Canvas reads these files (its QTIMigrationTool, then canvas-lms `gems/plugins/qti_exporter/lib/qti/`) is in
tests/build/test_qti_canvas.py (the schema: test_qti_schema.py).
A module check is one more assessment, '<course id>-<module id>-check': a section of the module's whole pool that
QTI's `selection_number` tells to draw `draw` items from for each attempt (item idents '<assessment>--<question id>').
Canvas reads that section as a question group (canvas-lms `Qti::AssessmentTestConverter#process_section`), whose
questions are all worth the group's `points_per_item`: written when the pool's questions are worth the same.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import assert_never

from ..model import Part, Quiz
from ..model.pool import pool
from ..model.questions import (
    AnyQuestion, Likert, Matching, MultipleResponse, Ordering, Reflection, SingleChoice, TrueFalse, display_order,
    is_scored,
)
from .common import Html, Scope, question_name, xml_bytes, zip_bytes
from .losses import WHOLE, Drops, dropped, left_out

SUFFIX = ".qti.zip"

_HINTS = "QTI 1.2 as Canvas reads it has no hints; they are left out"
DROPS: Drops = {
    "single_choice": {"hints": _HINTS},
    "multiple_response": {"hints": _HINTS},
    "true_false": {"hints": _HINTS},
    "matching": {"hints": _HINTS, "pairs.feedback": "Canvas's matching question has no feedback per pair; it is "
                                                    "left out"},
    "ordering": {"items": "Canvas has no ordering question: exported as matching, each item to its position",
                 "hints": _HINTS, "items.feedback": "Canvas's matching question has no feedback per row; the items' "
                                                    "feedback is left out"},
    "reflection": {"hints": _HINTS},
    "likert": {WHOLE: "a likert question has no graded QTI equivalent; left out"},
}
"""What QTI 1.2 for Canvas cannot hold, by question type (see `losses.py`). Instructions travel in the question
text; the reflection checklist travels in the general feedback."""

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
CP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"


def export(scope: Scope) -> tuple[bytes, list[str]]:
    html = Html(scope.course)
    notes: list[str] = []
    files: dict[str, bytes] = {}
    resources = []
    for _, quiz in scope.quizzes():
        ident = assessment_ident(scope, quiz)
        notes += [line for q in quiz.questions for line in dropped(q, DROPS)]
        assessment = _assessment(quiz, ident, html)
        files[f"{ident}/{ident}.xml"] = xml_bytes(assessment, QTI_NS)
        points = sum(x.points for x in quiz.questions if is_scored(x))
        files[f"{ident}/assessment_meta.xml"] = xml_bytes(_meta(ident, quiz.title, html.block(quiz.intro), points),
                                                          CANVAS_NS)
        resources.append(ident)
    for part in scope.parts:
        if part.module.check is None:
            continue
        ident = check_ident(scope, part)
        title = f"{part.module.title}: module check"
        notes += [line for q in part.module.check.questions for line in dropped(q, DROPS)]
        notes.append(_check_note(part, title))
        files[f"{ident}/{ident}.xml"] = xml_bytes(_check_assessment(part, ident, title, html), QTI_NS)
        files[f"{ident}/assessment_meta.xml"] = xml_bytes(_meta(ident, title, html.block(part.module.summary)),
                                                          CANVAS_NS)
        resources.append(ident)
    files["imsmanifest.xml"] = xml_bytes(_manifest(scope, resources), CP_NS)
    return zip_bytes(files, directories=("non_cc_assessments",)), notes


def assessment_ident(scope: Scope, quiz: Quiz) -> str:
    return f"{scope.course.info.id}-{quiz.id}"


def _manifest(scope: Scope, idents: list[str]) -> ET.Element:
    m = ET.Element(f"{{{CP_NS}}}manifest", identifier=f"qti-{scope.name}")
    meta = ET.SubElement(m, f"{{{CP_NS}}}metadata")
    ET.SubElement(meta, f"{{{CP_NS}}}schema").text = "IMS Content"
    ET.SubElement(meta, f"{{{CP_NS}}}schemaversion").text = "1.1.3"
    ET.SubElement(m, f"{{{CP_NS}}}organizations")
    resources = ET.SubElement(m, f"{{{CP_NS}}}resources")
    for ident in idents:
        quiz = ET.SubElement(resources, f"{{{CP_NS}}}resource", identifier=f"quiz-{ident}", type="imsqti_xmlv1p2")
        ET.SubElement(quiz, f"{{{CP_NS}}}file", href=f"{ident}/{ident}.xml")
        ET.SubElement(quiz, f"{{{CP_NS}}}dependency", identifierref=f"meta-{ident}")
        settings = ET.SubElement(resources, f"{{{CP_NS}}}resource", identifier=f"meta-{ident}",
                                 type="associatedcontent/imscc_xmlv1p1/learning-application-resource",
                                 href=f"{ident}/assessment_meta.xml")
        ET.SubElement(settings, f"{{{CP_NS}}}file", href=f"{ident}/assessment_meta.xml")
    return m


def check_ident(scope: Scope, part: Part) -> str:
    return f"{scope.course.info.id}-{part.module.id}-check"


def _check_note(part: Part, title: str) -> str:
    check = part.module.check
    assert check is not None
    minimums = ", ".join(f"{n} on '{objective}'" for objective, n in check.minimums.items())
    points = sorted({question.points for question in pool(part)})
    return (f"module {part.module.id}: the check is the quiz '{title}', drawing {check.draw} of the pool's "
            f"{len(pool(part))} questions for each attempt; QTI 1.2 holds no pass mark (set {check.pass_mark}% in "
            "the LMS)" + (f" and no minimum per objective ({minimums}): the draw ignores them" if minimums else "")
            + (f"; Canvas gives every question of a question group the same points (1 unless you set the group's), "
               f"where this pool's are worth {'%g' % points[0]} to {'%g' % points[-1]}" if len(points) > 1 else ""))


def _check_assessment(part: Part, ident: str, title: str, html: Html) -> ET.Element:
    """The module check: one section of the whole pool, `draw` items drawn from it for each attempt."""
    check = part.module.check
    assert check is not None
    root = ET.Element(_q("questestinterop"))
    assessment = ET.SubElement(root, _q("assessment"), ident=ident, title=title)
    _fields(ET.SubElement(assessment, _q("qtimetadata")), {"cc_maxattempts": "unlimited"})
    section = ET.SubElement(assessment, _q("section"), ident="root_section")
    drawn = ET.SubElement(section, _q("section"), ident=f"{ident}-pool", title=title)
    selection = _sub(_sub(drawn, "selection_ordering"), "selection")
    _sub(selection, "selection_number", str(check.draw))
    points = {question.points for question in pool(part)}
    if len(points) == 1:  # Canvas's question group: one number of points for every question it draws
        _sub(_sub(selection, "selection_extension"), "points_per_item", "%g" % points.pop())
    for question in pool(part):
        drawn.append(_Item(question, html, prefix=f"{ident}--").element())
    return root


def _meta(ident: str, title: str, description: str, points: float | None = None) -> ET.Element:
    """Canvas's quiz settings; a drawn check has no fixed total (`points` None)."""
    q = ET.Element(f"{{{CANVAS_NS}}}quiz", identifier=ident)
    fields = {
        "title": title,
        "description": description,
        "shuffle_answers": "true",
        "scoring_policy": "keep_highest",
        "quiz_type": "practice_quiz",
        **({"points_possible": "%g" % points} if points is not None else {}),
        "show_correct_answers": "true",
        "allowed_attempts": "-1",
        "one_question_at_a_time": "false",
        "cant_go_back": "false",
        "available": "false",
    }
    for name, value in fields.items():
        ET.SubElement(q, f"{{{CANVAS_NS}}}{name}").text = value
    return q


def _assessment(quiz: Quiz, ident: str, html: Html) -> ET.Element:
    root = ET.Element(_q("questestinterop"))
    assessment = ET.SubElement(root, _q("assessment"), ident=ident, title=quiz.title)
    _fields(ET.SubElement(assessment, _q("qtimetadata")), {"cc_maxattempts": "unlimited"})
    section = ET.SubElement(assessment, _q("section"), ident="root_section")
    for question in quiz.questions:
        if not left_out(question, DROPS):
            section.append(_Item(question, html).element())
    return root


def _q(tag: str) -> str:
    return f"{{{QTI_NS}}}{tag}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, attrib: dict[str, str] | None = None,
         **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, _q(tag), {**(attrib or {}), **attrs})
    if text is not None:
        element.text = text
    return element


def _fields(parent: ET.Element, fields: dict[str, str]) -> None:
    for label, entry in fields.items():
        field = _sub(parent, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _material(parent: ET.Element, text: str, texttype: str = "text/html") -> None:
    _sub(_sub(parent, "material"), "mattext", text, texttype=texttype)


class _Item:
    """One question as a QTI item: presentation, response processing and the feedback Canvas maps by ident."""

    def __init__(self, question: AnyQuestion, html: Html, prefix: str = ""):
        self.q = question
        self.html = html
        self.prefix = prefix
        self.feedback: dict[str, str] = {}

    def element(self) -> ET.Element:
        q = self.q
        item = ET.Element(_q("item"), ident=self.prefix + q.id, title=question_name(q))
        self.meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
        self.presentation = _sub(item, "presentation")
        _material(self.presentation, self.html.question_text(q))
        self.processing = _sub(item, "resprocessing")
        outcomes = _sub(self.processing, "outcomes")
        _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
        general = self.html.block(q.model_answer) + self.html.list(q.checklist) if isinstance(q, Reflection) \
            else self.html.block(getattr(q, "explanation", None))
        if general:
            self.feedback["general_fb"] = general
            self.condition(None, "general_fb")
        kind, answer_ids = self.body()
        _fields(self.meta, {"question_type": kind, "points_possible": "%g" % getattr(q, "points", 0),
                            "original_answer_ids": ",".join(answer_ids),
                            "assessment_question_identifierref": f"{q.id}--bank"})
        for ident, text in self.feedback.items():
            _material(_sub(_sub(item, "itemfeedback", ident=ident), "flow_mat"), text)
        return item

    def condition(self, test: ET.Element | None, feedback: str | None = None, *, score: str | None = None,
                  action: str = "Set", stop: bool = False) -> None:
        """A respcondition: when `test` holds (always, when None), apply `score` by `action` (Set or Add)
        and show `feedback`."""
        rc = _sub(self.processing, "respcondition", attrib={"continue": "No" if stop else "Yes"})
        conditions = _sub(rc, "conditionvar")
        conditions.append(test if test is not None else ET.Element(_q("other")))
        if score is not None:
            _sub(rc, "setvar", score, action=action, varname="SCORE")
        if feedback:
            _sub(rc, "displayfeedback", feedbacktype="Response", linkrefid=feedback)

    def choices(self, ident: str, labels: list[tuple[str, str]], *, multiple: bool = False,
                parent: ET.Element | None = None, prompt: str | None = None, texttype: str = "text/html") -> None:
        lid = _sub(parent if parent is not None else self.presentation, "response_lid", ident=ident,
                   rcardinality="Multiple" if multiple else "Single")
        if prompt is not None:
            _material(lid, prompt)
        render = _sub(lid, "render_choice")
        for label_id, text in labels:
            _material(_sub(render, "response_label", ident=label_id), text, texttype)

    def body(self) -> tuple[str, list[str]]:
        """The presentation and response processing of the question: its Canvas type and its answers' idents."""
        q = self.q
        match q:
            case SingleChoice() | MultipleResponse() | TrueFalse():
                return self.choice(q)
            case Matching() | Ordering():
                return self.matching(q)
            case Reflection():
                return self.essay()
            case Likert():
                raise ValueError(f"{q.id}: a likert question has no QTI form (DROPS leaves it out)")
            case _:
                assert_never(q)

    def choice(self, q: SingleChoice | MultipleResponse | TrueFalse) -> tuple[str, list[str]]:
        html = self.html
        if isinstance(q, TrueFalse):
            # Canvas recognises a true/false question only by these two literal answers.
            options = [(answer_ident(q.id, "true", 1), "True", q.answer, q.feedback_true),
                       (answer_ident(q.id, "false", 2), "False", not q.answer, q.feedback_false)]
        else:
            options = [(answer_ident(q.id, o.id, q.options.index(o) + 1), html.inline(o.text), o.correct, o.feedback)
                       for o in display_order(q)]
        multiple = isinstance(q, MultipleResponse)
        self.choices("response1", [(i, t) for i, t, _, _ in options], multiple=multiple)
        for ident, _, _, feedback in options:
            if feedback:
                self.feedback[f"{ident}_fb"] = html.block(feedback)
                self.condition(_equal("response1", ident), f"{ident}_fb")
        if multiple:
            if isinstance(q, MultipleResponse) and q.scoring == "partial":
                right = sum(1 for _, _, correct, _ in options if correct)
                wrong = len(options) - right
                for ident, _, correct, _ in options:
                    # A wrong tick adds a negative share, never Subtract: Canvas marks an option right when its
                    # condition sets SCORE with any positive number in it, a Subtract's included.
                    share = round(100 / (right if correct else wrong), 4)
                    self.condition(_equal("response1", ident), score="%g" % (share if correct else -share),
                                   action="Add")
            test = ET.Element(_q("and"))
            for ident, _, correct, _ in options:
                if correct:
                    test.append(_equal("response1", ident))
                else:
                    _sub(test, "not").append(_equal("response1", ident))
        else:
            test = _equal("response1", next(i for i, _, c, _ in options if c))
        # The model has no separate right/wrong comments (the explanation is general_fb), so no correct_fb.
        self.condition(test, score="100", stop=True)
        kind = {SingleChoice: "multiple_choice_question", MultipleResponse: "multiple_answers_question",
                TrueFalse: "true_false_question"}[type(q)]
        return kind, [i for i, _, _, _ in options]

    def matching(self, q: Matching | Ordering) -> tuple[str, list[str]]:
        html = self.html
        if isinstance(q, Matching):
            rows = [(p.id, html.inline(p.prompt), p.match) for p in display_order(q)]
            answers = [*(p.match for p in q.pairs), *q.distractors]
        else:
            position = {item.id: str(n) for n, item in enumerate(q.items, 1)}
            rows = [(i.id, html.inline(i.text), position[i.id]) for i in display_order(q)]
            answers = [str(n) for n in range(1, len(q.items) + 1)]
        # Canvas takes an answer's number from the first digits of its ident: 'm<n>' comes before the question id,
        # which may hold digits of its own.
        idents = {text: f"m{n}--{q.id}" for n, text in enumerate(answers, 1)}
        labels = [(ident, text) for text, ident in idents.items()]
        label_of = idents
        for row_id, prompt, _ in rows:
            # The answers are plain text, and Canvas shows them as they are: HTML would show its entities.
            self.choices(f"{q.id}--{row_id}", labels, prompt=prompt, texttype="text/plain")
        share = "%g" % round(100 / len(rows), 4)
        for row_id, _, match in rows:
            self.condition(_equal(f"{q.id}--{row_id}", label_of[match]), score=share, action="Add")
        return "matching_question", [ident for ident, _ in labels]

    def essay(self) -> tuple[str, list[str]]:
        response = _sub(self.presentation, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(response, "render_fib"), "response_label", ident="answer1", rshuffle="No")
        self.condition(None, stop=True)
        return "essay_question", []


CANVAS_COMMENT_WORDS = re.compile("correct|wrong|solution", re.IGNORECASE)
"""What Canvas's importer looks for in a feedback ident to make it the comment for every right answer ('correct'),
every wrong one ('wrong', 'incorrect') or the model answer ('solution'): canvas-lms
`AssessmentItemConverter#get_feedback`."""


def answer_ident(question_id: str, option_id: str, place: int) -> str:
    """An answer's ident, '<question id>--<option id>'; or 'answer<place>' (its place among the options as written)
    where that would hold one of `CANVAS_COMMENT_WORDS`, since its feedback's ident, '<answer ident>_fb', would make
    Canvas show that one answer's feedback to everyone who answers right, or wrong."""
    ident = f"{question_id}--{option_id}"
    return f"answer{place}" if CANVAS_COMMENT_WORDS.search(ident) else ident


def _equal(respident: str, value: str) -> ET.Element:
    element = ET.Element(_q("varequal"), respident=respident)
    element.text = value
    return element
