"""What each `coursegen` command does, one function per command: `cli.py` parses the arguments and calls one of these.

Each takes the project folder and its options as plain values and returns the exit status: 0, or 1 when the content
has errors or the command failed (with one line saying why). They validate first, and write nothing if the content
has errors. Usage mistakes were caught by `cli.py` before; failures it can explain come back as `Failed`.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, NoReturn

import jinja2

from . import source_date
from .errors import Issue, has_errors
from .model import Course
from .template_errors import engine_template_issues, template_issue
from .validate import ValidationCache, validate_course

Command = Literal["validate", "build", "docs", "print", "serve", "export"]


class Failed(Exception):
    """A command that had begun could not finish (an engine, a handout, a path, the preview): the message says why."""


def validate(root: Path, *, style: str = "text") -> int:
    """`coursegen validate`: report every problem; write nothing."""
    course, _ = validated(root, "validate", style=style)
    if course is None:
        return 1
    print(f"ok: {len(course.lessons)} lessons in {len(course.parts)} modules, "
          f"{sum(len(q) for p in course.parts for q in p.quizzes.values())} quizzes", file=sys.stderr)
    return 0


def build(root: Path, site_dir: Path, *, engine: str, strict: bool, paper: str | None, site_url: str | None,
          pdfs: bool) -> int:
    """`coursegen build`: the site, swapped in only when the whole build succeeded."""
    from . import build as building
    from .buildcache import load

    stored = load(root)  # the last build's caches: a build parses and renders again only what changed since
    course, _ = validated(root, "build", cache=stored.validation if stored else None)
    if course is None:
        return 1
    with _output(root, "build", "the previous site is unchanged"):
        _check_engine_templates(root, "build", "the previous site is unchanged")
        building.build_site(course, root, site_dir, engine=engine, strict=strict, paper=paper, site_url=site_url,
                            pdfs=pdfs, cache=stored)
    print(f"Built the site in {site_dir}: open {site_dir / 'index.html'}", file=sys.stderr)
    return 0


def docs_tree(root: Path, out: Path, *, paper: str | None, site_url: str | None, pdfs: bool) -> int:
    """`coursegen docs`: the docs tree, which a plain `mkdocs build` or `zensical build` turns into the site."""
    from . import docs
    from .engines import CONFIG_FILE

    course, _ = validated(root, "docs")
    if course is None:
        return 1
    with _output(root, "docs", "nothing was written"):
        config = docs.read_config(root)
        generated = docs.generate(course, root, config, paper=paper, pdfs=pdfs)
        docs.write_docs(course, root, config, generated, out, site_url=site_url)
    print(f"Wrote the docs tree in {out}: build it with `mkdocs build -f {out / CONFIG_FILE}` or "
          "`zensical build -f ...`", file=sys.stderr)
    return 0


def handouts(root: Path, site_dir: Path, *, paper: str | None) -> int:
    """`coursegen print`: only the handouts, into the site's print/ folder."""
    from . import docs, print_site, write

    course, _ = validated(root, "print")
    if course is None:
        return 1
    with _output(root, "print", "the previous site is unchanged"), write.replacing(site_dir / "print") as staging:
        print_site.write_print(course, root, staging, paper=paper or course.info.paper,
                               theme_dir=docs.theme_dir(root, docs.read_config(root)))
    print(f"Built the handouts in {site_dir / 'print'}", file=sys.stderr)
    return 0


def serve(root: Path, dev_addr: str | None) -> int:
    """`coursegen serve`: the live preview, which validates again on each save."""
    from .preview import ServeError, serve as preview

    validation = ValidationCache()
    course, _ = validated(root, "serve", cache=validation)
    if course is None:
        return 1
    with _output(root, "serve", "nothing was written", ServeError):
        _check_engine_templates(root, "serve", "nothing was written")
        preview(root, course, validation, dev_addr)
    return 0


