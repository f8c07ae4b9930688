"""graph.source.endpoint: a plain SPARQL Protocol client, tested against a small local HTTP server."""

import base64
import socket
import urllib.parse

import pytest
from fakes import Fake, count_answer

from graph.source.endpoint import Endpoint, push, query_url_for
from graph.errors import EndpointError, GraphError


def test_query_declares_our_prefixes_and_asks_for_the_right_format():
    with Fake(count_answer(1), (200, "application/n-triples", b"")) as fake:
        endpoint = Endpoint(fake.url + "/query")
        assert endpoint.count("?s a ev:Nation") == 1
        endpoint.construct("?s ?p ?o")
    first, second = fake.requests
    sent = urllib.parse.parse_qs(first["body"].decode())["query"][0]
    assert "PREFIX ev: <https://example.org/ev-kg/ontology#>" in sent and sent.rstrip().endswith("}")
    assert first["headers"]["Accept"] == "application/sparql-results+json"
    assert second["headers"]["Accept"] == "application/n-triples"


@pytest.mark.parametrize("answer", [b"not json", b'{"results": {"bindings": []}}', b'{"results": 3}'])
def test_an_odd_count_answer_is_one_clear_error(answer):
    with Fake((200, "application/json", answer)) as fake:
        with pytest.raises(EndpointError, match=r"unexpected answer to a COUNT query") as info:
            Endpoint(fake.url + "/query").count("?s ?p ?o")
    assert "\n" not in str(info.value) and isinstance(info.value, GraphError)
    assert info.value.__cause__ is not None  # the cause is chained


def test_http_error_names_the_url_status_and_reason():
    with Fake((400, "text/plain", b"Parse error\n  at line 1")) as fake:
        with pytest.raises(EndpointError) as info:
            Endpoint(fake.url + "/query").query("ASK {}")
    assert str(info.value) == f"{fake.url}/query: HTTP 400 Bad Request: Parse error at line 1"


def test_unreachable_host():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(EndpointError, match=rf"^http://127.0.0.1:{port}/q: cannot connect: "):
        Endpoint(f"http://127.0.0.1:{port}/q", timeout=2).query("ASK {}")


def test_time_out():
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen()
    url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
    try:
        with pytest.raises(EndpointError) as info:
            Endpoint(url, timeout=0.5).query("ASK {}")
        assert str(info.value) == f"{url}: no answer within 0.5 s"
    finally:
        silent.close()


def test_basic_auth_header_is_sent_with_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("EVKG_PASSWORD", "s3cret")
    with Fake((200, "application/sparql-results+json", b'{"head":{},"boolean":true}')) as fake:
        Endpoint(fake.url + "/query", user="ann").query("ASK {}")
    assert fake.requests[0]["headers"]["Authorization"] == "Basic " + base64.b64encode(b"ann:s3cret").decode()


def test_a_user_without_a_password_is_refused(monkeypatch):
    monkeypatch.delenv("EVKG_PASSWORD", raising=False)
    with pytest.raises(EndpointError, match="EVKG_PASSWORD"):
        Endpoint("http://127.0.0.1:9/query", user="ann")


@pytest.mark.parametrize("graph_iri, path", [(None, "/store?default"),
                                             ("https://example.org/g", "/store?graph=https%3A%2F%2Fexample.org%2Fg")])
def test_push_posts_n_triples_then_counts(graph_iri, path):
    data = b"<http://ex/a> <http://ex/p> <http://ex/b> .\n"
    with Fake((204, "text/plain", b""), count_answer(1)) as fake:
        held = push(Endpoint(fake.url + "/query"), fake.url + "/store", data, graph_iri)
    upload, count = fake.requests
    assert held == 1 and upload["path"] == path and upload["body"] == data
    assert upload["headers"]["Content-Type"] == "application/n-triples"
    asked = urllib.parse.parse_qs(count["body"].decode())["query"][0]
    assert (f"GRAPH <{graph_iri}>" in asked) == (graph_iri is not None)


def test_query_url_for():
    assert query_url_for("http://h:1/store") == "http://h:1/query"
    assert query_url_for("http://h:1/sparql") == "http://h:1/sparql"


def test_the_client_imports_nothing_above_it():
    import ast
    from pathlib import Path

    import graph.source.endpoint

    tree = ast.parse(Path(graph.source.endpoint.__file__).read_text(encoding="utf-8"))
    ours = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.level}
    assert ours <= {"defaults", "errors", "namespace", "limits"}  # limits: the one time bound of every call
