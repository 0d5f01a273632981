"""The QTI packages the QTI tests read: the every-type course exported, with or without a module check, and the QTI
documents of a package."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

from lxml import etree

from generator.export import export_course
from generator.validate import validate_course
from helpers.course_edits import TESTS

EVERY_TYPE = TESTS / "fixtures" / "every-type"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
QTI_RESOURCE = "imsqti_xmlv1p2"
CANVAS_SETTINGS = "associatedcontent/imscc_xmlv1p1/learning-application-resource"

CHECK_MEMBER = "every-type-listening-check/every-type-listening-check.xml"
"""The module check's assessment in the packages of `every_type_with_check`."""
CHECK = """check:
  draw: 3
  pass_mark: 80
  questions:
    - id: check-nod
      type: true_false
      stem: A nod can tell the speaker you follow.
      answer: true
      explanation: Nodding is one of the cues that show you follow.
      assesses: [name-a-cue]
"""


def every_type_with_check(dest: Path) -> Path:
    """A copy of the every-type course whose module has a check drawing 3 of its pool (questions worth 1 and 2)."""
    root = Path(shutil.copytree(EVERY_TYPE, dest))
    module = root / "content" / "01-listening" / "module.yml"
    module.write_text(module.read_text(encoding="utf-8") + CHECK, encoding="utf-8")
    return root


def export_qti(root: Path) -> tuple[dict[str, bytes], dict[str, list[str]]]:
    """The QTI packages of the course in `root` (the whole course's and each module's), and their reports."""
    course, issues = validate_course(root)
    assert course is not None, "\n".join(map(str, issues))
    return export_course(course, "qti")


def qti_documents(package: bytes) -> dict[str, bytes]:
    """The QTI documents of a package (member -> bytes): the files its manifest declares as QTI resources. Every other
    XML member must be the manifest or a Canvas settings file the manifest declares, so no QTI file goes unread."""
    archive = zipfile.ZipFile(io.BytesIO(package))
    manifest = etree.fromstring(archive.read("imsmanifest.xml"))
    declared: dict[str, set[str]] = {}
    for resource in manifest.iter(f"{CP}resource"):
        hrefs = {f.get("href") for f in resource.iter(f"{CP}file")}
        declared.setdefault(resource.get("type"), set()).update(hrefs)
    qti = declared.get(QTI_RESOURCE, set())
    xml = {name for name in archive.namelist() if name.endswith(".xml")}
    assert qti, "the manifest declares no QTI resource"
    assert xml - {"imsmanifest.xml"} == qti | declared.get(CANVAS_SETTINGS, set()), sorted(xml)
    return {name: archive.read(name) for name in sorted(qti)}
