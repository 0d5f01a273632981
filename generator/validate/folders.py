"""Checks of what the course's folders hold, before any file is read as a model: the course file is there, the top of
content/ holds only its three files, every folder of lessons has its module.yml, and the other files of content/ are
published (or refused, and why), with SVGs that cannot run script."""

from __future__ import annotations

from pathlib import PurePosixPath

from ..errors import Issue
from ..layout import CONTENT_DIR
from ..load import TOP_FILES, CourseFiles
from ..paths import svg_problems
from .sink import Sink


def no_course_file(sink: Sink) -> None:
    """content/course.yml is missing: then nothing else is checked (the folder is likely not a course)."""
    sink.add(f"{CONTENT_DIR}/course.yml", (), "missing-file", "there is no course file",
             "create content/course.yml (see the README's YAML reference)")


def stray_files(tree: CourseFiles, sink: Sink) -> None:
    for path in tree.strays:
        sink.add(path, (), "unexpected-file", f"'{PurePosixPath(path).name}' is not a course file",
                 "lessons go in a module folder such as content/01-understanding/; "
                 f"the top level holds only {', '.join(TOP_FILES[:-1])} and {TOP_FILES[-1]}")


def folders_without_module(tree: CourseFiles, sink: Sink) -> None:
    for folder in tree.modules:
        if folder.module is None and folder.lessons:
            sink.add(folder.lessons[0], (), "no-module", f"the folder '{folder.name}' has lessons but no module.yml",
                     f"create {CONTENT_DIR}/{folder.name}/module.yml with id, title, summary and lessons")


def content_files(tree: CourseFiles, sink: Sink) -> None:
    """The files of content/ other than YAML: which are not published (and why), and SVGs that could run script
    or load from elsewhere when a learner opens them (they are served from the site's own origin)."""
    for path, why, outside in tree.unpublished():
        sink.add(path, (), "outside-course" if outside else "unpublished-file",
                 f"'{PurePosixPath(path).name}' {why}", severity="error" if outside else "warning")
    for path, svg in tree.svgs():
        for line, column, message in svg_problems(svg):
            sink.issues.append(Issue(path, line, column, "error", "unsafe-svg", message,
                                     "remove it from the SVG (or export the drawing again as plain SVG)"))
