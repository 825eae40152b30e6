"""The package's layers: no module takes another module's ``_private`` names, no import cycle.

STYLE.md: "Share through names meant to be shared … no import cycles". The checker reads
every ``graphmodel/**/*.py`` with :mod:`ast` (nothing is imported or run), so it sees the
imports inside functions as well, and is itself tested on tiny synthetic packages.
"""

from __future__ import annotations

import ast
import functools
import itertools
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Layers:
    """What :func:`read_layers` found: the import graph and the private names taken."""

    graph: nx.DiGraph = field(default_factory=nx.DiGraph)
    private: list[str] = field(default_factory=list)  # "module:line: what"

    def cycles(self, limit: int = 10) -> list[list[str]]:
        return [sorted(c) for c in itertools.islice(nx.simple_cycles(self.graph), limit)]


def _module_names(root: Path, package: str) -> dict[str, Path]:
    names = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _type_checking_only(node: ast.AST, parents: dict) -> bool:
    """True for an import under ``if TYPE_CHECKING:`` (never run, so never a cycle)."""
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If):
            test = node.test
            name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", "")
            if name == "TYPE_CHECKING":
                return True
    return False


def _dotted(node: ast.AST) -> list[str] | None:
    """``a.b.c`` as ``["a", "b", "c"]`` for a chain of attributes on a name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return [node.id, *reversed(parts)]


def read_layers(root: Path, package: str = "graphmodel") -> Layers:
    """The import graph among the modules of ``package`` under ``root`` and every use of
    another module's private name (``from .x import _y``, ``from graphmodel.x import _y``,
    ``x._y`` on an imported module, or a private module ``from . import _x``)."""
    modules = _module_names(root, package)
    out = Layers()
    out.graph.add_nodes_from(modules)
    for name, path in modules.items():
        _read_module(out, name, path, modules, package)
    out.private = sorted(set(out.private))
    return out


def _read_module(out: Layers, name: str, path: Path, modules: dict, package: str) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    here = name if path.name == "__init__.py" else name.rpartition(".")[0]
    bound: dict[str, str] = {}  # local name -> module it names

    def target(module: str, node: ast.AST) -> None:
        if not _type_checking_only(node, parents) and module != name:
            out.graph.add_edge(name, module)
        if _is_private(module.rpartition(".")[2]):
            out.private.append(f"{name}:{node.lineno}: imports the private module {module}")

    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source != package and not source.startswith(package + "."):
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                if sub in modules:  # from . import structure
                    target(sub, node)
                    bound[alias.asname or alias.name] = sub
                    continue
                if source in modules:
                    target(source, node)
                if _is_private(alias.name):
                    out.private.append(f"{name}:{node.lineno}: imports {alias.name} from {source}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name != package and not alias.name.startswith(package + "."):
                    continue
                if alias.name in modules:
                    target(alias.name, node)
                bound[alias.asname or alias.name.partition(".")[0]] = (
                    alias.name if alias.asname else package)
    for node in ast.walk(tree):
        chain = _dotted(node) if isinstance(node, ast.Attribute) else None
        if not chain or chain[0] not in bound:
            continue
        module, rest = bound[chain[0]], chain[1:]
        while rest and f"{module}.{rest[0]}" in modules:
            module, rest = f"{module}.{rest[0]}", rest[1:]
        if rest and _is_private(rest[0]) and module != name:
            out.private.append(f"{name}:{node.lineno}: uses {module}.{rest[0]}")


# --------------------------------------------------------------------------- the package


@functools.cache
def package_layers() -> Layers:
    """graphmodel's layers, read once for the tests below (none of them changes it)."""
    return read_layers(ROOT)


def test_no_module_takes_another_modules_private_names():
    layers = package_layers()
    assert len(layers.graph) > 10, "the checker found too few modules: is the path right?"
    assert not layers.private, "private names used across modules:\n" + "\n".join(layers.private)


def test_no_import_cycle_in_the_package():
    layers = package_layers()
    cycles = layers.cycles()
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_the_shared_matrix_machinery_is_imported_not_copied():
    """overlap, fragmentation, structure and metrics reach the membership matrix through
    graphmodel.analysis.incidence (one home), which depends on no analysis module."""
    g = package_layers().graph
    for user in ("overlap", "fragmentation", "structure", "metrics"):
        assert g.has_edge(f"graphmodel.analysis.{user}", "graphmodel.analysis.incidence"), user
    analysis = {f"graphmodel.analysis.{m}" for m in ("overlap", "fragmentation", "structure", "metrics")}
    assert not (nx.descendants(g, "graphmodel.analysis.incidence") & analysis)


