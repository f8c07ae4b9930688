"""The RDF graph as a NetworkX MultiDiGraph: concepts as nodes, relations as edges."""

from rdflib import Graph
from rdflib.namespace import OWL, RDF

from graph.evidence.model import relations
from graph.namespace import EV, KG
from graph.network.analysis import to_networkx


def test_every_claim_is_an_edge_and_nothing_else(graph, counts):
    """Every statement is an edge, whatever its modality (what the text only judges stands as no plain
    triple, but is still drawn); every plain relation triple too, but a symmetric claim's twin."""
    from rdflib.namespace import OWL, RDF

    net = to_networkx(graph)
    claims = {(graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
              for st in graph.subjects(RDF.type, RDF.Statement)}
    symmetric = set(graph.subjects(RDF.type, OWL.SymmetricProperty))
    plain = {(s, p, o) for s, p, o in relations(graph) if not (p in symmetric and (o, p, s) in claims)}
    assert plain < claims | plain and len(plain) < len(claims)  # some claims stand as no plain triple
    assert net.number_of_edges() == len(claims | plain) == counts["edges"]
    assert {(s, o, k) for s, o, k in net.edges(keys=True)} == {
        (s, o, graph.namespace_manager.normalizeUri(p)) for s, p, o in claims | plain
    }


def test_nodes_are_the_concepts_with_label_and_class(graph):
    net = to_networkx(graph)
    typed = {s for s, c in graph.subject_objects(RDF.type) if str(c).startswith(str(EV._NS))}
    assert set(net) == typed
    assert net.nodes[KG.UnitedStates] == {"label": "United States", "name": "kg:UnitedStates", "class": "ev:Nation"}
    assert not any(isinstance(n, str) and not n.startswith("http") for n in net)


def test_edges_carry_predicate_label_and_sentences(graph):
    net = to_networkx(graph)
    edge = net.edges[KG.BatteryTechnology, KG.EVManufacturing, "ev:constrains"]
    assert edge["predicate"] == EV.constrains and edge["label"] == "constrains"
    # the bottleneck of s25 is the sector's, named in s24: the claim cites both, in text order
    assert edge["sentences"] == [
        ("art:s24", "Despite remarkable progress, the EV manufacturing sector confronts significant technological and "
                    "logistical challenges."),
        ("art:s25", "Battery technology remains a critical bottleneck, with manufacturers investing heavily in research "
                    "to improve energy density, charging speeds, and material sustainability.")]


def test_any_rdf_graph_literals_stay_attributes_and_are_not_merged():
    g = Graph().parse(data="""
        @prefix ex: <http://ex.org/> .
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:a ex:knows ex:b ; rdfs:label "same" ; ex:age 3 .
        ex:b ex:knows ex:c ; rdfs:label "same" .
        ex:c a ex:Person .
        ex:Person rdfs:subClassOf ex:Agent .
        ex:knows a <http://www.w3.org/2002/07/owl#ObjectProperty> .
    """, format="turtle")
    net = to_networkx(g)
    ex = "http://ex.org/"
    assert sorted(str(n) for n in net) == [ex + "a", ex + "b", ex + "c"]
    assert net.number_of_edges() == 2
    assert net.nodes[next(n for n in net if str(n) == ex + "a")]["label"] == "same"
    assert net.nodes[next(n for n in net if str(n) == ex + "c")]["class"] == "ex:Person"  # the file's own prefix
    assert all(d["sentences"] == [] for _, _, d in net.edges(data=True))


def test_schema_and_provenance_stay_out(graph):
    net = to_networkx(graph)
    for node in net:
        assert (node, RDF.type, RDF.Statement) not in graph
        assert (node, RDF.type, OWL.Class) not in graph


def test_annotations_of_statements_text_and_provenance_are_not_concepts(tmp_path):
    from graph.source import load
    from graph.source import concept_network

    path = tmp_path / "annotated.ttl"
    path.write_text("""
@prefix ex: <http://ex.org/> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> . @prefix doco: <http://purl.org/spar/doco/> .
ex:a a ex:Thing ; ex:likes ex:b ; skos:inScheme ex:scheme .
ex:b a ex:Thing ; skos:broader ex:c .
ex:scheme a skos:ConceptScheme .
ex:st a rdf:Statement ; rdf:subject ex:a ; rdf:predicate ex:likes ; rdf:object ex:b ;
    ex:modality ex:Fact ; ex:subjectMention ex:m1 .
ex:Fact a skos:Concept ; skos:inScheme ex:modes .
ex:m1 a nif:Phrase ; itsrdf:taIdentRef ex:a .
ex:sec a doco:Section ; ex:about ex:a .
ex:run a prov:Activity ; prov:wasAssociatedWith ex:b .
""", encoding="utf-8")
    cn = concept_network(load([path]))
    assert sorted(cn.names) == ["ex:a", "ex:b", "ex:c"]
    assert cn.edge_count == 2  # a likes b, b broader c


def test_labels_from_common_vocabularies_before_local_names():
    from graph.source import concept_network

    g = Graph().parse(data="""
        @prefix ex: <http://ex.org/> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
        @prefix schema: <http://schema.org/> . @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        ex:ada foaf:name "Ada Lovelace" ; ex:wrote ex:notes .
        ex:notes dcterms:title "Notes on the Analytical Engine" ; ex:about ex:engine .
        ex:engine schema:name "Analytical Engine" ; foaf:name "the engine" ; ex:by ex:babbage .
        ex:babbage rdfs:label "Charles Babbage" ; schema:name "Babbage" ; ex:knew ex:plain .
        ex:plain skos:prefLabel "preferred" ; rdfs:label "other" ; ex:next ex:UnNamed .
    """, format="turtle")
    cn = concept_network(g)
    labels = dict(zip(cn.names, cn.labels))
    assert labels == {"ex:ada": "Ada Lovelace", "ex:notes": "Notes on the Analytical Engine",
                      "ex:engine": "Analytical Engine", "ex:babbage": "Charles Babbage", "ex:plain": "preferred",
                      "ex:UnNamed": "UnNamed"}
