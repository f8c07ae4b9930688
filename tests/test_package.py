"""The package keeps its shape: no import cycle, one package knows Oxigraph, errors chosen by type,
a parameter walks down from the command line to the data and never back, __all__ everywhere."""

import ast
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "graph"
MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "_resources" not in p.parts)


def _name(path):
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


NAMES = {_name(p): p for p in MODULES}


def _ancestors(name):
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts))}


def _imported(path):
    """The modules of the package that ``path`` imports, anywhere in it (functions too): each module
    named, and the packages it stands in that are not the importer's own (Python runs them first)."""
    me = _name(path)
    package = me if path.name == "__init__.py" else me.rpartition(".")[0]
    found = set()

    def add(target):
        if target in NAMES and target != me:
            found.add(target)
        found.update(a for a in _ancestors(target) if a in NAMES and a not in _ancestors(me) and a != me)

    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            for alias in node.names:
                add(f"{module}.{alias.name}" if f"{module}.{alias.name}" in NAMES else module)
    return found


def _cycles():
    """Tarjan's strongly connected components of the import graph, those of more than one module."""
    edges = {name: _imported(path) for name, path in NAMES.items()}
    index, low, stack, on, found, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_no_import_cycle_counting_imports_inside_functions():
    assert _cycles() == []


def test_the_cycle_finder_finds_a_cycle(tmp_path, monkeypatch):
    """The finder itself can fail: two modules that import each other inside functions are a cycle."""
    fake = tmp_path / "graph"
    fake.mkdir()
    (fake / "__init__.py").write_text("")
    (fake / "a.py").write_text("def f():\n    from .b import g\n")
    (fake / "b.py").write_text("def g():\n    from . import a\n")
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE", fake)
    monkeypatch.setattr(sys.modules[__name__], "NAMES", {_name(p): p for p in fake.rglob("*.py")})
    assert _cycles() == [["graph.a", "graph.b"]]


def _handlers_reading_messages(path):
    """``except ... as e`` blocks that compare the text of ``e`` (``"x" in str(e)``, ``str(e) == ...``,
    ``str(e).startswith(...)``, ``e.args[0] == ...``): deciding by an error's message."""
    found = []
    for handler in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(handler, ast.ExceptHandler) or not handler.name:
            continue

        def text_of_error(node):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("str", "repr") and node.args:
                return isinstance(node.args[0], ast.Name) and node.args[0].id == handler.name
            if isinstance(node, ast.Attribute) and node.attr in ("args", "msg", "message"):
                return isinstance(node.value, ast.Name) and node.value.id == handler.name
            if isinstance(node, ast.Subscript):
                return text_of_error(node.value)
            return False

        for node in ast.walk(handler):
            if isinstance(node, ast.Compare) and any(text_of_error(x) for x in [node.left, *node.comparators]):
                found.append(f"{path.name}:{node.lineno}")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in (
                    "startswith", "endswith", "find", "count") and text_of_error(node.func.value):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_error_is_classified_by_its_message():
    assert [x for p in MODULES for x in _handlers_reading_messages(p)] == []


