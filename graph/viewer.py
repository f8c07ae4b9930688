"""Render the graph as one self-contained, offline HTML viewer.

This is the only module that imports Pyvis. Pyvis builds the network's nodes and edges;
the page itself comes from our template (``viz/template/``, :data:`graph.resources.TEMPLATE_DIR`), not Pyvis's, because Pyvis 0.3.2
links Bootstrap from a CDN in every mode, puts node titles containing ``href`` into
``innerHTML`` unescaped, and inserts the heading raw. Here:

- vis-network (the copy that ships inside Pyvis) and our script and styles are inlined: the
  page makes no network request, and a Content-Security-Policy forbids any;
- the data travel as JSON in a ``<script type="application/json">`` block, with ``<``, ``>``
  and ``&`` escaped, and the page sets every string from the data as text, never as HTML;
  the policy also allows only our own inline scripts (by hash), so an injected ``onerror=``
  could not run even if it reached the page;
- the output is UTF-8 and byte-identical for the same input.
"""

import base64
import hashlib
import json
from collections import Counter
from pathlib import Path

from .resources import DEFAULT_VIEWER, TEMPLATE_DIR

__all__ = ["VIEW_LIMIT", "build_payload", "render_html", "write_html"]

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


def _script_json(value):
    """JSON that is safe inside a <script> element: no '<', '>' or '&' can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


#: Above this many concepts the viewer shows the most important part of the graph.
VIEW_LIMIT = 1500
#: ... made of the concepts with the highest PageRank and their neighbours, up to VIEW_LIMIT.


def _select(cn, ranks, limit):
    """Indices of the nodes to show: all, or the top by PageRank with their neighbours."""
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


def build_payload(graph, network=None, limit=VIEW_LIMIT):
    """Everything the page shows, as plain data: concepts, relations, classes, the article.

    Parameters
    ----------
    graph : rdflib.Graph
    network : graph.network.ConceptNetwork, optional
        The concept network (:func:`graph.network.concept_network`), read when not given.
    limit : int
        Above this many concepts, show only the concepts with the highest PageRank and up to
        twenty neighbours of each, ``limit`` concepts at most; the page says so.

    Returns
    -------
    dict
        ``title``, ``classes`` (legend rows), ``nodes`` and ``edges`` (each with its
        vis-network item, made with Pyvis's ``Node`` and ``Edge``, and the details the side
        panel shows), ``article`` (text, sections and sentences, or ``None``), ``subset`` (how
        much is shown, or ``None``), ``betweenness`` (``"graph"``, or ``"shown"`` when above
        5,000 concepts it is measured within the part shown) and ``options`` (vis-network's).
    """
    from rdflib.namespace import RDFS

    from .model import label as label_of
    from .namespace import EV, PILLARS, compact, namespaces_of
    from .network import concept_network
    from .provenance import document, statement_mentions
    from .centrality import betweenness_values, betweenness_within, pagerank_values
    from .stats import EXACT_LIMIT

    Node, Edge = _pyvis("node").Node, _pyvis("edge").Edge
    cn = network if network is not None else concept_network(graph)
    namespaces = namespaces_of(graph)
    pillar_names = {compact(p, namespaces) for p in PILLARS}

    ranks = pagerank_values(cn)
    shown, seeds = _select(cn, ranks, limit)
    position = {i: k for k, i in enumerate(shown)}
    large = len(shown) > _LARGE

    # classes: each pillar (by size with its kinds; shown if only its kinds have members) and its
    # kinds, then the others by size, then by name; counts over the whole graph
    counts = Counter(cn.classes)
    kind_of = {}
    for name in counts:
        iri = _expand(name, namespaces)
        parents = {compact(p, namespaces) for p in graph.objects(iri, RDFS.subClassOf)} if iri is not None else set()
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
        iri = _expand(name, namespaces)
        title = label_of(graph, iri) if iri is not None and (iri, RDFS.label, None) in graph else (local or "no class")
        style[name] = (color, shape)
        classes.append({"id": name, "label": title, "color": color, "shape": shape, "count": counts.get(name, 0),
                        "shown": 0, "pillar": name in size, "kindOf": kind_of.get(name)})

    degree = [0] * len(cn)
    for s, o in zip(cn.sources, cn.targets):
        degree[s] += 1
        degree[o] += 1
    if len(cn) <= EXACT_LIMIT:  # exact, as stats gives it
        between, scope = betweenness_values(cn), "graph"
    else:  # in the part shown: the whole graph's would be sampled, and take longer than the rest
        within = betweenness_within(cn, shown)
        between, scope = [within.get(i, 0.0) for i in range(len(cn))], "shown"
    measures = {"degree": degree, "betweenness": between, "pagerank": ranks}
    sizes = {name: _sizes([values[i] for i in shown]) for name, values in measures.items()}
    class_row = {c["id"]: c for c in classes}
    nodes = []
    for k, i in enumerate(shown):
        color, shape = style[cn.classes[i]]
        pillar = class_row[cn.classes[i]]["pillar"] or class_row[cn.classes[i]]["kindOf"] is not None
        class_row[cn.classes[i]]["shown"] += 1
        # Pyvis's Node, filled in directly: Network.add_node would check every id against a list
        vis = Node(cn.names[i], shape, label=_wrap(cn.labels[i]), size=sizes["degree"][k], title=cn.labels[i],
                   borderWidth=1.5 if pillar else 1, color={
                       "background": color, "border": "#ffffff", "highlight": {"background": color, "border": "#111111"}},
                   shadow={"enabled": True, "size": 7, "x": 0, "y": 1, "color": "rgba(31,41,51,0.45)"} if pillar else False
                   ).options
        nodes.append({
            "id": cn.names[i], "label": cn.labels[i], "class": cn.classes[i], "altLabels": cn.alt_labels.get(i, []),
            "degree": degree[i], "betweenness": round(measures["betweenness"][i], 6), "pagerank": round(ranks[i], 6),
            "sizes": {name: sizes[name][k] for name in measures},
            "vis": {k: v for k, v in vis.items() if k != "id"},
        })

    words = {}  # statement -> the words of its sentences that name its ends and carry it
    for st, roles in (statement_mentions(graph).items() if cn.modalities or cn.statements else ()):
        words[compact(st, namespaces)] = sorted(
            ({"role": role, "begin": m.begin, "end": m.end, "sentence": compact(m.sentence, namespaces)}
             for role, found in roles.items() for m in found if m.sentence is not None),
            key=lambda x: (x["begin"], x["end"], x["role"]))
    edges = []
    for j in range(cn.edge_count):
        s, o = cn.sources[j], cn.targets[j]
        if s not in position or o not in position:
            continue
        pi = cn.predicate_ids[j]
        edge_id = f"e{len(edges)}"
        label = cn.predicate_labels[pi]
        vis = Edge(cn.names[s], cn.names[o], True, id=edge_id, label="" if large else label, title=label).options
        support = cn.sentences.get(j, [])
        modality = cn.modalities.get(j)
        edges.append({
            "id": edge_id, "from": cn.names[s], "to": cn.names[o], "predicate": cn.predicate_names[pi],
            "label": label, "statement": cn.statements.get(j),
            "sentences": [name for name, _ in support],
            "modality": modality, "modalityLabel": cn.modality_labels.get(modality),
            "asserted": modality is None or modality == compact(EV.AssertedFact, namespaces),
            "mentions": words.get(cn.statements.get(j), []),
            "vis": {k: v for k, v in vis.items() if k not in ("id", "from", "to")},
        })

    doc = document(graph)
    title = doc.pop("title") if doc else None
    subset = None
    if seeds is not None:
        subset = {"shown": len(shown), "total": len(cn), "relations_shown": len(edges),
                  "relations_total": cn.edge_count, "seeds": seeds}
    return {
        "title": str(title) if title else "Knowledge graph",
        "classes": classes,
        "nodes": nodes,
        "edges": edges,
        "article": doc,
        "subset": subset,
        "betweenness": scope,
        "options": _options(len(shown), large),
    }


def _sizes(values, low=8.0, high=34.0):
    """Node sizes (radii) from a measure: the area grows with the value, the order is kept."""
    least, most = min(values, default=0), max(values, default=0)
    span = most - least
    return [round(low + (high - low) * ((v - least) / span) ** 0.5, 2) if span else (low + high) / 2 for v in values]


def _wrap(label, width=18):
    """The label in lines of about ``width`` characters (a longer word keeps its own line)."""
    import textwrap

    return "\n".join(textwrap.wrap(label, width, break_long_words=False, break_on_hyphens=False)) or label


def _expand(name, namespaces):
    from rdflib import URIRef

    prefix, sep, local = name.partition(":")
    if sep and prefix in namespaces:
        return URIRef(str(namespaces[prefix]) + local)
    return None


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


def _pyvis_folder():
    import importlib.util

    return Path(importlib.util.find_spec("pyvis").origin).resolve().parent


def _pyvis(name):
    """Pyvis's module ``pyvis.NAME`` (``node``, ``edge``), read from Pyvis's folder without running
    ``pyvis/__init__.py``: that imports NetworkX and IPython for its ``Network`` class, which the
    viewer does not use, and would cost ``viz`` 0.12 s of its 0.3."""
    import importlib.util
    import sys

    if f"pyvis.{name}" in sys.modules:
        return sys.modules[f"pyvis.{name}"]
    spec = importlib.util.spec_from_file_location(f"graph._pyvis_{name}", _pyvis_folder() / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _csp_hash(script):
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(graph, network=None, limit=VIEW_LIMIT):
    """The viewer page for ``graph``, as a string (see the module docstring).

    Examples
    --------
    >>> from graph import load
    >>> page = render_html(load())
    >>> page.startswith("<!DOCTYPE html>") and "https://" not in page.split("<script")[0]
    True
    """
    import jinja2
    from markupsafe import Markup

    payload = build_payload(graph, network, limit)
    vis_dir = _pyvis_folder() / "lib" / "vis-9.1.2"
    vis_js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (vis_dir / "vis-network.css").read_text(encoding="utf-8")
    viewer_js = (TEMPLATE_DIR / "viewer.js").read_text(encoding="utf-8")
    viewer_css = (TEMPLATE_DIR / "viewer.css").read_text(encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                             keep_trailing_newline=True)
    page = env.get_template("viewer.html").render(
        title=payload["title"],
        payload=Markup(_script_json(payload)),
        vis_js=Markup(vis_js),
        vis_css=Markup(vis_css),
        viewer_js=Markup(viewer_js),
        viewer_css=Markup(viewer_css),
        script_hashes=Markup(" ".join([_csp_hash(vis_js), _csp_hash(viewer_js)])),
    )
    return page


def write_html(graph, path=DEFAULT_VIEWER, network=None, limit=VIEW_LIMIT, inputs=()):
    """Write the viewer to ``path`` (UTF-8), all at once: a failure leaves no partial file
    (an unwritable path raises :class:`~graph.errors.DataError`). Returns the path written.

    As every output (:func:`graph._output.write_whole`): a symbolic link is written through,
    an existing file keeps its permissions, a new one gets the usual ones (0666 less the
    umask); a path that is one of ``inputs``, or is no regular file, is refused.
    """
    from ._output import write_whole

    return write_whole(path, render_html(graph, network, limit), inputs, newline="\n")[0]
