"""QTI against IMS's own schema: every assessment `coursegen export qti` writes, validated by lxml against the IMS QTI
ASI 1.2 XML Schema (tests/consumers/qti/, the copy Moodle ships; its README says which schema and why not the Common
Cartridge profiles). The packages come from the every-type course (tests/fixtures/every-type/), the same course with a
module check (a section that draws from the module's pool), and the shipped course.

The schema checks the structure (which element where, in which order, which attribute values); test_export checks
what the files mean (idents, references, scores), test_qti_canvas how Canvas's importer reads them."""

from __future__ import annotations

import pytest
from lxml import etree

from conftest import ROOT
from helpers.qti import CHECK_MEMBER, EVERY_TYPE, every_type_with_check, export_qti, qti_documents

XSD = ROOT / "tests" / "consumers" / "qti" / "domainProfile_4" / "ims_qtiasiv1p2.xsd"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def schema_errors(schema: etree.XMLSchema, files: dict[str, bytes]) -> list[str]:
    """'package/member:line: message' for each place a QTI document breaks the schema, over every package."""
    errors = []
    for package, data in sorted(files.items()):
        for member, document in qti_documents(data).items():
            if not schema.validate(etree.fromstring(document)):
                errors += [f"{package}/{member}:{e.line}: {e.message}" for e in schema.error_log]
    return errors


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
