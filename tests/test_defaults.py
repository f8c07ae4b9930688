"""graph.defaults: declared once, read by the library and by the command line alike."""

import argparse
import inspect
import subprocess
import sys

import pytest

from graph import defaults
from graph.cli import build_parser


def _options(command):
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices[command]
    return {a.dest: a for a in sub._actions}


@pytest.mark.process
def test_the_module_imports_nothing():
    code = "import sys, graph.defaults; print(sorted(m for m in sys.modules if m.startswith('graph')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['graph', 'graph.defaults']"


@pytest.mark.parametrize("command, dest, value", [
    ("stats", "top", defaults.TOP), ("stats", "max_triples", defaults.MAX_TRIPLES), ("serve", "port", defaults.PORT),
    ("serve", "host", defaults.HOST), ("serve", "timeout", defaults.TIMEOUT), ("query", "engine", "auto"),
])
def test_cli_defaults_are_the_library_defaults(command, dest, value):
    assert _options(command)[dest].default == value


@pytest.mark.parametrize("command, choices", [
    ("query", defaults.QUERY_FORMATS), ("stats", defaults.REPORT_FORMATS), ("validate", defaults.REPORT_FORMATS),
])
def test_cli_formats_are_the_library_formats(command, choices):
    assert tuple(_options(command)["format"].choices) == choices


def test_engines_and_library_signatures_agree():
    from importlib import import_module

    source, server, analysis = (import_module(f"graph.{m}") for m in ("source", "server", "network.analysis"))
    assert tuple(_options("stats")["engine"].choices) == defaults.ENGINES
    assert inspect.signature(source.Source).parameters["engine"].default == "auto"
    assert inspect.signature(analysis.stats).parameters["top"].default == defaults.TOP
    params = inspect.signature(server.serve).parameters
    assert (params["port"].default, params["timeout"].default) == (defaults.PORT, defaults.TIMEOUT)
