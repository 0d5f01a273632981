"""The command line: `coursegen validate | build | docs | print | serve | new | schema | export`.

This module parses the arguments, refuses what it can before anything is read (exit 2), and hands over to one
function per command in `commands.py`. `main` is the one error boundary. Exit 1 for content errors, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from . import commands
from .engines import ENGINES
from .layout import refusal


def run() -> None:
    """The `coursegen` command: `main`, then exit at once. Python would free a large course object by object (about
    a second at 2,000 lessons), where the operating system takes the whole process back in no time."""
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


OS_ERROR_HINTS: dict[type[OSError], str] = {
    FileExistsError: "a file stands where coursegen needs a folder: move it away",
    NotADirectoryError: "a file stands where coursegen needs a folder: move it away",
    PermissionError: "coursegen may not write there: check the folder's permissions (the site was not replaced)",
    IsADirectoryError: "a folder stands where coursegen writes a file: move it away",
}
"""What to do about the operating system errors a user can cause, by kind."""


def main(argv: list[str] | None = None) -> int:
    """Run one command. Whatever a user or an author can cause ends as one line and an exit status (1, or 2 for a
    usage mistake), never a traceback: this is the one place that turns exceptions into messages."""
    try:
        return _command(argv)
    except commands.Failed as e:  # a command that had begun, and says why it could not finish
        print(f"coursegen: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("coursegen: interrupted; a site being built was not swapped in", file=sys.stderr)
        return 130
    except OSError as e:  # a read-only folder, a file where a folder should be, a name too long...
        where = f": {e.filename}" if e.filename else ""
        hint = next((h for kind, h in OS_ERROR_HINTS.items() if isinstance(e, kind)), "nothing was replaced")
        print(f"coursegen: {e.strerror or e}{where}; {hint}", file=sys.stderr)
        return 1
    except Exception as e:
        if os.environ.get("COURSEGEN_TRACEBACK"):
            raise
        print(f"coursegen: internal error, not a problem with your content ({type(e).__name__}: {e}); please "
              "report it, with the output of the same command run with COURSEGEN_TRACEBACK=1", file=sys.stderr)
        return 1


def _command(argv: list[str] | None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "new" and args.kind == "course":
        return commands.new(root, "course", args.id, module=None, lesson=None, error=parser.error)
    if not (root / "content").is_dir():
        parser.error(f"{root} has no content/ folder; run coursegen in the course repository or pass --root")
    return _run(args, root, parser.error)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coursegen", description="Build the course site from content/ and quizzes/.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current one)")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = subcommands.add_parser("validate", help="check every content and quiz file; write nothing")
    validate.add_argument("--format", choices=["text", "github"], default="text",
                          help="'github' prints annotations for pull requests")

    build = subcommands.add_parser("build",
                                   help="validate, then build the site (replacing the old one only on success)")
    build.add_argument("--site-dir", type=Path, default=None, help="where the site goes (default: site/)")
    build.add_argument("--site-url", default=os.environ.get("SITE_URL"),
                       help="the address the site is published at (default: $SITE_URL, else mkdocs.yml's site_url)")
    build.add_argument("--strict", action="store_true", help="treat MkDocs warnings (such as broken links) as errors")
    build.add_argument("--paper", choices=["a4", "letter"], help="paper size of the handouts (default: course.yml's)")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs",
                       help="what turns the generated pages into the site: mkdocs (default) or zensical")
    build.add_argument("--no-pdfs", dest="pdfs", action="store_false",
                       help="skip the PDFs (the print pages are still built): quicker for a check")

    tree = subcommands.add_parser("docs", help="validate, then write the docs tree: the generated pages, assets and a "
                               "mkdocs.yml that `mkdocs build` or `zensical build` builds with no plugin")
    tree.add_argument("--out", type=Path, default=Path("build") / "docs",
                      help="folder to write the tree to (default: build/docs/)")
    tree.add_argument("--site-url", default=os.environ.get("SITE_URL"), help="as for build")
    tree.add_argument("--paper", choices=["a4", "letter"], help="as for build")
    tree.add_argument("--no-pdfs", dest="pdfs", action="store_false", help="as for build")

    printing = subcommands.add_parser("print", help="validate, then build only the handouts (print pages and PDFs) "
                                   "into site/print/")
    printing.add_argument("--site-dir", type=Path, default=None, help="the site whose print/ folder is replaced "
                          "(default: site/)")
    printing.add_argument("--paper", choices=["a4", "letter"], help="paper size (default: course.yml's)")

    serve = subcommands.add_parser("serve", help="preview with live reload on every edit")
    serve.add_argument("--dev-addr", default=None, metavar="HOST:PORT", help="default: 127.0.0.1:8000")

    new = subcommands.add_parser("new",
                                 help="start a new course, module, lesson, quiz or workshop from a valid skeleton")
    new.add_argument("kind", choices=["course", "module", "lesson", "quiz", "workshop"])
    new.add_argument("id", help="the new item's id, e.g. 'open-questions'")
    new.add_argument("--module", help="for a lesson: the id of the module it joins")
    new.add_argument("--lesson", help="for a quiz: the id of the lesson it checks; for a module: the id of its first "
                                      "lesson (default: <module>-intro)")

    schema = subcommands.add_parser("schema", help="write JSON Schemas of the content files, for editor completion")
    schema.add_argument("--out", type=Path, default=Path("schema"), help="folder to write to (default: schema/)")

    export = subcommands.add_parser("export", help="validate, then write the course for an LMS (Moodle, Canvas, SCORM) "
                                 "or for flashcards (Anki)")
    export.add_argument("format", choices=["moodle", "gift", "qti", "scorm", "scorm2004", "anki"],
                        help="moodle: Moodle XML; gift: GIFT text; qti: QTI 1.2 zip for Canvas; scorm: SCORM 1.2 "
                             "zip; scorm2004: SCORM 2004 zip of the site; anki: Anki deck")
    export.add_argument("--out", type=Path, default=Path("exports"), help="folder to write to (default: exports/)")
    export.add_argument("--module", help="export only this module (default: the whole course, and each module)")
    export.add_argument("--site-url", default=os.environ.get("SITE_URL"),
                        help="for the SCORM packages, which hold the site: as for build")

    return parser


def _run(args: argparse.Namespace, root: Path, error: Callable[[str], NoReturn]) -> int:
    """Check what can be checked before anything is read (exit 2 with the reason), then run the command."""
    site_dir = (args.site_dir or root / "site").resolve() if args.command in ("build", "print") else root / "site"
    match args.command:
        case "validate":
            return commands.validate(root, style=args.format)
        case "build" | "print":
            problem = _unsafe_site_dir(site_dir, root)
            if problem:
                error(f"--site-dir {args.site_dir or 'site'}: {problem}")
            if args.command == "print":
                return commands.handouts(root, site_dir, paper=args.paper)
            return commands.build(root, site_dir, engine=args.engine, strict=args.strict, paper=args.paper,
                                  site_url=args.site_url, pdfs=args.pdfs)
        case "docs":
            problem = _unsafe_tree((root / args.out).resolve(), root)
            if problem:
                error(f"--out {args.out}: {problem}")
            return commands.docs_tree(root, root / args.out, paper=args.paper, site_url=args.site_url, pdfs=args.pdfs)
        case "serve":
            from .preview import parse_dev_addr
            try:
                parse_dev_addr(args.dev_addr)
            except ValueError as e:
                error(f"--dev-addr: {e}")
            return commands.serve(root, args.dev_addr)
        case "new":
            return commands.new(root, args.kind, args.id, module=args.module, lesson=args.lesson, error=error)
        case "schema":
            problem = refusal((root / args.out).resolve(), root, "schema/")
            if problem:
                error(f"--out {args.out}: {problem}")
            return commands.schema(root, root / args.out)
        case "export":
            return commands.export(root, args.format, root / args.out, args.module, error, site_url=args.site_url)
    raise AssertionError(f"unknown command {args.command}")  # argparse allows only the commands above


def _unsafe_site_dir(site_dir: Path, root: Path) -> str | None:
    """Why replacing `site_dir` could destroy an author's work, or None when it is safe."""
    refused = refusal(site_dir, root, "site/")
    if refused:
        return refused
    handouts_only = site_dir.is_dir() and [p.name for p in site_dir.iterdir()] == ["print"]  # from `coursegen print`
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / "index.html").is_file() and not handouts_only:
        return "that folder has files but is not a built site (it has no index.html), so it will not be replaced"
    return None


def _unsafe_tree(tree: Path, root: Path) -> str | None:
    """Why writing the docs tree into `tree` could destroy an author's work, or None when it is safe."""
    refused = refusal(tree, root, "build/docs/")
    if refused:
        return refused
    from .docs import is_tree
    if tree.is_dir() and any(tree.iterdir()) and not is_tree(tree):
        return "that folder has files but is not a docs tree written by coursegen, so it will not be replaced"
    return None
