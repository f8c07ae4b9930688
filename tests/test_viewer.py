"""graph.viewer: the viewer page is self-contained, escaped, deterministic and up to date."""

import base64
import hashlib
import json
import re

import pytest
from rdflib import Graph

from graph.source import load
from graph.network.analysis import to_networkx
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
    """The one test that reads the committed page: it fails, with the command to run, when it is stale
    (a new Pyvis, a change to the data or the template). Every other test renders its own."""
    assert DEFAULT_OUT.read_text(encoding="utf-8") == page, "viz/ev-knowledge-graph.html is stale: run python -m graph viz"


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
    from collections import Counter

    from graph.source import concept_network

    payload = _payload(page)
    net, cn = to_networkx(graph), concept_network(graph)
    assert len(payload["nodes"]) == net.number_of_nodes() == len(cn) > 0
    assert len(payload["edges"]) == net.number_of_edges() == cn.edge_count > 0
    edge = next(e for e in payload["edges"] if e["from"] == "kg:China" and e["predicate"] == "ev:investsIn")
    assert edge["sentences"] == ["art:s16"] and edge["statement"] == "claim:China-investsIn-ResearchAndDevelopment"
    [doc] = payload["documents"]
    sentence = next(s for s in doc["sentences"] if s["id"] == "art:s16")
    assert doc["text"][sentence["begin"]:sentence["end"]].startswith("Nations like China")
    classes = {c["id"]: c for c in payload["classes"]}
    assert dict(Counter(cn.classes)) == {c: classes[c]["count"] for c in classes if classes[c]["count"]}
    assert classes["ev:Nation"]["count"] == Counter(cn.classes)["ev:Nation"] > 0 and classes["ev:Nation"]["pillar"]
    # the pillars, each followed by its kinds, come before every other class
    family = [c["pillar"] or c["kindOf"] is not None for c in payload["classes"]]
    assert family == sorted(family, reverse=True) and payload["classes"][0]["pillar"]
    assert {classes[k]["kindOf"] for k in ("ev:WorkerGroup", "ev:Skill", "ev:Training")} == {"ev:Workforce"}
    assert len({(c["color"], c["shape"]) for c in payload["classes"]}) == len(classes)


@pytest.mark.parametrize("measure", ["degree", "betweenness", "pagerank"])
def test_node_sizes_follow_the_measure_of_stats(graph, page, measure):
    from graph.network.analysis import stats

    nodes = _payload(page)["nodes"]
    assert all(n["vis"]["size"] == n["sizes"]["degree"] for n in nodes)  # degree by default
    by_value = sorted(nodes, key=lambda n: n[measure])
    for a, b in zip(by_value, by_value[1:]):
        assert a["sizes"][measure] <= b["sizes"][measure]
    top = [c["concept"] for c in stats(graph, top=3)["top"][measure]]
    largest = sorted(nodes, key=lambda n: -n["sizes"][measure])[:3]
    assert {n["id"] for n in largest} == set(top)
    assert [n["id"] for n in largest][0] == top[0]


