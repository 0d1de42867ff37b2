"""The package's layers go one way, as ARCHITECTURE.md draws them.

The import graph of ``src/`` is built from the source (every ``import``, at module level or inside
a function; those only for type checkers left out, as they never run) and checked: no module
reaches itself through its imports, and no module imports from a layer above its own. The layers
are read from the table under "## Layers" in ARCHITECTURE.md, so the page and the code cannot
drift apart.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import networkx as nx
import pytest

REPO = Path(__file__).resolve().parents[1]
SRC = REPO / "src"
PACKAGE = SRC / "multipolar"
ROW = re.compile(r"^\|\s*(?P<layer>[^|`]+?)\s*\|(?P<modules>[^|]*`[^|]*)\|")


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name (a package by its own name)."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _type_checking_only(tree: ast.AST) -> set[int]:
    """The ids of the import nodes under ``if TYPE_CHECKING:``."""
    hidden = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hidden |= {id(n) for n in ast.walk(node)}
    return hidden


def _imported(node: ast.Import | ast.ImportFrom, package: str, known: dict[str, Path]) -> list[str]:
    """The modules of ours an import statement names (``from a import b``: a.b if it is a module)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parent = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        base = ".".join([*parent, base] if base else parent)
    return [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]


def import_graph() -> nx.DiGraph:
    """Module -> the modules of ours it imports when it runs."""
    known = modules()
    graph = nx.DiGraph()
    graph.add_nodes_from(known)
    for name, path in known.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        hidden = _type_checking_only(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in hidden:
                for target in _imported(node, package, known):
                    while target and target not in known:  # an object inside a module
                        target = target.rpartition(".")[0]
                    if target and target != name:
                        graph.add_edge(name, target, line=node.lineno)
    return graph


def layers() -> list[tuple[str, list[str]]]:
    """(layer, module prefixes) from ARCHITECTURE.md's table, top layer first."""
    text = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    section = text.split("\n## Layers", 1)[1].split("\n## ", 1)[0]
    rows = [m for line in section.splitlines() if (m := ROW.match(line))]
    return [(m["layer"], re.findall(r"`([\w.]+)`", m["modules"])) for m in rows]


def layer_of(module: str, table: list[tuple[str, list[str]]]) -> int | None:
    """The rank of *module*'s layer (0 = the bottom), by its longest prefix in the table (the
    package itself, ``multipolar``, stands for its ``__init__`` only)."""
    best: tuple[int, int] | None = None
    for rank, (_, prefixes) in enumerate(reversed(table)):
        for prefix in prefixes:
            inside = module == prefix or (module.startswith(prefix + ".") and "." in prefix)
            if inside and (best is None or len(prefix) > best[0]):
                best = (len(prefix), rank)
    return None if best is None else best[1]


@pytest.fixture(scope="module")
def graph() -> nx.DiGraph:
    return import_graph()


def test_the_import_graph_has_no_cycle(graph: nx.DiGraph) -> None:
    cycles = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    assert not cycles, f"modules that import each other (directly or round about): {cycles}"


def test_the_graph_sees_lazy_imports(graph: nx.DiGraph) -> None:
    # an import inside a function counts: a cycle cannot hide in one
    assert graph.has_edge("multipolar.api.ingestion", "multipolar.corpus")


def test_architecture_places_every_module_in_a_layer(graph: nx.DiGraph) -> None:
    table = layers()
    assert len(table) >= 5, "ARCHITECTURE.md: no layer table under '## Layers'"
    unplaced = sorted(m for m in graph if layer_of(m, table) is None)
    assert not unplaced, f"modules in no layer of ARCHITECTURE.md: {unplaced}"


def test_imports_go_down_the_layers(graph: nx.DiGraph) -> None:
    table = layers()
    names = [name for name, _ in reversed(table)]
    upward = [
        f"{a} ({names[layer_of(a, table)]}) imports {b} ({names[layer_of(b, table)]}) at line {line}"
        for a, b, line in graph.edges(data="line")
        if layer_of(b, table) > layer_of(a, table)
    ]
    assert not upward, "imports against the layers:\n" + "\n".join(sorted(upward))


def test_the_command_line_stores_and_processes_only_through_the_api(graph: nx.DiGraph) -> None:
    bypass = (
        "multipolar.store",
        "multipolar.engines",
        "multipolar.pipeline",
        "multipolar.corpus",
        "multipolar.read",
        "multipolar.resolve",
        "multipolar.coding",
        "multipolar.nlp",
    )
    found = [
        (a, b)
        for a, b in graph.edges
        if a.startswith("multipolar.cli") and any(b == p or b.startswith(p + ".") for p in bypass)
    ]
    assert not found, f"commands that go round multipolar.api: {found}"
