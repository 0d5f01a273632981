"""The MkDocs face, for `mkdocs build` and `mkdocs serve` with the coursegen plugin in mkdocs.yml: it hands MkDocs the
same pages and handouts as the docs tree (generator/docs.py), generated in memory. `coursegen build` needs no plugin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config import base, config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from . import docs
from .errors import has_errors
from .model import Course
from .render.sitemap import nav
from .template_errors import template_issue
from .layout import QUIZ_DIR
from .validate import validate_course

log = logging.getLogger("mkdocs.plugins.coursegen")


class CoursePluginConfig(base.Config):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    root = c.Optional(c.Dir(exists=True))
    """Folder holding content/ and quizzes/; defaults to the folder of mkdocs.yml."""


class CoursePlugin(BasePlugin[CoursePluginConfig]):  # type: ignore[no-untyped-call]  # MkDocs' __init_subclass__
    """Generates every page of the site from the course's YAML at the start of each build."""

    serving = False
    course: Course | None = None
    generated: docs.Generated | None = None
    """The pages and handouts of the last build."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin instance across `mkdocs serve` rebuilds, so the last good course
        # survives an edit that breaks the content.
        self.serving = command == "serve"
        self.course = None

    # Before the search plugin's on_config, which takes its language from the theme's.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        course, issues = validate_course(self.root)
        if has_errors(issues) and not (self.serving and self.course):
            raise PluginError("The course content has errors:\n" + "\n".join(map(str, issues)))
        for issue in issues:
            (log.error if issue.severity == "error" else log.warning)(str(issue))
        if course is None:
            log.error("The preview keeps showing the last version without errors until these are fixed.")
        else:
            self.course = course
        course = self.course
        assert course is not None  # no course at all has raised above
        config.site_name = course.info.title  # one title: course.yml's, as in the docs tree
        config.nav = nav(course)
        config.extra["coursegen"] = docs.theme_strings(course)
        warning = docs.speak_course_language(config.theme, config.mdx_configs.get("toc"), course.info.language,
                                             has_language=lambda language: any(
                                                 (Path(d) / "partials" / "languages" / f"{language}.html").is_file()
                                                 for d in config.theme.dirs))
        if warning:
            log.warning(warning)
        return config

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
                 ) -> LiveReloadServer:
        for folder in (self.root / QUIZ_DIR, self.root / "workshops"):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # docs_dir is content/: its YAML is our input, not something to publish. Images and the like stay.
        for file in [f for f in files if f.src_uri.endswith((".yml", ".yaml"))]:
            files.remove(file)
        from .print_site import PrintError

        # Only the print pages while previewing: PDFs are slow.
        assert self.course is not None  # on_config has raised otherwise
        try:
            self.generated = docs.generate(self.course, self.root, docs.read_config(self.root), pdfs=not self.serving)
        except PrintError as e:
            raise PluginError(f"the handouts: {e}") from e
        except docs.ConfigError as e:
            raise PluginError(str(e.issue)) from None
        except jinja2.TemplateError as e:  # in an override of the project's theme: one line, not a traceback
            issue = template_issue(e, self.root)
            if issue is None:
                raise
            raise PluginError(str(issue)) from None
        for path, text in self.generated.pages.items():
            files.append(File.generated(config, path, content=text))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        from .render.sitemap import PRINT_DIR
        from .write import write_tree

        if self.generated is None or self.generated.handouts is None:  # on_files made none
            return
        write_tree(Path(config.site_dir) / PRINT_DIR, self.generated.handouts.files)

