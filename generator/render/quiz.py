"""Quiz widgets and the Progress page: model in, HTML out.

Each function returns ONE raw-HTML block for a Markdown page: it starts at column 0 with a block element and has no
blank lines, so Python-Markdown passes it through untouched. The markup is the contract with
`theme/assets/quiz.js` (behaviour) and `theme/assets/quiz.css` (looks); without the script every question still
discloses its answer and per-option reasons in a `<details>`. Answers sit only inside `data-search-exclude`
elements or attributes, which Material's search plugin leaves out of the index.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, StrictUndefined
from markupsafe import Markup

from ..i18n import Catalog, catalog
from ..model import Lesson, Part, Quiz
from ..model.pool import draw, pool
from ..model.qtypes import question_type
from ..model.questions import AnyQuestion, display_order, is_scored, letter, match_choices
from .markdown import MarkdownRenderer
from .templates import Signature, template_loader


@lru_cache(maxsize=8)
def _environment(theme_dir: Path | None, signature: Signature | None = None) -> Environment:
    # One environment per theme (and per state of its templates, when the caller gives `signature`, so that a
    # preview sees a new override file): compiling the templates costs more than rendering a quiz.
    env = Environment(loader=template_loader(theme_dir), autoescape=True, trim_blocks=True, lstrip_blocks=True,
                      undefined=StrictUndefined, auto_reload=signature is None)  # else a new signature reloads
    env.globals.update(display_order=display_order, match_choices=match_choices, letter=letter, widget=_widget)
    return env


@dataclass(frozen=True)
class Review:
    """An objective a learner may need to review after a quiz, and where its lesson teaches it."""

    id: str
    text: str
    url: str
    """The section that teaches it (or the objective in the lesson's overview), from the page the quiz is on."""
    where: str = ""
    """The lesson's title, when the quiz is not on the lesson's own page."""


def review_links(lesson: Lesson, page_url: str, where: str = "") -> list[Review]:
    """The lesson's objectives, each linked to the section after which its first exercise or role-play stands (the
    section that teaches it), else to the objective in the lesson's overview. `page_url` is the lesson page's URL
    from the page the links are on ('' for the lesson page itself)."""
    taught: dict[str, str] = {}
    placed = [(c.assesses, c.after) for c in lesson.challenges] + [(r.assesses, r.after) for r in lesson.roleplays]
    for objectives, after in placed:
        if after:
            for objective in objectives:
                taught.setdefault(objective, after)
    return [Review(o.id, o.text, f"{page_url}#{taught.get(o.id, 'objective-' + o.id)}", where)
            for o in lesson.objectives]


def render_quiz(quiz: Quiz, md: MarkdownRenderer, *, storage_prefix: str, theme_dir: Path | None = None,
                t: Catalog | None = None, signature: Signature | None = None, review: Sequence[Review] = ()) -> str:
    """One quiz (all its questions and a score summary) as a single raw-HTML block.

    `storage_prefix` names one version of one course, e.g. 'rapport@1.0': the script saves each answer in
    localStorage under '<storage_prefix>/<question id>'. Templates in `theme_dir`/course/quiz/ override the package's.
    `t` is the course's interface language (English when not given). `signature` is the templates' state
    (`templates.template_signature`), which a preview passes so that edited templates are read again. `review`
    lists the objectives the result may send the learner back to (`review_links`).
    """
    html = _environment(theme_dir, signature).get_template("quiz/quiz.html").render(
        **_strings(t),
        quiz=quiz,
        review=[r for r in review if any(r.id in q.assesses for q in quiz.questions)],
        storage_prefix=storage_prefix,
        block=lambda text: Markup(md.block(text)),
        inline=lambda text: Markup(md.inline(text)),
        correct_letters=_correct_letters,
    )
    return _one_block(html)


def render_check(part: Part, markdown: Callable[[AnyQuestion], MarkdownRenderer], *, storage_prefix: str,
                 review: Sequence[Review], theme_dir: Path | None = None, t: Catalog | None = None,
                 signature: Signature | None = None) -> str:
    """The module's check (`part.module.check` must be set) as one raw-HTML block: every question of its pool, the
    fixed draw shown (the one a page without JavaScript keeps). `markdown` gives the renderer for a question's text
    (links are relative to the lesson it comes from); `review` as for `render_quiz`, from every lesson of the module."""
    check = part.module.check
    assert check is not None
    questions = pool(part)
    fixed = [q.id for q in draw(questions, check.draw, check.minimums, seed=part.module.id)]
    entries = []
    for q in questions:
        md = markdown(q)
        entries.append((q, lambda text, md=md: Markup(md.block(text)), lambda text, md=md: Markup(md.inline(text))))
    html = _environment(theme_dir, signature).get_template("quiz/check.html").render(
        **_strings(t), module=part.module, check=check, entries=entries, fixed=fixed, review=review,
        minimums=json.dumps(check.minimums), storage_prefix=storage_prefix, correct_letters=_correct_letters,
    )
    return _one_block(html)


@dataclass(frozen=True)
class ProgressRow:
    """One lesson on the Progress page."""

    module: str
    """Title of the module the lesson belongs to; consecutive rows with the same module are grouped."""
    lesson: str
    """Title of the lesson."""
    url: str
    """Link to the lesson page, relative to the Progress page, e.g. 'understanding/what-is-rapport.html'."""
    quizzes: Sequence[Quiz] = ()
    """The lesson's quizzes (usually one; none when the lesson has no quiz)."""
    check: str = ""
    """The module's id when the row is the module's check (then `lesson` is the row's label, `url` the check's)."""


def render_progress(rows: Sequence[ProgressRow], *, storage_prefix: str, theme_dir: Path | None = None,
                    t: Catalog | None = None, signature: Signature | None = None) -> str:
    """The Progress page body: every lesson's quiz status, download/load of progress as JSON, and a reset button.
    `signature` as for `render_quiz`."""
    groups: list[tuple[str, list[ProgressRow]]] = []
    for row in rows:
        if groups and groups[-1][0] == row.module:
            groups[-1][1].append(row)
        else:
            groups.append((row.module, [row]))
    html = _environment(theme_dir, signature).get_template("quiz/progress.html").render(
        **_strings(t),
        groups=groups, storage_prefix=storage_prefix, question_ids=_question_ids, max_points=_max_points
    )
    return _one_block(html)


@lru_cache(maxsize=8)
def _strings(t: Catalog | None) -> dict[str, Any]:
    """What the templates need to speak the course's language: `t` for their own text, `widget_strings` (JSON) for
    the data-qz-strings attribute that theme/assets/quiz.js reads its messages from."""
    t = t or catalog("en")
    return {"t": t.html, "widget_strings": json.dumps(t.widget(), ensure_ascii=False, separators=(",", ":"))}


def _question_ids(row: ProgressRow) -> str:
    return " ".join(q.id for quiz in row.quizzes for q in quiz.questions)


def _max_points(row: ProgressRow) -> str:
    return "%g" % sum(q.points for quiz in row.quizzes for q in quiz.questions if is_scored(q))


def _widget(question: AnyQuestion) -> str:
    return question_type(question).widget


def _correct_letters(question: AnyQuestion) -> list[str]:
    return [letter(i) for i, option in enumerate(display_order(question)) if option.correct]


_PRE = re.compile(r"<pre\b.*?</pre>", re.S)


def _one_block(html: str) -> str:
    """Make the HTML one Markdown raw block: no blank lines (newlines inside <pre> become character references)."""
    html = _PRE.sub(lambda m: m[0].replace("\n", "&#10;"), html)
    return "\n".join(line for line in html.splitlines() if line.strip()) + "\n"