def _lab(hex_colour, cvd=None):
    """CIELAB (D65) of an sRGB colour, optionally as seen with a colour-vision deficiency
    (Machado, Oliveira and Fernandes 2009, severity 1, applied to linear RGB)."""
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    if cvd:
        lin = [min(1, max(0, sum(m * c for m, c in zip(row, lin)))) for row in _CVD[cvd]]
    r, g, b = lin
    xyz = ((0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047, 0.2126729 * r + 0.7151522 * g + 0.0721750 * b,
           (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883)
    f = [t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116 for t in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


_CVD = {"protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
        "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
        "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]]}


def _ciede2000(lab1, lab2):
    from math import atan2, cos, degrees, exp, hypot, radians, sin, sqrt

    (l1, a1, b1), (l2, a2, b2) = lab1, lab2
    cbar = (hypot(a1, b1) + hypot(a2, b2)) / 2
    g = 0.5 * (1 - sqrt(cbar ** 7 / (cbar ** 7 + 25 ** 7)))
    a1, a2 = (1 + g) * a1, (1 + g) * a2
    c1, c2 = hypot(a1, b1), hypot(a2, b2)
    h1, h2 = (degrees(atan2(b1, a1)) % 360 if c1 else 0), (degrees(atan2(b2, a2)) % 360 if c2 else 0)
    dh = 0 if c1 * c2 == 0 else (h2 - h1 + 180) % 360 - 180
    dl, dc, dhh = l2 - l1, c2 - c1, 2 * sqrt(c1 * c2) * sin(radians(dh / 2))
    lbar, cbar = (l1 + l2) / 2, (c1 + c2) / 2
    if c1 * c2 == 0:
        hbar = h1 + h2
    elif abs(h1 - h2) <= 180:
        hbar = (h1 + h2) / 2
    else:
        hbar = (h1 + h2 + 360) / 2 if h1 + h2 < 360 else (h1 + h2 - 360) / 2
    t = (1 - 0.17 * cos(radians(hbar - 30)) + 0.24 * cos(radians(2 * hbar)) + 0.32 * cos(radians(3 * hbar + 6))
         - 0.20 * cos(radians(4 * hbar - 63)))
    sl = 1 + 0.015 * (lbar - 50) ** 2 / sqrt(20 + (lbar - 50) ** 2)
    sc, sh = 1 + 0.045 * cbar, 1 + 0.015 * cbar * t
    rt = -sin(radians(60 * exp(-(((hbar - 275) / 25) ** 2)))) * 2 * sqrt(cbar ** 7 / (cbar ** 7 + 25 ** 7))
    return sqrt((dl / sl) ** 2 + (dc / sc) ** 2 + (dhh / sh) ** 2 + rt * (dc / sc) * (dhh / sh))


def test_ciede2000_matches_sharmas_reference_pairs():
    # Sharma, Wu and Dalal (2005), pairs 1, 7 and 17
    assert round(_ciede2000((50, 2.6772, -79.7751), (50, 0, -82.7485)), 4) == 2.0425
    assert round(_ciede2000((50, 0, 0), (50, -1, 2)), 4) == 2.3669
    assert round(_ciede2000((50, 2.5, 0), (73, 25, -18)), 4) == 27.1492


def test_class_colours_are_distinguishable(graph, page):
    from itertools import combinations

    from graph.source import concept_network
    from graph.viewer.payload import _KIND_COLOURS, _PALETTE, _PILLAR_STYLE

    classes = _payload(page)["classes"]
    in_data = set(concept_network(graph).classes)
    assert {c["id"] for c in classes if c["count"]} == in_data
    assert len({c["color"] for c in classes}) == len(classes) >= len(in_data)
    distances = [_ciede2000(_lab(a["color"]), _lab(b["color"])) for a, b in combinations(classes, 2)]
    assert min(distances) >= 20
    # with a colour-vision deficiency, shape tells apart what colour may not: classes that share
    # a shape stay apart under each simulated deficiency
    for cvd in _CVD:
        for a, b in combinations(classes, 2):
            if a["shape"] == b["shape"]:
                assert _ciede2000(_lab(a["color"], cvd), _lab(b["color"], cvd)) >= 15, (cvd, a["id"], b["id"])
    pillars = [c for c in classes if c["pillar"]]
    assert {c["shape"] for c in pillars} == {"star", "hexagon", "triangle", "square"}
    # a pillar's shape is its own and its kinds' (ev:Skill is drawn as ev:Workforce is)
    shape_of = {c["id"]: c["shape"] for c in pillars}
    for c in classes:
        if not c["pillar"]:
            assert c["shape"] == shape_of[c["kindOf"]] if c["kindOf"] else c["shape"] not in shape_of.values(), c["id"]
    # and the whole palette keeps its promise, not only the part this article uses
    palette = [(colour, shape) for colour, shape in _PILLAR_STYLE.values()] + _PALETTE + \
        [(colour, "square") for colour in _KIND_COLOURS]
    assert len(palette) >= 24 and len(set(palette)) == len(palette)
    for (a, sa), (b, sb) in combinations(palette, 2):
        assert _ciede2000(_lab(a), _lab(b)) >= 20, (a, b)
        assert sa != sb or min(_ciede2000(_lab(a, cvd), _lab(b, cvd)) for cvd in _CVD) >= 15, (a, b)


def test_long_labels_wrap(page):
    node = next(n for n in _payload(page)["nodes"] if n["id"] == "kg:GlobalEVRace")
    lines = node["vis"]["label"].split("\n")
    assert len(lines) > 1 and " ".join(lines) == node["label"] and max(map(len, lines)) <= 18


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
    assert payload["documents"] == [] and payload["title"] == "Knowledge graph"
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
    from graph.source import concept_network
    from graph.network.centrality import pagerank_values

    cn = concept_network(graph)
    payload = build_payload(graph, cn, limit=30)
    assert payload["subset"]["total"] == len(cn) and payload["subset"]["shown"] == len(payload["nodes"]) <= 30
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


@pytest.mark.slow  # 6,000 concepts: 11 s
def test_a_large_graph_sizes_betweenness_within_the_part_shown(tmp_path):
    """Above EXACT_LIMIT concepts the whole graph's betweenness would be sampled (seconds at a
    million triples): the viewer measures it exactly within the part shown, and says so."""
    import importlib.util

    import igraph

    from graph.source import concept_network
    from graph.defaults import EXACT_LIMIT
    from graph.viewer import build_payload

    spec = importlib.util.spec_from_file_location("generate", DEFAULT_OUT.parent.parent / "bench" / "generate.py")
    generate = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generate)
    path = tmp_path / "big.ttl"
    with open(path, "w", encoding="utf-8") as f:
        generate.generate(EXACT_LIMIT + 500, 2 * EXACT_LIMIT, seed=5, out=f)
    graph = load([path], engine="oxigraph")
    cn = concept_network(graph)
    payload = build_payload(graph, cn)
    assert payload["betweenness"] == "shown" and payload["subset"]["shown"] < len(cn)
    shown = [cn.names.index(n["id"]) for n in payload["nodes"]]
    index = {i: k for k, i in enumerate(shown)}
    part = igraph.Graph(n=len(shown), edges=[(index[s], index[o]) for s, o in zip(cn.sources, cn.targets)
                                              if s in index and o in index], directed=False)
    part.simplify()
    scale = 2.0 / ((len(shown) - 1) * (len(shown) - 2))
    assert [n["betweenness"] for n in payload["nodes"]] == [round(b * scale, 6) for b in part.betweenness()]
    assert build_payload(load(), None)["betweenness"] == "graph"


# ---- many documents (issue 21): the article and the four test documents, read together

DOCUMENTS = DEFAULT_OUT.parent.parent / "tests" / "fixtures" / "documents"
FOUR = [DOCUMENTS / f"{name}.ttl" for name in ("contradicting", "corroborating", "held-out", "mixed")]


@pytest.fixture(scope="module")
def corpus():
    """The article's graph with the four test documents: ``(graph, payload, evidence, compact)``."""
    from graph.evidence.reader import Evidence, term
    from graph.namespace import Compactor, namespaces_of

    g = load(_corpus_files())
    compactor = Compactor(namespaces_of(g))
    return g, build_payload(g), Evidence.of_graph(g), lambda key: compactor(term(key))


def test_each_document_has_its_own_text_and_sentences(corpus):
    g, payload, evidence, compact = corpus
    documents = {compact(d): d for d in evidence.documents()}
    assert len(documents) == len(FOUR) + 1 and {d["id"] for d in payload["documents"]} == set(documents)
    rows = evidence.per_document()
    titles = [d["title"] for d in payload["documents"]]
    assert titles == sorted(titles, key=str.casefold)  # listed by title
    sentences = {compact(str(x.iri)): x for x in evidence.sentence_list()}
    for doc in payload["documents"]:
        iri = documents[doc["id"]]
        assert doc["title"] == rows[iri]["title"] and doc["text"] == evidence.text_of(iri)
        assert len(doc["sentences"]) == rows[iri]["sentences"] > 0
        for s in doc["sentences"]:  # its own, with offsets into its own text
            assert evidence.reference(str(sentences[s["id"]].iri)) == iri
            assert doc["text"][s["begin"]:s["end"]] == sentences[s["id"]].text
    assert payload["title"] == f"Knowledge graph of {len(FOUR) + 1} documents"


def test_an_edge_lists_every_statement_from_every_document(corpus):
    g, payload, evidence, compact = corpus
    by_ends = {(e["from"], e["predicate"], e["to"]): e for e in payload["edges"]}
    several = 0
    for (s, p, o), statements in evidence.statements().items():
        edge = by_ends.get((compact(s), compact(p), compact(o)))
        if edge is None:  # a statement about something that is no relation of the network
            continue
        assert sorted(x["id"] for x in edge["statements"]) == sorted(compact(st) for st in statements)
        saying = {compact(d) for st in statements if not evidence.denied(st) for d in evidence.documents_of(st)}
        denying = {compact(d) for st in statements if evidence.denied(st) for d in evidence.documents_of(st)}
        assert set(edge["documents"]) == saying and set(edge["deniedBy"]) == denying
        assert edge["vis"].get("width", 1.2) == pytest.approx(1.2 + 1.5 * max(len(saying) - 1, 0))
        for x in edge["statements"]:
            st = next(st for st in statements if compact(st) == x["id"])
            assert x["denied"] == evidence.denied(st)
            assert x["sentences"] == [compact(y[0]) for y in evidence.sentences_of(st)]
            assert set(x["documents"]) == {compact(d) for d in evidence.documents_of(st)}
        several += len(saying) > 1
    assert several >= 10  # corroborated claims are drawn wider


def test_denials_and_opposites_are_on_their_edges(corpus):
    g, payload, evidence, compact = corpus
    edges = {e["id"]: e for e in payload["edges"]}
    found = {(c["kind"], *c["statements"]) for e in payload["edges"] for c in e["contradictions"]}
    expected = {(kind, compact(a), compact(b)) for kind, a, b in evidence.contradictions()}
    assert found == expected and {k for k, *_ in expected} == {"denied", "opposite"}
    for e in payload["edges"]:
        for c in e["contradictions"]:
            assert e["id"] in c["edges"]
            a, b = (edges[x] for x in c["edges"])
            assert (a["from"], a["to"]) == (b["from"], b["to"])  # the same two concepts
            if c["kind"] == "denied":
                assert a is b and a["deniedBy"] and any(x["denied"] for x in a["statements"])
            else:
                assert a["predicate"] != b["predicate"]
    germany = next(e for e in payload["edges"] if e["from"] == "kg:Germany" and e["predicate"] == "ev:investsIn")
    assert germany["deniedBy"] and germany["documents"] and germany["asserted"] and not germany["denied"]


def test_a_relation_only_denied_is_not_asserted():
    """Without the article's claim, Germany investing in R&D is only denied: an edge still, not asserted."""
    from graph.namespace import CLAIM, EV, KG
    from graph.resources import DEFAULT_FILES

    g = load([*DEFAULT_FILES, DOCUMENTS / "contradicting.ttl"])
    g.remove((KG.Germany, EV.investsIn, KG.ResearchAndDevelopment))
    g.remove((CLAIM["Germany-investsIn-ResearchAndDevelopment"], None, None))
    edge = next(e for e in build_payload(g)["edges"] if e["from"] == "kg:Germany" and e["predicate"] == "ev:investsIn")
    assert edge["denied"] and not edge["asserted"] and edge["documents"] == [] and len(edge["deniedBy"]) == 1
    assert [x["denied"] for x in edge["statements"]] == [True] and edge["vis"].get("width", 1.2) == 1.2


def test_one_document_draws_as_before(page):
    payload = _payload(page)
    assert len(payload["documents"]) == 1 and payload["title"] == payload["documents"][0]["title"]
    assert all("width" not in e["vis"] for e in payload["edges"])
    assert all(e["contradictions"] == [] and e["deniedBy"] == [] for e in payload["edges"])


def test_many_documents_same_bytes(corpus):
    g = corpus[0]
    assert render_html(g) == render_html(load(_corpus_files()))  # read afresh: the same page, byte for byte


def _corpus_files():
    from graph.resources import DEFAULT_FILES

    return [*DEFAULT_FILES, *FOUR]