def test_the_message_finder_finds_one(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("try:\n    pass\nexcept ValueError as e:\n    if 'syntax' in str(e):\n        raise\n")
    assert len(_handlers_reading_messages(bad)) == 1


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_only_the_source_knows_oxigraph():
    knowing = [_name(p) for p in MODULES if any(m.split(".")[0] in ("pyoxigraph", "oxrdflib") for m in _imports(p))]
    assert knowing == ["graph.source.oxigraph"]


def _code_strings(path):
    """The string constants of a module's code (docstrings left out) and the modules it imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                  if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef)) and n.body
                  and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
               and id(n) not in docstrings]
    return strings + list(_imports(path))


def test_only_the_viewer_loads_pyvis():
    assert [_name(p) for p in MODULES if any("pyvis" in s.lower() for s in _code_strings(p))] == ["graph.viewer.payload"]


@pytest.mark.process
def test_viz_imports_neither_networkx_nor_ipython():
    """The viewer reads Pyvis's Node and Edge without Pyvis's __init__ (NetworkX, IPython: 0.12 s)."""
    code = ("import sys, graph.cli as c; c.main(['viz', '--out', sys.argv[1]]); "
            "print(sorted(m for m in ('networkx', 'IPython', 'pyvis') if m in sys.modules))")
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run([sys.executable, "-c", code, f"{tmp}/v.html"], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.process
def test_help_imports_nothing_heavy():
    code = ("import sys, graph.cli as c\ntry:\n    c.main(['--help'])\nexcept SystemExit:\n    pass\n"
            "print(sorted(m for m in ('rdflib', 'networkx', 'pyvis', 'pyoxigraph', 'pyshacl') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_nothing_imports_viz():
    assert [_name(p) for p in MODULES if any(m.split(".")[0] == "viz" for m in _imports(p))] == []


def test_the_cli_is_thin():
    """The command line parses, builds the source, calls the library and prints: it imports neither
    rdflib nor the network libraries, and defines no library logic of its own."""
    for path in (PACKAGE / "cli").glob("*.py"):
        assert not {m.split(".")[0] for m in _imports(path)} & {"rdflib", "networkx", "igraph", "pyvis", "pyoxigraph"}
    commands = ast.parse((PACKAGE / "cli" / "commands.py").read_text(encoding="utf-8"))
    functions = [n.name for n in commands.body if isinstance(n, ast.FunctionDef)]
    assert all(name.startswith("_") for name in functions)  # commands only, no public helpers


@pytest.mark.parametrize("path", [p for p in MODULES if p.name != "__main__.py"], ids=_name)
def test_every_module_declares_its_public_names(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert any(isinstance(n, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in n.targets)
               for n in tree.body), f"{_name(path)} has no __all__"


def test_no_public_name_is_hidden_by_a_module():
    """``graph.stats`` is the function: no module of the package bears the name of a public function."""
    import graph

    assert not set(graph.__all__) & {name.split(".")[1] for name in NAMES if name.count(".") >= 1}
    assert callable(graph.stats) and callable(graph.export) and callable(graph.serve) and callable(graph.validate)


def test_every_public_module_has_its_tests():
    """``tests/test_<module>.py``, or the tests of the package it stands in."""
    tests = Path(__file__).resolve().parent
    missing = []
    for name in NAMES:
        parts = name.split(".")
        if name == "graph" or any(p.startswith("_") for p in parts) or "def " not in NAMES[name].read_text(encoding="utf-8"):
            continue  # the package's front door, private modules, and packages that only document their modules
        if not any((tests / f"test_{p}.py").exists() for p in parts[1:]):
            missing.append(name)
    assert missing == []


# ---- a parameter walks down: each module entered once, none returned to

def _walks(argv):
    """Run ``main(argv)`` in process; return every stack of the package's modules seen at a call,
    each as the modules in turn, consecutive repeats made one."""
    from graph.cli import main

    stacks = set()

    def trace(frame, event, arg):  # called at each call; None: no tracing inside the frame
        if frame.f_globals.get("__name__", "").startswith("graph"):
            names = []
            while frame is not None:
                module = frame.f_globals.get("__name__", "")
                if module.startswith("graph") and (not names or names[-1] != module):
                    names.append(module)
                frame = frame.f_back
            stacks.add(tuple(reversed(names)))

    sys.settrace(trace)
    try:
        code = main(argv)
    finally:
        sys.settrace(None)
    assert code == 0
    return stacks


def _returns(stacks):
    return sorted({s for s in stacks if len(set(s)) < len(s)})


@pytest.mark.parametrize("argv", [["stats"], ["query", "nations-investing"], ["viz", "--out", "{tmp}/v.html"],
                                  ["export", "--format", "csv"],
                                  pytest.param(["validate"], marks=pytest.mark.slow)])  # pySHACL's calls: 5 s traced
def test_a_parameter_passes_each_module_once(argv, tmp_path, capsys):
    stacks = _walks([a.format(tmp=tmp_path) for a in argv])
    assert any("graph.source" in s for s in stacks)  # the walk reached the data
    assert _returns(stacks) == []


def test_endpoint_through_stats_passes_each_module_once(capsys):
    from fakes import Fake, count_answer

    nt = b"<http://ex/a> <http://ex/p> <http://ex/b> .\n"
    with Fake(count_answer(1), (200, "application/n-triples", nt), count_answer(1)) as fake:
        stacks = _walks(["stats", "--endpoint", fake.url + "/query"])
    deepest = max(stacks, key=len)
    assert deepest[:2] == ("graph.cli", "graph.cli.commands") and "graph.source.endpoint" in {m for s in stacks for m in s}
    assert _returns(stacks) == []


def test_the_walk_finds_a_return():
    assert _returns({("graph.cli", "graph.source", "graph.cli")}) == [("graph.cli", "graph.source", "graph.cli")]
