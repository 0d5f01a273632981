"""Checks of the files content names and links: figures, images, videos and captions beside the YAML that shows them,
citations, glossary and lesson links that resolve, and what in content/ is published or refused.

A mixin of the validator: these methods use its sink (`add`, `missing`), the course files `load` listed (`tree`) and
the files it has read.
"""

from __future__ import annotations

import difflib
from pathlib import PurePosixPath
from typing import Any

from .. import model
from ..errors import Issue
from ..load import CourseFiles, Document, Loc
from ..model.markup import CITATION, GLOSSARY_LINK, LESSON_LINK, LOCAL_IMAGE, cited_keys
from ..paths import PUBLISHED_SUFFIXES, svg_problems
from .lint import CASED_CITATION
from .sink import Checks


class FileChecks(Checks):
    tree: CourseFiles
    files: dict[str, Any]
    """The files read so far, by path: each keeps the links found in it (`links`)."""

    def check_content_files(self) -> None:
        """The files of content/ other than YAML: which are not published (and why), and SVGs that could run script
        or load from elsewhere when a learner opens them (they are served from the site's own origin)."""
        for path, why, outside in self.tree.unpublished():
            self.add(path, (), "outside-course" if outside else "unpublished-file",
                     f"'{PurePosixPath(path).name}' {why}", severity="error" if outside else "warning")
        for path, svg in self.tree.svgs():
            for line, column, message in svg_problems(svg):
                self.issues.append(Issue(path, line, column, "error", "unsafe-svg", message,
                                         "remove it from the SVG (or export the drawing again as plain SVG)"))

    def check_figures(self, doc: Document, sections: list[model.Section]) -> None:
        """Every figure's image file is there, beside the YAML file that shows it."""
        for i, section in enumerate(sections):
            for j, figure in enumerate(section.figures):
                self.check_file(doc, ("sections", i, "figures", j, "src"), figure.src)
                if figure.captions:
                    self.check_file(doc, ("sections", i, "figures", j, "captions"), figure.captions)

    def check_file(self, doc: Document, loc: Loc, name: str, *, offset: int | None = None,
                   beside: Document | None = None) -> None:
        """A file that a content file shows (an image, a video, its captions) is beside it, or beside `beside`."""
        shown_in = (beside or doc).path
        found, refused = self.tree.find(shown_in, name)
        if refused:
            self.add(doc, loc, "outside-course", refused, offset=offset)
            return
        if found:
            return
        kind = _file_kind(name) or "image"
        present = [other for other in self.tree.names_beside(shown_in) if _file_kind(other) == kind]
        close = difflib.get_close_matches(name, present, n=1)
        where = "in the same folder as this YAML file" if beside in (None, doc) else f"beside the lesson {beside.path}"
        self.add(doc, loc, f"missing-{kind}",
                 f"there is no {kind} file '{name}' in {PurePosixPath(shown_in).parent.as_posix()}/",
                 f"did you mean '{close[0]}'?" if close else f"put the file {where}, or fix the name", offset=offset)

    def check_links(self, doc: Document, term_ids: set[str] | None, ref_keys: set[str] | None,
                    lesson_ids: set[str], beside: Document) -> None:
        """Citations, glossary links and lesson links in every string resolve (None: that target set is unknown),
        and images are in the folder of `beside` (the document itself, or a quiz's lesson)."""
        for loc, kind, name, offset in self.links_in(doc):
            if kind == "cased-citation":
                close = [key for key in ref_keys or () if key == name.lower()]
                self.add(doc, loc, "unknown-reference", f"the citation '[@{name}]' has capital letters, so it is not "
                         "read as a citation and would show as typed" + (f"; the reference is '{close[0]}'" if close
                                                                         else ""),
                         f"write it in lower case: [@{name.lower()}]", offset=offset)
            elif kind == "citation":
                if ref_keys is not None and name not in ref_keys:
                    self.missing(doc, loc, "reference", name, ref_keys, where="in content/references.yml",
                                 what="citation", offset=offset)
            elif kind == "lesson":
                if name not in lesson_ids:
                    self.missing(doc, loc, "lesson", name, lesson_ids, what="lesson link", offset=offset)
            elif kind == "image":
                self.check_file(doc, loc, name, offset=offset, beside=beside)
            elif term_ids is not None and name not in term_ids:
                self.missing(doc, loc, "glossary term", name, term_ids, where="in content/glossary.yml",
                             what="glossary link", offset=offset)

    def links_in(self, doc: Document) -> list[tuple[Loc, str, str, int]]:
        """What the document's text links to, as (where, kind, target, offset): found once per version of a file."""
        file = self.files[doc.path]
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
        links: list[tuple[Loc, str, str, int]] = file.links
        return links


def _file_kind(name: str) -> str | None:
    """'image', 'video' or 'captions' by the file's suffix; None for a file that is none of these (a YAML file...)."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".vtt":
        return "captions"
    if suffix in model.course.VIDEO_SUFFIXES:
        return "video"
    return "image" if suffix in PUBLISHED_SUFFIXES else None
