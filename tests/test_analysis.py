"""stats(): checked against figures computed independently with plain rdflib and NetworkX."""

import json

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SKOS

from graph.namespace import EV
from graph.network.analysis import stats

RELATIONS = """
SELECT DISTINCT ?s ?p ?o WHERE {
  { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }  # every claim, plain or not
  UNION { ?p a owl:ObjectProperty . ?s ?p ?o .  # and every plain relation, but a symmetric twin of a claim
          FILTER NOT EXISTS { ?p a owl:SymmetricProperty . ?x rdf:subject ?o ; rdf:predicate ?p ; rdf:object ?s } }
}
"""


@pytest.fixture(scope="module")
def independent(graph):
    """The concept network built a second way: a SPARQL query for the relations (every statement's, whatever
    its modality, and every plain relation triple that is not a symmetric claim's twin)."""
    net = nx.MultiDiGraph()
    for s, p, o in graph.query(RELATIONS):
        net.add_edge(s, o, key=p)
    for s, c in graph.query("SELECT ?s ?c WHERE { ?s a ?c . ?c a owl:Class . FILTER (STRSTARTS(STR(?c), STR(ev:))) }"):
        net.add_node(s)
    return net


@pytest.fixture(scope="module")
def result(graph):
    return stats(graph)


def test_counts(result, graph, independent, counts):
    assert result["triples"] == len(graph) == counts["triples"]
    statements = set(graph.subjects(RDF.type, RDF.Statement))
    assert result["concepts"] == independent.number_of_nodes() == counts["concepts"]
    assert result["relations"] == independent.number_of_edges() == len(statements) == counts["edges"]
    # what stands plain: the statements held as fact, trend or aim (docs/annotation-guide.md §2)
    held = {EV.AssertedFact, EV.TrendOrChange, EV.AimOrPurpose}
    assert result["statements_as_plain_triples"] == sum(graph.value(st, EV.modality) in held for st in statements)
    assert result["statements_as_plain_triples"] < result["statements"]
    assert result["statements"] == len(statements) == counts["statements"]
    assert result["sentences"] == {"total": 36, "covered": 36}  # the article's 36 sentences, each with a claim
    assert sum(result["concepts_per_class"].values()) == counts["concepts"]
    assert result["concepts_per_class"]["ev:Nation"] == 3  # China, the United States, Germany
    assert sum(result["relations_per_predicate"].values()) == counts["edges"]
    assert result["relations_per_predicate"]["ev:investsIn"] == len(set(graph.subject_objects(EV.investsIn)))
    # a symmetric relation is stated both ways as plain triples, but is one claim: one edge
    assert result["relations_per_predicate"]["ev:collaboratesWith"] == len(set(graph.subject_objects(EV.collaboratesWith))) // 2
    modality = {}
    for st in statements:
        label = str(graph.value(graph.value(st, EV.modality), SKOS.prefLabel))
        modality[label] = modality.get(label, 0) + 1
    assert result["statements_per_modality"] == dict(sorted(modality.items(), key=lambda kv: (-kv[1], kv[0])))


def test_network_figures(result, independent):
    assert result["density"] == pytest.approx(nx.density(independent), abs=1e-6)
    comps = list(nx.weakly_connected_components(independent))
    assert result["weakly_connected_components"] == len(comps)
    largest = max(comps, key=len)
    assert result["largest_component"] == {
        "concepts": len(largest),
        "diameter": nx.diameter(nx.Graph(independent).subgraph(largest)),
    }


def _values(rows):
    return [r["value"] for r in rows]


def test_rankings(result, independent, graph):
    degree = sorted((d for _, d in independent.degree()), reverse=True)[:10]
    assert _values(result["top"]["degree"]) == degree
    between = sorted(nx.betweenness_centrality(nx.Graph(independent)).values(), reverse=True)[:10]
    assert _values(result["top"]["betweenness"]) == pytest.approx(between, abs=1e-6)
    pagerank = sorted(nx.pagerank(independent).values(), reverse=True)[:10]
    assert _values(result["top"]["pagerank"]) == pytest.approx(pagerank, abs=1e-6)
    first = result["top"]["degree"][0]
    assert first == {"concept": "kg:ForwardThinkingEVFactories", "label": "forward-thinking EV factories",
                     "class": "ev:Facility", "value": 12}


def test_communities_partition_the_concepts_and_are_stable(result, graph, counts):
    full = stats(graph, members=True)["communities"]
    members = [m for c in full for m in c["members"]]
    assert len(members) == len(set(members)) == counts["concepts"] == sum(c["size"] for c in full)
    assert [c["size"] for c in result["communities"]] == sorted((c["size"] for c in result["communities"]), reverse=True)
    assert stats(graph)["communities"] == result["communities"]


