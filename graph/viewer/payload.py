"""What the viewer shows, as plain data: the legend, the concepts, the relations with their evidence, the texts.

:func:`build_payload` reads a source's concept network and evidence (no rdflib graph is needed)
and runs the steps in turn: :func:`_select` (which concepts, for a graph above
:data:`~graph.defaults.VIEW_LIMIT`), :func:`_legend` (classes, their colours and shapes),
:func:`_node_items` (each concept with its sizes by degree, betweenness and PageRank),
:func:`_documents` (each document's text, sections and sentences) and :func:`_edge_items` (each
relation with every statement of it from every document: its document, modality, sentences and
the words that say it; which documents say it, which deny it, what contradicts it). Pyvis's
``Node`` and ``Edge`` make each vis-network item.
"""

import importlib.util
import sys
import textwrap
from collections import Counter
from pathlib import Path

from rdflib import URIRef

from ..defaults import EXACT_LIMIT, VIEW_LIMIT
from ..evidence.reader import term
from ..namespace import EV, PILLARS, Compactor
from ..network import degrees
from ..network.centrality import betweenness_values, betweenness_within, pagerank_values
from ..source import Source

__all__ = ["build_payload", "pyvis_folder"]

# Pillars get the strongest colours, shapes of their own and a shadow; their kinds (rdfs:subClassOf,
# e.g. ev:Skill of ev:Workforce) share shape and shadow with colours of their own; other classes take
# the palette in turn, each colour with its shape. The 4 + 3 + 20 colours (searched in CIELAB over
# sRGB, L* 30-78) are >= 20 apart in CIEDE2000; two of one shape stay >= 15 apart under simulated
# protanopia, deuteranopia and tritanopia (Machado 2009). tests/test_viewer.py measures both.
_PILLAR_STYLE = {
    "Nation": ("#92150a", "star"),
    "Technology": ("#028bbe", "hexagon"),
    "Challenge": ("#e57700", "triangle"),
    "Workforce": ("#00ad10", "square"),
}
_KIND_COLOURS = ["#d6b594", "#de216b", "#00d6d6"]
_PALETTE = [("#1000ef", "diamond"), ("#d600de", "dot"), ("#ff0010", "diamond"), ("#bdc500", "dot"),
            ("#6b6be6", "triangleDown"), ("#ff8cf7", "dot"), ("#a58400", "dot"), ("#84106b", "triangleDown"),
            ("#ff8c8c", "triangleDown"), ("#006329", "dot"), ("#524a00", "triangleDown"), ("#94bdff", "triangleDown"),
            ("#008c84", "diamond"), ("#4a4a73", "dot"), ("#947394", "triangleDown"), ("#005263", "diamond"),
            ("#adc5a5", "dot"), ("#735a52", "diamond"), ("#c5b5c5", "diamond"), ("#848473", "dot")]  # by chroma
_SHAPES = ["dot", "diamond", "triangleDown"]
_LARGE = 400  # above this many concepts, the layout trades polish for speed
_WIDTH, _WIDTH_STEP = 1.2, 1.5  # a relation said by one document is 1.2 px wide; each further document adds 1.5


