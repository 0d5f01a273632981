"""Print documents: the validated course in, Typst markup for every handout out. Pure: no I/O besides reading templates.

The documents come from the functions in `PRINT_SOURCES`, in order: each lesson's handouts, each workshop's
documents, each module check's versions and key (what each holds: `lesson_print.py`, `workshop_print.py`). A document
can end with other documents' bodies (`then`), which is how a pack is one PDF of several handouts, each keeping its
own running header, numbered as one and opening with contents. How one document is rendered, and what is kept from
one call to the next, is `print_renderer.py`'s.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path

from ..model import Course
from .lesson_print import check_documents, check_inputs, lesson_documents, lesson_inputs
from .print_renderer import PrintCache, PrintDoc, PrintRenderer
from .workshop_print import workshop_documents

PrintSource = Callable[[PrintRenderer], Iterable[PrintDoc]]
"""A function that turns the course into print documents, given the shared renderer."""


def _lesson_documents(renderer: PrintRenderer) -> Iterable[PrintDoc]:
    for part, lesson in renderer.course.lessons:
        yield from renderer.reuse(f"lesson:{lesson.id}", lesson_inputs(renderer, part, lesson),
                                  partial(lesson_documents, renderer, part, lesson))


def _check_documents(renderer: PrintRenderer) -> Iterable[PrintDoc]:
    for part in renderer.course.parts:
        if part.module.check:
            yield from renderer.reuse(f"check:{part.module.id}", check_inputs(renderer, part),
                                      partial(check_documents, renderer, part))


PRINT_SOURCES: list[PrintSource] = [_lesson_documents, workshop_documents, _check_documents]
"""Every source of print documents, in order. More are added here: `PRINT_SOURCES.append(f)`."""


def render_print(course: Course, theme_dir: Path | None = None, sources: Iterable[PrintSource] | None = None, *,
                 cache: PrintCache | None = None, bodies: bool = True) -> list[PrintDoc]:
    """Every print document of the course, in order (lessons first, then whatever the other sources add).

    A live preview passes the same `cache` to every call: the documents of a lesson (or a workshop) whose inputs
    did not change are reused, and the cache says which documents changed (see `PrintCache`). The result is the
    same with or without a cache. With `bodies=False` (no PDF to make) the documents are listed, not rendered: the
    same documents without their Typst markup.
    """
    renderer = PrintRenderer(course, theme_dir, cache=cache, bodies=bodies)
    docs = [doc for source in (PRINT_SOURCES if sources is None else sources) for doc in source(renderer)]
    names = Counter(d.name for d in docs)
    repeated = sorted(name for name, count in names.items() if count > 1)
    if repeated:
        raise ValueError(f"two print documents share the name(s) {', '.join(repeated)}")
    known = set(names)
    for doc in docs if sources is None else ():  # some sources alone may name the others' documents
        missing = [n for n in doc.then if n not in known]
        if missing:
            raise ValueError(f"print document {doc.name} continues with unknown documents {missing}")
    renderer.finish(docs)
    return docs
