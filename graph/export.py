"""Take the graph to other tools, with the evidence of every edge.

:func:`export` writes the concept network of a graph (:mod:`graph.network`) with the
evidence of each relation (:mod:`graph._evidence`: statement, modality, sentence, offsets,
section, mentions) in one of :data:`FORMATS`:

- ``graphml`` and ``gexf`` (Gephi, yEd, networkx), ``cytoscape`` (Cytoscape.js and desktop JSON),
  ``csv`` (one row per relation);
- ``cypher`` (a script of ``UNWIND ... MERGE / CREATE`` for Neo4j, FalkorDB, Memgraph) and
  ``neo4j-csv`` (a folder of ``nodes.csv`` and ``relationships.csv`` with the headers
  ``neo4j-admin database import`` expects);
- ``jsonld``, ``web-annotation`` and ``turtle12`` (:mod:`graph._linked`): the whole RDF graph.

Nodes carry their IRI, compact name, label, alternative labels, class, pillar, degree,
PageRank and betweenness (exact up to 5,000 concepts, left out above). The same input gives
the same bytes. Output is written whole or not at all (:func:`write_export`).

Examples
--------
>>> from graph import load, concept_network
>>> out = export(load(), "csv")
>>> out.splitlines()[0][:61]
'subject,subject_label,subject_class,predicate,predicate_label'
>>> len(out.splitlines()) - 1 == concept_network(load()).edge_count   # one row per relation
True
"""

import csv
import io
import json
import re

from ._evidence import EDGE_FIELDS, Evidence
from .defaults import EXPORT_FORMATS
from .errors import DataError

__all__ = ["FORMATS", "export", "write_export", "read_source", "nodes_and_edges"]

#: The export formats (``python -m graph export --format F``).
FORMATS = EXPORT_FORMATS
_WHOLE_GRAPH = ("jsonld", "turtle12")
_encode = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps(..., ensure_ascii=False) makes one a call
_NODE_FIELDS = (("name", "string"), ("label", "string"), ("alt_labels", "string"), ("class", "string"),
                ("pillar", "string"), ("degree", "int"), ("pagerank", "double"), ("betweenness", "double"))
_EDGE_TEXT = ("predicate", "predicate_name", "label", *EDGE_FIELDS)
_INTS = {"begin", "end", *(f for f in EDGE_FIELDS if f.endswith(("_begin", "_end")))}


def read_source(open_graph, open_network, fmt):
    """``(graph, network, evidence)`` for ``fmt``, reading the source once where the format
    allows: ``open_graph()`` and ``open_network(graph=..., tap=...)`` are :mod:`graph.source`'s
    functions with the source's options bound. ``graph`` is ``None`` for the formats that need
    only the network and its evidence, ``network`` for those that write the graph's triples."""
    _check(fmt)
    evidence = Evidence()
    if fmt in _WHOLE_GRAPH:  # the graph's own triples; turtle12 also its statements
        from .engine import scan

        graph = open_graph()
        return graph, None, evidence.read(scan(graph)) if fmt == "turtle12" else evidence
    return None, open_network(tap=evidence.tap), evidence


def _check(fmt):
    if fmt not in FORMATS:
        raise DataError(f"unknown export format {fmt!r}: choose one of {', '.join(FORMATS)}")


