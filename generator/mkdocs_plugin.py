"""The MkDocs face: the only module that imports mkdocs. It hands everything to the pure core."""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import base, config_options as c, load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.commands.build import build
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from .errors import has_errors
from .i18n import catalog
from .model import Course
from .render.pages import nav, render_site
from .validate import QUIZ_DIR, validate_course

log = logging.getLogger("mkdocs.plugins.coursegen")


class CoursePluginConfig(base.Config):
    root = c.Optional(c.Dir(exists=True))
    """Folder holding content/ and quizzes/; defaults to the folder of mkdocs.yml."""


class CoursePlugin(BasePlugin[CoursePluginConfig]):
    """Generates every page of the site from the course's YAML at the start of each build."""

    serving = False
    course: Course | None = None
    paper: str | None = None
    """Paper size of the handouts when it overrides course.yml's `paper` (`coursegen build --paper`)."""
    handouts: list | None = None
    """The print documents of the last build (rendered once: the Print page lists them, on_post_build writes them)."""

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
        self.theme_dir = Path(config.theme.custom_dir) if config.theme.custom_dir else None
        config.nav = nav(self.course)
        speak_course_language(config, self.course.info.language)
        return config

    def on_env(self, env, *, config: MkDocsConfig, files: Files):
        # Theme templates (theme/404.html) can use the course's interface strings.
        env.globals["course_t"] = catalog(self.course.info.language)
        return env

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        for folder in (self.root / QUIZ_DIR, self.theme_dir):
            if folder and folder.is_dir():
                server.watch(str(folder))
        return server

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # docs_dir is content/: its YAML is our input, not something to publish. Images and the like stay.
        for file in [f for f in files if f.src_uri.endswith((".yml", ".yaml"))]:
            files.remove(file)
        from .render.print import render_print

        self.handouts = render_print(self.course, self.theme_dir)
        for path, text in render_site(self.course, self.theme_dir, self.handouts).items():
            files.append(File.generated(config, path, content=text))
        return files


    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # The handouts: print pages and their PDFs in <site>/print/ (only the pages while previewing: PDFs are slow).
        from .print_site import PrintError, write_print

        try:
            write_print(self.course, self.root, Path(config.site_dir) / "print",
                        paper=self.paper or self.course.info.paper, theme_dir=self.theme_dir, pdfs=not self.serving,
                        docs=self.handouts)
        except PrintError as e:
            raise PluginError(f"the handouts: {e}") from e


def speak_course_language(config: MkDocsConfig, language: str) -> None:
    """Material's own interface (search, "Back to top", <html lang>) in the course's language, and the interface
    strings of mkdocs.yml too when they are still the English defaults (an author's own wording stays)."""
    if language == config.theme.get("language"):
        return
    english, own = catalog("en"), catalog(language)
    if any((Path(d) / "partials" / "languages" / f"{language}.html").is_file() for d in config.theme.dirs):
        config.theme["language"] = language
    else:
        log.warning(f"Material has no interface in '{language}': its own strings (search...) stay in "
                    f"'{config.theme.get('language')}'")
    for palette in config.theme.get("palette") or []:
        toggle = palette.get("toggle") if isinstance(palette, dict) else None
        for key in ("dark_mode", "light_mode"):
            if toggle and toggle.get("name") == english(f"theme.{key}"):
                toggle["name"] = own(f"theme.{key}")
    toc = config.mdx_configs.get("toc") or {}
    if toc.get("permalink_title") == english("theme.permalink"):
        toc["permalink_title"] = own("theme.permalink")


def build_site(config_file: Path, site_dir: Path, *, site_url: str | None = None, strict: bool = False,
               paper: str | None = None) -> None:
    """Run a full MkDocs build of the course into `site_dir`; `paper` overrides course.yml's paper size."""
    overrides = {"site_dir": str(site_dir), "strict": strict}
    if site_url:
        overrides["site_url"] = site_url
    config = load_config(str(config_file), **overrides)
    config.plugins["coursegen"].paper = paper
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def build_print(config_file: Path, print_dir: Path, *, paper: str | None = None):
    """Only the print outputs (`coursegen print`): validate, then write the print pages and PDFs into `print_dir`."""
    from .print_site import PrintError, write_print

    config = load_config(str(config_file))
    plugin = config.plugins["coursegen"]
    plugin.on_startup(command="build", dirty=False)
    plugin.on_config(config)
    try:
        return write_print(plugin.course, plugin.root, print_dir, paper=paper or plugin.course.info.paper,
                           theme_dir=plugin.theme_dir)
    except PrintError as e:
        raise PluginError(f"the handouts: {e}") from e


def serve_site(config_file: Path, dev_addr: str | None) -> None:
    """Serve the course with live reload on any change to content, quizzes, theme or mkdocs.yml."""
    from mkdocs.commands.serve import serve

    serve(str(config_file), livereload=True, watch_theme=True, **({"dev_addr": dev_addr} if dev_addr else {}))
