"""Exports of the article's graph, read back by the tools they are for (tests/consumer_tools.py)."""

import csv
import io
import json
import os

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from consumer_tools import FalkorDB, cytoscape_counts, graphology, offline_loader
from graph.exports import FORMATS, export, write_export
from graph.source import concept_network

CHINA, RD = "https://example.org/ev-kg/id/China", "https://example.org/ev-kg/id/ResearchAndDevelopment"
CHINA_SENTENCE = "Nations like China, the United States, and Germany are investing billions"

SMALL = """@prefix ex: <http://example.org/> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix ev: <https://example.org/ev-kg/ontology#> . @prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> . @prefix dcterms: <http://purl.org/dc/terms/> .
ex:doc a nif:Context ; nif:isString "Intro. Acme builds \\"cars\\" & <trucks>.\\nDone." .
ex:sec dcterms:title "Part 1" .
ex:s1 a nif:Sentence ; nif:anchorOf "Acme builds \\"cars\\" & <trucks>." ; nif:beginIndex 7 ; nif:endIndex 37 ; nif:superString ex:sec .
ex:acme a ex:Company ; skos:prefLabel "Acme" . ex:cars skos:prefLabel "cars" .
ex:acme ex:builds ex:cars . ex:acme ex:sells ex:cars .
ex:st a rdf:Statement ; rdf:subject ex:acme ; rdf:predicate ex:builds ; rdf:object ex:cars ; prov:wasDerivedFrom ex:s1 ;
  ev:modality ev:AssertedFact ; ev:subjectMention ex:m1 .
ev:AssertedFact skos:prefLabel "asserted fact" .
ex:m1 a nif:Phrase ; nif:anchorOf "Acme" ; nif:beginIndex 7 ; nif:endIndex 11 ; itsrdf:taIdentRef ex:acme .
"""


@pytest.fixture(scope="module")
def written(tmp_path_factory, graph):
    folder = tmp_path_factory.mktemp("exports")
    paths = {}
    for fmt in FORMATS:
        paths[fmt] = folder / ("neo4j" if fmt == "neo4j-csv" else f"article.{fmt}")
        write_export(export(graph, fmt), paths[fmt], fmt)
    return paths


@pytest.fixture(scope="module")
def network(graph):
    return concept_network(graph)


@pytest.fixture(scope="module")
def small():
    return Graph().parse(data=SMALL, format="turtle")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_cli_writes_each_format_the_same_twice(cli, tmp_path, fmt):
    outs = [tmp_path / f"a-{fmt}", tmp_path / f"b-{fmt}"]
    for out in outs:
        code, _, err = cli("export", "--format", fmt, "--out", str(out))
        assert code == 0 and "Wrote" in err
    read = [sorted((p.name, p.read_bytes()) for p in out.iterdir()) if out.is_dir() else out.read_bytes() for out in outs]
    assert read[0] == read[1] and read[0]


def test_standard_output_and_the_library_agree(cli, graph):
    code, out, _ = cli("export", "--format", "csv")
    assert code == 0 and out == export(graph, "csv")


@pytest.mark.parametrize("argv, message", [
    (["--format", "pdf"], "invalid choice: 'pdf'"),
    (["--format", "csv", "--out", "/proc/no/such/file.csv"], "cannot write"),
    (["--format", "neo4j-csv"], "give the folder with --out"),
])
def test_errors_are_one_line_and_exit_2(cli, argv, message):
    code, out, err = cli("export", *argv)
    assert code == 2 and out == "" and message in err and len(err.strip().splitlines()) == 1


def test_nothing_is_left_behind(cli, tmp_path, monkeypatch):
    folder = tmp_path / "neo"
    folder.mkdir()
    (folder / "keep.txt").write_text("x")
    assert cli("export", "--format", "neo4j-csv", "--out", str(folder))[0] == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo"] and [p.name for p in folder.iterdir()] == ["keep.txt"]

    def fail(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)  # the last step of a write fails: no half file, no temporary
    for fmt, out in (("graphml", tmp_path / "g.graphml"), ("neo4j-csv", tmp_path / "new")):
        code, _, err = cli("export", "--format", fmt, "--out", str(out))
        assert code == 2 and "No space left" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neo"]


def test_networkx_reads_graphml_and_gexf(written, network):
    import networkx as nx

    for net in (nx.read_graphml(written["graphml"]), nx.read_gexf(written["gexf"])):
        assert net.number_of_nodes() == len(network) and net.number_of_edges() == network.edge_count
        edge = next(d for _, _, d in net.edges(CHINA, data=True) if d.get("predicate_name") == "ev:investsIn")
        assert edge["text"].startswith(CHINA_SENTENCE) and edge["begin"] == 2915 and edge["end"] == 3116
        assert edge["section"] == "Global Manufacturing Strategies and Technological Convergence"
        assert net.nodes[CHINA]["class"] == "ev:Nation" and net.nodes[CHINA]["pillar"] == "ev:Nation"


