"""Both engines give the same answers: rdflib's memory store and Oxigraph, files and stores."""

import importlib.util
import json
from pathlib import Path

import pytest

from graph.errors import DataError
from graph.source import Source, choose, load
from graph.resources import DEFAULT_FILES
from graph.query import named_queries, run_query
from graph.results import format_result
from graph.network.analysis import stats

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("generate", ROOT / "bench" / "generate.py")
generate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(generate)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A seeded typed graph of 6,000 concepts: large enough for igraph and sampling."""
    path = tmp_path_factory.mktemp("gen") / "generated.ttl"
    with open(path, "w", encoding="utf-8") as f:
        generate.generate(6000, 15000, seed=3, out=f)
    return path


@pytest.fixture(scope="module")
def both():
    return load(engine="rdflib"), load(engine="oxigraph")


@pytest.mark.slow  # a generated graph of 6,000 concepts
def test_auto_picks_by_size(generated):
    assert choose("auto", DEFAULT_FILES) == "rdflib"
    big = generated.stat().st_size >= 2_000_000
    assert choose("auto", [generated]) == ("oxigraph" if big else "rdflib")
    with pytest.raises(DataError, match="unknown engine"):
        choose("fast", DEFAULT_FILES)


def test_same_triples(both):
    a, b = both
    assert Source.of(a).backend.name == "rdflib" and Source.of(b).backend.name == "oxigraph"
    assert len(a) == len(b)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_named_queries_agree(both, name):
    text = named_queries()[name].path.read_text(encoding="utf-8")
    a, b = (format_result(run_query(g, text), "table") for g in both)
    assert a == b


def test_stats_agree_on_the_article(both):
    a, b = (stats(g) for g in both)
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)


@pytest.mark.slow  # a generated graph of 6,000 concepts
def test_stats_agree_on_a_generated_graph(generated):
    a = stats(load([generated], engine="rdflib"))
    b = stats(load([generated], engine="oxigraph"))
    assert json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True)
    assert a["method"]["library"] == "igraph"
    assert a["method"]["betweenness"].startswith("estimated from 2380 of 6000 source concepts")
    assert a["method"]["diameter"].startswith("lower bound")


@pytest.mark.slow  # a generated graph of 6,000 concepts
def test_streamed_network_gives_the_same_figures(generated):
    """stats on a file streamed into arrays (no store) = stats on the file loaded into either store."""
    streamed = Source(data=[generated], engine="oxigraph").network()
    loaded = Source(data=[generated], engine="rdflib").open().network()
    assert streamed.keys == loaded.keys and list(streamed.names) == list(loaded.names)
    assert (streamed.sources, streamed.targets, streamed.predicate_names) == (loaded.sources, loaded.targets,
                                                                             loaded.predicate_names)
    a, b = (json.dumps(stats(network=cn, betweenness_samples=256), sort_keys=True) for cn in (streamed, loaded))
    assert a == b


@pytest.mark.slow  # a generated graph of 6,000 concepts
def test_betweenness_samples_zero_omits_it(generated, cli):
    code, out, _ = cli("stats", "--data", str(generated), "--betweenness-samples", "0")
    assert code == 0 and "Top 10 by betweenness" not in out and "not computed" in out


@pytest.mark.slow  # a generated graph of 6,000 concepts
def test_loading_twice_does_not_double(tmp_path, cli, generated):
    store = tmp_path / "store"
    assert cli("load", "--out", str(store), str(generated))[0] == 0
    n = len(load([generated], engine="oxigraph"))
    code, _, err = cli("load", "--out", str(store), str(generated))
    assert code == 2 and "not an empty folder" in err
    assert Source(store=store).count() == n
    assert len(Source(store=store).network()) == 6000  # the network saved with the store


def test_viewer_is_the_same_page(both):
    from graph.viewer import render_html

    a, b = (render_html(g) for g in both)
    assert a == b


def test_query_on_a_store(tmp_path, cli):
    store = tmp_path / "store"
    code, out, _ = cli("load", "--out", str(store))
    assert code == 0 and out.startswith(f"Loaded {len(load()):,} triples from 2 files into")
    source = Source(store=store)
    assert source.backend.name == "oxigraph" and source.count() == len(load())
    code, from_store, _ = cli("query", "--store", str(store), "nations-investing")
    _, from_files, _ = cli("query", "nations-investing")
    assert code == 0 and from_store == from_files
    code, s1, _ = cli("stats", "--store", str(store), "--format", "json")
    _, s2, _ = cli("stats", "--format", "json")
    assert json.loads(s1) == json.loads(s2)
    code, out, _ = cli("validate", "--store", str(store), "--text", "data/article.txt")
    assert code == 0, out
    code, out, _ = cli("viz", "--store", str(store), "--out", str(tmp_path / "v.html"))
    assert cli("viz", "--out", str(tmp_path / "files.html"))[0] == 0
    assert code == 0 and (tmp_path / "v.html").read_bytes() == (tmp_path / "files.html").read_bytes()


def test_store_errors(tmp_path, cli):
    code, _, err = cli("stats", "--store", str(tmp_path / "nowhere"))
    assert code == 2 and err == f"Error: {tmp_path / 'nowhere'}: no such folder\n"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    code, _, err = cli("load", "--out", str(tmp_path / "full"))
    assert code == 2 and "exists and is not an empty folder" in err
    code, _, err = cli("stats", "--store", str(tmp_path / "full"))
    assert code == 2 and "not a store made by 'python -m graph load --out'" in err
    code, _, err = cli("stats", "--store", str(tmp_path / "full"), "--data", "x.ttl")
    assert code == 2 and "not allowed with argument" in err
    code, _, err = cli("load", "--out", str(tmp_path / "no" / "such" / "s"))
    assert code == 2 and err == f"Error: {tmp_path / 'no' / 'such' / 's'}: cannot create a store: no folder {tmp_path / 'no' / 'such'}\n"
    assert not (tmp_path / "no").exists()


def test_a_failed_load_leaves_no_store(tmp_path, cli):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://ex.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"open .\n", encoding="utf-8")
    code, out, err = cli("load", "--out", str(tmp_path / "s"), str(bad))
    assert code == 2 and out == "" and err.startswith(f"Error: {bad}:3:")
    assert not (tmp_path / "s").exists()


def test_oxigraph_parse_errors_name_file_and_line(tmp_path):
    bad = tmp_path / "bad.nt"
    bad.write_text("<http://a> <http://b> <http://c> .\n<http://a> <http://b> .\n", encoding="utf-8")
    with pytest.raises(DataError) as info:
        load([bad], engine="oxigraph")
    assert str(info.value).startswith(f"{bad}:2:")


TRICKY = '''@prefix ex: <http://ex.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
ex:a ex:n "01"^^xsd:integer , "3.21E4"^^xsd:double , "abc"^^xsd:integer , "yes"^^xsd:boolean ;
     ex:s "plain" , "typed"^^xsd:string , "tagged"@en-GB , """two
