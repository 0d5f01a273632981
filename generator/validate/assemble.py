"""Model assembly: the typed course made from the files that validated, in the order the course lists them, with the
source file of each part (for error reports and the build cache). It adds no issue: the rules report what is missing
or unlisted; what is missing is simply left out here."""

from __future__ import annotations

from .. import i18n, model
from ..load import Document

Module = tuple[Document, model.Module, list[tuple[Document, model.Lesson]]]
"""A module file read, with its lessons' files."""


def assemble(info: tuple[Document, model.CourseInfo], modules: list[Module],
             glossary: tuple[Document | None, model.Glossary | None],
             bibliography: tuple[Document | None, model.Bibliography | None],
             quizzes: list[tuple[Document, model.Quiz]], pages: list[tuple[Document, model.StandalonePage]],
             workshops: list[tuple[Document, model.Workshop]]) -> model.Course:
    """The course: its listed modules with the lessons each lists and their quizzes, the glossary and references (empty
    when their file has errors), the pages, and the workshops whose every session names a lesson of the course."""
    course_doc, course_info = info
    lessons = {lesson.id: (doc, lesson) for _, _, module_lessons in modules for doc, lesson in module_lessons}
    quizzes_by_lesson: dict[str, list[model.Quiz]] = {}
    for _, quiz in quizzes:
        if quiz.lesson in lessons:
            quizzes_by_lesson.setdefault(quiz.lesson, []).append(quiz)
    by_id = {m.id: m for _, m, _ in modules}
    parts = [model.Part(module=by_id[module_id], lessons=[lessons[i][1] for i in by_id[module_id].lessons
                                                          if i in lessons],
                        quizzes={i: quizzes_by_lesson.get(i, []) for i in by_id[module_id].lessons})
             for module_id in course_info.modules if module_id in by_id]
    taught = {lesson.id for part in parts for lesson in part.lessons}
    (glossary_doc, glossary_model), (bib_doc, bib_model) = glossary, bibliography
    sources = {"course": course_doc.path}
    sources.update({"glossary": glossary_doc.path} if glossary_doc else {})
    sources.update({"references": bib_doc.path} if bib_doc else {})
    sources.update({m.id: doc.path for doc, m, _ in modules})
    sources.update({lesson.id: doc.path for doc, lesson in lessons.values()})
    sources.update({f"quiz:{quiz.id}": doc.path for doc, quiz in quizzes})
    sources.update({f"page:{page.id}": doc.path for doc, page in pages})
    sources.update({f"workshop:{w.id}": doc.path for doc, w in workshops})
    return model.Course(
        info=course_info, parts=parts, glossary=glossary_model or model.Glossary(),
        bibliography=bib_model or model.Bibliography(), pages=[page for _, page in pages], sources=sources,
        workshops=[w for _, w in workshops if all(s.lesson in taught for day in w.days for s in day.sessions
                                                   if s.lesson)])


def localized(quiz: model.Quiz, language: str) -> model.Quiz:
    """A likert question without its own `scale` gets the default scale in the course's language."""
    scale = i18n.catalog(language).raw("quiz.scale")
    questions = [q.model_copy(update={"scale": list(scale)})
                 if q.type == "likert" and "scale" not in q.model_fields_set else q for q in quiz.questions]
    return quiz.model_copy(update={"questions": questions})
