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


#: The documents written for the tests (tests/fixtures/documents/README.md), curated by the guide.
DOCUMENTS = sorted((__import__("pathlib").Path(__file__).parent / "fixtures" / "documents").glob("*.ttl"))


@pytest.fixture(scope="session")
def corpus_files():
    """The article's files and the four documents written for the tests: a corpus of five documents."""
    from graph.resources import DEFAULT_FILES

    return [*map(str, DEFAULT_FILES), *map(str, DOCUMENTS)]


@pytest.fixture(scope="session")
def corpus(corpus_files):
    """The corpus as one rdflib graph (shared: tests must not change it)."""
    return load(corpus_files)


@pytest.fixture(scope="session")
def counts():
    """The article graph's counts, taken from the data by rdflib's own parser and SPARQL engine (not by the
    code under test): ``triples``, ``concepts`` (resources typed with a class of ours), ``relations``
    (triples of an owl:ObjectProperty: the plain ones), ``edges`` (the network's: every statement, and
    every plain triple but a symmetric twin), ``statements``, ``sentences``. Tests compare with these, so
    that a change to the data changes no test."""
    from rdflib import Graph

    from graph.resources import DEFAULT_FILES

    g = Graph()
    for path in DEFAULT_FILES:
        g.parse(path, format="turtle")

    def count(where):
        return int(next(iter(g.query(
            "PREFIX owl: <http://www.w3.org/2002/07/owl#> PREFIX nif: "
            "<http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> "
            f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")))[0])

    return {"triples": len(g),
            "concepts": count("SELECT DISTINCT ?c { ?c a ?k . ?k a owl:Class . "
                              "FILTER(STRSTARTS(STR(?k), 'https://example.org/ev-kg/ontology#')) }"),
            "relations": count("?s ?p ?o . ?p a owl:ObjectProperty"),
            # the network's edges: every statement's triple, and every plain relation triple but a symmetric
            # one whose reverse a statement says (the same claim)
            "edges": count("SELECT DISTINCT ?s ?p ?o { { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; "
                           "rdf:object ?o } UNION { ?s ?p ?o . ?p a owl:ObjectProperty . FILTER NOT EXISTS { "
                           "?p a owl:SymmetricProperty . ?x rdf:subject ?o ; rdf:predicate ?p ; rdf:object ?s } } }"),
            "statements": count("?s a rdf:Statement"),
            "sentences": count("?s a nif:Sentence")}


@pytest.fixture(scope="session")
def fresh_viewer(tmp_path_factory):
    """The article's viewer, rendered now (tests never rely on the committed page being up to date,
    but for the one test that says when it is stale)."""
    from graph.viewer import write_html

    return write_html(None, tmp_path_factory.mktemp("viewer") / "ev-knowledge-graph.html")


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
