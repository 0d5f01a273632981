"""Advice on questions that does not stop a build: distractors without feedback, true/false without the feedback a
wrong answer needs, likert bands with gaps, feedback that opens with a verdict, and keyed options a test-wise learner
could spot by their length. `validate` reports each as a warning at its line; the rules are here, per type.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import assert_never

from ..model.markup import plain_text
from ..model.questions import (
    AnyQuestion, Likert, Matching, MultipleResponse, Ordering, Reflection, SingleChoice, TrueFalse, is_scored,
)

Warning = tuple[tuple[str | int, ...], str, str]
"""(location inside the question, code, message)."""

LONGEST_MARGIN = 1.2
"""The keyed option of a single_choice question is "the longest by a clear margin" when its text (as a reader sees it)
is at least this many times as long as every other option's, and at least `LONGEST_CHARACTERS` longer."""
LONGEST_CHARACTERS = 10


def question_warnings(question: AnyQuestion, verdicts: Sequence[str] = ()) -> list[Warning]:
    """Problems worth fixing that do not stop a build: (location inside the question, code, message).

    `verdicts` are the words of the course's language that give a verdict ('Correct', 'Not quite'...): feedback and
    explanations should not open with one, since the widget already gives the verdict.
    """
    warnings = _verdict_openings(question, verdicts)
    match question:
        case SingleChoice():
            warnings += _feedback_warnings(question)
            keyed = next(o for o in question.options if o.correct)
            longest_other = max(len(plain_text(o.text)) for o in question.options if not o.correct)
            length = len(plain_text(keyed.text))
            if length >= LONGEST_MARGIN * longest_other and length - longest_other >= LONGEST_CHARACTERS:
                index = question.options.index(keyed)
                warnings.append((
                    ("options", index, "text"), "keyed-longest",
                    f"the keyed option '{keyed.id}' is clearly the longest ({length} characters; the longest other "
                    f"option has {longest_other}): a learner who picks the longest option gets this right without "
                    "knowing why. Trim it to what makes it right, or give the other options the same detail",
                ))
        case MultipleResponse():
            warnings += _feedback_warnings(question)
        case TrueFalse():
            wrong = "feedback_false" if question.answer else "feedback_true"
            if not getattr(question, wrong):
                warnings.append((
                    (wrong,), "no-feedback",
                    f"'{wrong}' is missing: add a sentence for learners who answer "
                    f"'{'False' if question.answer else 'True'}', saying why the statement is "
                    f"{'true' if question.answer else 'false'}",
                ))
        case Likert():
            low, high = question.total_range
            covered = {t for b in question.bands for t in range(b.min, b.max + 1)}
            missing = [t for t in range(low, high + 1) if t not in covered]
            if question.bands and missing:
                warnings.append((
                    ("bands",), "band-gap",
                    f"no band covers the total{'s' if len(missing) > 1 else ''} {_ranges(missing)}; "
                    f"learners with that total get no message. Make the bands cover {low}-{high}",
                ))
        case Matching() | Ordering() | Reflection():
            pass
        case _:
            assert_never(question)
    return warnings


def _feedback_warnings(question: SingleChoice | MultipleResponse) -> list[Warning]:
    return [(
        ("options", index, "feedback"), "no-feedback",
        f"the distractor '{option.id}' has no feedback: add 'feedback' saying why a learner who "
        "picks it is mistaken, e.g. 'Advice this early can feel dismissive.'",
    ) for index, option in enumerate(question.options) if not option.correct and not option.feedback]


def _feedback_texts(question: AnyQuestion) -> list[tuple[tuple[str | int, ...], str | None]]:
    """The texts a learner reads after answering, with their location: feedback of every kind, and the explanation."""
    texts: list[tuple[tuple[str | int, ...], str | None]]
    match question:
        case SingleChoice() | MultipleResponse():
            texts = [(("options", i, "feedback"), o.feedback) for i, o in enumerate(question.options)]
        case TrueFalse():
            texts = [(("feedback_true",), question.feedback_true), (("feedback_false",), question.feedback_false)]
        case Matching():
            texts = [(("pairs", i, "feedback"), p.feedback) for i, p in enumerate(question.pairs)]
        case Ordering():
            texts = [(("items", i, "feedback"), s.feedback) for i, s in enumerate(question.items)]
        case Reflection() | Likert():
            texts = []
        case _:
            assert_never(question)
    if is_scored(question):
        texts.append((("explanation",), question.explanation))
    return texts


def _verdict_openings(question: AnyQuestion, verdicts: Sequence[str]) -> list[Warning]:
    if not verdicts:
        return []
    opening = re.compile(rf"^(?:{'|'.join(re.escape(v) for v in verdicts)})(?=\s*(?:[.!:;,—–]|$))", re.IGNORECASE)
    warnings: list[Warning] = []
    for loc, text in _feedback_texts(question):
        found = opening.match(plain_text(text or ""))
        if found:
            warnings.append((
                loc, "verdict-opening",
                f"this opens with the verdict '{found[0]}': the widget already says whether the answer is right, so "
                "start with the reason, e.g. 'Reflecting the feeling shows you heard it.'",
            ))
    return warnings


def keyed_longest(questions: Iterable[AnyQuestion]) -> tuple[int, int]:
    """(how many single_choice questions of three or more options have the keyed option longer than every other,
    how many such questions there are): by chance, about one in the number of options."""
    found = total = 0
    for question in questions:
        if isinstance(question, SingleChoice) and len(question.options) >= 3:
            total += 1
            keyed = next(len(plain_text(o.text)) for o in question.options if o.correct)
            found += keyed > max(len(plain_text(o.text)) for o in question.options if not o.correct)
    return found, total


def _ranges(numbers: Sequence[int]) -> str:
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)
