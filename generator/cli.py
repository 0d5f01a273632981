"""The command line: `coursegen validate | build | docs | print | serve | new | schema | export`.

Exit 1 for content errors, 2 for usage errors.
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
from pathlib import Path

from .engines import ENGINES
from .errors import Issue, has_errors
from .validate import ValidationCache, validate_course


def run() -> None:
    """The `coursegen` command: `main`, then exit at once. Python would free a large course object by object (about
    a second at 2,000 lessons), where the operating system takes the whole process back in no time."""
    code = main()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run one command. Whatever a user or an author can cause ends as one line and an exit status (1, or 2 for a
    usage mistake), never a traceback: this is the one place that turns exceptions into messages."""
    try:
        return _command(argv)
    except KeyboardInterrupt:
        print("coursegen: interrupted; a site being built was not swapped in", file=sys.stderr)
        return 130
    except OSError as e:  # a read-only folder, a file where a folder should be, a name too long...
        where = f": {e.filename}" if e.filename else ""
        print(f"coursegen: {e.strerror or e}{where}; nothing was replaced", file=sys.stderr)
        return 1
    except Exception as e:
        if os.environ.get("COURSEGEN_TRACEBACK"):
            raise
        print(f"coursegen: internal error, not a problem with your content ({type(e).__name__}: {e}); please "
              "report it, with the output of the same command run with COURSEGEN_TRACEBACK=1", file=sys.stderr)
        return 1


