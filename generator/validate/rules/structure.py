"""Rules on how the course hangs together: its interface language, the modules it lists and the lessons each module
lists (each listed one exists, each existing one is listed), the lesson each quiz checks, and each module check's
draw."""

from __future__ import annotations

import difflib

from ... import i18n
from ...layout import CONTENT_DIR
from ...model.pool import check_issues
from ..context import Context
from ..sink import Sink


def course_language(ctx: Context, sink: Sink) -> None:
    """The course's interface language has a message catalog, with every string.

    The catalog is generator/locales/<language>.yml; one that lacks some keys falls back to English for them, which
    a learner would see."""
    language = ctx.info.language
    shipped = i18n.languages()
    if language not in shipped:
        close = difflib.get_close_matches(language.lower(), shipped, n=1) or [
            lang for lang in shipped if language.lower().startswith(lang + "-")]
        hint = (f"did you mean '{close[0]}'? " if close else "") + (
            f"the languages shipped are: {', '.join(shipped)}; to add one, copy generator/locales/en.yml to "
            f"generator/locales/{language}.yml and translate every value (see the README)")
        sink.add(ctx.course_doc, ("language",), "unknown-language",
                 f"there is no interface catalog for the language '{language}'", hint)
        return
    missing = i18n.missing_keys(language)
    if missing:
        shown = ", ".join(missing[:5]) + (f" and {len(missing) - 5} more" if len(missing) > 5 else "")
        sink.add(ctx.course_doc, ("language",), "incomplete-catalog",
                 f"the '{language}' interface catalog lacks {len(missing)} string(s), shown in English: {shown}",
                 f"add them to generator/locales/{language}.yml (en.yml has every key)", "warning")


def listed_modules_exist(ctx: Context, sink: Sink) -> None:
    """Each module the course lists has its folder and module.yml."""
    known = ctx.module_by_id
    for i, module_id in enumerate(ctx.info.modules):
        if module_id not in known:
            sink.missing(ctx.course_doc, ("modules", i), "module", module_id, known,
                         fix=f"check the spelling, or add a folder such as {CONTENT_DIR}/0{len(known) + 1}-"
                             f"{module_id}/ with a module.yml whose id is '{module_id}'")


def modules_are_listed(ctx: Context, sink: Sink) -> None:
    """Each module is in the course's module list."""
    for doc, m, _ in ctx.modules:
        if m.id not in ctx.info.modules:
            sink.add(doc, ("id",), "unlisted-module", f"the module '{m.id}' is not in the course's module list",
                     f"add '{m.id}' to 'modules' in {ctx.course_doc.path}")


def listed_lessons_exist(ctx: Context, sink: Sink) -> None:
    """Each lesson a module lists has its file in the module's folder."""
    for doc, m, lessons in ctx.modules:
        ids = {lesson.id for _, lesson in lessons}
        for i, lesson_id in enumerate(m.lessons):
            if lesson_id not in ids:
                sink.missing(doc, ("lessons", i), "lesson", lesson_id, ids, where=f"in {doc.path.rsplit('/', 1)[0]}/")


def lessons_are_listed(ctx: Context, sink: Sink) -> None:
    """Each lesson is in its module's lesson list."""
    for doc, m, lessons in ctx.modules:
        for lesson_doc, lesson in lessons:
            if lesson.id not in m.lessons:
                sink.add(lesson_doc, ("id",), "unlisted-lesson",
                         f"the lesson '{lesson.id}' is not in its module's lesson list",
                         f"add '{lesson.id}' to 'lessons' in {doc.path}")


def quizzes_name_lessons(ctx: Context, sink: Sink) -> None:
    """Each quiz names a lesson that exists."""
    for doc, quiz in ctx.quizzes:
        if quiz.lesson not in ctx.lesson_by_id:
            sink.missing(doc, ("lesson",), "lesson", quiz.lesson, ctx.lesson_by_id)


def module_checks_draw(ctx: Context, sink: Sink) -> None:
    """Each module check can draw as asked from its pool (`model/pool.py`)."""
    for doc, m, _ in ctx.modules:
        for part in ctx.course.parts:
            if part.module is m:
                sink.add_all(doc, check_issues(part))