def export(root: Path, fmt: str, out: Path, module: str | None, error: Callable[[str], None], *,
           site_url: str | None = None) -> int:
    """`coursegen export FORMAT`: files for an LMS or Anki (SCORM packages build the site first, at `site_url`)."""
    from . import build as building
    from .export.command import run_export

    course, _ = validated(root, "export")
    if course is None:
        return 1
    with _output(root, "export", "nothing was written"):
        return run_export(root, course, fmt, out, module, error,
                          lambda folder: building.build_site(course, root, folder, site_url=site_url))


def new(root: Path, kind: str, item_id: str, *, module: str | None, lesson: str | None,
        error: Callable[[str], NoReturn]) -> int:
    """`coursegen new KIND ID`: a valid skeleton of a course, module, lesson, quiz or workshop to fill in."""
    from .scaffold import new_item

    return new_item(root, kind, item_id, module=module, lesson=lesson, error=error)


def schema(root: Path, out: Path) -> int:
    """`coursegen schema`: JSON Schemas of the content files, for completion and checks in editors."""
    from .schema import write_schemas

    for path in write_schemas(out):
        print(f"wrote {path.relative_to(root) if path.is_relative_to(root) else path}")
    return 0


def validated(root: Path, command: Command, *, cache: ValidationCache | None = None,
              style: str = "text") -> tuple[Course | None, list[Issue]]:
    """The course and its issues, reported; no course when there is an error. `validate`, `build` and `export` also
    compare answer keys with course.lock.json, which only `build` writes."""
    course, issues = validate_course(root, cache=cache)
    if command in ("build", "validate", "export") and course is not None:
        from .lockfile import check_questions

        issues = sorted([*issues, *check_questions(root, course, write=command == "build")])
    report(issues, style)
    return (None if has_errors(issues) else course), issues


def report(issues: list[Issue], style: str) -> None:
    """One line per issue on stdout (or a GitHub annotation), then the count on stderr."""
    for issue in issues:
        print(issue.github() if style == "github" else str(issue))
    errors = sum(i.severity == "error" for i in issues)
    sys.stdout.flush()
    if issues:
        print(f"{errors} error(s), {len(issues) - errors} warning(s)", file=sys.stderr)


def _check_engine_templates(root: Path, command: str, outcome: str) -> None:
    """Stop the command, with one line for each, at syntax errors in the engine's templates that the project's theme
    overrides: the engine would stop at the first with a traceback."""
    from . import docs

    issues = engine_template_issues(docs.theme_dir(root, docs.read_config(root)), root, docs.GENERATOR_ONLY)
    if issues:
        report(issues, "text")
        raise Failed(f"the {command} failed, and {outcome}")


@contextmanager
def _output(root: Path, command: str, outcome: str, *explained: type[Exception]) -> Iterator[None]:
    """Around a command's output: MkDocs' log on stderr, the project's source date passed down, and the failures a
    command can explain (besides these, `explained`) turned into `Failed`, saying what was left as it was. An error
    in mkdocs.yml or in a template of the project's theme is reported at its line, as content errors are."""
    from .docs import ConfigError
    from .engines import EngineError
    from .paths import OutsideError
    from .print_site import PrintError

    known: tuple[type[Exception], ...] = (EngineError, PrintError, OutsideError, *explained)
    _log_to_stderr()
    with source_date.passed(source_date.last_commit(root)):
        try:
            yield
        except known as e:
            raise Failed(f"the {command} failed, and {outcome}: {e}") from e
        except (ConfigError, jinja2.TemplateError) as e:
            issue = e.issue if isinstance(e, ConfigError) else template_issue(e, root)
            if issue is None:  # in coursegen's own templates: a bug of ours
                raise
            report([issue], "text")
            raise Failed(f"the {command} failed, and {outcome}") from e


_LOG = logging.StreamHandler()
_LOG.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))


def _log_to_stderr() -> None:
    """MkDocs' and the build's messages on this command's stderr (one handler, however many commands one process
    runs: a test session runs many)."""
    _LOG.stream = sys.stderr
    logger = logging.getLogger("mkdocs")
    if _LOG not in logger.handlers:
        logger.addHandler(_LOG)
    logger.setLevel(logging.INFO)