lines""" ;
     ex:b [ ex:c ( 1 2 ) ] , _:x .
_:x ex:d <relative> .
'''


def test_oxigraphs_parser_gives_rdflib_graphs_what_rdflibs_parser_gives(tmp_path):
    """Turtle on rdflib's store is read by Oxigraph's parser: the same terms as rdflib's own parser
    (literals as spelled, plain strings, lists, blank nodes, relative IRIs) and prefixes, but for
    two spellings RDF defines as equal, which come as Oxigraph gives them to both engines: a
    language tag in lower case, and ``"x"^^xsd:string`` as the plain ``"x"``."""
    from rdflib import XSD, Graph, Literal
    from rdflib.compare import to_isomorphic

    def as_oxigraph_reads(graph):
        def term(t):
            if isinstance(t, Literal) and (t.language or t.datatype == XSD.string):
                return Literal(str(t), lang=t.language.lower() if t.language else None)
            return t

        normal = Graph()
        for triple in graph:
            normal.add(tuple(map(term, triple)))
        return normal

    from graph.source.files import parse_rdflib
    from graph.source.memory import Memory

    path = tmp_path / "tricky.ttl"
    path.write_text(TRICKY, encoding="utf-8")
    for source, fmt in [(path, "turtle"), *[(f, "turtle") for f in DEFAULT_FILES]]:
        theirs, memory = Graph(), Memory()
        parse_rdflib(theirs, str(source), fmt)
        memory.parse(str(source), fmt)
        ours = memory.graph
        theirs_read = as_oxigraph_reads(theirs)
        assert to_isomorphic(ours) == to_isomorphic(theirs_read), source
        assert sorted(ours.namespaces()) == sorted(theirs.namespaces())
        literals = sorted(repr(o) for o in ours.objects() if isinstance(o, Literal))
        assert literals == sorted(repr(o) for o in theirs_read.objects() if isinstance(o, Literal))  # as spelled
