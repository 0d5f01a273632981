"""Quiz widgets: model in, HTML out. (Stub: the quiz work replaces this with the full seven-type widget.)"""

from __future__ import annotations

from html import escape

from ..model import Quiz
from .markdown import MarkdownRenderer


def render_quiz(quiz: Quiz, md: MarkdownRenderer, *, storage_prefix: str) -> str:
    """One quiz as a single raw-HTML block, to embed in a Markdown page."""
    items = "".join(f"<li>{md.inline(q.stem)}</li>" for q in quiz.questions)
    return f'<section class="quiz" id="quiz-{escape(quiz.id)}" data-quiz="{escape(storage_prefix)}"><ol>{items}</ol></section>'
