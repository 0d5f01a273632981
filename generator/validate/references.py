"""The rules across files: ids unique where they must be, modules and lessons listed where they are, quizzes for
lessons that exist, what each item assesses, glossary and reference keys, links and figures; then the typed course
assembled from what was read. A mixin of the validator, over its sink; the checks it calls are its bases'.
"""

from __future__ import annotations

from .. import i18n, model
from ..errors import has_errors
from ..layout import CONTENT_DIR
from ..load import Document, Loc
from ..model.pool import check_issues
from ..workshops import activity_time_issues
from .advice import question_warnings
from .files import FileChecks
from .rules import Rules

Module = tuple[Document, model.Module, list[tuple[Document, model.Lesson]]]
"""A module file read, with its lessons' files."""


class References(FileChecks, Rules):
    docs: dict[str, Document]

    def cross_check(self, course: tuple[Document, model.CourseInfo], modules: list[Module],
                    glossary_file: tuple[Document | None, model.Glossary] | None,
                    bibliography_file: tuple[Document | None, model.Bibliography] | None,
                    quizzes: list[tuple[Document, model.Quiz]], pages: list[tuple[Document, model.StandalonePage]],
                    ) -> model.Course:
        course_doc, info = course
        # A glossary or bibliography with errors is reported on its own; links into it are judged once it is fixed.
        glossary_doc, glossary = glossary_file or (None, None)
        bib_doc, bib = bibliography_file or (None, None)
        term_ids = {t.id for t in glossary.terms} if glossary else None
        ref_keys = {r.key for r in bib.references} if bib else None
        if glossary:
            self.unique("glossary term",
                        [(glossary_doc, ("terms", i, "id"), t.id) for i, t in enumerate(glossary.terms)])
        if bib:
            self.unique("reference", [(bib_doc, ("references", i, "key"), r.key) for i, r in enumerate(bib.references)])

        by_id = {m.id: (doc, m, lessons) for doc, m, lessons in modules}
        self.unique("module", [(doc, ("id",), m.id) for doc, m, _ in modules])
        for i, module_id in enumerate(info.modules):
            if module_id not in by_id:
                self.missing(course_doc, ("modules", i), "module", module_id, by_id,
                             fix="check the spelling, or add a folder such as "
                                 f"{CONTENT_DIR}/0{len(by_id) + 1}-{module_id}/ "
                                 f"with a module.yml whose id is '{module_id}'")
        for doc, m, _ in modules:
            if m.id not in info.modules:
                self.add(doc, ("id",), "unlisted-module", f"the module '{m.id}' is not in the course's module list",
                         f"add '{m.id}' to 'modules' in {course_doc.path}")

        all_lessons = [entry for _, _, lessons in modules for entry in lessons]
        self.check_reserved([("module", doc, m.id) for doc, m, _ in modules]
                            + [("lesson", doc, lesson.id) for doc, lesson in all_lessons]
                            + [("page", doc, page.id) for doc, page in pages])
        self.unique("lesson", [(doc, ("id",), lesson.id) for doc, lesson in all_lessons])
        # A module and a lesson are both pages addressed by id.
        self.unique("module or lesson", [(doc, ("id",), m.id) for doc, m, _ in modules]
                    + [(doc, ("id",), lesson.id) for doc, lesson in all_lessons if lesson.id in by_id])
        for doc, m, lessons in modules:
            ids = {lesson.id for _, lesson in lessons}
            for i, lesson_id in enumerate(m.lessons):
                if lesson_id not in ids:
                    self.missing(doc, ("lessons", i), "lesson", lesson_id, ids,
                                 where=f"in {doc.path.rsplit('/', 1)[0]}/")
            for lesson_doc, lesson in lessons:
                if lesson.id not in m.lessons:
                    self.add(lesson_doc, ("id",), "unlisted-lesson",
                             f"the lesson '{lesson.id}' is not in its module's lesson list",
                             f"add '{lesson.id}' to 'lessons' in {doc.path}")

        lesson_by_id = {lesson.id: (doc, lesson) for doc, lesson in all_lessons}
        quizzes_by_lesson: dict[str, list[model.Quiz]] = {}
        for doc, quiz in quizzes:
            if quiz.lesson not in lesson_by_id:
                self.missing(doc, ("lesson",), "lesson", quiz.lesson, lesson_by_id)
            else:
                quizzes_by_lesson.setdefault(quiz.lesson, []).append(quiz)

        # Challenges, quizzes and questions share one namespace: their ids key progress and LMS exports.
        items: list[tuple[Document | None, Loc, str]] = [(doc, ("id",), quiz.id) for doc, quiz in quizzes]
        assessed: set[tuple[str, str]] = set()
        for doc, lesson in all_lessons:
            self.unique(f"objective of '{lesson.id}'", [(doc, ("objectives", i, "id"), o.id)
                                                       for i, o in enumerate(lesson.objectives)])
            section_ids = [s.id for s in lesson.sections if s.id]
            self.unique(f"section of '{lesson.id}'", [(doc, ("sections", i, "id"), s.id)
                                                     for i, s in enumerate(lesson.sections) if s.id])
            for kind in ("challenges", "roleplays"):
                for i, item in enumerate(getattr(lesson, kind)):
                    items.append((doc, (kind, i, "id"), item.id))
                    self.check_assesses(doc, (kind, i), item.assesses, lesson, assessed)
                    if item.after and item.after not in section_ids:
                        self.missing(doc, (kind, i, "after"), "section", item.after, section_ids,
                                     where=f"in the lesson '{lesson.id}'",
                                     fix="give the section an `id:` and name it here")
            items += [(doc, ("discussion", i, "id"), d.id) for i, d in enumerate(lesson.discussion) if d.id]
            self.check_anchors(doc, lesson, section_ids)
            self.add_all(doc, activity_time_issues(lesson))
            roleplay_minutes = sum(r.minutes for r in lesson.roleplays)
            if roleplay_minutes > lesson.exercises:
                self.add(doc, ("exercises",), "roleplay-time",
                         f"the role-plays take {roleplay_minutes} minutes, more than the lesson's {lesson.exercises} "
                         "minutes of exercises", f"role-plays are part of the exercises: set `exercises: "
                         f"{roleplay_minutes}` or more, or shorten the role-plays", severity="warning")
            for i, term in enumerate(lesson.glossary):
                if term_ids is not None and term not in term_ids:
                    self.missing(doc, ("glossary", i), "glossary term", term, term_ids, where="in content/glossary.yml")
            for i, key in enumerate(lesson.references):
                if ref_keys is not None and key not in ref_keys:
                    self.missing(doc, ("references", i), "reference", key, ref_keys, where="in content/references.yml")
        verdicts = [word.strip() for word in i18n.catalog(info.language).raw("quiz_craft.verdicts").split(",")]
        for doc, quiz in quizzes:
            quiz_lesson = lesson_by_id.get(quiz.lesson, (None, None))[1]
            for i, question in enumerate(quiz.questions):
                items.append((doc, ("questions", i, "id"), question.id))
                if quiz_lesson:
                    self.check_assesses(doc, ("questions", i), question.assesses, quiz_lesson, assessed)
                for loc, code, message in question_warnings(question, verdicts):
                    self.add(doc, ("questions", i, *loc), code, message, severity="warning")
        for doc, m, _ in modules:  # questions written for a module's check
            for i, question in enumerate(m.check.questions if m.check else []):
                items.append((doc, ("check", "questions", i, "id"), question.id))
                for loc, code, message in question_warnings(question, verdicts):
                    self.add(doc, ("check", "questions", i, *loc), code, message, severity="warning")
        self.check_keyed_longest(course_doc, [q for _, quiz in quizzes for q in quiz.questions])
        self.unique("exercise or question", items)
        # Completeness is only worth judging on a course that is otherwise consistent.
        for doc, lesson in all_lessons if not has_errors(self.issues) else []:
            for i, objective in enumerate(lesson.objectives):
                if (lesson.id, objective.id) not in assessed:
                    self.add(doc, ("objectives", i, "id"), "unassessed",
                             f"no challenge or quiz question assesses the objective '{objective.id}'",
                             f"add `assesses: [{objective.id}]` to a challenge in this lesson or to a question "
                             f"in a quiz with `lesson: {lesson.id}`", severity="warning")

        # A quiz is shown on its lesson's page (and in its handouts), so its images are beside the lesson's YAML.
        lesson_files = {doc.path: lesson_by_id[quiz.lesson][0] for doc, quiz in quizzes if quiz.lesson in lesson_by_id}
        lesson_ids = set(lesson_by_id)
        for doc in self.docs.values():
            self.check_links(doc, term_ids, ref_keys, lesson_ids, beside=lesson_files.get(doc.path, doc))
        for doc, lesson in all_lessons:
            self.check_figures(doc, lesson.sections)
        for doc, page in pages:
            self.check_figures(doc, page.sections)
        self.unique("page", [(doc, ("id",), page.id) for doc, page in pages])
        for doc, page in pages:  # a section id is its heading's HTML id, as in a lesson
            self.unique(f"section of '{page.id}'", [(doc, ("sections", i, "id"), s.id)
                                                   for i, s in enumerate(page.sections) if s.id])

        sources = {"course": course_doc.path}
        sources.update({"glossary": glossary_doc.path} if glossary_doc else {})
        sources.update({"references": bib_doc.path} if bib_doc else {})
        sources.update({m.id: doc.path for doc, m, _ in modules})
        sources.update({lesson.id: doc.path for doc, lesson in all_lessons})
        sources.update({f"quiz:{quiz.id}": doc.path for doc, quiz in quizzes})
        sources.update({f"page:{page.id}": doc.path for doc, page in pages})
        parts = [
            model.Part(module=m, lessons=[lesson_by_id[i][1] for i in m.lessons if i in lesson_by_id],
                       quizzes={i: quizzes_by_lesson.get(i, []) for i in m.lessons})
            for module_id in info.modules if module_id in by_id
            for _, m, lessons in [by_id[module_id]]
        ]
        for doc, m, _ in modules:
            for part in parts:
                if part.module is m:
                    for loc, code, message, fix, severity in check_issues(part):
                        self.add(doc, loc, code, message, fix, severity=severity)  # type: ignore[arg-type]
        return model.Course(info=info, parts=parts, glossary=glossary or model.Glossary(),
                            bibliography=bib or model.Bibliography(), pages=[page for _, page in pages],
                            sources=sources)
