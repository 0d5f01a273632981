"""Where renderers find their Jinja templates: the instructor's theme first, then the package's own."""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"
THEME_SUBDIR = "course"
"""An instructor overrides `generator/templates/<name>` by writing `theme/course/<name>`."""


class CompiledTemplates(jinja2.BytecodeCache):
    """The code of the templates an environment compiled, kept from one call to the next (a build keeps it in
    .cache/build.pickle), so that a template whose source is unchanged is not compiled again: Jinja checks the
    source's checksum, and compiles an edited template afresh. One per kind of environment (pages, print): the code
    depends on the environment's options."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def template_loader(theme_dir: Path | None) -> jinja2.BaseLoader:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(PACKAGE_TEMPLATES)]
    if theme_dir and (theme_dir / THEME_SUBDIR).is_dir():
        loaders.insert(0, jinja2.FileSystemLoader(theme_dir / THEME_SUBDIR))
    return jinja2.ChoiceLoader(loaders)


Signature = tuple[tuple[str, tuple[tuple[str, int, int], ...]], ...]
"""Every template file a renderer can read, by folder, with its size and time (see `template_signature`)."""


def template_signature(theme_dir: Path | None) -> Signature:
    """Every template file a renderer can read (the theme's overrides, then the package's) with its size and time.

    Compiled templates and pages rendered from them are good while this is unchanged: a live preview calls it once
    per build, so an instructor's edit of theme/course/ (even a new override file) shows at once.
    """
    folders = [PACKAGE_TEMPLATES]
    if theme_dir and (theme_dir / THEME_SUBDIR).is_dir():
        folders.insert(0, theme_dir / THEME_SUBDIR)
    return tuple((str(folder), tuple(sorted(
        (file.relative_to(folder).as_posix(), stat.st_mtime_ns, stat.st_size)
        for file in folder.rglob("*") if file.is_file() for stat in [file.stat()]
    ))) for folder in folders)


def overrides(theme_dir: Path | None, kind: str) -> bool:
    """Whether the theme overrides any template of `kind` ('pages', 'print', 'quiz')."""
    folder = theme_dir / THEME_SUBDIR / kind if theme_dir else None
    return bool(folder and folder.is_dir() and any(p.is_file() for p in folder.rglob("*")))
