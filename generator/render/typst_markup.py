"""Typst markup from text and from the HTML of content: the one way content reaches a handout.

- `escape(text)`: plain text as Typst markup that shows exactly that text (every special character escaped).
- `string(text)`: a Typst string literal.
- `from_html(html, image=...)`: the HTML the fragment renderer makes from an author's Markdown (sanitised) as Typst
  markup: paragraphs, emphasis, links, lists, tables, quotes, code, images, footnotes, definition lists. Links to
  the site's own pages (citations, glossary terms, other lessons) keep their text only: on paper they lead nowhere.

Every piece of text goes through `escape`, every attribute through `string`, so no content can run Typst code.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

_SPECIAL = re.compile(r"([\\#$*_<>@\[\]~`=\-+/'\"])")
"""Characters with a meaning in Typst markup (markup, code, maths, labels, references, smart quotes, comments)."""
_ENUM_START = re.compile(r"^(\s*\d+)\.")
"""'1. ' at the start of a line would be a numbered list."""
_WHITESPACE = re.compile(r"\s+")


class Typst(str):
    """Typst markup, placed as it is. `__html__` lets the Jinja templates treat it as already escaped."""

    def __html__(self) -> str:
        return self


def escape(text: object) -> Typst:
    """`text` as Typst markup that shows exactly the text (Typst markup given as `Typst` is kept)."""
    if isinstance(text, Typst):
        return text
    return Typst(_ENUM_START.sub(r"\1\\.", _SPECIAL.sub(r"\\\1", str(text))))


def string(text: str) -> Typst:
    """A Typst string literal holding `text`."""
    out = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "").replace("\t", " ")
    return Typst('"' + "".join(c for c in out if c >= " ") + '"')


def call(function: str, *content: str, **args: str) -> str:
    """`#function(args)[content]...;` (the semicolon ends the call, so no text after it can continue it)."""
    named = ", ".join(f"{key.replace('_', '-')}: {value}" for key, value in args.items())
    return f"#{function}({named})" + "".join(f"[{c}]" for c in content) + ";"


EXTERNAL = re.compile(r"^(https?|mailto):", re.I)
_BLOCKS = {"p", "ul", "ol", "li", "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "dl", "dt", "dd",
           "div", "section", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}
_VOID = {"br", "hr", "img", "input", "wbr", "col", "meta", "link", "source"}


class _Node:
    def __init__(self, tag: str, attrs: dict[str, str]):
        self.tag, self.attrs = tag, attrs
        self.children: list[_Node | str] = []


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = _Node(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(_Node(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def from_html(html: str, image: Callable[[str], str | None] = lambda src: None) -> Typst:
    """The HTML of some content as Typst markup. `image` gives the Typst path of an image's `src` (None: the image
    is not on paper, and its alternative text stands in its place)."""
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return Typst(_Converter(image).blocks(tree.root.children).strip())


class _Converter:
    def __init__(self, image: Callable[[str], str | None]):
        self.image = image

    def blocks(self, children: list[_Node | str]) -> str:
        """Children of a block container: block elements become paragraphs; runs of inline content join into one."""
        out: list[str] = []
        run: list[_Node | str] = []
        for child in [*children, None]:
            if child is None or (isinstance(child, _Node) and child.tag in _BLOCKS):
                text = self.inline(run).strip()
                if text:
                    out.append(text)
                run = []
                if child is not None:
                    out.append(self.block(child))
            else:
                run.append(child)
        return "\n\n".join(part for part in out if part)

    def inline(self, children: list[_Node | str]) -> str:
        return "".join(self.node(child) for child in children)

    def node(self, child: _Node | str) -> str:
        if isinstance(child, str):
            return escape(_WHITESPACE.sub(" ", child))
        if child.tag in _BLOCKS:
            return self.block(child)
        tag, attrs = child.tag, child.attrs

        def inner() -> str:
            return self.inline(child.children)

        if tag in ("em", "i", "cite", "dfn", "var"):
            return call("emph", inner())
        if tag in ("strong", "b"):
            return call("strong", inner())
        if tag in ("code", "kbd", "samp", "tt"):
            return f"#raw({string(_text(child))});"
        if tag == "br":
            return "\\\n"
        if tag == "sup":
            return call("super", inner())
        if tag == "sub":
            return call("sub", inner())
        if tag in ("del", "s"):
            return call("strike", inner())
        if tag == "ins" or tag == "u":
            return call("underline", inner())
        if tag == "mark":
            return call("highlight", inner())
        if tag == "img":
            return self.picture(attrs)
        if tag == "a":
            if "footnote-backref" in attrs.get("class", ""):
                return ""
            href = attrs.get("href", "")
            return f"#link({string(href)})[{inner()}];" if EXTERNAL.match(href) else inner()
        return inner()  # span, abbr, q, small, label...

    def picture(self, attrs: dict[str, str]) -> str:
        path = self.image(attrs.get("src", ""))
        alt = attrs.get("alt", "")
        if path is None:
            return escape(alt)
        return f"#box(image({string(path)}, alt: {string(alt)}, width: 100%));"

    def block(self, node: _Node) -> str:
        tag = node.tag
        if tag == "p":
            return self.inline(node.children).strip()
        if tag in ("ul", "ol"):
            items = [f"[{self.blocks(li.children)}]" for li in node.children
                     if isinstance(li, _Node) and li.tag == "li"]
            if tag == "ul":
                return f"#list({', '.join(items)});" if items else ""
            start = node.attrs.get("start", "1")
            start = start if start.isdigit() else "1"
            return f"#enum(start: {start}, {', '.join(items)});" if items else ""
        if tag == "blockquote":
            return call("quote", self.blocks(node.children), block="true")
        if tag == "pre":
            return f"#raw(block: true, {string(_text(node).rstrip())});"
        if tag == "hr":
            return "#line(length: 100%, stroke: 0.5pt);"
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            # Bold, not a heading: PDF/UA-1 refuses skipped heading levels, and a handout's levels are its own.
            return call("strong", self.inline(node.children).strip())
        if tag == "table":
            return self.table(node)
        if tag == "dl":
            pairs, term = [], None
            for child in node.children:
                if isinstance(child, _Node) and child.tag == "dt":
                    term = self.inline(child.children).strip()
                elif isinstance(child, _Node) and child.tag == "dd":
                    pairs.append(f"terms.item([{term or ''}], [{self.blocks(child.children)}])")
            return f"#terms({', '.join(pairs)});" if pairs else ""
        if tag == "li":
            return self.blocks(node.children)
        return self.blocks(node.children)  # div, section, figure, dt/dd out of place

    def table(self, node: _Node) -> str:
        head: list[list[_Node]] = []
        body: list[list[_Node]] = []
        for row in _rows(node):
            cells = [c for c in row.children if isinstance(c, _Node) and c.tag in ("th", "td")]
            (head if row.attrs.get("data-head") else body).append(cells)
        columns = max((len(r) for r in head + body), default=1)

        def cell(c: _Node) -> str:
            span = c.attrs.get("colspan", "")
            return (f"table.cell(colspan: {min(columns, int(span))})" if span.isdigit() else "") + \
                f"[{self.blocks(c.children)}]"

        def pad(row: list[_Node]) -> list[str]:
            return [cell(c) for c in row] + ["[]"] * (columns - len(row))

        parts = [f"table.header({', '.join(pad(r))})" for r in head]
        parts += [", ".join(pad(r)) for r in body if r]
        return f"#table(columns: {columns}, {', '.join(parts)});"


def _rows(table: _Node) -> list[_Node]:
    """The table's rows in order; rows of <thead> (or of only <th> cells, first) are marked as header rows."""
    rows = []
    for child in table.children:
        if not isinstance(child, _Node):
            continue
        if child.tag == "tr":
            rows.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            for row in child.children:
                if isinstance(row, _Node) and row.tag == "tr":
                    if child.tag == "thead":
                        row.attrs["data-head"] = "1"
                    rows.append(row)
    return rows


def _text(node: _Node) -> str:
    return "".join(c if isinstance(c, str) else _text(c) for c in node.children)
