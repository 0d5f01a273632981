"""What any course in this repository must be, the shipped one or a fork's own: valid. (The shipped course's own
standard is `test_content.py`'s, which a fork's course skips.)"""

from __future__ import annotations

from conftest import ROOT

from generator.validate import validate_course


def test_the_course_in_this_repository_validates_without_an_error():
    _, issues = validate_course(ROOT)
    assert not [issue for issue in issues if issue.severity == "error"], "\n".join(map(str, issues))
