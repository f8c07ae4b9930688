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
    assert result["summary"]["concepts_per_class"]["ev:Nation"] == 3


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


@pytest.mark.process
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


@pytest.mark.process
def test_module_runs_as_a_program():
    result = subprocess.run([sys.executable, "-m", "graph", "validate"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Conforms: ")


# ---- stats

def test_stats_text(cli):
    code, out, err = cli("stats")
    assert code == EXIT_OK and err == ""
    for heading in ("Graph", "Concepts per class", "Relations per predicate", "Network", "Top 10 by degree",
                    "Top 10 by betweenness", "Top 10 by PageRank", "Communities (Louvain, seed 42)",
                    "Concepts that bridge the pillars"):
        assert f"\n{heading}" in "\n" + out, heading
    assert "sentences supporting a statement  36 of 36" in out
    assert "EV factories" in out


def test_stats_json_and_top(cli, counts):
    code, out, _ = cli("stats", "--format", "json", "--top", "3")
    data = json.loads(out)
    assert code == EXIT_OK and data["relations"] == counts["edges"]
    assert [len(v) for v in data["top"].values()] == [3, 3, 3]


@pytest.mark.parametrize("top", ["0", "-1", "x"])
def test_stats_top_must_be_positive(cli, top):
    code, _, err = cli("stats", "--top", top)
    assert code == EXIT_USAGE and "expected a whole number of 1 or more" in err


@pytest.mark.parametrize("suffix, fmt", [(".nt", "nt"), (".jsonld", "json-ld"), (".rdf", "xml")])
def test_stats_on_other_files(cli, tmp_path, suffix, fmt):
    from rdflib import Graph

    g = Graph().parse(data="@prefix ex: <http://ex.org/> . ex:a ex:p ex:b . ex:b ex:p ex:c .", format="turtle")
    path = tmp_path / f"other{suffix}"
    path.write_text(g.serialize(format=fmt), encoding="utf-8")
    code, out, _ = cli("stats", "--data", str(path), "--format", "json")
    data = json.loads(out)
    assert code == EXIT_OK and (data["concepts"], data["relations"]) == (3, 2)


# ---- query and queries

def test_named_query_names_the_three_nations(cli):
    code, out, _ = cli("query", "nations-investing")
    assert code == EXIT_OK
    for nation in ("China", "United States", "Germany"):
        assert nation in out


def test_syntax_error_exit_2_with_position(cli):
    code, out, err = cli("query", "SELECT * WHERE { ?s ?p }")
    assert code == EXIT_USAGE and out == ""
    assert err.startswith("Error: query:1:25: SPARQL syntax error: ") and err.endswith(": SELECT * WHERE { ?s ?p }\n")
    assert err.count("\n") == 1  # one line, whatever the engine's wording


def test_query_from_file_and_stdin(cli, tmp_path, monkeypatch):
    import io

    path = tmp_path / "q.rq"
    path.write_text("SELECT ?s WHERE { ?s ev:isRetrainedIn kg:SoftwareEngineering }", encoding="utf-8")
    code, out, _ = cli("query", "-f", str(path))
    assert code == EXIT_OK and "kg:TraditionalAutomotiveWorkers" in out
    monkeypatch.setattr(sys, "stdin", io.StringIO("ASK { kg:China ev:investsIn kg:ResearchAndDevelopment }"))
    code, out, _ = cli("query")
    assert code == EXIT_OK and "true" in out
    bad = tmp_path / "bad.rq"
    bad.write_text("SELECT ?s\nWHERE { ?s ?p }", encoding="utf-8")
    code, _, err = cli("query", "-f", str(bad))
    assert code == EXIT_USAGE and err.startswith(f"Error: {bad}:2:")


@pytest.mark.parametrize("fmt, check", [
    ("table", lambda out: out.splitlines()[-1] == "(3 rows)"),
    ("csv", lambda out: out.startswith("nation\r\n") or out.startswith("nation\n")),
    ("tsv", lambda out: out.startswith("?nation\n")),
    ("json", lambda out: len(json.loads(out)["results"]["bindings"]) == 3),
    ("xml", lambda out: out.startswith("<?xml")),
])
def test_query_formats(cli, fmt, check):
    code, out, _ = cli("query", "--format", fmt, "nations-investing-in-rd")
    assert code == EXIT_OK and check(out)


@pytest.mark.parametrize("argv, needle", [
    (["query", "no-such-query"], "unknown query 'no-such-query'"),
    (["query", "INSERT DATA { kg:a kg:b kg:c }"], "updates are refused"),
    (["query", "-f", "missing.rq"], "missing.rq: no such file"),
    (["query", "nations-investing", "--data", "missing.ttl"], "missing.ttl: no such file"),
    (["query", "nations-investing", "-f", "x.rq"], "not both"),
    (["query", "  "], "the query is empty"),
    (["query", "--format", "csv", "DESCRIBE kg:China"], "results are graphs"),
])
def test_query_errors(cli, argv, needle):
    code, out, err = cli(*argv)
    assert code == EXIT_USAGE and out == ""
    assert err.startswith("Error: ") and needle in err and err.count("\n") == 1


def test_queries_lists_names_and_questions(cli):
    code, out, _ = cli("queries")
    assert code == EXIT_OK
    assert "nations-investing" in out and "Which nations, or described groups of nations, invest, and in what?" in out


# ---- viz

def test_viz_writes_the_viewer(cli, tmp_path, counts, fresh_viewer):
    out = tmp_path / "sub" / "viewer.html"
    code, stdout, _ = cli("viz", "--out", str(out))
    assert code == EXIT_OK and out.exists()
    assert stdout.strip().endswith(f"{counts['concepts']} concepts, {counts['edges']} relations.")
    assert out.read_bytes() == fresh_viewer.read_bytes()


def test_viz_with_data_names_the_file_after_it(cli, tmp_path, monkeypatch):
    data = tmp_path / "mine.ttl"
    data.write_text("<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, stdout, _ = cli("viz", "--data", str(data))
    assert code == EXIT_OK and (tmp_path / "mine.html").exists() and "2 concepts, 1 relation." in stdout


def test_viz_unwritable_output_is_one_line(cli, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, out, err = cli("viz", "--out", str(blocker / "v.html"))
    assert code == EXIT_USAGE and out == "" and err.startswith("Error: ") and err.count("\n") == 1


@pytest.mark.process
def test_a_closed_pipe_is_not_an_error():
    result = subprocess.run(f"{sys.executable} -m graph stats | head -1", shell=True, cwd=ROOT,
                            capture_output=True, text=True)
    assert result.stdout == "Graph\n" and "Traceback" not in result.stderr


def test_version_is_the_packages(cli, monkeypatch):
    import tomllib
    from importlib import metadata

    from graph import resources

    pyproject = tomllib.loads((resources.PACKAGE_DIR.parent / "pyproject.toml").read_text(encoding="utf-8"))
    code, out, err = cli("--version")
    assert code == EXIT_OK and err == "" and out == f"ev-knowledge-graph {resources.version()}\n"

    def not_installed(name):
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(metadata, "version", not_installed)  # a checkout never installed: pyproject.toml says it
    code, out, _ = cli("--version")
    assert code == EXIT_OK and out == f"ev-knowledge-graph {pyproject['project']['version']}\n"


def test_help_lists_every_exit_code(cli):
    from graph.cli import EXIT_CODES

    code, out, _ = cli("--help")
    text = " ".join(out.split())
    assert code == EXIT_OK and all(f"{c} {m}" in text for c, m in EXIT_CODES.items())
