"""Names the site gives its own pages and folders, which a module, lesson or page id may not take: a page named
after one would silently replace, or be replaced by, one of the site's (see render/sitemap.py)."""

from __future__ import annotations

SITE_PAGES = ("home", "index", "glossary", "references", "progress", "print", "schedule", "notes")
"""Keys and file names of the site's own pages."""
SITE_FOLDERS = ("assets", "search", "instructor", "print", "images", "stylesheets", "javascripts")
"""Folders at the top of the site: the theme's, the search index's, the instructors' pages, the handouts."""
MODULE_FILES = ("index", "quiz")
"""Files in a module's folder besides its lessons: the overview and the module quiz."""
STANDALONE_PAGES = ("index", "glossary", "references", "progress", "print-and-workshops", "schedule", "notes", "404",
                    "search", "sitemap")
"""File names at the top of the site and in instructor/."""
WINDOWS_DEVICES = ("con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10)))
"""Names a file cannot have on Windows, where instructors also build."""

RESERVED = {
    "module": frozenset(SITE_PAGES + SITE_FOLDERS + WINDOWS_DEVICES),
    "lesson": frozenset(SITE_PAGES + MODULE_FILES + WINDOWS_DEVICES),
    "page": frozenset(STANDALONE_PAGES + WINDOWS_DEVICES),
}
"""By the kind of item whose id becomes a page: the names it may not take."""


def reserved_id(kind: str, item_id: str) -> str | None:
    """Why `item_id` cannot be the id of a `kind` ('module', 'lesson' or 'page'), or None when it can."""
    if item_id not in RESERVED[kind]:
        return None
    own = sorted(RESERVED[kind] - set(WINDOWS_DEVICES))
    what = "a device name on Windows" if item_id in WINDOWS_DEVICES else "a name the site uses for its own pages"
    return (f"'{item_id}' is {what}, so a {kind} cannot have it; a {kind} may not take: {', '.join(own)}, nor "
            "con, prn, aux, nul, com1-com9 or lpt1-lpt9")
