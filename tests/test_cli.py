"""The command line, in process: every command, format and error; help; start-up cost."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from graph.cli import EXIT_INVALID, EXIT_OK, EXIT_USAGE, build_parser

ROOT = Path(__file__).resolve().parent.parent


def test_validate_prints_counts(cli):
    code, out, err = cli("validate")
    assert code == EXIT_OK, err
    assert out.startswith("Conforms: ")
    assert "36 of 36 sentences support a statement" in out
    assert "ev:Nation" in out and err == ""


def test_validate_json(cli):
    code, out, _ = cli("validate", "--format", "json")
    result = json.loads(out)
    assert code == EXIT_OK and result["conforms"] is True and result["problems"] == []
    assert result["summary"]["concepts_per_class"]["ev:Nation"] == 4


def test_validate_reports_each_problem_on_one_line_and_exits_1(cli, data_copy):
    paths = data_copy('nif:beginIndex "2915"', 'nif:beginIndex "2916"')
    code, out, err = cli("validate", "--data", *paths, "--text", "data/article.txt")
    assert code == EXIT_INVALID
    lines = out.splitlines()
    assert any(line.startswith("art:s16: data/article.txt[2916:3116]") for line in lines)
    assert err.strip() == f"Does not conform: {len(lines)} problems."


@pytest.mark.parametrize(
    "content, expected",
    [
        ("@prefix ex: <http://ex.org/> .\nex:a ex:b .\n", ":2:"),
        ("<http://ex.org/a> <http://ex.org/b> \"x\n", ":1:"),
    ],
)
def test_bad_turtle_is_one_line_exit_2(cli, tmp_path, content, expected):
    path = tmp_path / "broken.ttl"
    path.write_text(content, encoding="utf-8")
    code, out, err = cli("validate", "--data", str(path))
    assert code == EXIT_USAGE and out == ""
    assert err.count("\n") == 1 and err.startswith(f"Error: {path}{expected}")
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "argv, needle",
    [
        (["validate", "--data", "missing.ttl"], "missing.ttl: no such file"),
        (["validate", "--data", "notes.txt"], "unknown RDF format '.txt'"),
        (["validate", "--text", "missing.txt"], "missing.txt: no such file"),
        (["nonsense"], "invalid choice: 'nonsense'"),
        ([], "the following arguments are required: COMMAND"),
        (["validate", "--format", "yaml"], "invalid choice: 'yaml'"),
    ],
)
def test_input_and_usage_errors(cli, argv, needle):
    code, out, err = cli(*argv)
    assert code == EXIT_USAGE
    assert err.startswith("Error: ") and needle in err and err.count("\n") == 1
    assert out == ""


def test_every_command_has_help_text(cli):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert sub.choices
    for name, command in sub.choices.items():
        helps = {a.dest: a.help for a in command._actions if a.dest != "help"}
        assert all(helps.values()), (name, helps)
        assert command.description, name
        code, out, _ = cli(name, "--help")
        assert code == 0 and out.startswith("usage: python -m graph " + name)


def test_help_imports_no_heavy_library():
    code = (
        "import sys, runpy; sys.argv = ['graph', '--help']\n"
        "try: runpy.run_module('graph', run_name='__main__')\n"
        "except SystemExit: pass\n"
        "heavy = [m for m in ('rdflib', 'networkx', 'pyvis', 'pyshacl') if m in sys.modules]\n"
        "print('heavy=' + ','.join(heavy))"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert "usage: python -m graph" in result.stdout
    assert result.stdout.strip().splitlines()[-1] == "heavy="


def test_module_runs_as_a_program():
    result = subprocess.run([sys.executable, "-m", "graph", "validate"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Conforms: ")
