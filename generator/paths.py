"""Where content may reach: the one function that decides every path a content file names, which files of content/
are published, and the one check that every path the build writes stays inside the folder it writes."""

from __future__ import annotations

import os
import re
from pathlib import Path
from xml.parsers import expat

PUBLISHED_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".vtt", ".mp4", ".webm")
"""The kinds of file a course shows (images, video, captions): the only files of content/ that reach the site."""


class OutsideError(ValueError):
    """A path the build was asked to write lies outside the folder it writes."""


def content_file(content: Path, folder: Path, name: str) -> tuple[Path | None, str | None]:
    """The file of content/ that `name`, written in a file of `folder`, names: (its path, None), or (None, why it is
    refused). Normalised, symlinks resolved, inside content/, of a published kind; (None, None) when it is simply
    not there (the caller says so, with a suggestion)."""
    if name.startswith(("/", "~")) or "\\" in name or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", name) or "%" in name:
        return None, f"'{name}' must be a file name relative to this file's folder, such as 'diagram.svg'"
    content = Path(os.path.abspath(content))
    path = Path(os.path.normpath(Path(os.path.abspath(folder)) / name))
    if not path.is_relative_to(content):
        return None, f"'{name}' leads outside content/; put the file beside the lesson and name it alone"
    if path.suffix.lower() not in PUBLISHED_SUFFIXES:
        return None, (f"'{name}' is not a kind of file the course shows; use one of: "
                      + ", ".join(s.lstrip(".") for s in PUBLISHED_SUFFIXES))
    if not path.is_file():
        return None, None
    if not Path(os.path.realpath(path)).is_relative_to(os.path.realpath(content)):
        return None, f"'{name}' is a link to a file outside content/; copy the file into the lesson's folder instead"
    return path, None


def published_files(content: Path) -> list[Path]:
    """The files of content/ that go to the site as they are: those of a published kind, not hidden, and (if they
    are links) pointing inside content/. Anything else there stays private."""
    real = os.path.realpath(content)
    return sorted(p for p in content.rglob("*") if p.suffix.lower() in PUBLISHED_SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(content).parts)
                  and Path(os.path.realpath(p)).is_relative_to(real))


def unpublished_files(content: Path) -> list[tuple[Path, str, bool]]:
    """Files of content/ that are not published, with why, and whether that is an error: links leading outside it
    are, other kinds of file are only worth a warning."""
    real = os.path.realpath(content)
    found = []
    for p in sorted(content.rglob("*")):
        rel = p.relative_to(content)
        if any(part.startswith(".") for part in rel.parts) or p.suffix in (".yml", ".yaml") or not (
                p.is_file() or p.is_symlink()):
            continue
        if p.is_symlink() and not Path(os.path.realpath(p)).is_relative_to(real):
            found.append((p, "is a link to a file outside content/, so it is not published; copy the file in instead",
                          True))
        elif p.suffix.lower() not in PUBLISHED_SUFFIXES:
            found.append((p, "is not published: only these kinds of file in content/ are: "
                          + ", ".join(s.lstrip(".") for s in PUBLISHED_SUFFIXES), False))
    return found


def inside(folder: Path, rel: str) -> Path:
    """`folder`/`rel`, after checking that it lies inside `folder` (no '..', no absolute path, no symlinked
    folder leading out): every file a build writes goes through here. Raises OutsideError."""
    target = Path(os.path.normpath(Path(os.path.abspath(folder)) / rel))
    base = Path(os.path.abspath(folder))
    if rel.startswith("/") or not target.is_relative_to(base) or target == base:
        raise OutsideError(f"refusing to write {rel!r}: it lies outside {folder}")
    existing = target.parent  # the nearest folder that exists: the rest is made below it
    while existing != base and not existing.exists():
        existing = existing.parent
    if not Path(os.path.realpath(existing)).is_relative_to(os.path.realpath(base)):
        raise OutsideError(f"refusing to write {rel!r}: a link in {folder} leads outside it")
    return target


SVG_SCRIPT_TAGS = frozenset({"script", "foreignObject", "iframe", "embed", "object", "handler", "listener"})


def svg_problems(data: bytes) -> list[tuple[int, int, str]]:
    """What in an SVG could run script or load from elsewhere when a learner opens it, as (line, column, message):
    script elements, event handlers, links to other files or servers, entity declarations."""
    problems: list[tuple[int, int, str]] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def where() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def start(name: str, attributes: dict[str, str]) -> None:
        tag = name.rsplit(" ", 1)[-1]
        if tag in SVG_SCRIPT_TAGS:
            problems.append((*where(), f"an SVG may not hold <{tag}>"))
        for attribute, value in attributes.items():
            local = attribute.rsplit(" ", 1)[-1]
            if local.lower().startswith("on"):
                problems.append((*where(), f"the event attribute '{local}' on <{tag}> is not allowed in an SVG"))
            elif local == "href" and not value.strip().startswith("#"):
                problems.append((*where(), f"<{tag}> links to '{value[:60]}'; an SVG may link only inside itself "
                                           "('#id')"))
            elif "url(" in value.replace(" ", "") and not re.fullmatch(r"\s*url\(\s*['\"]?#[^)]*\)\s*", value):
                problems.append((*where(), f"'{local}' on <{tag}> refers to another file or server"))

    def entity(*_: object) -> None:
        problems.append((*where(), "an SVG may not declare entities"))

    def text(data: str) -> None:
        if "@import" in data or re.search(r"url\(\s*['\"]?(?!#)", data):
            problems.append((*where(), "a style in the SVG refers to another file or server"))

    parser.StartElementHandler = start
    parser.EntityDeclHandler = entity
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except expat.ExpatError as e:
        problems.append((e.lineno, e.offset + 1, f"the SVG is not well-formed XML ({expat.ErrorString(e.code)})"))
    return problems
