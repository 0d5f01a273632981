"""The docs tree, the core's product: every page of the site as Markdown, the course's own files, the handouts, and a
configuration that a plain `mkdocs build` or `zensical build` turns into the site with no plugin.

    <tree>/mkdocs.yml   the project's mkdocs.yml with the course applied: docs_dir `docs`, the nav, the course's
                        language, and no coursegen plugin (Zensical drops plugins without a word; MkDocs 2 has none)
    <tree>/docs/        the generated pages, content/'s other files (images, video, captions) at the same paths,
                        and print/ (print pages, PDFs, print stylesheet and fonts)
    <tree>/theme/       the theme's Material overrides and assets (`custom_dir`), without the folders only the
                        generator reads (course/ templates, print/)

`generate` renders everything in memory; `write_docs` brings a tree on disk up to date, writing only what changed
(so engines' caches and the live preview see what an edit touched). The MkDocs plugin hands MkDocs the same pages.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .engines import CONFIG_FILE
from .csp import content_security_policy
from .errors import Issue
from .i18n import catalog
from .model import Course
from .paths import published_files
from .print_site import PDF_CACHE, PrintResult, print_files
from .render.cache import RenderCache
from .render.pages import render_site
from .render.print import render_print
from .render.sitemap import PRINT_DIR, nav
from .write import FileData, write_tree

DOCS_DIR = "docs"
THEME_DIR = "theme"
GENERATOR_ONLY = ("course", "print")
"""Folders of theme/ that the generator reads (page and quiz templates, print stylesheet), not the engine."""
MARKER = "# Written by `coursegen docs` from content/, quizzes/ and the project's mkdocs.yml: edit those, not this.\n"
"""First line of a tree's mkdocs.yml: how `coursegen docs` knows a folder is a tree it may replace."""
PLUGIN = "coursegen"


@dataclass(frozen=True)
class Generated:
    """Everything a build of one course hands its engine."""

    pages: dict[str, str]
    """Markdown of every page, by path in docs/ ('understanding/what-is-rapport.md')."""
    handouts: PrintResult | None
    """The print documents and the files of print/ (pages, PDFs unless skipped, assets); None when the build makes
    them on its own (generator/build.py), and the tree then has no print/."""


class ConfigError(Exception):
    """The project's mkdocs.yml is not YAML, or not shaped as MkDocs reads it: `issue` says where and what would do."""

    def __init__(self, issue: Issue):
        super().__init__(str(issue))
        self.issue = issue


SHAPES: dict[str, tuple[type, str]] = {
    "theme": (dict, "a mapping, e.g. `theme: {name: material, custom_dir: theme}`"),
    "plugins": (list, "a list, e.g. `plugins: [search, coursegen]`"),
    "markdown_extensions": (list, "a list, e.g. `markdown_extensions: [admonition, toc]`"),
    "extra": (dict, "a mapping, e.g. `extra: {nav_max_modules: 10}`"),
    "site_url": (str, "an address, e.g. `site_url: https://example.org/course/`"),
}
"""The settings of mkdocs.yml that coursegen reads, with the shape each must have."""


