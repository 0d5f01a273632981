"""The only module that reads course files: which files the course's folders hold (`list_course`), their bytes,
and YAML in, plain data plus the line and column of every node out (`parse_document`). `validate` works over what
this module returns and never touches the file system itself (tests/unit/test_validate_reads.py keeps it so).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Issue
from .layout import CONTENT_DIR, QUIZ_DIR, WORKSHOP_DIR
from .paths import content_file, published_files, unpublished_files

MAX_NODES = 50_000
"""More nodes than any real content file has; stops alias bombs ("billion laughs") from expanding."""
MAX_DEPTH = 40
"""Deeper nesting than any real content file has (about 6); stops a deep file from exhausting Python's stack."""

Loc = tuple[str | int, ...]
Mark = tuple[int, int]


@dataclass(frozen=True)
class Document:
    """One parsed YAML file: its data and where each value (and each mapping key) stands in the file."""

    path: str
    """Path relative to the project root, with forward slashes."""
    data: Any
    marks: dict[Loc, Mark] = field(repr=False)
    key_marks: dict[Loc, Mark] = field(repr=False)
    literal_blocks: dict[Loc, int] = field(default_factory=dict, repr=False)
    """Strings written as `|` blocks, whose lines stand one-to-one on the file's lines: location -> the column
    (from 0) at which the block's text starts on each line."""

    def locate(self, loc: Loc, *, key: bool = False) -> Mark:
        """Line and column of the value at `loc`, or of the nearest enclosing value that exists.

        Parts of `loc` that are not in the data (a pydantic union tag such as 'single_choice', or a
        missing field) are skipped, so a missing field points at the mapping that lacks it.
        """
        found: Loc = ()
        node = self.data
        for part in loc:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
            else:
                continue
            found = (*found, part)
        if key and found in self.key_marks:
            return self.key_marks[found]
        return self.marks.get(found, (1, 1))

    def locate_within(self, loc: Loc, offset: int) -> Mark:
        """Line and column of the character at `offset` inside the string at `loc`, where that can be known exactly.

        It can for a `|` block (the usual way to write Markdown), where each line of the text is a line of the file.
        Elsewhere it is the start of the value.
        """
        line, column = self.locate(loc)
        indent = self.literal_blocks.get(loc)
        if indent is None:
            return line, column
        value = self.data
        for part in loc:
            value = value[part]
        before = value[:offset]
        return line + 1 + before.count("\n"), indent + len(before) - (before.rfind("\n") + 1) + 1

    def strings(self) -> Iterator[tuple[Loc, str]]:
        """Every string value in the document with its location."""
        stack: list[tuple[Loc, Any]] = [((), self.data)]
        while stack:
            loc, node = stack.pop()
            if isinstance(node, str):
                yield loc, node
            elif isinstance(node, dict):
                stack.extend(((*loc, k), v) for k, v in node.items())
            elif isinstance(node, list):
                stack.extend(((*loc, i), v) for i, v in enumerate(node))


