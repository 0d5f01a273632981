"""References in APA style: author lists (several, an unknown rest, a group author) and inline citation labels."""

from __future__ import annotations

import pytest

from generator.model import Reference
from generator.render.citations import apa_authors, citation_label


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
