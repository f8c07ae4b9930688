"""The README and docs/ show real output: every `$ python -m graph ...` example is run and compared."""

import re
import shlex
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def examples(page):
    """(command argv, expected output) for each `$ python -m graph` line in a fenced block of ``page``."""
    found = []
    blocks, current = [], None
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            if current is None:
                current = []
            else:
                blocks.append(current)
                current = None
        elif current is not None:
            current.append(line)
    for lines in blocks:
        i = 0
        while i < len(lines):
            if not lines[i].startswith("$ python -m graph"):
                i += 1
                continue
            command = lines[i][2:]
            while True:  # a quoted query may span lines
                try:
                    argv = shlex.split(command)
                    break
                except ValueError:
                    i += 1
                    command += "\n" + lines[i]
            i += 1
            output = []
            while i < len(lines) and not lines[i].startswith("$ "):
                output.append(lines[i])
                i += 1
            found.append((argv[3:], "\n".join(output)))
    return found


EXAMPLES = [(page.name, argv, expected) for page in PAGES for argv, expected in examples(page)]


def test_readme_and_docs_have_examples():
    assert len(EXAMPLES) >= 6
    assert {page for page, _, _ in EXAMPLES} >= {"README.md", "commands.md"}


@pytest.mark.parametrize("page, argv, expected", EXAMPLES, ids=[f"{p}: " + " ".join(a)[:40] for p, a, _ in EXAMPLES])
def test_example_output_is_real(page, cli, argv, expected, tmp_path, monkeypatch):
    # run where the project's folders are, but files the example writes land in a folder of the test's own
    monkeypatch.chdir(tmp_path)
    for name in ("data", "queries", "tests", "viz", "docs"):
        (tmp_path / name).symlink_to(ROOT / name)
    if "broken.ttl" in argv:  # the README's broken file: make it
        (tmp_path / "broken.ttl").write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    for earlier_argv, _ in _earlier(page, argv):  # an example may read what one before it in the page wrote
        cli(*earlier_argv)
    code, out, err = cli(*argv)
    actual = (out + err).replace("\r\n", "\n").rstrip("\n")
    if "..." in expected:  # an elided example: every shown line must be there, in order
        shown = [line for line in expected.splitlines() if "..." not in line]
        lines = actual.splitlines()
        position = 0
        for line in shown:
            assert line in lines[position:], line
            position = lines.index(line, position) + 1
    else:
        assert actual == expected


def _earlier(page, argv):
    """The examples of ``page`` before the one of ``argv`` that write a file (``--out``): their output
    is what the later ones read."""
    found = []
    for page_name, earlier, _ in EXAMPLES:
        if page_name != page:
            continue
        if earlier == argv:
            break
        if "--out" in earlier:
            found.append((earlier, None))
    return found


def test_the_layout_map_is_the_tree():
    """Every folder and module of graph/ is in the README's layout map, and nothing the tree lacks."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = text[text.index("## Layout"):]
    package = ROOT / "graph"
    for path in sorted(package.rglob("*")):
        if "_resources" in path.parts or "__pycache__" in path.parts or path.suffix not in (".py", ".html", ""):
            continue
        name = path.name + ("/" if path.is_dir() else "")
        assert name in layout, f"{path.relative_to(ROOT)} is missing from the README's layout map"
    import re

    for named in re.findall(r"\b([a-z_]+\.py)\b", layout):
        assert list(package.rglob(named)), f"the layout map names {named}, which graph/ does not have"


# ---- the lists the docs give are the code's own

COMMANDS = ROOT / "docs" / "commands.md"


def test_the_documented_named_queries_are_the_named_queries():
    from graph.query import named_queries

    text = COMMANDS.read_text(encoding="utf-8")
    block = text[text.index("$ python -m graph queries\n"):]
    rows = block.split("\n")[3:]  # after the command, the header and its rule
    documented = {}
    for row in rows:
        if row.startswith("(") or row.startswith("```"):
            break
        name, question = row.split(None, 1)
        documented[name] = question.strip()
    assert documented == {name: q.question for name, q in named_queries().items()}
    count = re.search(r"the (\d+) named questions", (ROOT / "README.md").read_text(encoding="utf-8"))
    assert count and int(count.group(1)) == len(named_queries())


def test_the_documented_prefixes_are_the_bound_ones(cli):
    from graph.namespace import PREFIXES
    from graph.source import Source

    ours = list(PREFIXES)
    text = " ".join(COMMANDS.read_text(encoding="utf-8").split())
    documented = re.findall(r"`([a-z]+):`", text[text.index("The project's prefixes are bound ("):
                                                  text.index("`graph.namespace.PREFIXES`")])
    assert documented == ours
    _, out, _ = cli("query", "--help")
    query_help = " ".join(out.split())
    listed = query_help[query_help.index("prefixes (") + len("prefixes ("):query_help.index(")")]
    assert [p.strip().rstrip(":") for p in listed.split(",")] == ours
    # what else is bound on local data, foaf: among them, the docs name as rdflib's
    bound = set(Source.of(None).namespaces(ours_first=True))
    assert "foaf" in bound and "`foaf:`" in text[text.index("rdflib's usual ones"):][:200]
    code, out, _ = cli("query", "ASK { ?x foaf:name ?n }")  # bound: no PREFIX line needed
    assert code == 0


def test_the_exit_codes_are_the_same_in_help_docs_and_code():
    from graph import cli
    from graph.cli.arguments import EXIT_CODES, build_parser

    codes = list(EXIT_CODES)
    assert codes == [cli.EXIT_OK, cli.EXIT_INVALID, cli.EXIT_USAGE, cli.EXIT_BUG, cli.EXIT_INTERRUPTED]
    epilog = build_parser().epilog
    assert [int(c) for c in re.findall(r"(?:: |; )(\d+) ", epilog)] == codes
    table = COMMANDS.read_text(encoding="utf-8").split("| exit code | meaning |")[1].split("\n\n")[0]
    assert [int(c) for c in re.findall(r"^\| (\d+) \|", table, re.M)] == codes
    assert [int(c) for c in re.findall(r"^(\d+)\s+\S", cli.__doc__, re.M)] == codes


def test_the_documented_stats_keys_are_the_keys(graph):
    """docs/commands.md lists the keys of ``stats --format json``: the article's graph has every one of them."""
    from graph.network.analysis import stats

    text = " ".join(COMMANDS.read_text(encoding="utf-8").split())
    listed = text[text.index("`--format json` prints everything with these keys:"):
                  text.index("They are documented in `graph.network.analysis.stats`")]
    while re.search(r"\([^()]*\)", listed):  # what is said inside parentheses is about a key, not one
        listed = re.sub(r"\([^()]*\)", "", listed)
    assert re.findall(r"`([a-z_]+)`", listed) == list(stats(graph))