class _Converter:
    """Turns a composed YAML node tree into Python data, recording marks and catching duplicate keys."""

    def __init__(self, path: str, text: str):
        self.path = path
        self.text = text
        self.marks: dict[Loc, Mark] = {}
        self.key_marks: dict[Loc, Mark] = {}
        self.literal_blocks: dict[Loc, int] = {}
        self.issues: list[Issue] = []
        self.visited = 0
        self.scalars = SafeConstructor()

    def issue(self, node: Node, code: str, message: str, hint: str | None = None) -> None:
        mark = node.start_mark
        self.issues.append(Issue(self.path, mark.line + 1, mark.column + 1, "error", code, message, hint))

    def convert(self, node: Node, loc: Loc) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise _TooLarge(node)
        if len(loc) > MAX_DEPTH:
            raise _TooDeep(node)
        self.marks[loc] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode):
            if node.style == "|":
                self.literal_blocks[loc] = self.block_indent(node)
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.convert(child, (*loc, i)) for i, child in enumerate(node.value)]
        assert isinstance(node, MappingNode)
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                self.issue(key_node, "bad-key", "a field name must be a plain word", "write `name: value`")
                continue
            key = key_node.value
            if key in first_seen:
                self.issue(
                    key_node, "duplicate-key",
                    f"'{key}' appears twice in the same mapping (first on line {first_seen[key]})",
                    "keep one of them; YAML would silently drop the first",
                )
                continue
            first_seen[key] = key_node.start_mark.line + 1
            self.key_marks[(*loc, key)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            result[key] = self.convert(value_node, (*loc, key))
        return result

    def scalar(self, node: ScalarNode) -> Any:
        """The value of a scalar, or its text with an issue when YAML cannot make it (a date that does not exist,
        a tag that course files do not use)."""
        try:
            value = self.scalars.construct_object(node)
        except (ValueError, OverflowError):  # PyYAML reads any plain 2027-02-30 as a date, and fails
            self.issue(node, "bad-date", f"'{node.value}' is not a real date",
                       "write a date that exists as YYYY-MM-DD, or put the value in quotes if it is text")
            return node.value
        except yaml.constructor.ConstructorError:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.issue(node, "yaml-tag", f"the tag '{tag}' is not used in course files",
                       "remove the tag (the word starting with '!') and write the value alone")
            return node.value
        return value.isoformat() if hasattr(value, "isoformat") else value

    def block_indent(self, node: ScalarNode) -> int:
        """The column (from 0) at which the text of the `|` block `node` starts on each of its lines."""
        lines = node.value.split("\n")
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None:
            return 0
        number = node.start_mark.line + 1 + first  # the block starts on the line after its `|`
        return max(self.lines[number].find(lines[first]), 0) if number < len(self.lines) else 0

    @cached_property
    def lines(self) -> list[str]:
        return self.text.splitlines()


class _TooLarge(Exception):
    def __init__(self, node: Node):
        self.node = node


class _TooDeep(_TooLarge):
    pass


_TAB_INDENT = re.compile(r"^[ ]*\t", re.MULTILINE)


def load_document(file: Path, root: Path) -> tuple[Document | None, list[Issue]]:
    """Read and parse one YAML file. Returns the document, or None with the reasons it could not be read."""
    return parse_document(file.relative_to(root).as_posix(), file.read_bytes())


def parse_document(path: str, raw: bytes) -> tuple[Document | None, list[Issue]]:
    """Parse the bytes of the YAML file at `path` (relative to the root). Returns the document, or None with the
    reasons it could not be read."""

    def fail(line: int, column: int, code: str, message: str, hint: str | None = None) -> tuple[None, list[Issue]]:
        return None, [Issue(path, line, column, "error", code, message, hint)]

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        column = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        return fail(line, column, "encoding", f"the file is not UTF-8 (byte 0x{raw[e.start]:02x} cannot be decoded)",
                    "save the file as UTF-8 in your editor ('Save with encoding' > UTF-8)")
    text = text.removeprefix("\ufeff")
    if _is_blank(text):
        return fail(1, 1, "empty-file", "the file is empty", "fill it in, or delete it if it is not needed")
    # Tabs are rare, and the search visits every line.
    tabs = [m.start() for m in _TAB_INDENT.finditer(text)] if "\t" in text else []
    if tabs:
        issues = []
        for start in tabs:
            line = text.count("\n", 0, start) + 1
            column = text.index("\t", start) - start + 1
            issues.append(Issue(path, line, column, "error", "tab", "a tab is used for indentation",
                                "YAML indents with spaces only; replace the tab with spaces"))
        return None, issues
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as e:
        # The context mark is where the broken construct starts (an unclosed quote), usually what to fix.
        mark = e.context_mark or e.problem_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = " ".join(filter(None, [e.context, e.problem]))
        if e.context_mark and e.problem_mark and e.problem_mark.line != e.context_mark.line:
            problem += f" (on line {e.problem_mark.line + 1})"
        return fail(line, column, "yaml-syntax", f"this is not valid YAML: {problem}",
                    "check the indentation and quoting here; a value containing ': ' or starting with a quote "
                    "needs quotes around all of it")
    except yaml.reader.ReaderError as e:
        line, column = _position(text, e.position)
        return fail(line, column, "yaml-syntax", f"this file holds a character YAML does not allow (U+{e.character:04X}"
                    f"{', a control character' if e.character < 0x20 or 0x7f <= e.character < 0xa0 else ''})",
                    "delete it; it was probably pasted in by accident")
    except yaml.YAMLError as e:
        return fail(1, 1, "yaml-syntax", "this is not valid YAML: " + str(e).splitlines()[0])
    if node is None:
        return fail(1, 1, "empty-file", "the file is empty", "fill it in, or delete it if it is not needed")
    converter = _Converter(path, text)
    try:
        data = converter.convert(node, ())
    except _TooDeep as e:
        mark = e.node.start_mark
        return fail(mark.line + 1, mark.column + 1, "too-deep",
                    f"the values here are nested more than {MAX_DEPTH} levels deep",
                    "a course file needs a few levels: check the brackets and indentation")
    except _TooLarge as e:
        mark = e.node.start_mark
        return fail(mark.line + 1, mark.column + 1, "too-large",
                    f"the file expands to more than {MAX_NODES:,} values (are aliases '*' repeating each other?)",
                    "write the content out instead of nesting aliases")
    if converter.issues:
        return None, converter.issues
    return Document(path, data, converter.marks, converter.key_marks, converter.literal_blocks), []


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of the character at `offset`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _is_blank(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


YAML_SUFFIXES = (".yml", ".yaml")
PAGES_DIR = "pages"
"""content/pages/ holds course-wide pages, not a module."""
TOP_FILES = ("course.yml", "glossary.yml", "references.yml")
"""The only YAML files at the top of content/."""


@dataclass(frozen=True)
class ModuleFolder:
    """A folder of content/ other than pages/: a module file and its lessons."""

    name: str
    """The folder's name, e.g. '01-understanding'."""
    module: str | None
    """Its module.yml, or None when it has none."""
    lessons: list[str]
    """Its other YAML files."""


@dataclass(frozen=True)
class CourseFiles:
    """What the course's folders hold, listed once: every YAML file `validate` reads, by the part it plays.

    Paths are relative to the root, with forward slashes, as in `Document.path` and in error reports. The methods
    answer what else `validate` needs to know of the file system: the files' bytes, the files content names, and
    what in content/ is not published.
    """

    root: Path
    course: str | None
    """content/course.yml, or None when there is none."""
    glossary: str | None
    references: str | None
    strays: list[str]
    """YAML files at the top of content/ other than `TOP_FILES`."""
    pages: list[str]
    modules: list[ModuleFolder]
    quizzes: list[str]
    workshops: list[str]

    def read(self, path: str) -> bytes:
        return (self.root / path).read_bytes()

    def find(self, beside: str, name: str) -> tuple[bool, str | None]:
        """Whether the file `name`, written in the YAML file at `beside`, is there: (True, None); (False, why it is
        refused) when it may not be named (`paths.content_file`); (False, None) when it is simply not there."""
        found, refused = content_file(self.root / CONTENT_DIR, (self.root / beside).parent, name)
        return found is not None, refused

    def names_beside(self, path: str) -> list[str]:
        """The names of the files in the folder of the file at `path`, sorted."""
        return sorted(p.name for p in (self.root / path).parent.iterdir() if p.is_file())

    def unpublished(self) -> list[tuple[str, str, bool]]:
        """Files of content/ that are not published: (path, why, whether that is an error)."""
        return [(self._relative(file), why, outside) for file, why, outside in unpublished_files(self._content)]

    def svgs(self) -> Iterator[tuple[str, bytes]]:
        """The published SVG files of content/, with their bytes."""
        for file in published_files(self._content):
            if file.suffix.lower() == ".svg":
                yield self._relative(file), file.read_bytes()

    @property
    def _content(self) -> Path:
        return self.root / CONTENT_DIR

    def _relative(self, file: Path) -> str:
        return file.relative_to(self.root).as_posix()


def list_course(root: Path) -> CourseFiles:
    """The YAML files of the course at `root`, each in its part (see `CourseFiles`), in name order."""
    content = root / CONTENT_DIR

    def present(name: str) -> str | None:
        return f"{CONTENT_DIR}/{name}" if (content / name).is_file() else None

    def yaml_files(folder: str) -> list[str]:
        path = root / folder
        if not path.is_dir():
            return []
        return sorted(f"{folder}/{p.name}" for p in path.iterdir() if p.is_file() and p.suffix in YAML_SUFFIXES)

    modules = []
    folders = [p.name for p in content.iterdir() if p.is_dir() and p.name != PAGES_DIR] if content.is_dir() else []
    for name in sorted(folders):
        module = present(f"{name}/module.yml")
        modules.append(ModuleFolder(name, module, [f for f in yaml_files(f"{CONTENT_DIR}/{name}") if f != module]))
    return CourseFiles(
        root=root, course=present("course.yml"), glossary=present("glossary.yml"),
        references=present("references.yml"),
        strays=[f for f in yaml_files(CONTENT_DIR) if PurePosixPath(f).name not in TOP_FILES],
        pages=yaml_files(f"{CONTENT_DIR}/{PAGES_DIR}"), modules=modules,
        quizzes=yaml_files(QUIZ_DIR), workshops=yaml_files(WORKSHOP_DIR),
    )
