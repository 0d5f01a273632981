"""Print documents of each lesson and of each module check. Pure, like the rest of the print renderer.

Per lesson (file names say what each is):

- `<lesson>-worksheet`: for learners. The objectives, then every challenge, discussion prompt, role-play (its shared
  setup only) and quiz question with space to answer. No answer, solution, hint, feedback, explanation, model
  answer, checklist or role brief is in the file at all: the templates never receive them.
- `<lesson>-facilitator`: the same items in the same order with hints and the answer key, timings, instructor
  notes, what to listen for in discussions, every role brief and the debrief.
- `<lesson>-reading`: the teaching text, callouts, figures, key points, glossary terms and references.
- `<lesson>-roleplay-cards` (lessons with role-plays): one cut-out card per role, then an observer sheet.

Per module with a `check` (module.yml): `<module>-check-a` and `<module>-check-b`, two fixed draws from its pool for
learners (questions only), and `<module>-check-key`, both versions' answer keys and the pass mark.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from ..i18n import Catalog
from ..model import Course, Lesson, Part, Quiz
from ..model.pool import printed_versions
from ..model.questions import display_order, is_scored, letter, match_choices
from .print_renderer import PrintDoc, PrintRenderer
from .sitemap import lesson_handouts
from .typst_markup import Typst, escape


def lesson_documents(renderer: PrintRenderer, part: Part, lesson: Lesson, *, prefix: str = "", listed: bool = True,
                     leave_out: tuple[str, ...] = ()) -> list[PrintDoc]:
    """The lesson's handouts but the kinds in `leave_out`; `prefix` and `listed=False` make a pack's own copies
    (see workshop_print)."""
    t = renderer.t
    quizzes = part.quizzes.get(lesson.id, [])
    items = worksheet_items(lesson, quizzes)
    common: dict[str, Any] = dict(lesson=lesson, part=part, items=items, quizzes=quizzes)
    docs = []
    folder = lesson_folder(renderer.course, lesson.id)
    numbers = {o.id: str(i) for i, o in enumerate(lesson.objectives, 1)}
    references = [renderer.refs[k] for k in _references(renderer, lesson, quizzes) if k in renderer.refs]
    for kind, name, _ in lesson_handouts(lesson, t):
        if kind in leave_out:
            continue
        title = t("handout.title", title=lesson.title, kind=t(f"handout.in_text.{kind}"))
        extra: dict[str, Any] = {}
        if kind == "reading":
            extra["terms"] = [renderer.terms[term] for term in lesson.glossary if term in renderer.terms]
            extra["references"] = references
        if kind == "facilitator":
            extra["answer_grid"] = lambda items: answer_grid(items, t)
        docs.append(renderer.document(
            f"{kind.replace('-', '_')}.typ", name=prefix + name, title=title, kind=kind, running=lesson.title,
            lesson_id=lesson.id, learner=kind in ("worksheet", "reading"), listed=listed, folder=folder,
            objective_numbers=lambda ids: ", ".join(numbers.get(i, i) for i in ids), **common, **extra,
        ))
    return docs


def lesson_inputs(renderer: PrintRenderer, part: Part, lesson: Lesson) -> tuple[Any, ...]:
    """What the lesson's handouts are made from (besides course.yml, the page paths and the templates)."""
    quizzes = part.quizzes.get(lesson.id, [])
    return (part.module, lesson, quizzes, renderer.course.sources[lesson.id],
            [renderer.refs.get(key) for key in _references(renderer, lesson, quizzes)],
            [renderer.terms.get(term) for term in lesson.glossary])


def check_documents(renderer: PrintRenderer, part: Part) -> list[PrintDoc]:
    """Versions A and B of the module's check (fixed draws from its pool, for learners) and their key."""
    t = renderer.t
    module, check = part.module, part.module.check
    assert check is not None, module.id
    versions = [(seed, [_Item("question", q.id, q, number) for number, q in enumerate(drawn, 1)])
                for seed, drawn in printed_versions(part).items()]
    numbers = {o.id: f"{i}.{j}" for i, lesson in enumerate(part.lessons, 1)
               for j, o in enumerate(lesson.objectives, 1)}
    common: dict[str, Any] = dict(
        module=module, check=check, running=module.title, module_id=module.id,
        folder=lesson_folder(renderer.course, part.lessons[0].id),
        objective_numbers=lambda ids: ", ".join(numbers.get(i, i) for i in ids))
    docs = [renderer.document("check.typ", name=f"{module.id}-check-{seed.lower()}", kind="check", items=items,
                              title=t("print.check_title", module=module.title, version=seed), **common)
            for seed, items in versions]
    docs.append(renderer.document("check_key.typ", name=f"{module.id}-check-key", kind="check-key", learner=False,
                                  title=t("print.check_key_title", module=module.title), versions=versions,
                                  answer_grid=lambda items: answer_grid(items, t), **common))
    return docs


