"""The concept network as rows, and the formats that write rows: GraphML, GEXF, Cytoscape.js, CSV.

:func:`nodes_and_edges` turns a network and its evidence into the rows every tabular format
writes (:mod:`graph.exports.databases` writes the same rows for graph databases). Nodes carry their
IRI, compact name, label, alternative labels, class, pillar, degree, PageRank and betweenness
(exact up to 5,000 concepts, left out above); edges their predicate and the evidence of
:data:`graph.evidence.reader.EDGE_FIELDS`.
"""

import csv
import io
import json
import re

from ..defaults import EXACT_LIMIT
from ..evidence.model import pillar_of as pillar_among
from ..evidence.reader import EDGE_FIELDS
from ..namespace import PILLARS, Compactor
from ..network import degrees
from ..network.centrality import betweenness_values, pagerank_values

__all__ = ["nodes_and_edges", "cells", "csv_writer", "WRITERS", "NODE_FIELDS", "EDGE_TEXT", "EDGE_FIELD_TYPES", "encode",
           "FORMULA_STARTS", "node_fields", "edge_fields"]

#: One JSON encoder, compact and UTF-8 (``json.dumps(..., ensure_ascii=False)`` makes one a call).
encode = json.JSONEncoder(ensure_ascii=False).encode
#: The fields of a node, with their types.
NODE_FIELDS = (("name", "string"), ("label", "string"), ("alt_labels", "string"), ("class", "string"),
               ("pillar", "string"), ("degree", "int"), ("pagerank", "double"), ("betweenness", "double"))
#: The text fields of an edge: its predicate, then its evidence.
EDGE_TEXT = ("predicate", "predicate_name", "label", *EDGE_FIELDS)
_INTS = {"begin", "end", *(f for f in EDGE_FIELDS if f.endswith(("_begin", "_end")))}
#: The fields of an edge, with their types.
EDGE_FIELD_TYPES = [(f, "int" if f in _INTS else "string") for f in EDGE_TEXT]


def node_fields(nodes):
    """The fields of :data:`NODE_FIELDS` that the rows ``nodes`` have (``pillar`` only where the graph's
    classes have pillars, ``betweenness`` only where it was computed), with their types."""
    return [f for f in NODE_FIELDS if not nodes or f[0] in nodes[0]]


def edge_fields(edges):
    """The fields of :data:`EDGE_FIELD_TYPES` that the rows ``edges`` need: the evidence's only where
    some relation has a statement (a graph without the provenance model gets no column of it)."""
    evidence = any("statement" in e for e in edges)
    return [f for f in EDGE_FIELD_TYPES if evidence or f[0] not in EDGE_FIELDS]


def nodes_and_edges(network, evidence):
    """The rows the tabular formats write: ``(nodes, edges)``, lists of dicts in a stable order
    (an edge without a statement has no evidence keys; the nodes have a ``pillar`` key only where
    some concept has a pillar)."""
    cn = network
    compact = Compactor(cn.namespaces)
    pillars = {str(p): compact(p) for p in PILLARS}
    degree = degrees(cn)
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
    if not any(n["pillar"] for n in nodes):  # the pillars are our vocabulary's: no column of them elsewhere
        for n in nodes:
            del n["pillar"]
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



_ESCAPES = {**{c: None for c in range(32) if chr(c) not in "\t\n\r"}, ord("&"): "&amp;", ord("<"): "&lt;",
            ord(">"): "&gt;", ord('"'): "&quot;", ord("\n"): "&#10;", ord("\r"): "&#13;", ord("\t"): "&#9;"}


def _xml(value):
    """Text fit for XML 1.0, in an element or a double-quoted attribute: escaped, without the
    control characters XML cannot hold."""
    if not isinstance(value, str):
        return str(value)
    return value.translate(_ESCAPES) if _SPECIAL(value) else value


_SPECIAL = re.compile('[&<>"\x00-\x1f]').search


def _graphml(nodes, edges):
    node_keys, edge_keys = node_fields(nodes), edge_fields(edges)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
           'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/'
           'xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">']
    for name, kind in node_keys:
        out.append(f'  <key id="n_{name}" for="node" attr.name="{name}" attr.type="{kind}"/>')
    for name, kind in edge_keys:
        out.append(f'  <key id="e_{name}" for="edge" attr.name="{name}" attr.type="{kind}"/>')
    out.append('  <graph id="G" edgedefault="directed">')
    for n in nodes:
        out.append(f'    <node id="{_xml(n["id"])}">')
        out.extend(f'      <data key="n_{k}">{_xml(n[k])}</data>' for k, _ in node_keys if n.get(k) not in ("", None))
        out.append("    </node>")
    for e in edges:
        out.append(f'    <edge id="{e["id"]}" source="{_xml(e["source"])}" target="{_xml(e["target"])}">')
        out.extend(f'      <data key="e_{k}">{_xml(e[k])}</data>' for k, _ in edge_keys if e.get(k) not in ("", None))
        out.append("    </edge>")
    out += ["  </graph>", "</graphml>", ""]
    return "\n".join(out)


