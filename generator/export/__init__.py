"""LMS exports: the validated course in, files out. One module per format; `export_course` picks the exporter.

| format | file | what it holds |
|---|---|---|
| moodle | `<name>.moodle.xml` | Moodle XML questions, one category per module |
| gift   | `<name>.gift` | the same questions in Moodle's GIFT text format |
| qti    | `<name>.qti.zip` | a Canvas-ready QTI 1.2 package, one assessment per quiz |
| scorm  | `<name>.scorm.zip` | the built site as a SCORM 1.2 package that reports scores to the LMS |
| anki   | `<name>.apkg` | an Anki deck of key points and glossary terms |

`<name>` is the course id for the whole course and `<course id>-<module id>` for one module. Every exporter but
SCORM's is pure (model in, bytes out); SCORM's packages a site that the caller has built. `write_exports` is the one
place that writes the files.
"""

from __future__ import annotations

from pathlib import Path

from ..model import Course
from ..write import write_file
from . import anki, gift, moodle, qti, scorm
from .common import Scope, scopes

FORMATS = {"moodle": moodle, "gift": gift, "qti": qti, "scorm": scorm, "anki": anki}
"""Format name -> exporter module (each has `SUFFIX` and `export`)."""


def export_course(course: Course, fmt: str, *, module: str | None = None,
                  site_dir: Path | None = None) -> tuple[dict[str, bytes], list[str]]:
    """Files (name -> bytes) of one format and notes on what the format could not hold.

    Without `module`: one file for the course and one per module (SCORM: the course only, since each package
    holds a whole site). With `module`: that module's file only. SCORM needs `site_dir`, the built site.
    """
    exporter = FORMATS[fmt]
    files: dict[str, bytes] = {}
    notes: list[str] = []
    for scope in scopes(course, module, per_module=fmt != "scorm"):
        if fmt == "scorm":
            if site_dir is None:
                raise ValueError("a SCORM export packages the built site: pass site_dir")
            data, scope_notes = scorm.export(scope, site_dir)
        else:
            data, scope_notes = exporter.export(scope)
        files[scope.name + exporter.SUFFIX] = data
        notes += [n for n in scope_notes if n not in notes]
    return files, notes


def write_exports(out_dir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write each file into `out_dir` atomically (a reader never sees half a file); returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        target = out_dir / name
        write_file(target, data)
        written.append(target)
    return written


__all__ = ["FORMATS", "Scope", "export_course", "write_exports"]
