"""Question pools: a module's pool, a fixed draw from it, and what is wrong with a module check. Pure, no I/O.

The widget (theme/assets/quiz.js) draws afresh for each attempt by the same rule as `draw`: the minimums per objective
first, then the rest, shown in pool order. `draw` here is the fixed one (no JavaScript, printed versions).

The printed check comes in two versions, A and B, which facilitators hand to neighbours: B is drawn from the
questions A does not hold first, so the two share no more questions than the pool forces (a pool of p questions and
a draw of n force 2n - p in common), and are identical only when the pool has no other way to meet the draw and the
minimums; `validate` warns then."""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator

from .course import Part
from .questions import ScoredQuestion, is_scored

Issue = tuple[tuple[str | int, ...], str, str, str, str]
"""(location in module.yml, code, message, how to fix it, severity)."""


def pool(part: Part) -> list[ScoredQuestion]:
    """The module's pool: the scored questions of its lessons' quizzes in teaching order, then its own."""
    check = part.module.check
    lesson_questions = [q for lesson in part.lessons for quiz in part.quizzes.get(lesson.id, [])
                        for q in quiz.questions]
    return [q for q in [*lesson_questions, *(check.questions if check else [])] if is_scored(q)]


def draw(questions: list[ScoredQuestion], n: int, minimums: dict[str, int], seed: str,
         avoid: Collection[ScoredQuestion] = ()) -> list[ScoredQuestion]:
    """`n` questions of `questions`, the same for the same `seed`: first enough for each objective's minimum, then
    the others by the seed's order; returned in pool order. Questions in `avoid` come after all others: they are
    drawn only where the others cannot meet the draw or a minimum."""
    avoided = {q.id for q in avoid}
    ordered = sorted(questions, key=lambda q: (q.id in avoided, hashlib.sha256(f"{seed}/{q.id}".encode()).hexdigest()))
    chosen: list[ScoredQuestion] = []
    for objective, count in minimums.items():
        have = sum(objective in q.assesses for q in chosen)
        chosen += [q for q in ordered if objective in q.assesses and q not in chosen][:max(0, count - have)]
    chosen += [q for q in ordered if q not in chosen][:max(0, n - len(chosen))]
    return [q for q in questions if q in chosen]


def printed_versions(part: Part) -> dict[str, list[ScoredQuestion]]:
    """The questions of the printed versions of the module's check, A then B (`part.module.check` must be set): fixed
    draws, B drawn from what A leaves first."""
    check = part.module.check
    assert check is not None, part.module.id
    questions = pool(part)
    a = draw(questions, check.draw, check.minimums, seed="A")
    return {"A": a, "B": draw(questions, check.draw, check.minimums, seed="B", avoid=a)}


def check_issues(part: Part) -> Iterator[Issue]:
    """What keeps the module's check from drawing as asked, or from differing between attempts."""
    check = part.module.check
    if check is None:
        return
    questions = pool(part)
    objectives = {o.id for lesson in part.lessons for o in lesson.objectives}
    for i, question in enumerate(check.questions):
        if not is_scored(question):
            yield (("check", "questions", i, "type"), "unscored-in-check",
                   f"a {question.type} question earns no points, and a module check has one total",
                   "use a scored type (single_choice, multiple_response, true_false, matching, ordering)", "error")
        for objective in question.assesses:
            if objective not in objectives:
                yield (("check", "questions", i, "assesses"), "unknown-objective",
                       f"'{objective}' is no objective of this module's lessons",
                       f"use one of: {', '.join(sorted(objectives))}", "error")
    if len(questions) < check.draw:
        yield (("check", "draw"), "pool-too-small",
               f"the check draws {check.draw} questions but the module's pool has only {len(questions)}",
               f"lower 'draw' to {len(questions)} or fewer, or add questions under 'check: questions:'", "error")
    elif same := _same_versions(part):
        yield same
    elif len(questions) < 2 * check.draw:
        yield (("check", "draw"), "pool-small",
               f"the pool has {len(questions)} questions for a draw of {check.draw}: two attempts would share "
               "most of their questions",
               f"keep the pool at least twice the draw: lower 'draw' to {len(questions) // 2} or add questions",
               "warning")
    for objective, count in check.minimums.items():
        having = sum(objective in q.assesses for q in questions)
        if objective not in objectives:
            yield (("check", "minimums", objective), "unknown-objective",
                   f"'{objective}' is no objective of this module's lessons",
                   f"use one of: {', '.join(sorted(objectives))}", "error")
        elif having < count:
            yield (("check", "minimums", objective), "pool-too-small",
                   f"the check asks for {count} questions on '{objective}' but the pool has {having}",
                   f"lower the minimum to {having}, or add questions with `assesses: [{objective}]`", "error")


def _same_versions(part: Part) -> Issue | None:
    """A warning if the printed versions A and B would hold the same questions (neighbours could copy)."""
    check = part.module.check
    assert check is not None
    versions = printed_versions(part)
    if {q.id for q in versions["A"]} != {q.id for q in versions["B"]}:
        return None
    size = len(pool(part))
    message = (f"the printed versions A and B of the check would hold the same {check.draw} "
               f"question{'s' if check.draw > 1 else ''}, as the pool has {size}")
    if size > check.draw:  # the minimums leave no choice
        return (("check", "minimums"), "same-versions", message + " and the minimums take them all",
                "lower the minimums, or add questions on their objectives under 'check: questions:'", "warning")
    fewer = f"lower 'draw' to {size - 1} or fewer (to {size // 2} for versions with no question in common), or " \
        if size > 1 else ""
    return (("check", "draw"), "same-versions", message, fewer + "add questions under 'check: questions:'", "warning")