@pytest.mark.process
@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graphology_reads_them(written, network, fmt):
    read = graphology(fmt, written[fmt], CHINA, RD)
    assert (read["order"], read["size"]) == (len(network), network.edge_count)
    assert read["node"]["label"] == "China" and read["edge"]["text"].startswith(CHINA_SENTENCE)
    assert read["edge"]["begin"] == 2915


@pytest.mark.process
def test_cytoscape_js_loads_the_json_in_chromium(written, network):
    read = cytoscape_counts(written["cytoscape"])
    assert (read["nodes"], read["edges"], read["dangling"]) == (len(network), network.edge_count, 0)
    assert read["edge"]["text"] and isinstance(read["edge"]["begin"], int)


@pytest.fixture(scope="module")
def falkordb(tmp_path_factory):
    server = FalkorDB(tmp_path_factory.mktemp("falkordb"))
    yield server
    server.close()


def test_the_cypher_script_runs_in_falkordb(falkordb, written, network):
    g = falkordb.run_script("article", written["cypher"].read_text(encoding="utf-8"))
    assert g.query("MATCH (n:Concept) RETURN count(n)").result_set == [[len(network)]]
    assert g.query("MATCH ()-[r]->() RETURN count(r)").result_set == [[network.edge_count]]
    by_type = dict(g.query("MATCH ()-[r]->() RETURN type(r), count(r)").result_set)
    expected = {}
    for pi in network.predicate_ids:
        expected[network.predicate_names[pi]] = expected.get(network.predicate_names[pi], 0) + 1
    assert by_type == expected
    row = g.query("MATCH (a:Concept {iri: $a})-[r:`ev:investsIn`]->(b) RETURN b.label, r.text, r.begin, r.end",
                  {"a": CHINA}).result_set
    assert row[0][0] == "research and development" and row[0][1].startswith(CHINA_SENTENCE) and row[0][2:] == [2915, 3116]


def test_the_cypher_script_escapes_every_string(falkordb, small):
    g = falkordb.run_script("small", export(small, "cypher"))
    text = g.query("MATCH ()-[r:`ex:builds`]->() RETURN r.text").result_set[0][0]
    assert text == 'Acme builds "cars" & <trucks>.'


def test_neo4j_csv_has_the_import_headers(written, network):
    nodes = list(csv.reader(io.StringIO((written["neo4j-csv"] / "nodes.csv").read_text(encoding="utf-8"))))
    rels = list(csv.reader(io.StringIO((written["neo4j-csv"] / "relationships.csv").read_text(encoding="utf-8"))))
    assert nodes[0][0] == "iri:ID" and nodes[0][-1] == ":LABEL" and "degree:int" in nodes[0]
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"] and "begin:int" in rels[0]
    ids = {r[0] for r in nodes[1:]}
    assert len(nodes) - 1 == len(network) and len(rels) - 1 == network.edge_count
    assert all(r[0] in ids and r[1] in ids for r in rels[1:])


def test_jsonld_expands_back_to_the_same_graph(written, graph):
    from pyld import jsonld

    doc = json.loads(written["jsonld"].read_text(encoding="utf-8"))
    assert set(doc) == {"@context", "@graph"} and doc["@context"]["kg"] == "https://example.org/ev-kg/id/"
    back = Graph().parse(data=jsonld.to_rdf(doc, {"format": "application/n-quads"}), format="nquads")
    assert isomorphic(back, graph)


def _expanded_annotations(path):
    from pyld import jsonld

    doc = json.loads(path.read_text(encoding="utf-8"))
    expanded = jsonld.expand(doc, {"documentLoader": offline_loader()})
    AS, OA = "http://www.w3.org/ns/activitystreams#", "http://www.w3.org/ns/oa#"
    page = expanded[0][AS + "first"][0]
    return doc, [a for a in page[AS + "items"][0]["@list"]], OA