def nodes_and_edges(network, evidence):
    """The rows the tabular formats write: ``(nodes, edges)``, lists of dicts in a stable order
    (an edge without a statement has no evidence keys)."""
    from .centrality import betweenness_values, pagerank_values
    from .namespace import PILLARS, Compactor
    from .model import pillar_of as pillar_among
    from .stats import EXACT_LIMIT

    cn = network
    compact = Compactor(cn.namespaces)
    pillars = {str(p): compact(p) for p in PILLARS}
    degree = [0] * len(cn)
    for s, o in zip(cn.sources, cn.targets):
        degree[s] += 1
        degree[o] += 1
    ranks = pagerank_values(cn) if len(cn) else []
    between = betweenness_values(cn) if 0 < len(cn) <= EXACT_LIMIT else None
    pillar_of = {}
    nodes = []
    for i, key in enumerate(cn.keys):
        cls = cn.class_iris[i]
        if cls not in pillar_of:
            found = pillar_among(cn.superclasses, str(cls), pillars) if cls is not None else None
            pillar_of[cls] = pillars[found] if found else ""
        node = {"id": key, "name": cn.names[i], "label": cn.labels[i], "alt_labels": "|".join(cn.alt_labels.get(i, [])),
                "class": cn.classes[i], "pillar": pillar_of[cls], "degree": degree[i], "pagerank": round(ranks[i], 8)}
        if between is not None:
            node["betweenness"] = round(between[i], 8)
        nodes.append(node)
    edges, statements = [], evidence.statements()
    for j in range(cn.edge_count):
        s, o, pi = cn.sources[j], cn.targets[j], cn.predicate_ids[j]
        predicate = str(cn.predicates[pi])
        edge = {"id": f"e{j}", "source": cn.keys[s], "target": cn.keys[o], "predicate": predicate,
                "predicate_name": cn.predicate_names[pi], "label": cn.predicate_labels[pi]}
        if statements and (cn.keys[s], predicate, cn.keys[o]) in statements:  # else no evidence: keys left out
            edge.update(evidence.of((cn.keys[s], predicate, cn.keys[o])))
        edges.append(edge)
    return nodes, edges


def export(graph=None, fmt="graphml", network=None, evidence=None):
    """The export of ``graph`` in ``fmt``: a string, or for ``neo4j-csv`` ``{file name: text}``.

    Parameters
    ----------
    graph : rdflib.Graph, optional
        Needed by ``jsonld`` and ``turtle12`` (the whole graph), and to read the network and
        evidence when they are not given.
    fmt : str
        One of :data:`FORMATS`.
    network : graph.network.ConceptNetwork, optional
    evidence : graph._evidence.Evidence, optional
        Read with the network (:func:`read_source`); when either is missing, both are read from ``graph``.
    """
    _check(fmt)
    if evidence is None or (network is None and fmt not in _WHOLE_GRAPH):
        from .network import concept_network

        evidence = Evidence()
        network = concept_network(graph, tap=evidence.tap)
    if fmt in ("jsonld", "turtle12", "web-annotation"):
        from . import _linked

        return _linked.WRITERS[fmt](graph, network, evidence)
    nodes, edges = nodes_and_edges(network, evidence)
    return _WRITERS[fmt](nodes, edges)


def write_export(text, out, fmt, inputs=()):
    """Write :func:`export`'s result to ``out`` (a file; for ``neo4j-csv`` a new or empty folder),
    whole, as :func:`graph._output.write_whole` writes (through links, keeping the mode, never
    over an input). Returns the paths written."""
    from ._output import write_whole

    return write_whole(out, text, inputs)


# ---- writers

_ESCAPES = {**{c: None for c in range(32) if chr(c) not in "\t\n\r"}, ord("&"): "&amp;", ord("<"): "&lt;",
            ord(">"): "&gt;", ord('"'): "&quot;", ord("\n"): "&#10;", ord("\r"): "&#13;", ord("\t"): "&#9;"}


def _xml(value):
    """Text fit for XML 1.0, in an element or a double-quoted attribute: escaped, without the
    control characters XML cannot hold."""
    if not isinstance(value, str):
        return str(value)
    return value.translate(_ESCAPES) if _SPECIAL(value) else value


_SPECIAL = re.compile('[&<>"\x00-\x1f]').search


def _edge_fields():
    return _EDGE_FIELDS


_EDGE_FIELDS = [(f, "int" if f in _INTS else "string") for f in _EDGE_TEXT]


