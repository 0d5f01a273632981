"""LMS exports: the validated course in, files out. One module per format; `export_course` picks the exporter.

| format | file | what it holds |
|---|---|---|
| moodle | `<name>.moodle.xml` | Moodle XML questions, one category per module |
| gift   | `<name>.gift` | the same questions in Moodle's GIFT text format |
| qti    | `<name>.qti.zip` | a Canvas-ready QTI 1.2 package, one assessment per quiz |
| scorm  | `<name>.scorm.zip` | the built site as a SCORM 1.2 learner package that reports scores to the LMS |
| scorm2004 | `<name>.scorm2004.zip` | the same as a SCORM 2004 (4th edition) package |
| anki   | `<name>.apkg` | an Anki deck of key points and glossary terms |

`<name>` is the course id for the whole course and `<course id>-<module id>` for one module. Every exporter but
SCORM's is pure (model in, bytes out); SCORM's packages a site that the caller has built. Each file comes with a
report of what the format could not hold (for SCORM: the package's size and what it leaves out), printed by the
command and written beside the file as `<file>.report.txt`. `write_exports` is the one place that writes files.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Course
from ..write import write_file
from . import anki, gift, moodle, qti, scorm, scorm2004
from .common import Scope, scopes

FORMATS = {"moodle": moodle, "gift": gift, "qti": qti, "scorm": scorm, "scorm2004": scorm2004, "anki": anki}
"""Format name -> exporter module (each has `SUFFIX` and `export`)."""
SITE_FORMATS = ("scorm", "scorm2004")
"""The formats that package the built site (their `export` takes the site's folder too)."""
REPORT_SUFFIX = ".report.txt"


def export_course(course: Course, fmt: str, *, module: str | None = None, site_dir: Path | None = None,
                  root: Path | None = None) -> tuple[dict[str, bytes], dict[str, list[str]]]:
    """Files (name -> bytes) of one format, and each file's report (name -> lines) of what the format could not hold.

    Without `module`: one file for the course and one per module. With `module`: that module's file only.
    SCORM needs `site_dir`, the built site; Anki dates its notes by their source files in `root`, the course folder.
    """
    exporter = FORMATS[fmt]
    files: dict[str, bytes] = {}
    reports: dict[str, list[str]] = {}
    for scope in scopes(course, module, root=root):
        if fmt in SITE_FORMATS:
            if site_dir is None:
                raise ValueError("a SCORM export packages the built site: pass site_dir")
            data, notes = exporter.export(scope, site_dir)
        else:
            data, notes = exporter.export(scope)
        files[scope.name + exporter.SUFFIX] = data
        reports[scope.name + exporter.SUFFIX] = notes
    return files, reports


def write_exports(out_dir: Path, files: dict[str, bytes], reports: dict[str, list[str]] | None = None) -> list[Path]:
    """Write each file into `out_dir` atomically (a reader never sees half a file), and its report beside it as
    `<file>.report.txt`; returns the files' paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        target = out_dir / name
        write_file(target, data)
        if reports is not None:
            write_file(out_dir / (name + REPORT_SUFFIX), report_text(name, reports.get(name, [])))
        written.append(target)
    return written


def report_text(name: str, lines: list[str]) -> bytes:
    """A file's report as written beside it."""
    body = "".join(f"{line}\n" for line in lines) or "nothing left out: the format holds every question whole\n"
    return f"# {name}: what this export could not carry, and why\n{body}".encode()


__all__ = ["FORMATS", "SITE_FORMATS", "Scope", "export_course", "write_exports"]
