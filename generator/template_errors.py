"""A template error an author caused, as an issue at its line: instructors override the generator's templates and
the engine's in their theme folder, and a mistake there is theirs to fix, not a crash of ours to report."""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from pathlib import Path

import jinja2

from .errors import Issue

PACKAGE = Path(__file__).resolve().parent

HINTS = {
    jinja2.TemplateSyntaxError: "fix the tag or expression at that line, or delete the override to use the original",
    jinja2.UndefinedError: "the page has no such value: see the original template of the same name for the names it "
                           "has, or delete the override to use that one",
}


def template_issue(error: jinja2.TemplateError, root: Path, copies: Mapping[Path, Path] | None = None
                   ) -> Issue | None:
    """`error` as an issue at the innermost line of the project's own templates it passed through, or None when it
    arose in coursegen's own templates only (a bug of ours). `copies` maps folders holding copies of the project's
    templates (the preview's docs tree) to the project's folders, so that the issue names the file the author edits.
    """
    places = [(frame.f_code.co_filename, line) for frame, line in traceback.walk_tb(error.__traceback__)]
    if isinstance(error, jinja2.TemplateSyntaxError) and error.filename:
        places.append((error.filename, error.lineno))
    root = root.resolve()
    for filename, line in reversed(places):
        path = _original(Path(filename).resolve(), copies or {})
        if (path.suffix != ".py" and path.is_relative_to(root) and not path.is_relative_to(PACKAGE)
                and path.is_file()):
            hint = next((h for kind, h in HINTS.items() if isinstance(error, kind)), None)
            return Issue(path.relative_to(root).as_posix(), line or 1, 1, "error", "template",
                         error.message or type(error).__name__, hint)
    return None


def _original(path: Path, copies: Mapping[Path, Path]) -> Path:
    for copy, original in copies.items():
        if path.is_relative_to(copy.resolve()):
            return original.resolve() / path.relative_to(copy.resolve())
    return path


def engine_template_issues(theme: Path | None, root: Path, skip: tuple[str, ...] = ()) -> list[Issue]:
    """The syntax errors of the engine's templates the project's theme folder overrides (its .html files, but the
    folders in `skip`), found before the engine runs, which would stop on the first with a traceback."""
    if theme is None or not theme.is_dir():
        return []
    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])  # the engine's own: MkDocs installs i18n
    issues = []
    for path in sorted(theme.rglob("*.html")):
        if path.relative_to(theme).parts[0] in skip:
            continue
        try:
            env.parse(path.read_text(encoding="utf-8"), filename=str(path))
        except jinja2.TemplateSyntaxError as e:
            issues.append(template_issue(e, root))
        except UnicodeDecodeError:
            where = path.relative_to(root.resolve()) if path.is_relative_to(root.resolve()) else path
            issues.append(Issue(where.as_posix(), 1, 1, "error", "template", "it is not UTF-8 text",
                                "save it as UTF-8"))
    return [issue for issue in issues if issue is not None]
