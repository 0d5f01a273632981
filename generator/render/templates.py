"""Where renderers find their Jinja templates: the instructor's theme first, then the package's own."""

from __future__ import annotations

from pathlib import Path

import jinja2

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"
THEME_SUBDIR = "course"
"""An instructor overrides `generator/templates/<name>` by writing `theme/course/<name>`."""


def template_loader(theme_dir: Path | None) -> jinja2.BaseLoader:
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader(PACKAGE_TEMPLATES)]
    if theme_dir and (theme_dir / THEME_SUBDIR).is_dir():
        loaders.insert(0, jinja2.FileSystemLoader(theme_dir / THEME_SUBDIR))
    return jinja2.ChoiceLoader(loaders)
