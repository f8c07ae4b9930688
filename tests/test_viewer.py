"""graph.viewer: the viewer page is self-contained, escaped, deterministic and up to date."""

import base64
import hashlib
import json
import re

import pytest
from rdflib import Graph

from graph.load import load
from graph.network import to_networkx
from graph.resources import DEFAULT_VIEWER as DEFAULT_OUT
from graph.viewer import build_payload, render_html, write_html

EVIL = Graph().parse(data="""
@prefix ex: <http://ex.org/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
ex:a skos:prefLabel "</script><img src=x onerror=window.__xss=1>" ; ex:p ex:b .
ex:b skos:prefLabel "<a href=\\"javascript:window.__xss=2\\">click</a>" ; ex:q ex:c .
ex:c skos:prefLabel "&lt;b&gt; \\u2028 'quotes' \\"double\\"" .
""", format="turtle")


@pytest.fixture(scope="module")
def page(graph):
    return render_html(graph)


def _payload(page):
    match = re.search(r'<script id="graph-data" type="application/json">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


def test_committed_viewer_is_up_to_date(page):
    assert DEFAULT_OUT.read_text(encoding="utf-8") == page, "run: python -m graph viz"


def test_same_input_same_bytes(graph, page):
    assert render_html(load()) == page


def test_no_network_resources(page):
    assert not re.search(r'<(script|link|img|iframe)[^>]+(src|href)=', page)
    assert "cdn" not in page.split("<style>")[0].lower()
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp


def test_only_our_scripts_may_run(page):
    csp = re.search(r'content="(default-src[^"]+)"', page).group(1)
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    assert len(scripts) == 2
    for body in scripts:
        assert base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() in allowed
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


def test_payload_matches_the_graph(graph, page):
    payload = _payload(page)
    net = to_networkx(graph)
    assert len(payload["nodes"]) == net.number_of_nodes() == 102
    assert len(payload["edges"]) == net.number_of_edges() == 109
    edge = next(e for e in payload["edges"] if e["from"] == "kg:China" and e["predicate"] == "ev:investsIn")
    assert edge["sentences"] == ["art:s16"] and edge["statement"] == "claim:China-investsIn-ResearchAndDevelopment"
    sentence = next(s for s in payload["article"]["sentences"] if s["id"] == "art:s16")
    assert payload["article"]["text"][sentence["begin"]:sentence["end"]].startswith("Nations like China")
    classes = {c["id"]: c for c in payload["classes"]}
    assert classes["ev:Nation"]["count"] == 4 and classes["ev:Nation"]["pillar"]
    assert [c["pillar"] for c in payload["classes"]][:4] == [True] * 4
    assert len({(c["color"], c["shape"]) for c in payload["classes"]}) == len(classes)


def test_node_size_follows_pagerank(page):
    nodes = _payload(page)["nodes"]
    by_rank = sorted(nodes, key=lambda n: n["pagerank"])
    assert by_rank[0]["vis"]["size"] <= by_rank[-1]["vis"]["size"]
    assert by_rank[-1]["vis"]["size"] == max(n["vis"]["size"] for n in nodes)


def test_data_cannot_break_out_of_the_page():
    page = render_html(EVIL)
    body = page.split('<script id="graph-data"', 1)[1]
    data_block = body.split("</script>", 1)[0]
    assert "<" not in data_block.split(">", 1)[1] and "&" not in data_block
    labels = {n["label"] for n in _payload(page)["nodes"]}
    assert "</script><img src=x onerror=window.__xss=1>" in labels
    assert page.count("<img") == 0


def test_graph_without_text_or_vocabulary():
    payload = build_payload(EVIL)
    assert payload["article"] is None and payload["title"] == "Knowledge graph"
    assert len(payload["nodes"]) == 3 and len(payload["edges"]) == 2


def test_write_is_utf8_and_all_or_nothing(tmp_path, monkeypatch, graph):
    out = tmp_path / "v.html"
    write_html(graph, out)
    assert out.read_bytes().decode("utf-8") == render_html(graph)
    out.write_text("old", encoding="utf-8")
    import graph.viewer as viewer

    monkeypatch.setattr(viewer, "render_html", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
    with pytest.raises(RuntimeError):
        viewer.write_html(graph, out)
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["v.html"]


def test_large_graphs_show_the_top_concepts_and_say_so(graph):
    from graph.network import concept_network
    from graph.stats import pagerank_values

    cn = concept_network(graph)
    payload = build_payload(graph, cn, limit=30)
    assert payload["subset"]["total"] == 102 and payload["subset"]["shown"] == len(payload["nodes"]) <= 30
    ranks = pagerank_values(cn)
    top = cn.names[max(range(len(cn)), key=lambda i: ranks[i])]
    shown = {n["id"] for n in payload["nodes"]}
    assert top in shown
    assert all(e["from"] in shown and e["to"] in shown for e in payload["edges"])
    assert build_payload(graph, cn)["subset"] is None


def test_written_with_the_users_permissions(tmp_path, graph):
    import os

    old = os.umask(0o022)
    try:
        out = write_html(graph, tmp_path / "v.html")
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
