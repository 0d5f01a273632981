"""QTI against IMS's own schema: every assessment `coursegen export qti` writes, validated by lxml against the IMS QTI
ASI 1.2 XML Schema (tests/consumers/qti/, the copy Moodle ships; its README says which schema and why not the Common
Cartridge profiles). The packages come from the every-type course (tests/fixtures/every-type/), the same course with a
module check (a section that draws from the module's pool), and the shipped course.

The schema checks the structure (which element where, in which order, which attribute values); test_export checks
what the files mean (idents, references, scores)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from conftest import ROOT
from generator.export import export_course
from generator.validate import validate_course

SCHEMAS = ROOT / "tests" / "consumers" / "qti"
XSD = SCHEMAS / "domainProfile_4" / "ims_qtiasiv1p2.xsd"
EVERY_TYPE = ROOT / "tests" / "fixtures" / "every-type"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
QTI_RESOURCE = "imsqti_xmlv1p2"
CANVAS_SETTINGS = "associatedcontent/imscc_xmlv1p1/learning-application-resource"

CHECK_MEMBER = "every-type-listening-check/every-type-listening-check.xml"
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


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def qti_documents(package: bytes) -> dict[str, bytes]:
    """The QTI documents of a package (member -> bytes): the files its manifest declares as QTI resources. Every other
    XML member must be the manifest or a Canvas settings file the manifest declares, so no QTI file goes unchecked."""
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


def schema_errors(schema: etree.XMLSchema, files: dict[str, bytes]) -> list[str]:
    """'package/member:line: message' for each place a QTI document breaks the schema, over every package."""
    errors = []
    for package, data in sorted(files.items()):
        for member, document in qti_documents(data).items():
            if not schema.validate(etree.fromstring(document)):
                errors += [f"{package}/{member}:{e.line}: {e.message}" for e in schema.error_log]
    return errors


def export_qti(root: Path) -> tuple[dict[str, bytes], dict[str, list[str]]]:
    """The QTI packages of the course in `root` (the whole course's and each module's), and their reports."""
    course, issues = validate_course(root)
    assert course is not None, "\n".join(map(str, issues))
    return export_course(course, "qti")


def every_type_with_check(dest: Path) -> Path:
    """A copy of the every-type course whose module has a check drawing 3 of its pool (questions worth 1 and 2)."""
    root = Path(shutil.copytree(EVERY_TYPE, dest))
    module = root / "content" / "01-listening" / "module.yml"
    module.write_text(module.read_text(encoding="utf-8") + CHECK, encoding="utf-8")
    return root


def test_every_type_course_is_valid_qti(schema):
    files, _ = export_qti(EVERY_TYPE)
    assert sorted(files) == ["every-type-listening.qti.zip", "every-type.qti.zip"]
    assert schema_errors(schema, files) == []


def test_a_module_check_that_draws_from_its_pool_is_valid_qti(schema, tmp_path):
    files, _ = export_qti(every_type_with_check(tmp_path / "course"))
    assert CHECK_MEMBER in qti_documents(files["every-type.qti.zip"])
    assert schema_errors(schema, files) == []


@pytest.mark.shipped_course
def test_the_shipped_course_is_valid_qti(schema):
    files, _ = export_qti(ROOT)
    assert schema_errors(schema, files) == []


def test_canvas_reads_the_check_as_a_question_group_worth_the_pools_points(tmp_path):
    """Canvas turns the drawing section into a question group: its pick count from `selection_number`, the points of
    each question it draws from `selection_extension/points_per_item` (QTIMigrationTool's `PointsPerItem`, then
    canvas-lms `Qti::AssessmentTestConverter#process_section`), else 1 unless all its questions are worth the same.
    A pool of equal points says them; a pool of mixed points cannot, and the report says what Canvas will do."""
    root = every_type_with_check(tmp_path / "course")
    files, reports = export_qti(root)
    selection = etree.fromstring(qti_documents(files["every-type.qti.zip"])[CHECK_MEMBER]).find(".//{*}selection")
    assert selection.findtext("{*}selection_number") == "3" and selection.find(".//{*}points_per_item") is None
    assert any("Canvas gives every question of a question group the same points" in line
               and "worth 1 to 2" in line for line in reports["every-type.qti.zip"])

    quiz = root / "quizzes" / "cues.yml"
    quiz.write_text(quiz.read_text(encoding="utf-8").replace("    points: 2\n", ""), encoding="utf-8")
    files, reports = export_qti(root)
    selection = etree.fromstring(qti_documents(files["every-type.qti.zip"])[CHECK_MEMBER]).find(".//{*}selection")
    assert selection.findtext("{*}selection_extension/{*}points_per_item") == "1"
    assert not any("question group" in line for line in reports["every-type.qti.zip"])


def feedback_first(tree: etree._Element, qti: str) -> None:
    """QTI fixes the order of an item's parts: its feedback after its response processing."""
    item = next(i for i in tree.iter(f"{qti}item") if i.find(f"{qti}itemfeedback") is not None)
    item.insert(1, item.find(f"{qti}itemfeedback"))


def unknown_action(tree: etree._Element, qti: str) -> None:
    """A setvar's action is one of Set, Add, Subtract, Multiply, Divide."""
    next(s for s in tree.iter(f"{qti}setvar") if s.get("action") == "Add").set("action", "Plus")


def selection_after_items(tree: etree._Element, qti: str) -> None:
    """A section says what to draw before the items it draws from."""
    section = next(tree.iter(f"{qti}selection_ordering")).getparent()
    section.append(section.find(f"{qti}selection_ordering"))


@pytest.mark.parametrize("mistake, named", [(feedback_first, "itemfeedback"), (unknown_action, "'Plus'"),
                                            (selection_after_items, "selection_ordering")])
def test_the_schema_rejects_the_mistakes_an_exporter_could_make(schema, tmp_path, mistake, named):
    """The module check's assessment, broken in one place as an exporter could break it, fails on an error naming
    what is wrong: the schema is strict where our files could go wrong, so the tests above can fail."""
    files, _ = export_qti(every_type_with_check(tmp_path / "course"))
    document = qti_documents(files["every-type.qti.zip"])[CHECK_MEMBER]
    tree = etree.fromstring(document)
    mistake(tree, f"{{{tree.nsmap[None]}}}")
    assert schema.validate(etree.fromstring(document))
    assert not schema.validate(tree)
    assert any(named in e.message for e in schema.error_log), [e.message for e in schema.error_log]