def test_communities_show_their_top_members_and_keep_all_only_when_asked(result, graph):
    assert all("members" not in c and 1 <= len(c["top"]) <= 5 for c in result["communities"])
    full = stats(graph, members=True)["communities"]
    assert [{k: c[k] for k in ("size", "top")} for c in full] == result["communities"]
    assert all(set(c["top"]) <= set(c["members"]) for c in full)


def test_betweenness_samples_zero_omits_it(graph):
    s = stats(graph, betweenness_samples=0)
    assert s["top"]["betweenness"] == [] and s["method"]["betweenness"].startswith("not computed")


def test_pillar_bridges(result):
    bridges = {b["label"]: b["pillars"] for b in result["pillar_bridges"]}
    assert bridges["sophisticated ecosystems"] == ["ev:Nation", "ev:Technology", "ev:Workforce"]
    assert all(len(p) >= 2 for p in bridges.values())


def test_top_n(graph):
    assert all(len(v) == 3 for v in stats(graph, top=3)["top"].values())


def test_json_is_serialisable_and_keys_are_documented(result):
    text = json.dumps(result)
    assert json.loads(text) == result
    assert list(result) == ["triples", "concepts", "relations", "statements", "statements_as_plain_triples", "documents", "per_document",
                            "corroborated", "contradictions", "shared_concepts", "statements_per_modality", "sentences",
                            "concepts_per_class",
                            "relations_per_predicate", "density", "weakly_connected_components",
                            "largest_component", "top", "community_count", "communities", "pillar_bridges", "method"]
    assert result["method"] == {"library": "networkx", "betweenness": "exact", "diameter": "exact",
                                "communities": "Louvain, seed 42"}


def test_any_rdf_graph_without_our_vocabulary():
    g = Graph().parse(data="""
        @prefix ex: <http://ex.org/> .
        ex:a ex:knows ex:b . ex:b ex:knows ex:c . ex:d ex:likes ex:a .
        ex:a ex:name "A" .
    """, format="turtle")
    s = stats(g)
    assert (s["concepts"], s["relations"]) == (4, 3)
    # no statement, sentence or pillar: the report says nothing of a model the graph does not use
    assert not {"statements", "statements_per_modality", "sentences", "documents", "pillar_bridges"} & set(s)
    assert s["concepts_per_class"] == {"(no class)": 4}
    assert s["largest_component"] == {"concepts": 4, "diameter": 3}  # d-a-b-c


def test_empty_graph():
    s = stats(Graph())
    assert (s["concepts"], s["relations"], s["density"], s["communities"]) == (0, 0, 0.0, [])


def test_pagerank_matches_networkx(independent):
    from graph.network.centrality import pagerank_of

    ours, theirs = pagerank_of(independent), nx.pagerank(independent)
    assert ours.keys() == theirs.keys()
    assert all(ours[k] == pytest.approx(theirs[k], abs=1e-6) for k in ours)
    multi = nx.MultiDiGraph([(1, 2), (1, 2), (2, 3), (3, 1), (4, 1)])
    assert pagerank_of(multi) == pytest.approx(nx.pagerank(multi), abs=1e-6)


@pytest.mark.slow  # a 2,000-concept graph through both libraries: 5 s
def test_igraph_path_matches_networkx_exactly():
    """Between 500 and 5,000 concepts igraph computes the figures: they equal NetworkX's."""
    from rdflib import Graph, URIRef

    from graph.network.analysis import to_networkx
    from graph.source import concept_network

    g = Graph()
    rng = nx.gnm_random_graph(700, 1600, seed=5, directed=True)
    for a, b in rng.edges():
        g.add((URIRef(f"http://ex.org/n{a}"), URIRef("http://ex.org/p"), URIRef(f"http://ex.org/n{b}")))
    result = stats(g)
    assert result["method"]["library"] == "igraph" and result["method"]["betweenness"] == "exact (igraph)"
    net = to_networkx(g, concept_network(g))
    und = nx.Graph(net)
    between = sorted(nx.betweenness_centrality(und).values(), reverse=True)[:10]
    assert _values(result["top"]["betweenness"]) == pytest.approx(between, abs=1e-6)
    assert _values(result["top"]["pagerank"]) == pytest.approx(sorted(nx.pagerank(net).values(), reverse=True)[:10], abs=1e-5)
    largest = max(nx.connected_components(und), key=len)
    assert result["largest_component"]["diameter"] == nx.diameter(und.subgraph(largest))
    assert _values(result["top"]["degree"]) == sorted((d for _, d in net.degree()), reverse=True)[:10]
