import pytest

from graph.cli import main
from graph.source import load
from graph.resources import ARTICLE


@pytest.fixture(scope="session")
def graph():
    """The article's graph (claims + vocabulary). Shared: tests must not change it."""
    return load()


@pytest.fixture(scope="session")
def article():
    return ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def cli(capsys):
    """Run ``python -m graph ARGS`` in process: returns (exit code, stdout, stderr)."""

    def run(*argv):
        try:
            code = main(list(argv))
        except SystemExit as e:  # argparse exits on usage errors and --help
            code = e.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def data_copy(tmp_path):
    """Write a copy of data/triples.ttl with ``replace`` applied; return (triples, ontology) paths."""
    from graph.resources import ONTOLOGY, TRIPLES

    def make(old=None, new=None, count=1):
        text = TRIPLES.read_text(encoding="utf-8")
        if old is not None:
            assert text.count(old) >= count, f"{old!r} not in the data"
            text = text.replace(old, new, count)
        path = tmp_path / "triples.ttl"
        path.write_text(text, encoding="utf-8")
        return [str(path), str(ONTOLOGY)]

    return make
