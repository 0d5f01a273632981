"""One render cache for the pages and the handouts: what the page and print renderers keep from one call to the next,
so that only what an edit changed is rendered again. A live preview keeps one in memory (`docs.generate`);
`coursegen build` keeps one in .cache/build.pickle (`buildcache`), so that a rebuild renders again only the pages and
handouts an edit changed. The result is the same with or without it."""

from __future__ import annotations

from dataclasses import dataclass, field

from .pages import SiteCache
from .print_renderer import PrintCache


@dataclass(eq=False)
class RenderCache:
    site: SiteCache = field(default_factory=SiteCache)
    """The pages' part: each page's inputs and Markdown (see `SiteCache`)."""
    print: PrintCache = field(default_factory=PrintCache)
    """The handouts' part: each unit's inputs and documents (see `PrintCache`)."""

    def __post_init__(self) -> None:
        # Both renderers ask which references a lesson or quiz cites: each object's keys are found once, for both.
        self.print.cited = self.site.cited