def build_payload(source=None, network=None, limit=VIEW_LIMIT):
    """Everything the page shows, as plain data: concepts, relations, classes, the text.

    Parameters
    ----------
    source : graph.source.Source, rdflib.Graph or None
        The graph, or where it comes from (default: the article's graph).
    network : graph.network.ConceptNetwork, optional
        Its concept network, when already read (with its evidence, or the source gives it).
    limit : int
        Above this many concepts, show only the concepts with the highest PageRank and up to
        twenty neighbours of each, ``limit`` concepts at most; the page says so.

    Returns
    -------
    dict
        ``title``, ``classes`` (legend rows), ``nodes`` and ``edges`` (each with its
        vis-network item, made with Pyvis's ``Node`` and ``Edge``, and the details the side
        panel shows: an edge's ``statements``, one per statement of it in any document),
        ``documents`` (each document's ``id``, ``title``, ``text``, ``sections``, ``sentences``
        and how many relations shown it ``claims`` and ``denies``; empty when the graph holds no
        text), ``subset`` (how much is shown, or ``None``), ``betweenness`` (``"graph"``, or
        ``"shown"`` when above 5,000 concepts it is measured within the part shown) and
        ``options`` (vis-network's).
    """
    source = Source.of(source)
    cn = network if network is not None else source.network()
    evidence = cn.evidence if cn.evidence is not None else source.evidence()
    ranks = pagerank_values(cn)
    shown, seeds = _select(cn, ranks, limit)
    large = len(shown) > _LARGE
    classes, style = _legend(cn)
    nodes, between_scope = _node_items(cn, shown, ranks, classes, style)
    documents = _documents(cn, evidence)
    edges = _edge_items(cn, evidence, shown, large, documents)
    subset = None
    if seeds is not None:
        subset = {"shown": len(shown), "total": len(cn), "relations_shown": len(edges),
                  "relations_total": cn.edge_count, "seeds": seeds}
    return {
        "title": _title(documents),
        "classes": classes,
        "nodes": nodes,
        "edges": edges,
        "documents": documents,
        "subset": subset,
        "betweenness": between_scope,
        "options": _options(len(shown), large),
    }


def _title(documents):
    """The page's title: its document's, or how many documents it reads."""
    if len(documents) == 1 and documents[0]["title"]:
        return documents[0]["title"]
    if len(documents) > 1:
        return f"Knowledge graph of {len(documents)} documents"
    return "Knowledge graph"


def _select(cn, ranks, limit):
    """Indices of the nodes to show, and how many seeds chose them: all (``None`` seeds), or the top
    by PageRank with their neighbours."""
    n = len(cn)
    if n <= limit:
        return list(range(n)), None
    neighbours = [[] for _ in range(n)]
    for s, o in zip(cn.sources, cn.targets):
        neighbours[s].append(o)
        neighbours[o].append(s)
    chosen, seeds = set(), 0
    for i in sorted(range(n), key=lambda i: (-ranks[i], cn.keys[i])):  # keys: no compact name made per concept
        group = {i} | {j for j in sorted(neighbours[i], key=lambda j: (-ranks[j], cn.keys[j]))[:20]}
        if len(chosen | group) > limit:
            break
        chosen |= group
        seeds += 1
    return sorted(chosen), seeds


