"""References in APA style: author lists (several, an unknown rest, a group author) and inline citation labels; and
the standard every course's references keep, so a reader can look each one up. The standard is checked on whatever
references a course has, so a fork with its own sources passes as long as each entry is complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.model import Reference
from generator.render.citations import ET_AL, apa_authors, citation_label
from generator.validate import validate_course

ROOT = Path(__file__).resolve().parents[2]

INITIALS = r"(?:[A-Z][a-z]?\.(?:-[A-Z][a-z]?\.)?\s?)+(?:(?:de|van|von|der|da|del|la)\s(?:[A-Z]\.\s?)+)*"
PERSON = re.compile(rf"^[^,]+, {INITIALS}(?:, (?:Jr|Sr)\.| (?:II|III|IV))?$")
"""'Rogers, C. R.', 'Mackenzie, J.-M.', 'Hamilton, A. F. de C.', 'Weger, H., Jr.'."""
LOCAL_PATH = re.compile(r"(?<![\w.:/~-])(?:/(?:home|work|Users|tmp|mnt|opt|var|srv|root)/|~/)|file:/|\b[A-Za-z]:\\")
"""A path on someone's machine, as opposed to a path inside a web address (https://example.org/home/...)."""


def reference_problems(ref: Reference) -> list[str]:
    """What keeps a reader from finding this source: missing initials, a placeholder title, no DOI or URL."""
    problems = []
    for author in ref.authors:
        group = "," not in author and (" " in author or author.isupper())
        if author != ET_AL and not group and not PERSON.match(author):
            problems.append(f"author {author!r} is not written 'Surname, I. I.' (or a group name of several words)")
    if ref.authors == [ET_AL]:
        problems.append("the author list names nobody")
    if "[" in ref.title or "]" in ref.title:
        problems.append(f"title {ref.title!r} is a bracketed description, not the source's own title")
    if not (ref.doi or ref.url):
        problems.append("no DOI or URL to look it up by")
    for field, value in ref.model_dump().items():
        if isinstance(value, str) and LOCAL_PATH.search(value):
            problems.append(f"{field} names a path on a local machine: {value!r}")
    return problems


@pytest.mark.parametrize("authors,listed,cited", [
    (["Rogers, C. R."], "Rogers, C. R.", "Rogers, 1957"),
    (["Rogers, C. R.", "Farson, R. E."], "Rogers, C. R., & Farson, R. E.", "Rogers & Farson, 1957"),
    (["Weger, H.", "Castle, G. R.", "Emmett, M. C."], "Weger, H., Castle, G. R., & Emmett, M. C.", "Weger et al., 1957"),
    (["Chaitoff, A.", "et al."], "Chaitoff, A., et al.", "Chaitoff et al., 1957"),
    (["World Health Organization"], "World Health Organization.", "World Health Organization, 1957"),
])
def test_author_lists_and_citation_labels(authors, listed, cited):
    ref = Reference(key="k", authors=authors, year=1957, title="T", venue="V")
    assert apa_authors(authors) == listed
    assert citation_label(ref) == cited


GOOD = dict(key="k", year=2011, title="Alliance in individual psychotherapy", venue="Psychotherapy",
            doi="10.1037/a0022186")


@pytest.mark.parametrize("authors", [
    ["Horvath, A. O.", "Del Re, A. C."], ["Weger, H., Jr."], ["Mackenzie, J.-M."], ["Hamilton, A. F. de C."],
    ["ten Brinke, L."], ["Singh Ospina, N.", "et al."], ["World Health Organization"], ["UNESCO"],
])
def test_complete_references_pass(authors):
    assert reference_problems(Reference(**GOOD, authors=authors)) == []
    assert reference_problems(Reference(**{**GOOD, "doi": None, "url": "https://example.org/work/page"},
                                        authors=authors)) == []


@pytest.mark.parametrize("change,problem", [
    (dict(authors=["Bond", "DePaulo"]), "author 'Bond'"),
    (dict(authors=["Elliott, Robert"]), "author 'Elliott, Robert'"),
    (dict(authors=["et al."]), "names nobody"),
    (dict(title="[Meta-analysis of how accurately people judge lies]"), "bracketed description"),
    (dict(doi=None), "no DOI or URL"),
    (dict(venue="Notes in /work/shared/research/facts.md"), "venue names a path"),
    (dict(title="Notes, see file:///home/me/paper.pdf"), "title names a path"),
    (dict(venue=r"C:\Users\me\sources.docx"), "venue names a path"),
])
def test_incomplete_references_are_caught(change, problem):
    ref = Reference(**{**GOOD, "authors": ["Horvath, A. O."], **change})
    assert any(problem in p for p in reference_problems(ref)), reference_problems(ref)


NO_LINK_FOUND = {
    "aron-et-al-1997": "checked against the article itself; no index record with a DOI or stable URL was found",
    "gremler-gwinner-2000": "checked against the article itself; no index record with a DOI or stable URL was found",
    "rogers-farson-1957": "a 1957 university pamphlet, reprinted in a 1987 book; it has no DOI",
}
"""The course's own sources that were checked but have no DOI or stable URL yet, and why (a fork's are not exempt)."""


def test_every_reference_of_the_course_can_be_looked_up():
    course, issues = validate_course(ROOT)
    assert course is not None, "\n".join(map(str, issues))
    problems = [f"{ref.key}: {p}" for ref in course.bibliography.references for p in reference_problems(ref)
                if not (ref.key in NO_LINK_FOUND and p.startswith("no DOI or URL"))]
    assert problems == [], "\n".join(problems)


def test_no_content_file_names_a_path_outside_the_course():
    """Comments included: a reader of the YAML, or a fork, cannot follow a path on the author's machine."""
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for folder in ("content", "quizzes", "workshops") for path in sorted((ROOT / folder).rglob("*.yml"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if LOCAL_PATH.search(line)]
    assert found == [], "\n".join(found)
