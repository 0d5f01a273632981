"""Rules on what content names and links to: the glossary terms and references a lesson lists, citations, glossary
and lesson links in every text, and figures, images, videos and captions beside the YAML file that shows them."""

from __future__ import annotations

import difflib
from pathlib import PurePosixPath

from ... import model
from ...load import Document, Loc
from ...model.markup import CITATION, GLOSSARY_LINK, LESSON_LINK, LOCAL_IMAGE, cited_keys
from ...paths import PUBLISHED_SUFFIXES
from ..context import Context
from ..lint import CASED_CITATION
from ..sink import Sink


def lesson_lists_resolve(ctx: Context, sink: Sink) -> None:
    """The glossary terms and references a lesson lists exist (judged once their file has no errors)."""
    for field, known, kind, where in (("glossary", ctx.term_ids, "glossary term", "in content/glossary.yml"),
                                      ("references", ctx.reference_keys, "reference", "in content/references.yml")):
        if known is None:
            continue
        for doc, lesson in ctx.lessons:
            for i, name in enumerate(getattr(lesson, field)):
                if name not in known:
                    sink.missing(doc, (field, i), kind, name, known, where=where)


def links_resolve(ctx: Context, sink: Sink) -> None:
    """Citations, glossary links and lesson links in every text resolve, and the images they show are there.

    A quiz is shown on its lesson's page (and in its handouts), so its images are beside the lesson's YAML."""
    lesson_files = {doc.path: ctx.lesson_by_id[quiz.lesson][0] for doc, quiz in ctx.quizzes
                    if quiz.lesson in ctx.lesson_by_id}
    for doc in ctx.documents.values():
        _check_links(ctx, sink, doc, beside=lesson_files.get(doc.path, doc))


def figures_exist(ctx: Context, sink: Sink) -> None:
    """Every figure's image file (and its captions file) is there, beside the YAML file that shows it."""
    for doc, sections in [(doc, lesson.sections) for doc, lesson in ctx.lessons] + [
            (doc, page.sections) for doc, page in ctx.pages]:
        for i, section in enumerate(sections):
            for j, figure in enumerate(section.figures):
                _check_file(ctx, sink, doc, ("sections", i, "figures", j, "src"), figure.src)
                if figure.captions:
                    _check_file(ctx, sink, doc, ("sections", i, "figures", j, "captions"), figure.captions)


def _check_links(ctx: Context, sink: Sink, doc: Document, beside: Document) -> None:
    """The links in `doc`'s text resolve (a target set that is None is not known: not judged), and images are in the
    folder of `beside` (the document itself, or a quiz's lesson)."""
    term_ids, ref_keys = ctx.term_ids, ctx.reference_keys
    for loc, kind, name, offset in _links_in(ctx, doc):
        if kind == "cased-citation":
            close = [key for key in ref_keys or () if key == name.lower()]
            sink.add(doc, loc, "unknown-reference", f"the citation '[@{name}]' has capital letters, so it is not "
                     "read as a citation and would show as typed" + (f"; the reference is '{close[0]}'" if close
                                                                     else ""),
                     f"write it in lower case: [@{name.lower()}]", offset=offset)
        elif kind == "citation":
            if ref_keys is not None and name not in ref_keys:
                sink.missing(doc, loc, "reference", name, ref_keys, where="in content/references.yml",
                             what="citation", offset=offset)
        elif kind == "lesson":
            if name not in ctx.lesson_by_id:
                sink.missing(doc, loc, "lesson", name, ctx.lesson_by_id, what="lesson link", offset=offset)
        elif kind == "image":
            _check_file(ctx, sink, doc, loc, name, offset=offset, beside=beside)
        elif term_ids is not None and name not in term_ids:
            sink.missing(doc, loc, "glossary term", name, term_ids, where="in content/glossary.yml",
                         what="glossary link", offset=offset)


def _links_in(ctx: Context, doc: Document) -> list[tuple[Loc, str, str, int]]:
    """What the document's text links to, as (where, kind, target, offset): found once per version of a file."""
    file = ctx.files[doc.path]
    if file.links is None:
        file.links = []
        for loc, text in doc.strings():
            if "]" not in text:  # every pattern needs one
                continue
            file.links += [(loc, "citation", key, match.start()) for match in CITATION.finditer(text)
                           for key in cited_keys(match[0])]
            file.links += [(loc, "cased-citation", match[1], match.start())
                           for match in CASED_CITATION.finditer(text)] if "[@" in text else []
            file.links += [(loc, "lesson", match[1], match.start()) for match in LESSON_LINK.finditer(text)]
            file.links += [(loc, "image", match[2], match.start()) for match in LOCAL_IMAGE.finditer(text)]
            file.links += [(loc, "term", match[1], match.start()) for match in GLOSSARY_LINK.finditer(text)]
    return file.links


def _check_file(ctx: Context, sink: Sink, doc: Document, loc: Loc, name: str, *, offset: int | None = None,
                beside: Document | None = None) -> None:
    """A file that a content file shows (an image, a video, its captions) is beside it, or beside `beside`."""
    shown_in = (beside or doc).path
    found, refused = ctx.tree.find(shown_in, name)
    if refused:
        sink.add(doc, loc, "outside-course", refused, offset=offset)
        return
    if found:
        return
    kind = _file_kind(name) or "image"
    present = [other for other in ctx.tree.names_beside(shown_in) if _file_kind(other) == kind]
    close = difflib.get_close_matches(name, present, n=1)
    where = "in the same folder as this YAML file" if beside in (None, doc) else f"beside the lesson {beside.path}"
    sink.add(doc, loc, f"missing-{kind}",
             f"there is no {kind} file '{name}' in {PurePosixPath(shown_in).parent.as_posix()}/",
             f"did you mean '{close[0]}'?" if close else f"put the file {where}, or fix the name", offset=offset)


def _file_kind(name: str) -> str | None:
    """'image', 'video' or 'captions' by the file's suffix; None for a file that is none of these (a YAML file...)."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".vtt":
        return "captions"
    if suffix in model.course.VIDEO_SUFFIXES:
        return "video"
    return "image" if suffix in PUBLISHED_SUFFIXES else None