def _command(argv: list[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="coursegen", description="Build the course site from content/ and quizzes/.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: the current one)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every content and quiz file; write nothing")
    validate.add_argument("--format", choices=["text", "github"], default="text",
                          help="'github' prints annotations for pull requests")

    build = commands.add_parser("build", help="validate, then build the site (replacing the old one only on success)")
    build.add_argument("--site-dir", type=Path, default=None, help="where the site goes (default: site/)")
    build.add_argument("--site-url", default=os.environ.get("SITE_URL"),
                       help="the address the site is published at (default: $SITE_URL, else mkdocs.yml's site_url)")
    build.add_argument("--strict", action="store_true", help="treat MkDocs warnings (such as broken links) as errors")
    build.add_argument("--paper", choices=["a4", "letter"], help="paper size of the handouts (default: course.yml's)")
    build.add_argument("--engine", choices=ENGINES, default="mkdocs",
                       help="what turns the generated pages into the site: mkdocs (default) or zensical")
    build.add_argument("--no-pdfs", dest="pdfs", action="store_false",
                       help="skip the PDFs (the print pages are still built): quicker for a check")

    tree = commands.add_parser("docs", help="validate, then write the docs tree: the generated pages, assets and a "
                               "mkdocs.yml that `mkdocs build` or `zensical build` builds with no plugin")
    tree.add_argument("--out", type=Path, default=Path("build") / "docs",
                      help="folder to write the tree to (default: build/docs/)")
    tree.add_argument("--site-url", default=os.environ.get("SITE_URL"), help="as for build")
    tree.add_argument("--paper", choices=["a4", "letter"], help="as for build")
    tree.add_argument("--no-pdfs", dest="pdfs", action="store_false", help="as for build")

    printing = commands.add_parser("print", help="validate, then build only the handouts (print pages and PDFs) "
                                   "into site/print/")
    printing.add_argument("--site-dir", type=Path, default=None, help="the site whose print/ folder is replaced "
                          "(default: site/)")
    printing.add_argument("--paper", choices=["a4", "letter"], help="paper size (default: course.yml's)")

    serve = commands.add_parser("serve", help="preview with live reload on every edit")
    serve.add_argument("--dev-addr", default=None, metavar="HOST:PORT", help="default: 127.0.0.1:8000")

    new = commands.add_parser("new", help="start a new course, module, lesson, quiz or workshop from a valid skeleton")
    new.add_argument("kind", choices=["course", "module", "lesson", "quiz", "workshop"])
    new.add_argument("id", help="the new item's id, e.g. 'open-questions'")
    new.add_argument("--module", help="for a lesson: the id of the module it joins")
    new.add_argument("--lesson", help="for a quiz: the id of the lesson it checks; for a module: the id of its first "
                                      "lesson (default: <module>-intro)")

    schema = commands.add_parser("schema", help="write JSON Schemas of the content files, for editor completion")
    schema.add_argument("--out", type=Path, default=Path("schema"), help="folder to write to (default: schema/)")

    export = commands.add_parser("export", help="validate, then write the course for an LMS (Moodle, Canvas, SCORM) "
                                 "or for flashcards (Anki)")
    export.add_argument("format", choices=["moodle", "gift", "qti", "scorm", "scorm2004", "anki"],
                        help="moodle: Moodle XML; gift: GIFT text; qti: QTI 1.2 zip for Canvas; scorm: SCORM 1.2 zip; scorm2004: SCORM 2004 zip "
                             "of the site; anki: Anki deck")
    export.add_argument("--out", type=Path, default=Path("exports"), help="folder to write to (default: exports/)")
    export.add_argument("--module", help="export only this module (default: the whole course, and each module)")

    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.command == "new" and args.kind == "course":
        from .scaffold import new_item
        return new_item(root, "course", args.id, module=None, lesson=None, error=parser.error)
    if not (root / "content").is_dir():
        parser.error(f"{root} has no content/ folder; run coursegen in the course repository or pass --root")

    if args.command == "new":
        from .scaffold import new_item
        return new_item(root, args.kind, args.id, module=args.module, lesson=args.lesson, error=parser.error)

    if args.command in ("build", "print"):
        problem = _unsafe_site_dir((args.site_dir or root / "site").resolve(), root)
        if problem:
            parser.error(f"--site-dir {args.site_dir or 'site'}: {problem}")
    if args.command == "docs":
        problem = _unsafe_tree((root / args.out).resolve(), root)
        if problem:
            parser.error(f"--out {args.out}: {problem}")

    if args.command == "serve":
        from .preview import parse_dev_addr
        try:
            parse_dev_addr(args.dev_addr)
        except ValueError as e:
            parser.error(f"--dev-addr: {e}")

    if args.command == "schema":
        from .schema import write_schemas
        for path in write_schemas(root / args.out):
            print(f"wrote {path.relative_to(root)}")
        return 0

    stored = None  # the last build's caches: a build parses and renders again only what changed since
    if args.command == "build":
        from .buildcache import load
        stored = load(root)
    # The preview validates again on each save.
    validation = ValidationCache() if args.command == "serve" else stored and stored.validation
    course, issues = validate_course(root, cache=validation)
    if args.command in ("build", "validate", "export") and course is not None:
        from .lockfile import check_questions  # validate and export warn too, but only build writes the file
        issues = sorted([*issues, *check_questions(root, course, write=args.command == "build")])
    report(issues, args.format if args.command == "validate" else "text")
    if has_errors(issues):
        return 1
    if args.command == "validate":
        print(f"ok: {len(course.lessons)} lessons in {len(course.parts)} modules, "
              f"{sum(len(q) for p in course.parts for q in p.quizzes.values())} quizzes", file=sys.stderr)
        return 0
    _log_to_stderr()
    from . import build, docs, print_site, write
    from .engines import EngineError
    from .paths import OutsideError
    from .preview import ServeError
    from .print_site import PrintError

    os.environ.setdefault("SOURCE_DATE_EPOCH", _source_date(root))
    site_dir = (getattr(args, "site_dir", None) or root / "site").resolve()
    try:
        if args.command == "export":
            from .export.command import run_export
            return run_export(root, course, args.format, root / args.out, args.module, parser.error,
                              lambda folder: build.build_site(course, root, folder,
                                                              site_url=os.environ.get("SITE_URL")))
        if args.command == "serve":
            from .preview import serve
            serve(root, course, validation, args.dev_addr)
            return 0
        if args.command == "docs":
            config = docs.read_config(root)
            generated = docs.generate(course, root, config, paper=args.paper, pdfs=args.pdfs)
            docs.write_docs(course, root, config, generated, root / args.out, site_url=args.site_url)
            print(f"Wrote the docs tree in {root / args.out}: build it with `mkdocs build -f "
                  f"{root / args.out / docs.CONFIG_FILE}` or `zensical build -f ...`", file=sys.stderr)
            return 0
        if args.command == "print":
            with write.replacing(site_dir / "print") as staging:
                print_site.write_print(course, root, staging, paper=args.paper or course.info.paper,
                                       theme_dir=docs.theme_dir(root, docs.read_config(root)))
            print(f"Built the handouts in {site_dir / 'print'}", file=sys.stderr)
            return 0
        build.build_site(course, root, site_dir, engine=args.engine, strict=args.strict, paper=args.paper,
                         site_url=args.site_url, pdfs=args.pdfs, cache=stored)
    except (EngineError, PrintError, OutsideError, ServeError) as e:
        outcome = "the previous site is unchanged" if args.command in ("build", "print") else "nothing was written"
        print(f"coursegen: the {args.command} failed, and {outcome}: {e}", file=sys.stderr)
        return 1
    print(f"Built the site in {site_dir}: open {site_dir / 'index.html'}", file=sys.stderr)
    return 0


def report(issues: list[Issue], style: str) -> None:
    for issue in issues:
        print(issue.github() if style == "github" else str(issue))
    errors = sum(i.severity == "error" for i in issues)
    sys.stdout.flush()
    if issues:
        print(f"{errors} error(s), {len(issues) - errors} warning(s)", file=sys.stderr)


def _unsafe_site_dir(site_dir: Path, root: Path) -> str | None:
    """Why replacing `site_dir` could destroy an author's work, or None when it is safe."""
    if site_dir == root or site_dir in root.parents:
        return "that folder holds the course itself; choose a folder for the site alone, such as site/"
    for folder in ("content", "quizzes", "theme"):
        if site_dir == root / folder or (root / folder) in site_dir.parents:
            return f"that is inside {folder}/, which the author owns; choose another folder, such as site/"
    handouts_only = site_dir.is_dir() and [p.name for p in site_dir.iterdir()] == ["print"]  # from `coursegen print`
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / "index.html").is_file() and not handouts_only:
        return "that folder has files but is not a built site (it has no index.html), so it will not be replaced"
    return None


def _unsafe_tree(tree: Path, root: Path) -> str | None:
    """Why writing the docs tree into `tree` could destroy an author's work, or None when it is safe."""
    if tree == root or tree in root.parents or any(tree == root / f or (root / f) in tree.parents
                                                   for f in ("content", "quizzes", "theme", "workshops")):
        return "that folder holds the course itself; choose a folder for the tree alone, such as build/docs/"
    from .docs import is_tree
    if tree.is_dir() and any(tree.iterdir()) and not is_tree(tree):
        return "that folder has files but is not a docs tree written by coursegen, so it will not be replaced"
    return None


def _log_to_stderr() -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _source_date(root: Path) -> str:
    """The last commit's time, so that two builds of the same content are byte-identical."""
    try:
        out = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True)
        return out.stdout.strip() or "0"
    except OSError:
        return "0"