SUBPACKAGES = tuple(sorted(
    p.parent.name for p in (ROOT / "graphmodel").glob("*/__init__.py")
    if p.parent.name not in ("cli", "explorer")))
FRONT_ENDS = ("graphmodel.cli", "graphmodel.explorer")


def subpackage_graph(graph: nx.DiGraph, package: str = "graphmodel") -> nx.DiGraph:
    """The import graph folded to ``package.<first part>``: subpackages and top modules."""
    folded = nx.DiGraph()
    for a, b in graph.edges:
        fa, fb = (".".join(n.split(".")[:2]) for n in (a, b))
        if fa != fb and package not in (fa, fb):
            folded.add_edge(fa, fb)
    return folded


def behind_doors(graph: nx.DiGraph, front_ends=FRONT_ENDS, package: str = "graphmodel") -> list:
    """Imports from a front end (the CLI, the explorer) of a module behind a public door:
    anything but ``graphmodel``, a subpackage's ``__init__``, a top module, or its own parts."""
    doors = {package} | {f"{package}.{p}" for p in SUBPACKAGES}
    found = []
    for a, b in graph.edges:
        front = next((f for f in front_ends if a == f or a.startswith(f + ".")), None)
        if front is None or b in doors or b == front or b.startswith(front + "."):
            continue
        if b.count(".") == 1:  # a top module: graphmodel.errors, graphmodel.i18n
            continue
        found.append(f"{a} -> {b}")
    return sorted(found)


def test_the_top_level_holds_a_few_modules_beside_the_subpackages():
    top = sorted(p.name for p in (ROOT / "graphmodel").glob("*.py") if p.name != "__init__.py")
    assert len(top) <= 4, top
    for sub in SUBPACKAGES:
        door = ROOT / "graphmodel" / sub / "__init__.py"
        assert ast.get_docstring(ast.parse(door.read_text(encoding="utf-8"))), f"{sub} has no docstring"


def test_no_import_cycle_between_subpackages():
    folded = subpackage_graph(package_layers().graph)
    assert {f"graphmodel.{p}" for p in SUBPACKAGES} <= set(folded), "the fold lost a subpackage"
    cycles = list(itertools.islice(nx.simple_cycles(folded), 5))
    assert not cycles, f"subpackages import each other in a circle: {cycles}"


def test_the_cli_and_the_explorer_import_only_public_doors():
    found = behind_doors(package_layers().graph)
    assert not found, "front ends reaching behind a public door:\n" + "\n".join(found)


def imported_names(root: Path, package: str = "graphmodel") -> dict[str, set[str]]:
    """Every absolute module name each file of *package* imports, resolved but not checked."""
    found = {}
    for name, path in _module_names(root, package).items():
        here = name if path.name == "__init__.py" else name.rpartition(".")[0]
        names = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                base = here.split(".")[: len(here.split(".")) - max(node.level - 1, 0)]
                source = ".".join(base + [node.module or ""]) if node.level else node.module
                names.add((source or "").rstrip("."))
                if source != package:  # from graphmodel import select: a public name, not a path
                    names.update(f"{source}.{a.name}".rstrip(".") for a in node.names)
            elif isinstance(node, ast.Import):
                names.update(a.name for a in node.names)
        found[name] = names
    return found


def test_nothing_inside_uses_the_old_module_paths():
    from graphmodel.compat import OLD_PATHS

    old = {f"graphmodel.{name}" for name in OLD_PATHS}
    users = {m: sorted(n & old) for m, n in imported_names(ROOT).items() if n & old}
    assert not users, f"old module paths imported inside the package: {users}"
    texts = [p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("*.py")]
    users = [name for name in sorted(old) if any(f"from {name} import" in t for t in texts)]
    assert not users, f"tests import old paths: {users}"


def test_the_old_path_check_can_fail(tmp_path):
    root = _package(tmp_path, {"__init__.py": "", "sub/__init__.py": "",
                               "sub/a.py": "from ..select import Selection\n"})
    assert "pkg.select.Selection" in imported_names(root, "pkg")["pkg.sub.a"]