def test_web_annotations_follow_the_model_and_resolve_in_the_article(written, article, graph):
    doc, items, OA = _expanded_annotations(written["web-annotation"])
    statements = set(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                                    URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement")))
    assert len(items) == len(statements) == doc["total"] and {a["@id"].rsplit("#", 1)[0] for a in items} == set(map(str, statements))
    for a in items:
        assert a["@id"] and OA + "Annotation" in a["@type"]  # the model's MUSTs: id, type, a target
        assert a[OA + "hasTarget"] and a[OA + "hasBody"][0]["@type"] == ["http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"]
        for target in a[OA + "hasTarget"]:
            assert target[OA + "hasSource"][0]["@id"] == "https://example.org/ev-kg/article/document"
            selectors = {s["@type"][0]: s for s in target[OA + "hasSelector"]}
            quote, position = selectors[OA + "TextQuoteSelector"], selectors[OA + "TextPositionSelector"]
            start, end = int(position[OA + "start"][0]["@value"]), int(position[OA + "end"][0]["@value"])
            exact = quote[OA + "exact"][0]["@value"]
            assert article[start:end] == exact
            assert article[:start].endswith(quote[OA + "prefix"][0]["@value"])
            assert article[end:].startswith(quote[OA + "suffix"][0]["@value"])
            assert article.count(quote[OA + "prefix"][0]["@value"] + exact + quote[OA + "suffix"][0]["@value"]) == 1


def test_turtle12_reifiers_answer_sparql_1_2(written, graph):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(written["turtle12"]), format=ox.RdfFormat.TURTLE)
    found = store.query("""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        SELECT ?r ?s ?p ?o WHERE { ?r rdf:reifies <<( ?s ?p ?o )>> ; a rdf:Statement ;
                                      rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }""")
    rows = list(found)
    assert len(rows) == len(set(graph.subjects(URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement")))) > 100
    china = store.query("""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> PREFIX nif: <%s>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?text WHERE { ?r rdf:reifies <<( <%s> ?p <%s> )>> ; prov:wasDerivedFrom/nif:anchorOf ?text }"""
                        % ("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#", CHINA, RD))
    assert all(row["text"].value.startswith(CHINA_SENTENCE) for row in china)
    plain = [q for q in store if q.predicate.value != "http://www.w3.org/1999/02/22-rdf-syntax-ns#reifies"]
    assert len(plain) == len(graph)


def test_csv_has_a_row_per_relation_with_its_evidence(written, network):
    rows = list(csv.DictReader(io.StringIO(written["csv"].read_text(encoding="utf-8"))))
    assert len(rows) == network.edge_count
    china = next(r for r in rows if r["subject"] == CHINA and r["object"] == RD)
    assert (china["subject_label"], china["predicate_label"], china["begin"], china["end"]) == (
        "China", "invests in", "2915", "3116")


def test_any_graph_exports_and_evidence_comes_when_present(small):
    for fmt in FORMATS:
        assert export(small, fmt)
    rows = {r["predicate_label"]: r for r in csv.DictReader(io.StringIO(export(small, "csv")))}
    built = rows["builds"]
    assert (built["modality"], built["modality_label"], built["section"]) == (
        "https://example.org/ev-kg/ontology#AssertedFact", "asserted fact", "Part 1")
    assert (built["subject_mention"], built["subject_mention_begin"], built["begin"]) == ("Acme", "7", "7")
    assert rows["sells"]["statement"] == rows["sells"]["text"] == ""
    annotation = json.loads(export(small, "web-annotation"))["first"]["items"][0]
    assert annotation["body"]["ev:modality"]["skos:prefLabel"] == "asserted fact"
    assert annotation["target"]["selector"][0] == {"type": "TextQuoteSelector", "exact": 'Acme builds "cars" & <trucks>.',
                                                   "prefix": "Intro. ", "suffix": "\nDone."}


def test_an_input_is_never_overwritten_and_links_are_written_through(cli, tmp_path):
    from graph.resources import ONTOLOGY, TRIPLES

    data = tmp_path / "t.ttl"
    data.write_bytes(TRIPLES.read_bytes())
    code, _, err = cli("export", "--format", "csv", "--data", str(data), str(ONTOLOGY), "--out", str(data))
    assert code == 2 and "is an input" in err and data.read_bytes() == TRIPLES.read_bytes()
    target = tmp_path / "real.csv"
    target.write_text("old")
    target.chmod(0o640)
    (tmp_path / "link.csv").symlink_to(target)
    assert cli("export", "--format", "csv", "--out", str(tmp_path / "link.csv"))[0] == 0
    assert (tmp_path / "link.csv").is_symlink() and target.read_text().startswith("subject,")
    assert target.stat().st_mode & 0o777 == 0o640


@pytest.mark.parametrize("fmt", ["graphml", "csv", "jsonld", "turtle12", "web-annotation"])
def test_a_store_exports_the_same_bytes_as_the_files(cli, tmp_path, fmt):
    store = tmp_path / "store"
    assert cli("load", "--out", str(store))[0] == 0
    code, from_store, err = cli("export", "--format", fmt, "--store", str(store))
    assert code == 0, err
    # Oxigraph stores xsd:nonNegativeInteger as xsd:integer: the RDF formats match its own reading of the files
    engine = ["--engine", "oxigraph"] if fmt in ("jsonld", "turtle12") else []
    assert from_store == cli("export", "--format", fmt, *engine)[1]
