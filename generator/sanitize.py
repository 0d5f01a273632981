"""Content is untrusted input: the one allowlist of the HTML it may become, the sanitizer (nh3, the binding of the Rust
`ammonia` crate) that every fragment made from it passes before it is written, and the check that tells an author,
at the place in their text, what that sanitizer would remove.

The check runs at validation, so nothing is dropped silently: a text that passes it comes out of the sanitizer
unchanged, and a build never starts from one that does not.
"""

from __future__ import annotations

import html
import re
import string
from functools import cache
from html.parser import HTMLParser

import markdown
import nh3

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    "video", "audio", "source", "track",
})
"""What Markdown and a course's own HTML need: text, lists, tables, figures, disclosure, local media."""

ALLOWED_ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "ol": {"start", "type", "reversed"},
    "td": {"colspan", "rowspan", "align", "style"},
    "th": {"colspan", "rowspan", "align", "scope", "style"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "time": {"datetime"},
    "video": {"src", "controls", "preload", "poster", "width", "height", "muted", "loop", "playsinline"},
    "audio": {"src", "controls", "preload", "muted", "loop"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
}
"""Attributes by tag ('*': on every tag). Never an event handler; `style` only where Markdown's tables align a
column (and then only `text-align`)."""

STYLE_PROPERTIES = frozenset({"text-align"})
URL_SCHEMES = frozenset({"http", "https", "mailto"})
"""Besides relative URLs, which is what every link to the course itself is."""
MEDIA_TAGS = frozenset({"img", "video", "audio", "source", "track"})
"""Tags whose URL a browser fetches as soon as the page opens: only the course's own files (it works offline)."""
URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "action", "formaction", "background", "data",
                            "xlink:href", "srcset", "longdesc", "codebase", "manifest", "ping"})
SITE_IDS = re.compile(r"__|objective-|ref-")
"""Ids the site gives its own elements (Material's start with two underscores): content may not take them."""
LINK_SCHEMES = frozenset({"glossary", "lesson"})
"""The course's own link kinds, which the generator resolves into relative links before anything renders them."""

SITE_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "toc",
                   "pymdownx.details", "pymdownx.superfences", "pymdownx.smartsymbols"]
"""mkdocs.yml's markdown_extensions (a test keeps them equal): the check renders a text as the site will."""
FRAGMENT_EXTENSIONS = [e for e in SITE_EXTENSIONS
                       if e not in ("admonition", "toc", "pymdownx.details", "pymdownx.superfences")]
"""What the generator's own fragments (quiz widgets, worksheets, LMS exports) are rendered with: render/markdown.py's
EXTENSIONS (a test keeps them equal). Of what they lack, only superfences can make text safe on a page and not in a
fragment: raw HTML between two fences is code on a page, and HTML in a fragment."""