def test_the_checks_can_fail():
    graph = nx.DiGraph([("graphmodel.cli.metrics", "graphmodel.data.select"),
                        ("graphmodel.explorer.app", "graphmodel.data"),
                        ("graphmodel.data.load", "graphmodel.share.view"),
                        ("graphmodel.share.view", "graphmodel.data.model")])
    assert behind_doors(graph) == ["graphmodel.cli.metrics -> graphmodel.data.select"]
    assert list(nx.simple_cycles(subpackage_graph(graph)))


# --------------------------------------------------------------------------- the checker


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = tmp_path / "pkg" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return tmp_path


def test_checker_passes_a_clean_package(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "__version__ = '1'\nfrom .a import run\n",
        "a.py": "from .b import helper\n",
        "b.py": "import os\n\ndef helper():\n    return os.sep\n",
        "sub/__init__.py": "",
        "sub/c.py": "from .. import __version__\nfrom ..b import helper\nfrom pkg.a import run\n",
    })
    layers = read_layers(root, "pkg")
    assert layers.private == []
    assert layers.cycles() == []
    assert set(layers.graph.edges) == {
        ("pkg", "pkg.a"), ("pkg.a", "pkg.b"),
        ("pkg.sub.c", "pkg"), ("pkg.sub.c", "pkg.b"), ("pkg.sub.c", "pkg.a"),
    }


@pytest.mark.parametrize("line", [
    "from .b import _helper\n",
    "from pkg.b import _helper\n",
    "from . import b\nx = b._helper\n",
    "import pkg.b as bee\nx = bee._helper()\n",
    "import pkg.b\nx = pkg.b._helper\n",
    "def f():\n    from .b import _h\n",
    "from . import _private_module\n",
])
def test_checker_finds_a_private_name_taken(tmp_path, line):
    root = _package(tmp_path, {
        "__init__.py": "", "a.py": line, "b.py": "def _helper():\n    pass\n_h = 1\n",
        "_private_module.py": "",
    })
    found = read_layers(root, "pkg").private
    assert len(found) == 1 and found[0].startswith("pkg.a:"), found


def test_checker_allows_dunders_and_own_private_names(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "__version__ = '1'\n",
        "a.py": "from . import __version__\n\ndef _mine():\n    return _mine\n",
    })
    assert read_layers(root, "pkg").private == []


def test_checker_finds_a_cycle_through_a_function_level_import(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "",
        "a.py": "from .b import g\n\ndef f():\n    return g()\n",
        "b.py": "def g():\n    from .c import h\n    return h()\n",
        "c.py": "from . import a\n\ndef h():\n    return a\n",
    })
    assert read_layers(root, "pkg").cycles() == [["pkg.a", "pkg.b", "pkg.c"]]


def test_checker_finds_a_cycle_in_a_subpackage_and_ignores_type_checking(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "",
        "sub/__init__.py": "",
        "sub/x.py": "from .y import Y\n",
        "sub/y.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                    "    from .x import X\nimport pkg.sub.x\n",
        "z.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .sub.x import X\n",
        "w.py": "from .z import Z\n",
    })
    layers = read_layers(root, "pkg")
    assert layers.cycles() == [["pkg.sub.x", "pkg.sub.y"]]
    assert not layers.graph.has_edge("pkg.z", "pkg.sub.x")


# --------------------------------------------------------------------------- the explorer's pages


def longest_script_block(source: str) -> int:
    """The longest run of top-level statements of ``source`` that are not a def, class,
    import or docstring: the part of a page module that is a script, not a function."""
    longest = run = 0
    for node in ast.parse(source).body:
        named = isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                  ast.Import, ast.ImportFrom))
        doc = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if named or doc:
            run = 0
            continue
        run += node.end_lineno - node.lineno + 1
        longest = max(longest, run)
    return longest


def test_pages_are_functions():
    """STYLE.md, "Pages are functions": a page module is a short script calling one function
    per section; no run of module-level statements longer than 40 lines."""
    pages = sorted((ROOT / "graphmodel" / "explorer" / "pages").glob("*.py"))
    assert len(pages) >= 8, "the checker found too few pages: is the path right?"
    long = {p.name: n for p in pages
            if (n := longest_script_block(p.read_text(encoding="utf-8"))) > 40}
    assert not long, f"page modules with a module-level block over 40 lines: {long}"


def test_the_page_check_can_fail():
    script = "import x\n" + "".join(f"a{i} = {i}\n" for i in range(41))
    assert longest_script_block(script) == 41
    assert longest_script_block("def f():\n" + "".join(f"    a{i} = {i}\n" for i in range(60))) == 0