_GEXF_TYPES = {"string": "string", "int": "integer", "double": "double"}


def _gexf(nodes, edges):
    node_keys = [f for f in node_fields(nodes) if f[0] != "label"]
    edge_keys = [f for f in edge_fields(edges) if f[0] != "label"]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<gexf xmlns="http://gexf.net/1.3" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
           'xsi:schemaLocation="http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd" version="1.3">',
           '  <graph mode="static" defaultedgetype="directed">', '    <attributes class="node">']
    out += [f'      <attribute id="{k}" title="{k}" type="{_GEXF_TYPES[t]}"/>' for k, t in node_keys]
    out += ["    </attributes>", '    <attributes class="edge">']
    out += [f'      <attribute id="{k}" title="{k}" type="{_GEXF_TYPES[t]}"/>' for k, t in edge_keys]
    out += ["    </attributes>", "    <nodes>"]
    for n in nodes:
        out.append(f'      <node id="{_xml(n["id"])}" label="{_xml(n["label"])}"><attvalues>')
        out.extend(f'        <attvalue for="{k}" value="{_xml(n[k])}"/>'
                   for k, _ in node_keys if n.get(k) not in ("", None))
        out.append("      </attvalues></node>")
    out += ["    </nodes>", "    <edges>"]
    for e in edges:
        out.append(f'      <edge id="{e["id"]}" source="{_xml(e["source"])}" target="{_xml(e["target"])}" '
                   f'label="{_xml(e["label"])}"><attvalues>')
        out.extend(f'        <attvalue for="{k}" value="{_xml(e[k])}"/>'
                   for k, _ in edge_keys if e.get(k) not in ("", None))
        out.append("      </attvalues></edge>")
    out += ["    </edges>", "  </graph>", "</gexf>", ""]
    return "\n".join(out)


def _cytoscape(nodes, edges):
    def elements(rows):
        return ",\n  ".join(encode({"data": {k: v for k, v in r.items() if v not in ("", None)}})
                             for r in rows)

    head = json.dumps({"format_version": "1.0", "generated_by": "ev-knowledge-graph",
                       "target_cytoscapejs_version": "~3", "data": {"name": "knowledge graph"}}, ensure_ascii=False)
    return (head[:-1] + ',\n "elements": {\n "nodes": [\n  ' + elements(nodes) + '\n ],\n "edges": [\n  '
            + elements(edges) + "\n ]}}\n")


_CSV_HEAD = ("subject", "subject_label", "subject_class", "predicate", "predicate_label", "object", "object_label",
             "object_class", *EDGE_FIELDS)


#: The first characters that make a spreadsheet read a cell as a formula (or a command: DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_writer(buffer):
    """The CSV writer of every export: RFC 4180's CRLF between rows, so that a cell holding a line
    break of any kind (a lone CR too) is quoted and never starts a row of its own."""
    return csv.writer(buffer, lineterminator="\r\n")


def cells(values):
    """A row for a CSV file that spreadsheets open: ``None`` is empty, and a text that begins with one
    of :data:`FORMULA_STARTS` gets a leading apostrophe, so that LibreOffice or Excel shows it as
    text and never runs it (OWASP's advice against CSV injection); numbers are written as they are.

    Examples
    --------
    >>> cells(["=HYPERLINK('x')", "-5 km", -5, None, "plain"])
    ["'=HYPERLINK('x')", "'-5 km", -5, '', 'plain']
    """
    return ["" if v is None else "'" + v if isinstance(v, str) and v.startswith(FORMULA_STARTS) else v for v in values]


def _csv(nodes, edges):
    by_id = {n["id"]: n for n in nodes}
    buffer = io.StringIO()
    w = csv_writer(buffer)
    evidence = [f for f, _ in edge_fields(edges) if f in EDGE_FIELDS]
    w.writerow(_CSV_HEAD[:len(_CSV_HEAD) - len(EDGE_FIELDS)] + tuple(evidence))
    for e in edges:
        s, o = by_id[e["source"]], by_id[e["target"]]
        w.writerow(cells([e["source"], s["label"], s["class"], e["predicate"], e["label"], e["target"], o["label"],
                          o["class"], *(e.get(f) for f in evidence)]))
    return buffer.getvalue()


#: The writers of the tabular formats: a function of ``(nodes, edges)`` each.
WRITERS = {"graphml": _graphml, "gexf": _gexf, "cytoscape": _cytoscape, "csv": _csv}
