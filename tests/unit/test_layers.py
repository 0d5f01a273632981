"""The generator's layers, kept: no import cycle, and no import against load → validate → model → render → write →
faces (DESIGN's data flow, read as "a module imports only from its own layer or the ones before it").

Every `import` and `from ... import` in `generator/` counts, the ones inside functions too: a late import hides a
cycle from Python, not from this test. To see the graph yourself: `.venv/bin/python tests/unit/test_layers.py`.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "generator"

LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("base", ("errors", "i18n", "paths", "sanitize", "layout", "bounds", "reserved")),
    ("load", ("load",)),
    ("model", ("model",)),
    ("validate", ("validate", "workshops")),
    ("render", ("render",)),
    # The one writer, and what renders and writes in one go (the docs tree, handouts, PDFs, exports, the lock file).
    ("write", ("write", "docs", "build", "buildcache", "engines", "print_site", "pdf", "export", "lockfile", "schema",
               "scaffold")),
    ("faces", ("cli", "mkdocs_plugin", "preview", "__main__", "commands")),
]
"""Layers in order, each with the modules (or packages: `render` is every `render.*`) it holds."""

# A top-level module not listed above sits in the lowest layer its own imports allow (a new leaf module is "base"):
# list it where it belongs when you add it.

KNOWN_CYCLES: dict[frozenset[str], str] = {}
"""Cycles tolerated for now, each with its date and who removes it. A listed cycle that is gone fails the test too."""


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports(path: Path) -> Iterator[tuple[str, int]]:
    """The generator modules `path` imports (relative or absolute), with the line of each import."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            elif node.module and node.module.split(".")[0] == "generator":
                target = node.module.removeprefix("generator").lstrip(".")
            else:
                continue
            for alias in node.names:  # `from . import docs` imports the module generator.docs
                yield (f"{target}.{alias.name}".lstrip(".") if _is_module(f"{target}.{alias.name}") else target,
                       node.lineno)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "generator":
                    yield alias.name.removeprefix("generator").lstrip("."), node.lineno


def source_file(module: str) -> str:
    """The module's file, relative to the project, e.g. 'generator/render/pages.py'."""
    path = PACKAGE.joinpath(*module.split("."))
    return f"generator/{module.replace('.', '/')}" + ("/__init__.py" if path.is_dir() else ".py")


def _is_module(name: str) -> bool:
    path = PACKAGE.joinpath(*name.strip(".").split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def graph() -> dict[str, dict[str, int]]:
    """Module -> {module it imports: line of the first such import}, for every module of the package."""
    edges: dict[str, dict[str, int]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = module_name(path)
        edges.setdefault(source, {})
        for target, line in imports(path):
            if target and target != source:
                edges[source].setdefault(target, line)
    return edges


def layer_of(module: str, edges: dict[str, dict[str, int]] | None = None, seen: frozenset[str] = frozenset()) -> int:
    top = module.split(".")[0]
    for index, (_, members) in enumerate(LAYERS):
        if top in members:
            return index
    edges = graph() if edges is None else edges
    return max((layer_of(target, edges, seen | {module}) for target in edges.get(module, {}) if target not in seen),
               default=0)


def cycles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in edges.get(node, {}):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


def test_no_import_cycle():
    found = cycles(graph())
    unexpected = [c for c in found if frozenset(c) not in KNOWN_CYCLES]
    assert not unexpected, "import cycles: " + "; ".join(" <-> ".join(c) for c in unexpected)
    stale = [", ".join(sorted(c)) for c in KNOWN_CYCLES if sorted(c) not in found]
    assert not stale, f"these cycles are gone: delete their entries in KNOWN_CYCLES: {stale}"


def test_no_import_against_the_layers():
    names = [name for name, _ in LAYERS]
    edges = graph()
    layer = {module: layer_of(module, edges) for module in edges}
    against = [
        f"{source_file(source)}:{line}: {source} ({names[layer[source]]}) imports {target} ({names[layer[target]]})"
        for source, targets in edges.items() for target, line in targets.items() if layer[target] > layer[source]
    ]
    assert not against, "imports against load → validate → model → render → write → faces:\n" + "\n".join(against)


def test_the_graph_sees_late_and_package_imports():
    edges = graph()
    assert "render.sitemap" in edges["render.pages"] and "model.markup" in edges["validate.rules.links"]
    assert "build" in edges["commands"]  # `from . import build`, inside a function


def test_the_command_line_loads_without_the_output_stack():
    """`coursegen validate` and `--help` need no renderer, writer or engine run; the engine names come from a leaf."""
    code = ("import sys; import generator.cli; "
            "print(sorted(m for m in sys.modules if m.startswith(('generator.render', 'generator.write', "
            "'generator.docs', 'generator.print_site', 'generator.pdf', 'generator.export'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


if __name__ == "__main__":
    for source, targets in sorted(graph().items()):
        for target, line in sorted(targets.items()):
            print(f"{source} -> {target}  ({source_file(source)}:{line})")
    print("cycles:", cycles(graph()) or "none")
