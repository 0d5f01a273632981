"""Citation formatting, shared by the pages, the handouts and the exports: author-year labels and APA author lists."""

from __future__ import annotations

from ..model import Reference

ET_AL = "et al."
"""Written as the last author when a source's full author list is not known: ["Chaitoff, A.", "et al."]."""


def citation_label(ref: Reference) -> str:
    """Author-year label for an inline citation: 'Tickle-Degnen & Rosenthal, 1990', 'Chaitoff et al., 2019'."""
    surnames = [a.split(",")[0].strip() for a in ref.authors if a != ET_AL]
    if len(surnames) > 2 or ref.authors[-1] == ET_AL:
        names = f"{surnames[0]} {ET_AL}"
    else:
        names = " & ".join(surnames)
    return f"{names}, {ref.year}"


def apa_authors(authors: list[str], and_word: str = "&") -> str:
    """The author part of an APA reference, ending in a full stop: 'Rogers, C. R., & Farson, R. E.',
    'Chaitoff, A., et al.', 'World Health Organization.' (a group author)."""
    if authors[-1] == ET_AL:
        names = ", ".join([*authors[:-1], ET_AL])
    elif len(authors) > 1:
        names = f"{', '.join(authors[:-1])}, {and_word} {authors[-1]}"
    else:
        names = authors[0]
    return names if names.endswith(".") else names + "."
