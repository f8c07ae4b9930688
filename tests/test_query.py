"""SPARQL: named queries, prefixes, read-only and offline, errors with positions."""

import hashlib

import pytest
from rdflib.namespace import RDF

from graph.errors import QueryError, QuerySyntaxError, UnknownPrefix
from graph.namespace import EV, KG
from graph.resources import DATA_DIR
from graph.query import named_queries, prepare, read_query, run_query


def test_named_queries_have_questions():
    queries = named_queries()
    assert len(queries) >= 15
    assert all(q.question.endswith("?") for q in queries.values())


def test_read_query_by_name_or_text():
    text, source = read_query("worker-retraining")
    assert "ev:isRetrainedIn" in text and source.endswith("worker-retraining.rq")
    assert read_query("worker-retraining.rq")[0] == text
    assert read_query("ASK { ?s ?p ?o }") == ("ASK { ?s ?p ?o }", "query")


def test_unknown_name_lists_the_known_ones():
    with pytest.raises(QueryError) as info:
        read_query("no-such-question")
    message = str(info.value)
    assert message.startswith("unknown query 'no-such-question'")
    assert all(name in message for name in named_queries())


def test_prefixes_are_bound_without_prefix_lines(graph):
    rows = run_query(graph, "SELECT ?l WHERE { kg:China skos:prefLabel ?l }")
    assert [str(r.l) for r in rows] == ["China"]


@pytest.mark.parametrize("sparql, line, column, shown", [
    ("SELECT * WHERE { ?s ?p }", 1, 25, "SELECT * WHERE { ?s ?p }"),
    ("SELECT ?x WHERE {\n  ?x a ev:Nation .\n  FILTER (?x = }", 3, 17, "FILTER (?x = }"),
])
def test_syntax_errors_name_line_and_column(sparql, line, column, shown):
    """The position and the query's line are ours to promise; the reason between them is the engine's."""
    with pytest.raises(QuerySyntaxError) as info:
        prepare(sparql)
    message = str(info.value)
    assert (info.value.line, info.value.column) == (line, column)
    assert message.startswith(f"query:{line}:{column}: SPARQL syntax error: ") and message.endswith(f": {shown}")
    assert "\n" not in message


@pytest.mark.parametrize("sparql, hint", [
    ("SELECT * WHERE { ?s ?p }", "a triple pattern needs a subject, a predicate and an object; this one has 2 terms"),
    ("ASK { ?s }", "a triple pattern needs a subject, a predicate and an object; this one has 1 term"),
    ("SELECT * WHERE { ?s ?p ?o . ?s ev:investsIn . }", "a triple pattern needs a subject, a predicate and an object; "
                                                        "this one has 2 terms"),
    ("SELECT * WHERE {\n  ?s ?p ?o ;\n     rdfs:label }", 'after ";" come a predicate and an object; this one has 1 term'),
    ("SELECT * WHERE { ?s ?p ?o }\n}", 'a "}" that closes no "{"'),
    ("SELECT * WHERE { ?s ?p ?o . FILTER (?o != 1)", 'a "{" not closed'),
    ("SELEC * WHERE { ?s ?p ?o }", "a query begins with SELECT, ASK, CONSTRUCT or DESCRIBE, after its PREFIX and BASE lines"),
])
def test_a_syntax_error_gets_a_hint_where_the_engine_is_unclear(sparql, hint):
    """Oxigraph's reason stays; a hint follows it, still on one line with the position and the query's line."""
    with pytest.raises(QuerySyntaxError) as info:
        prepare(sparql)
    message = str(info.value)
    line = sparql.splitlines()[info.value.line - 1].strip()
    assert message.startswith(f"query:{info.value.line}:{info.value.column}: SPARQL syntax error: ")
    assert message.endswith(f" (hint: {hint}): {line}") and "\n" not in message


@pytest.mark.parametrize("sparql", ["SELECT * WHERE { ?s ?p ?o FILTER }", "SELECT ?s WHERE { ?s ?p ?o } LIMT 3",
                                    'SELECT * WHERE { ?s ?p "a . b" . ?s ?q ?o ; }'])
def test_no_hint_where_none_fits(sparql):
    try:
        prepare(sparql)
    except QuerySyntaxError as e:
        assert "hint" not in str(e)


def test_an_unknown_prefix_is_named_where_it_stands():
    with pytest.raises(UnknownPrefix) as info:
        prepare("PREFIX ex: <http://ex.org/>\nSELECT ?x WHERE { ?x a ex:Thing ; nope:p _:b }")
    assert str(info.value) == ("query:2:35: SPARQL syntax error: unknown prefix nope: (declare it: PREFIX nope: <...>): "
                               "SELECT ?x WHERE { ?x a ex:Thing ; nope:p _:b }")
    assert (info.value.line, info.value.column) == (2, 35)


def _data_digest():
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in DATA_DIR.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { kg:China ev:investsIn kg:Waste }",
        "DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
    ],
)
def test_updates_are_refused_and_nothing_changes(graph, update):
    before, size = _data_digest(), len(graph)
    with pytest.raises(QueryError, match="updates are refused: queries are read-only"):
        run_query(graph, update)
    assert len(graph) == size and _data_digest() == before


@pytest.mark.parametrize(
    "sparql, refused",
    [
        ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE is refused"),
        ("SELECT * WHERE { ?a ?b ?c OPTIONAL { SERVICE SILENT <http://x.org/q> { ?s ?p ?o } } }", "SERVICE is refused"),
        ("SELECT * FROM <http://example.org/x.ttl> WHERE { ?s ?p ?o }", "FROM and FROM NAMED are refused"),
        ("SELECT * FROM NAMED <http://example.org/x.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM and FROM NAMED are refused"),
    ],
)
def test_no_network_fetches(graph, sparql, refused, monkeypatch):
    import socket

    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: pytest.fail("a connection was opened"))
    with pytest.raises(QueryError, match=refused):
        run_query(graph, sparql)


def test_construct_and_describe(graph):
    result = run_query(graph, "CONSTRUCT { ?n ev:investsIn ?x } WHERE { ?n a ev:Nation ; ev:investsIn ?x }")
    nations = {n for n in graph.subjects(RDF.type, EV.Nation) if any(graph.objects(n, EV.investsIn))}
    assert {s for s, _, _ in result.graph} == nations and len(result.graph) == 3  # China, the United States, Germany
    described = run_query(graph, "DESCRIBE kg:China")  # Oxigraph: the concise bounded description
    assert len(described.graph) >= 5 and all(str(s) == str(KG.China) for s, _, _ in described.graph)
