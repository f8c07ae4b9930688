"""The package keeps its shape: one module knows Oxigraph, no cycle with viz/, small modules, __all__."""

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_resources" not in p.parts)


def _name(path):
    return ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_only_the_engine_knows_oxigraph():
    knowing = [_name(p) for p in MODULES if any(m.split(".")[0] in ("pyoxigraph", "oxrdflib") for m in _imports(p))]
    assert knowing == ["graph.engine.__init__"]  # the package graph.engine: its own module alone


def test_only_the_viewer_uses_pyvis():
    assert [_name(p) for p in MODULES if "pyvis" in p.read_text(encoding="utf-8").lower()] == ["graph.viewer"]


def test_viz_imports_neither_networkx_nor_ipython():
    """The viewer reads Pyvis's Node and Edge without Pyvis's __init__ (NetworkX, IPython: 0.12 s)."""
    import subprocess
    import sys

    code = ("import sys, graph.cli as c; c.main(['viz', '--out', sys.argv[1]]); "
            "print(sorted(m for m in ('networkx', 'IPython', 'pyvis') if m in sys.modules))")
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, f"{tmp}/v.html"], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_nothing_imports_viz():
    assert [_name(p) for p in MODULES if any(m.split(".")[0] == "viz" for m in _imports(p))] == []


def test_the_cli_is_thin():
    cli = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    assert len(cli.splitlines()) < 300
    assert not re.search(r"^\s*(import|from) (rdflib|networkx|igraph|pyvis)", cli, re.M)


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_modules_are_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 350


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "__main__.py"], ids=_name)
def test_every_module_declares_its_public_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in n.targets)
               for n in tree.body), f"{_name(path)} has no __all__"


def test_every_public_module_has_its_tests():
    tests = Path(__file__).resolve().parent
    public = {p.stem for p in PACKAGE.glob("*.py") if not p.stem.startswith("_")} | {"serve"}
    missing = sorted(m for m in public if not (tests / f"test_{m}.py").exists())
    assert missing == []