def clean(fragment: str) -> str:
    """The fragment with everything outside the allowlist removed (made from content, about to be written)."""
    return nh3.clean(fragment, tags=set(ALLOWED_TAGS), attributes={k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
                     url_schemes=set(URL_SCHEMES), link_rel=None, filter_style_properties=set(STYLE_PROPERTIES),
                     attribute_filter=_attribute_filter)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Drops what the allowlist of names cannot: media from other servers, and ids the site's own elements have."""
    if tag in MEDIA_TAGS and attribute in ("src", "poster") and _is_remote(value):
        return None
    return None if attribute == "id" and SITE_IDS.match(value) else value


def unsafe_markup(text: str, *, title: bool = False) -> list[tuple[int, str]]:
    """What the sanitizer would remove from the HTML this Markdown becomes, as (offset in `text`, message), sorted.

    `title`: the text is a plain-text title, which the pages put in a Markdown heading (where `{ ... }` at the end
    would become attributes). Linear in the length of the text: what would make Markdown itself slow (an unclosed
    tag, link or bracket) is reported before anything renders it.
    """
    problems = syntax_problems(text)
    if problems:
        return problems
    problems = link_problems(text)
    if "<" in text or "{" in text:  # without either, Markdown makes no HTML but its own links, checked above
        source = ("# " if title else "") + _resolved(text)
        renderers = [SITE_EXTENSIONS, FRAGMENT_EXTENSIONS] if "```" in text or "~~~" in text else [SITE_EXTENSIONS]
        problems += [(_find(text, needle), message) for extensions in renderers
                     for needle, message in removed(_renderer(tuple(extensions)).reset().convert(source))]
    return sorted(set(problems))


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
"""Characters no XML file can hold (the Moodle and QTI exports) and that Anki reads as its field separator (U+001F);
YAML lets a double-quoted text write them as escapes ("\x1f")."""
MAX_HTML_TAGS = 500
"""More than a page of a course needs; Markdown takes longer per tag the more tags a text holds."""
_UNSAFE_CLOSE = re.compile(r"<(?:!(?!--)|\?)")
_TAG_START = re.compile(r"<[A-Za-z/]")


def syntax_problems(text: str) -> list[tuple[int, str]]:
    """Constructs that are never closed, or that no course needs, found in one pass: each of them would make
    Markdown scan the rest of the text again at every repetition (quadratic time, minutes for 100 kB); and control
    characters."""
    problems = []
    if match := _CONTROL.search(text):
        problems.append((match.start(), f"the control character U+{ord(match[0]):04X} is not allowed (no page or LMS "
                                         "export can hold it); delete it"))
    if "<" in text:
        if match := _UNSAFE_CLOSE.search(text):
            problems.append((match.start(), "'<!' and '<?' declarations (such as CDATA) are not allowed"))
        for count, match in enumerate(_TAG_START.finditer(text)):
            end, following = text.find(">", match.start()), text.find("<", match.start() + 1)
            if end < 0 or 0 <= following < end:
                problems.append((match.start(), "this HTML tag is never closed with '>'"))
                break
            if count == MAX_HTML_TAGS:
                problems.append((match.start(), f"this text holds more than {MAX_HTML_TAGS} HTML tags; write it in "
                                                 "Markdown, or split it"))
                break
        start = text.find("<!--")
        while start >= 0:
            end = text.find("-->", start + 4)
            if end < 0:
                problems.append((start, "this HTML comment is never closed with '-->'"))
                break
            start = text.find("<!--", end + 3)
    if "[" in text:
        problems += _bracket_problems(text)
    return problems


MAX_BRACKET_DEPTH = 3
_BRACKET_TOKEN = re.compile(r"\\.|[\[\]]|\n[ \t]*\n", re.S)
"""What the bracket check looks at: an escaped character (skipped), a bracket, a blank line."""


def _bracket_problems(text: str) -> list[tuple[int, str]]:
    """Every '[' closed in its paragraph and nested at most MAX_BRACKET_DEPTH deep; every '](' closed by ')'."""
    open_at: list[int] = []
    for token in _BRACKET_TOKEN.finditer(text):
        if token[0] == "[":
            open_at.append(token.start())
            if len(open_at) > MAX_BRACKET_DEPTH:
                return [(token.start(), f"brackets '[' are nested more than {MAX_BRACKET_DEPTH} deep")]
        elif token[0] == "]":
            if open_at:
                open_at.pop()
        elif token[0].startswith("\n") and open_at:
            break  # a blank line ends the paragraph
    if open_at:
        return [(open_at[0], "this '[' is never closed with ']' (write '\\[' for a bracket of its own)")]
    starts = [m.start() for m in re.finditer(r"\]\(", text)]
    for start, following in zip(starts, [*starts[1:], len(text)]):
        if text.find(")", start, following) < 0:
            return [(start, "this link's '(' is never closed with ')'")]
    return []


_INLINE_URL = re.compile(r"(!?)\[[^\[\]]*\]\(\s*<?([^\s)>]*)")
_DEFINED_URL = re.compile(r"^[ ]{0,3}\[[^\[\]]+\]:[ \t]*<?(\S*?)>?(?:[ \t]|$)", re.M)


def link_problems(text: str) -> list[tuple[int, str]]:
    """Markdown links and images whose address is not the course's own or a web/mail address; remote images."""
    if "]" not in text:
        return []
    found = [(m.start(), m[2], bool(m[1])) for m in _INLINE_URL.finditer(text)]
    found += [(m.start(), m[1], False) for m in _DEFINED_URL.finditer(text)] if "]:" in text else []
    problems = []
    for offset, url, image in found:
        scheme = _scheme(url)
        if scheme and scheme not in URL_SCHEMES | LINK_SCHEMES:
            problems.append((offset, f"a '{scheme}:' link is not allowed"))
        elif image and _is_remote(url):
            problems.append((offset, _remote_message("img", url)))
        elif image and url.startswith("/"):
            problems.append((offset, f"the image '{url}' is an absolute path; name a file beside the lesson, "
                                     "such as 'diagram.svg'"))
    return problems


_AUTHORED_ID = re.compile(r"\{:?[^{}\n]*?#([\w:-]+)[^{}\n]*\}|<[A-Za-z][^<>]*?\sid\s*=\s*[\"']?([^\"'\s>]+)")


def authored_ids(text: str) -> list[tuple[int, str]]:
    """The HTML ids a text gives its elements itself, with `{: #id }` (attr_list) or `id=` in a tag: (offset, id)."""
    if "#" not in text and "id" not in text:
        return []
    return [(m.start(), m[1] or m[2]) for m in _AUTHORED_ID.finditer(text)]


def removed(fragment: str) -> list[tuple[str, str]]:
    """What `clean` removes from an HTML fragment, as (text to look for in the author's source, message)."""
    finder = _Elements()
    finder.feed(_permissive(fragment))
    finder.close()
    problems = []
    for tag, attributes in finder.elements:
        if tag not in _EVERY_TAG:
            problems.append((f"<{tag}", f"<{tag}> is not an HTML tag; to show the characters themselves, put them "
                             f"in backticks (`<{tag}>`) or write &lt;{tag}&gt;"))
        elif tag not in ALLOWED_TAGS:
            problems.append((f"<{tag}", f"<{tag}> is not allowed"))
        allowed = ALLOWED_ATTRIBUTES["*"] | ALLOWED_ATTRIBUTES.get(tag, set())
        for name, value in attributes:
            value = value or ""
            if name.startswith("on"):
                problems.append((name, f"the event attribute '{name}' on <{tag}> is not allowed"))
            elif name not in allowed:
                problems.append((name, f"the attribute '{name}' on <{tag}> is not allowed"))
            elif name == "style" and _style_properties(value) - STYLE_PROPERTIES:
                problems.append((name, f"a style on <{tag}> is not allowed (only a table column's text-align)"))
            elif name == "id" and SITE_IDS.match(value):
                problems.append((value, f"the id '{value}' is one the site gives its own elements; choose another"))
            if name in URL_ATTRIBUTES:
                scheme = _scheme(value)
                if scheme and scheme not in URL_SCHEMES:
                    problems.append((value[:12] or name, f"a '{scheme}:' link is not allowed"))
                elif tag in MEDIA_TAGS and name in ("src", "poster") and _is_remote(value):
                    problems.append((value[:12] or name, _remote_message(tag, value)))
    return problems


def _style_properties(style: str) -> set[str]:
    return {part.split(":")[0].strip().lower() for part in style.split(";") if part.strip()}


def _remote_message(tag: str, url: str) -> str:
    return (f"<{tag}> would load '{url[:60]}' from another server; the course works offline, so put the file "
            "beside the lesson and name it instead")


def _permissive(fragment: str) -> str:
    """The fragment as a browser reads it, serialized again with nothing removed but comments (whose end a
    browser and Python's own HTML parser agree on once html5ever has written them)."""
    found = {m[1].lower() for m in re.finditer(r"([A-Za-z][A-Za-z0-9+.-]*):", _unescaped(fragment))}
    return nh3.clean(fragment, tags=_EVERY_TAG | set(re.findall(r"<([a-z][a-z0-9-]*)", fragment.lower())),
                     clean_content_tags=set(), attributes={}, generic_attribute_prefixes=set(string.ascii_lowercase),
                     url_schemes=found | URL_SCHEMES | {"javascript", "vbscript", "data", "file"}, link_rel=None,
                     strip_comments=True)


_EVERY_TAG = set(nh3.ALLOWED_TAGS) | ALLOWED_TAGS | {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "param", "base", "link", "meta",
    "form", "input", "button", "select", "option", "textarea", "svg", "math", "noscript", "noembed", "template",
    "slot", "portal", "xmp", "plaintext", "title", "body", "html", "head", "dialog", "marquee", "picture",
}


class _Elements(HTMLParser):
    """Every element of a fragment that html5ever has serialized, with its attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))

    handle_startendtag = handle_starttag


def _scheme(url: str) -> str | None:
    """The scheme a browser would see in `url` (entities decoded, tabs and line ends dropped), or None if relative."""
    url = re.sub(r"[\t\n\r]", "", _unescaped(url).replace("\\", "")).lstrip("\x00- ").lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", url)
    return match[1] if match else None


def _unescaped(text: str) -> str:
    return html.unescape(text) if "&" in text else text


def _is_remote(url: str) -> bool:
    url = _unescaped(url).strip()
    return _scheme(url) is not None or url.startswith(("//", "\\\\", "/\\"))


def _resolved(text: str) -> str:
    """The course's own links as the relative links the generator makes of them."""
    return re.sub(r"\]\((glossary|lesson):", r"](\1-", text) if "](" in text else text


def _find(text: str, needle: str) -> int:
    """Where the author wrote what `needle` came from: its start, or the start of its tag or attribute list."""
    at = text.lower().find(needle.lower())
    if at < 0:
        return max(min((i for i in (text.find("<"), text.find("{"), text.find("](")) if i >= 0), default=0), 0)
    if needle.startswith("<"):
        return at
    opening = max(text.rfind("<", 0, at), text.rfind("{", 0, at))
    return opening if opening >= 0 else at


@cache
def _renderer(extensions: tuple[str, ...]) -> markdown.Markdown:
    return markdown.Markdown(extensions=list(extensions), extension_configs={
        "pymdownx.smartsymbols": {"copyright": False, "registered": False, "trademark": False}})