def _graphml(nodes, edges):
    node_fields = [f for f in _NODE_FIELDS if not nodes or f[0] in nodes[0]]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/'
           'xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for name, kind in node_fields:
        out.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    for name, kind in _edge_fields():
        out.append(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    out.append('  <graph id="G" edgedefault="directed">')
    for n in nodes:
        out.append(f'    <node id="{_xml(n["id"])}">')
        out.extend(f'      <data key="n_{k}">{_xml(n[k])}</data>' for k, _ in node_fields if n.get(k) not in ("", None))
        out.append("    </node>")
    for e in edges:
        out.append(f'    <edge id="{e["id"]}" source="{_xml(e["source"])}" target="{_xml(e["target"])}">')
        out.extend(f'      <data key="e_{k}">{_xml(e[k])}</data>' for k, _ in _edge_fields() if e.get(k) not in ("", None))
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double"}


def _gexf(nodes, edges):
    node_fields = [f for f in _NODE_FIELDS if f[0] != "label" and (not nodes or f[0] in nodes[0])]
    edge_fields = [f for f in _edge_fields() if f[0] != "label"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
           '  <graph mode="static" defaultedgetype="directed">', '    <attributes class="node">']
    out += [f'      <attribute id="{k}" title="{k}" type="{_GEXF_TYPES[t]}"/>' for k, t in node_fields]
    out += ["    </attributes>", '    <attributes class="edge">']
    out += [f'      <attribute id="{k}" title="{k}" type="{_GEXF_TYPES[t]}"/>' for k, t in edge_fields]
    out += ["    </attributes>", "    <nodes>"]
    for n in nodes:
        out.append(f'      <node id="{_xml(n["id"])}" label="{_xml(n["label"])}"><attvalues>')
        out.extend(f'        <attvalue for="{k}" value="{_xml(n[k])}"/>'
                   for k, _ in node_fields if n.get(k) not in ("", None))
        out.append("      </attvalues></node>")
    out += ["    </nodes>", "    <edges>"]
    for e in edges:
        out.append(f'      <edge id="{e["id"]}" source="{_xml(e["source"])}" target="{_xml(e["target"])}" '
                   f'label="{_xml(e["label"])}"><attvalues>')
        out.extend(f'        <attvalue for="{k}" value="{_xml(e[k])}"/>'
                   for k, _ in edge_fields if e.get(k) not in ("", None))
        out.append("      </attvalues></edge>")
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out)


def _cytoscape(nodes, edges):
    def elements(rows):
        return ",\n  ".join(_encode({"data": {k: v for k, v in r.items() if v not in ("", None)}})
                             for r in rows)

    head = json.dumps({"format_version": "1.0", "generated_by": "ev-knowledge-graph",
                       "target_cytoscapejs_version": "~3", "data": {"name": "knowledge graph"}}, ensure_ascii=False)
    return (head[:-1] + ',\n "elements": {\n "nodes": [\n  ' + elements(nodes) + '\n ],\n "edges": [\n  '
            + elements(edges) + "\n ]}}\n")


_CSV_HEAD = ("subject", "subject_label", "subject_class", "predicate", "predicate_label", "object", "object_label",
             "object_class", *EDGE_FIELDS)


def _csv(nodes, edges):
    by_id = {n["id"]: n for n in nodes}
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\r\n")
    w.writerow(_CSV_HEAD)
    for e in edges:
        s, o = by_id[e["source"]], by_id[e["target"]]
        w.writerow([e["source"], s["label"], s["class"], e["predicate"], e["label"], e["target"], o["label"], o["class"],
                    *("" if e.get(f) is None else e[f] for f in EDGE_FIELDS)])
    return buffer.getvalue()


def _cypher(nodes, edges):
    from ._databases import cypher

    return cypher(nodes, edges)


def _neo4j_csv(nodes, edges):
    from ._databases import neo4j_csv

    return neo4j_csv(nodes, edges)


_WRITERS = {"graphml": _graphml, "gexf": _gexf, "cytoscape": _cytoscape, "csv": _csv, "cypher": _cypher,
            "neo4j-csv": _neo4j_csv}