def _legend(cn):
    """The legend's rows and each class's ``(colour, shape)``: each pillar (by size with its kinds;
    shown if only its kinds have members) and its kinds, then the other classes by size, then by
    name; counts over the whole graph."""
    compact = Compactor(cn.namespaces)
    pillar_names = {compact(p) for p in PILLARS}
    counts = Counter(cn.classes)
    iri_of = {name: _expand(name, cn.namespaces) for name in set(counts) | pillar_names}
    kind_of = {}
    for name in counts:
        iri = iri_of.get(name)
        parents = {compact(URIRef(c)) for c in cn.superclasses.get(str(iri), ())} if iri else set()
        kind_of.update({name: p for p in sorted(parents & pillar_names) if name not in pillar_names})
    size = {p: counts.get(p, 0) + sum(counts[k] for k in kind_of if kind_of[k] == p)
            for p in pillar_names if p in counts or p in kind_of.values()}
    ordered, by_size = [], (lambda c: (-counts[c], c))
    for p in sorted(size, key=lambda p: (-size[p], p)):
        ordered += [p] + sorted((k for k in kind_of if kind_of[k] == p), key=by_size)
    ordered += sorted((c for c in counts if c not in size and c not in kind_of), key=by_size)
    classes, style, other, kinds = [], {}, 0, 0
    for name in ordered:
        local = name.split(":", 1)[-1]
        if name in size and local in _PILLAR_STYLE:
            color, shape = _PILLAR_STYLE[local]
        elif name in kind_of and kinds < len(_KIND_COLOURS) and kind_of[name].split(":", 1)[-1] in _PILLAR_STYLE:
            color, shape = _KIND_COLOURS[kinds], _PILLAR_STYLE[kind_of[name].split(":", 1)[-1]][1]
            kinds += 1
        else:  # past the palette, colours come round again with another shape
            color, shape = _PALETTE[other % len(_PALETTE)]
            shape = _SHAPES[(_SHAPES.index(shape) + other // len(_PALETTE)) % len(_SHAPES)]
            other += 1
        iri = iri_of.get(name)
        title = cn.class_labels.get(str(iri)) if iri is not None else None
        style[name] = (color, shape)
        classes.append({"id": name, "label": title or local or "no class", "color": color, "shape": shape,
                        "count": counts.get(name, 0), "shown": 0, "pillar": name in size, "kindOf": kind_of.get(name)})
    return classes, style


def _expand(name, namespaces):
    """The IRI of a compact name, or ``None``."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in namespaces:
        return URIRef(str(namespaces[prefix]) + local)
    return None


def _node_items(cn, shown, ranks, classes, style):
    """Each concept shown, with its measures and its sizes by each; returns them and where
    betweenness was measured (``"graph"``, or ``"shown"`` above EXACT_LIMIT concepts)."""
    node = pyvis_module("node").Node
    degree = degrees(cn)
    if len(cn) <= EXACT_LIMIT:  # exact, as stats gives it
        between, scope = betweenness_values(cn), "graph"
    else:  # in the part shown: the whole graph's would be sampled, and take longer than the rest
        within = betweenness_within(cn, shown)
        between, scope = [within.get(i, 0.0) for i in range(len(cn))], "shown"
    measures = {"degree": degree, "betweenness": between, "pagerank": ranks}
    sizes = {name: _sizes([values[i] for i in shown]) for name, values in measures.items()}
    class_row = {c["id"]: c for c in classes}
    items = []
    for k, i in enumerate(shown):
        color, shape = style[cn.classes[i]]
        row = class_row[cn.classes[i]]
        pillar = row["pillar"] or row["kindOf"] is not None
        row["shown"] += 1
        # Pyvis's Node, filled in directly: Network.add_node would check every id against a list
        vis = node(cn.names[i], shape, label=_wrap(cn.labels[i]), size=sizes["degree"][k], title=cn.labels[i],
                   borderWidth=1.5 if pillar else 1, color={
                       "background": color, "border": "#ffffff", "highlight": {"background": color, "border": "#111111"}},
                   shadow={"enabled": True, "size": 7, "x": 0, "y": 1, "color": "rgba(31,41,51,0.45)"} if pillar else False
                   ).options
        items.append({
            "id": cn.names[i], "label": cn.labels[i], "class": cn.classes[i], "altLabels": cn.alt_labels.get(i, []),
            "degree": degree[i], "betweenness": round(between[i], 6), "pagerank": round(ranks[i], 6),
            "sizes": {name: sizes[name][k] for name in measures},
            "vis": {key: v for key, v in vis.items() if key != "id"},
        })
    return items, scope


def _documents(cn, evidence):
    """Each document (a ``nif:Context`` with a text), in the order of its title: ``id`` (compact name),
    ``title``, ``text``, ``sections`` and ``sentences`` (:meth:`Evidence.text_document`); the counts
    of its relations are filled in by :func:`_edge_items`."""
    compact = Compactor(cn.namespaces)
    found = []
    for iri in evidence.documents():
        doc = evidence.text_document(cn.namespaces, iri)
        name = compact(term(iri))
        found.append({"id": name, "title": str(doc["title"] or name), "text": doc["text"],
                      "sections": doc["sections"], "sentences": doc["sentences"], "claims": 0, "denies": 0})
    return sorted(found, key=lambda d: (d["title"].casefold(), d["title"], d["id"]))


def _edge_items(cn, evidence, shown, large, documents):
    """Each relation between two concepts shown, with every statement of it: its document(s), modality,
    sentences and the words of its sentences that name its ends and carry it; which documents say it
    (its width) and deny it, and the statements that contradict it (:meth:`Evidence.contradictions`)."""
    edge = pyvis_module("edge").Edge
    compact = Compactor(cn.namespaces)
    asserted_fact = compact(EV.AssertedFact)
    position = {i: k for k, i in enumerate(shown)}
    statements = evidence.statements()
    words = {}  # statement -> its mentions
    if statements:
        for st, roles in evidence.mentions_by_statement().items():
            words[compact(st)] = sorted(
                ({"role": role, "begin": m.begin, "end": m.end, "sentence": compact(m.sentence)}
                 for role, found in roles.items() for m in found if m.sentence is not None),
                key=lambda x: (x["begin"], x["end"], x["role"]))
    doc_order = {d["id"]: k for k, d in enumerate(documents)}
    by_doc = {d["id"]: d for d in documents}
    items, edge_of = [], {}  # statement (key) -> edge id
    for j in range(cn.edge_count):
        s, o = cn.sources[j], cn.targets[j]
        if s not in position or o not in position:
            continue
        pi = cn.predicate_ids[j]
        edge_id = f"e{len(items)}"
        label = cn.predicate_labels[pi]
        said = [_statement(evidence, st, compact, words, cn.modality_labels, doc_order)
                for st in statements.get((cn.keys[s], str(cn.predicates[pi]), cn.keys[o]), ())]
        said.sort(key=lambda x: (min((doc_order.get(d, len(doc_order)) for d in x["documents"]), default=len(doc_order)),
                                 x["denied"], x["id"]))
        for x in said:
            edge_of[x["key"]] = edge_id
        claims = [x for x in said if not x["denied"]]
        saying = sorted({d for x in claims for d in x["documents"]}, key=doc_order.get)
        denying = sorted({d for x in said if x["denied"] for d in x["documents"]}, key=doc_order.get)
        for d in saying:
            by_doc[d]["claims"] += 1
        for d in denying:
            by_doc[d]["denies"] += 1
        if said:  # said as fact by some statement; or, with no claim, asserted only if nothing denies it
            asserted = any(x["modality"] in (None, asserted_fact) for x in claims) if claims else False
        else:
            asserted = j not in cn.unasserted
        first = claims[0] if claims else said[0] if said else None
        options = {"id": edge_id, "label": "" if large else label,
                   "title": label + (f" · said by {len(saying)} documents" if len(saying) > 1 else "")}
        if len(saying) > 1:
            options["width"] = round(_WIDTH + _WIDTH_STEP * (len(saying) - 1), 2)
        vis = edge(cn.names[s], cn.names[o], True, **options).options
        items.append({
            "id": edge_id, "from": cn.names[s], "to": cn.names[o], "predicate": cn.predicate_names[pi],
            "label": label, "asserted": asserted, "denied": bool(said) and not claims,
            "documents": saying, "deniedBy": denying, "contradictions": [],
            "statements": [{k: v for k, v in x.items() if k != "key"} for x in said],
            # the first claim's, as a one-document graph gives it
            "statement": first["id"] if first else None,
            "modality": first["modality"] if first else None,
            "modalityLabel": first["modalityLabel"] if first else None,
            "sentences": sorted({sid for x in said for sid in x["sentences"]}, key=_sentence_order(said)),
            "mentions": sorted((m for x in said for m in x["mentions"]), key=lambda m: (m["begin"], m["end"], m["role"])),
            "vis": {k: v for k, v in vis.items() if k not in ("id", "from", "to")},
        })
    _contradictions(evidence, items, edge_of, compact)
    return items


def _statement(evidence, st, compact, words, modality_labels, doc_order):
    """One statement of a relation, for the panel: its documents, modality, whether it denies the
    relation, its sentences (in text order) and their marked words."""
    modality, label = evidence.modality(st)
    name = compact(term(st))
    modality = compact(term(modality)) if modality else None
    return {"key": st, "id": name, "documents": sorted((compact(term(d)) for d in evidence.documents_of(st)),
                                                         key=lambda d: (doc_order.get(d, len(doc_order)), d)),
            "modality": modality, "modalityLabel": modality_labels.get(modality) or label or None,
            "denied": evidence.denied(st),
            "sentences": [compact(term(x[0])) for x in evidence.sentences_of(st)],
            "mentions": words.get(name, [])}


def _sentence_order(said):
    """Sentences in the order the statements list them (a document's, in text order)."""
    rank = {}
    for x in said:
        for sid in x["sentences"]:
            rank.setdefault(sid, len(rank))
    return rank.get


def _contradictions(evidence, items, edge_of, compact):
    """Each edge's contradictions: ``{"kind": "denied" | "opposite", "statements": [a, b], "edges": [...]}``
    (the statements that cannot both hold, and the edges they stand on: two for an opposite)."""
    by_id = {e["id"]: e for e in items}
    for kind, a, b in evidence.contradictions():
        ends = [edge_of.get(a), edge_of.get(b)]
        if None in ends:
            continue
        found = {"kind": kind, "statements": [compact(term(a)), compact(term(b))], "edges": ends}
        for edge_id in dict.fromkeys(ends):
            by_id[edge_id]["contradictions"].append(found)


def _sizes(values, low=8.0, high=34.0):
    """Node sizes (radii) from a measure: the area grows with the value, the order is kept."""
    least, most = min(values, default=0), max(values, default=0)
    span = most - least
    return [round(low + (high - low) * ((v - least) / span) ** 0.5, 2) if span else (low + high) / 2 for v in values]


def _wrap(label, width=18):
    """The label in lines of about ``width`` characters (a longer word keeps its own line)."""
    return "\n".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)) or label


def _options(n, large):
    """vis-network options: forceAtlas2Based, stabilised before the first frame, then frozen."""
    return {
        "autoResize": True,
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1f2933", "strokeWidth": 4,
                           "strokeColor": "#ffffff"},
                  "borderWidth": 1.5, "borderWidthSelected": 3},
        "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
                  "color": {"color": "#a7b1bc", "highlight": "#1f2933", "hover": "#52606d"},
                  "font": {"size": 10, "color": "#52606d", "strokeWidth": 3, "strokeColor": "#ffffff", "align": "middle"},
                  "smooth": False, "width": 1.2, "selectionWidth": 2},
        "interaction": {"hover": not large, "tooltipDelay": 200, "hideEdgesOnDrag": large, "hideEdgesOnZoom": large,
                        "multiselect": False},
        "layout": {"randomSeed": 7, "improvedLayout": n <= 150},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -70 if not large else -40, "centralGravity": 0.012,
                                 "springLength": 110 if not large else 60, "springConstant": 0.08,
                                 "damping": 0.5, "avoidOverlap": 0.4 if not large else 0},
            "maxVelocity": 60,
            "minVelocity": 1.5,
            "timestep": 0.5,
            "stabilization": {"enabled": True, "iterations": 600 if not large else 250, "updateInterval": 25, "fit": False},
        },
    }


def pyvis_folder():
    """The folder of the installed Pyvis (its ``node.py``, ``edge.py`` and the vis-network it ships)."""
    return Path(importlib.util.find_spec("pyvis").origin).resolve().parent


def pyvis_module(name):
    """Pyvis's module ``pyvis.NAME`` (``node``, ``edge``), read from Pyvis's folder without running
    ``pyvis/__init__.py``: that imports NetworkX and IPython for its ``Network`` class, which the
    viewer does not use, and would cost ``viz`` 0.12 s of its 0.3."""
    if f"pyvis.{name}" in sys.modules:
        return sys.modules[f"pyvis.{name}"]
    spec = importlib.util.spec_from_file_location(f"graph._pyvis_{name}", pyvis_folder() / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