def check_inputs(renderer: PrintRenderer, part: Part) -> tuple[Any, ...]:
    """What a module check's documents are made from (besides course.yml, the page paths and the templates)."""
    quizzes = [quiz for lesson in part.lessons for quiz in part.quizzes.get(lesson.id, [])]
    cited = [k for item in (part.module, *quizzes) for k in renderer.citations(item)]
    return (part.module, [lesson.objectives for lesson in part.lessons], quizzes,
            [renderer.refs.get(key) for key in cited])


def lesson_folder(course: Course, lesson_id: str) -> str:
    """The folder of a lesson's YAML relative to content/, e.g. '04-strategies' (where its figures are)."""
    source = PurePosixPath(course.sources[lesson_id])
    parts = source.parent.parts
    return posixpath.join(*parts[1:]) if len(parts) > 1 else ""



@dataclass
class _Item:
    """One numbered thing to do on a worksheet, in worksheet order."""

    kind: str  # 'challenge' | 'roleplay' | 'discussion' | 'question'
    anchor: str
    obj: Any
    number: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def worksheet_items(lesson: Lesson, quizzes: list[Quiz]) -> list[_Item]:
    """The worksheet's items in order: challenges and role-plays (in lesson order), discussion, quiz questions."""
    items: list[_Item] = []
    sections = [s.id for s in lesson.sections]
    placed = [(c.after, "challenge", c) for c in lesson.challenges] + [(r.after, "roleplay", r)
                                                                       for r in lesson.roleplays]
    # Shown after a section on the web: keep that order on paper (the ones without `after` come last).
    placed.sort(key=lambda p: sections.index(p[0]) if p[0] in sections else len(sections))
    for _, kind, obj in placed:
        items.append(_Item(kind, obj.id, obj))
    for index, prompt in enumerate(lesson.discussion, 1):
        items.append(_Item("discussion", prompt.id or f"{lesson.id}-discussion-{index}", prompt))
    for quiz in quizzes:
        for question in quiz.questions:
            items.append(_Item("question", question.id, question))
    for number, item in enumerate(items, 1):
        item.number = number
    return items


def _references(renderer: PrintRenderer, lesson: Lesson, quizzes: list[Quiz]) -> list[str]:
    """The reference keys the lesson lists and that it and its quizzes cite, in order."""
    keys = [*lesson.references, *renderer.citations(lesson)]
    keys += [k for quiz in quizzes for k in renderer.citations(quiz)]
    return list(dict.fromkeys(keys))


def answer_grid(items: list[_Item], t: Catalog) -> Typst:
    """The scored questions' answers at a glance, as a Typst table: question number and answer."""
    cells = []
    for item in items:
        q = item.obj
        if item.kind != "question" or not is_scored(q):
            continue
        if q.type in ("single_choice", "multiple_response"):
            answer = ", ".join(letter(i) for i, o in enumerate(display_order(q)) if o.correct)
        elif q.type == "true_false":
            answer = t("print.answer_true") if q.answer else t("print.answer_false")
        elif q.type == "matching":
            choices = match_choices(q)
            answer = " ".join(f"{i}{letter(choices.index(p.match))}" for i, p in enumerate(display_order(q), 1))
        elif q.type == "ordering":
            answer = " ".join(str(q.items.index(s) + 1) for s in display_order(q))
        else:
            continue
        cells += [f"[{item.number}]", f"[{escape(answer)}]"]
    if not cells:
        return Typst("")
    header = f"[{escape(t('print.question'))}], [{escape(t('print.answer'))}]"
    return Typst(f"#grid-table(columns: (auto, 1fr), header: ({header}), {', '.join(cells)});")