def read_config(root: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as data; tags MkDocs resolves itself (`!ENV`, `!!python/name:`) are kept as they are.
    MkDocs' short forms (`theme: material`, plugins as a mapping) come back in their long form. Raises ConfigError."""
    try:
        text = (root / CONFIG_FILE).read_text(encoding="utf-8")
        config = yaml.load(text, Loader=_ConfigLoader)
    except UnicodeDecodeError:
        raise ConfigError(_config_issue(1, "it is not UTF-8 text", "save it as UTF-8")) from None
    except yaml.YAMLError as e:
        mark = e.problem_mark if isinstance(e, yaml.MarkedYAMLError) else None
        problem = e.problem if isinstance(e, yaml.MarkedYAMLError) else str(e)
        raise ConfigError(_config_issue(mark.line + 1 if mark else 1, f"not valid YAML: {problem}",
                                        "write one `key: value` a line, nested keys indented with spaces (not "
                                        "tabs), e.g. `theme:` then `  name: material`",
                                        mark.column + 1 if mark else 1)) from None
    if not isinstance(config, dict | None):
        raise ConfigError(_config_issue(1, "it holds no settings", "write one `key: value` a line, e.g. "
                                        "`site_name: My course`"))
    config = config or {}
    if isinstance(config.get("theme"), str):
        config["theme"] = {"name": config["theme"]}
    if isinstance(config.get("plugins"), dict):
        config["plugins"] = [{name: options} for name, options in config["plugins"].items()]
    for key, (kind, good) in SHAPES.items():
        if config.get(key) is not None and not isinstance(config[key], kind | _Tagged):
            line = next((n for n, text_line in enumerate(text.splitlines(), 1) if text_line.startswith(f"{key}:")), 1)
            raise ConfigError(_config_issue(line, f"`{key}` is not {good.split(',')[0]}", f"write {good}"))
    return config


def _config_issue(line: int, message: str, hint: str, column: int = 1) -> Issue:
    return Issue(CONFIG_FILE, line, column, "error", "config", message, hint)


def theme_dir(root: Path, config: dict[str, Any]) -> Path | None:
    """The project's theme folder (mkdocs.yml `theme.custom_dir`), or None."""
    custom = (config.get("theme") or {}).get("custom_dir")
    return (root / custom).resolve() if custom else None


def generate(course: Course, root: Path, config: dict[str, Any], *, paper: str | None = None,
             pdfs: bool = True, caches: RenderCache | None = None) -> Generated:
    """Render every page and handout of `course` (validated) in memory; PDFs go through the cache in .cache/pdf/.
    `config` is the project's mkdocs.yml (`read_config`); `caches` are a preview's, kept from its last call."""
    theme = theme_dir(root, config)
    docs = render_print(course, theme, cache=caches.print if caches else None, bodies=pdfs)
    # The PDFs first: the pages give each one's page count and size.
    handouts = print_files(course, root, paper=paper or course.info.paper, theme_dir=theme, pdfs=pdfs, docs=docs,
                           cache_dir=root / PDF_CACHE)
    pages = render_site(course, theme, handouts.docs, cache=caches.site if caches else None)
    return Generated(pages, handouts)


def tree_config(course: Course, config: dict[str, Any], *, site_url: str | None = None) -> dict[str, Any]:
    """The project's configuration for the tree: our folders, the course's nav and language, no coursegen plugin."""
    config = {**config, "docs_dir": DOCS_DIR, "site_name": course.info.title}  # one title: course.yml's
    config.pop("site_dir", None)
    if site_url:
        config["site_url"] = site_url
    theme = config["theme"] = dict(config.get("theme") or {})
    if theme.get("custom_dir"):
        theme["custom_dir"] = THEME_DIR
    config["plugins"] = [p for p in config.get("plugins") or [] if _name(p) != PLUGIN]
    config["nav"] = nav(course)
    strings = theme_strings(course, (config.get("theme") or {}).get("features") or [], config.get("site_url"))
    config["extra"] = {**(config.get("extra") or {}), "coursegen": strings}
    # Copies down to each extension's options, which speak_course_language may change.
    extensions = config["markdown_extensions"] = [
        {name: dict(options) if isinstance(options, dict) else options for name, options in e.items()}
        if isinstance(e, dict) else e for e in config.get("markdown_extensions") or []]
    toc = next((e["toc"] for e in extensions if isinstance(e, dict) and isinstance(e.get("toc"), dict)), None)
    speak_course_language(theme, toc, course.info.language, has_language=_material_speaks)
    return config


def write_docs(course: Course, root: Path, config: dict[str, Any], generated: Generated, tree: Path, *,
               site_url: str | None = None, memo: dict[str, Any] | None = None) -> set[str]:
    """Bring the docs tree in `tree` up to date with `generated`; returns the paths (relative to `tree`) it changed.

    Files of docs/ and theme/ that are no longer generated are deleted; the tree is the generator's, never an
    author's (`coursegen docs` checks for MARKER before writing into a folder). `memo` is a live preview's, kept
    from one call to the next, so that what did not change is not compared with the disk again.
    """
    own_theme = theme_dir(root, config)
    docs: dict[str, FileData] = {}
    for file in published_files(root / "content"):
        docs[file.relative_to(root / "content").as_posix()] = file
    docs.update(generated.pages)
    if generated.handouts:
        docs.update((f"{PRINT_DIR}/{rel}", data) for rel, data in generated.handouts.files.items())
    theme: dict[str, FileData] = {}
    if own_theme:
        theme = {file.relative_to(own_theme).as_posix(): file for file in _published_files(own_theme)
                 if file.relative_to(own_theme).parts[0] not in GENERATOR_ONLY}
    memo = {} if memo is None else memo  # a one-off build's is thrown away
    settings = tree_config(course, config, site_url=site_url)
    if memo.get("settings") != settings:  # dumping a large course's nav takes a while
        memo.update(settings=settings, text=MARKER + yaml.dump(settings, Dumper=_ConfigDumper, sort_keys=False,
                                                               allow_unicode=True, width=120))
    tree.mkdir(parents=True, exist_ok=True)
    changed: set[str] = set()
    for folder, files in ((DOCS_DIR, docs), (THEME_DIR, theme)):
        written = write_tree(tree / folder, files, prune=True, link=True, memo=memo.setdefault(folder, {}))
        changed |= {f"{folder}/{path}" for path in written}
    return changed | write_tree(tree, {CONFIG_FILE: memo["text"]})


def is_tree(folder: Path) -> bool:
    """Whether `folder` is a docs tree written by `coursegen docs` (so it may be brought up to date)."""
    try:
        with (folder / CONFIG_FILE).open(encoding="utf-8") as f:
            return f.readline() == MARKER
    except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
        return False


def theme_strings(course: Course, features: Sequence[str] = (), site_url: str | None = None) -> dict[str, str]:
    """Interface strings the theme's own templates show (theme/404.html, partials/nav.html), and the
    Content-Security-Policy theme/main.html puts in every page, as mkdocs.yml `extra.coursegen`. `features` and
    `site_url` are mkdocs.yml's `theme.features` and `site_url`."""
    t = catalog(course.info.language)
    return {"not_found": t("page.not_found"), "course_map": t("home.map"),
            "csp": content_security_policy(features, site_url)}


def speak_course_language(theme: Any, toc: dict[str, Any] | None, language: str,
                          has_language: Callable[[str], bool]) -> str | None:
    """Material's own interface (search, "Back to top", <html lang>) in the course's language, and the interface
    strings of mkdocs.yml when they are still the English defaults (an author's own wording stays).

    `theme` is mkdocs.yml's theme (a mapping, or MkDocs' Theme); returns a warning when Material lacks the language.
    """
    if language == theme.get("language", "en"):
        return None
    english, own = catalog("en"), catalog(language)
    warning = None
    if has_language(language):
        theme["language"] = language
    else:
        warning = (f"Material has no interface in '{language}': its own strings (search...) stay in "
                   f"'{theme.get('language', 'en')}'")
    for palette in theme.get("palette") or []:
        toggle = palette.get("toggle") if isinstance(palette, dict) else None
        for key in ("dark_mode", "light_mode"):
            if toggle and toggle.get("name") == english(f"theme.{key}"):
                toggle["name"] = own(f"theme.{key}")
    if toc and toc.get("permalink_title") == english("theme.permalink"):
        toc["permalink_title"] = own("theme.permalink")
    return warning


def _material_speaks(language: str) -> bool:
    spec = importlib.util.find_spec("material")
    folder = Path(spec.origin).parent if spec and spec.origin else None
    return bool(folder and (folder / "templates" / "partials" / "languages" / f"{language}.html").is_file())


def _published_files(folder: Path) -> list[Path]:
    """The files of an author's folder that go to the site as they are: all but YAML and hidden files."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix not in (".yml", ".yaml")
                  and not any(part.startswith(".") for part in p.relative_to(folder).parts))


def _name(entry: Any) -> str:
    """The name of a plugin or extension entry of mkdocs.yml: 'search' or {'search': {...}}."""
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


@dataclass(frozen=True)
class _Tagged:
    """A value of mkdocs.yml under a tag MkDocs resolves itself, carried through unchanged."""

    tag: str
    value: Any


class _ConfigLoader(yaml.SafeLoader):
    pass


def _construct_tagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.MappingNode):
        value: Any = loader.construct_mapping(node, deep=True)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        assert isinstance(node, yaml.ScalarNode)  # YAML has no fourth kind of node
        value = loader.construct_scalar(node)
    return _Tagged(node.tag, value)


_ConfigLoader.add_multi_constructor("!", _construct_tagged)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)


class _ConfigDumper(yaml.SafeDumper):
    pass


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_ConfigDumper.add_representer(_Tagged, _represent_tagged)
