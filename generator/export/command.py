"""`coursegen export FORMAT`: validate, build the site if the format packages it, export, write, and say what."""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..layout import refusal
from ..model import Course
from . import SITE_FORMATS, export_course, write_exports

def run_export(root: Path, course: Course, fmt: str, out: Path, module: str | None,
               error: Callable[[str], None], build_site: Callable[[Path], None]) -> int:
    """Export a validated course; `build_site(folder)` builds the site into an empty folder (for SCORM)."""
    out = out.resolve()
    refused = refusal(out, root, "exports/")
    if refused:
        error(f"--out {out}: {refused}")
    modules = [p.module.id for p in course.parts]
    if module is not None and module not in modules:
        error(f"--module {module}: the course has no such module; its modules are {', '.join(modules)}")
    if fmt in SITE_FORMATS:
        with tempfile.TemporaryDirectory(prefix="coursegen-scorm-") as temp:
            site_dir = Path(temp) / "site"
            build_site(site_dir)
            files, reports = export_course(course, fmt, module=module, site_dir=site_dir, root=root)
    else:
        files, reports = export_course(course, fmt, module=module, root=root)
    for path in write_exports(out, files, reports):
        print(f"wrote {_shown(path, root)} (report beside it: {path.name}.report.txt)")
        for line in reports[path.name]:
            print(f"  {path.name}: {line}", file=sys.stderr)
    return 0


def _shown(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return str(path)

