"""Loading RDF files: formats by extension, and one clear error per bad input."""

import pytest
from rdflib import Graph, Literal, URIRef

from graph.errors import DataError
from graph.source import load
from graph.source.files import FORMATS, guess_format

SMALL = Graph()
SMALL.add((URIRef("http://ex.org/a"), URIRef("http://ex.org/likes"), URIRef("http://ex.org/b")))
SMALL.add((URIRef("http://ex.org/a"), URIRef("http://ex.org/name"), Literal("Ä ünïcode")))


@pytest.mark.parametrize("suffix", sorted(FORMATS))
def test_every_extension_loads(tmp_path, suffix):
    path = tmp_path / f"small{suffix}"
    fmt = {"nquads": "nt", "trig": "turtle"}.get(FORMATS[suffix], FORMATS[suffix])  # triples are a dataset's default graph
    path.write_text(SMALL.serialize(format=fmt), encoding="utf-8")
    loaded = load([path])
    assert set(loaded) == set(SMALL)


def test_default_load_has_claims_and_vocabulary(graph):
    from rdflib.namespace import OWL, RDF

    from graph.namespace import EV, KG

    assert (KG.Germany, EV.investsIn, KG.ResearchAndDevelopment) in graph
    assert (EV.investsIn, RDF.type, OWL.ObjectProperty) in graph
    assert graph.namespace_manager.store.namespace("kg") == URIRef(str(KG))


def test_several_files_are_merged(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.nt"
    a.write_text("<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n", encoding="utf-8")
    b.write_text("<http://ex.org/b> <http://ex.org/p> <http://ex.org/c> .\n", encoding="utf-8")
    assert len(load([a, b])) == 2


def _error(paths):
    with pytest.raises(DataError) as info:
        load(paths)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_missing_file(tmp_path):
    assert _error([tmp_path / "nope.ttl"]) == f"{tmp_path / 'nope.ttl'}: no such file"


def test_directory_is_not_a_file(tmp_path):
    d = tmp_path / "dir.ttl"
    d.mkdir()
    assert _error([d]).endswith("is a directory, not a file")


def test_unknown_extension():
    message = _error(["notes.csv"])
    assert message.startswith("notes.csv: unknown RDF format '.csv'")
    assert ".ttl" in message
    assert guess_format("X.TTL") == "turtle"


def test_missing_file_is_found_before_any_parsing(tmp_path):
    good = tmp_path / "good.ttl"
    good.write_text("<http://ex.org/a> <http://ex.org/p> <http://ex.org/b> .\n", encoding="utf-8")
    assert _error([good, tmp_path / "gone.ttl"]).endswith("gone.ttl: no such file")


@pytest.mark.parametrize(
    "name, content, where, reason",
    [
        ("bad.ttl", '@prefix ex: <http://ex.org/> .\nex:a ex:b ex:c .\nex:a ex:b "open .\n', ":3:", "bad syntax"),
        ("bad.ttl", "@prefix ex: <http://ex.org/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n", ":3:", "bad syntax"),
        ("bad.nt", "<http://a> <http://b> <http://c> .\n\n<http://a> <http://b> .\n", ":3", "not a valid N-Triples line"),
        ("bad.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n<rdf:Description>\n</rdf:RDF>\n', ":3:", "bad XML"),
        ("bad.jsonld", '{"@id": "http://a",\n "http://b": }\n', ":2:", "bad JSON"),
    ],
)
def test_malformed_file_names_file_and_line(tmp_path, name, content, where, reason):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    message = _error([path])
    assert message.startswith(f"{path}{where}"), message
    assert reason in message


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.ttl"
    path.write_bytes(b'<http://a> <http://b> "caf\xe9" .\n')
    assert "not UTF-8" in _error([path])


def test_jsonld_remote_context_is_refused_without_touching_the_network(tmp_path, monkeypatch):
    import socket

    def no_socket(*args, **kwargs):  # would be called if anything really tried to connect
        raise AssertionError("a socket was opened")

    monkeypatch.setattr(socket, "create_connection", no_socket)
    path = tmp_path / "remote.jsonld"
    path.write_text('{"@context": "http://example.org/context.jsonld", "@id": "http://a", "name": "x"}', encoding="utf-8")
    message = _error([path])
    assert "a JSON-LD context by reference (a URL or a file) is refused" in message


def test_no_files():
    assert _error([]) == "no data files given"
