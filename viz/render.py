"""Render the graph as one self-contained, offline HTML viewer.

This is the only module that imports Pyvis. Pyvis builds the network's nodes and edges;
the page itself comes from our template (``viz/template/``), not Pyvis's, because Pyvis 0.3.2
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
import os
import tempfile
from pathlib import Path

__all__ = ["DEFAULT_OUT", "build_payload", "render_html", "write_html"]

#: Where ``python -m graph viz`` writes the viewer of the article.
DEFAULT_OUT = Path(__file__).resolve().parent / "ev-knowledge-graph.html"
_TEMPLATE = Path(__file__).resolve().parent / "template"

# Pillars get strong colours and their own shapes; other classes take the palette in turn.
_PILLAR_STYLE = {
    "Nation": ("#c0392b", "star"),
    "Technology": ("#1f6fb2", "hexagon"),
    "Challenge": ("#d4820f", "triangle"),
    "Workforce": ("#23924a", "square"),
}
_PALETTE = ["#7d3c98", "#a0522d", "#c2185b", "#546e7a", "#8d7b0a", "#00897b", "#3949ab",
            "#6d4c41", "#ad1457", "#455a64", "#558b2f", "#0277bd", "#9e9d24", "#5e35b1"]
_LARGE = 400  # above this many concepts, the layout trades polish for speed


def _script_json(value):
    """JSON that is safe inside a <script> element: no '<', '>' or '&' can close it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def build_payload(graph, net=None):
    """Everything the page shows, as plain data: concepts, relations, classes, the article.

    Parameters
    ----------
    graph : rdflib.Graph
    net : networkx.MultiDiGraph, optional
        The concept network (:func:`graph.network.to_networkx`), built when not given.

    Returns
    -------
    dict
        ``title``, ``classes`` (legend rows), ``nodes`` and ``edges`` (the vis-network items
        made by Pyvis, with the details the side panel shows), ``article`` (text, sections and
        sentences, or ``None``) and ``options`` (vis-network's).
    """
    from pyvis.network import Network
    from rdflib.namespace import DCTERMS, RDF, RDFS

    from graph.model import label as label_of
    from graph.namespace import NIF, PILLARS, PREFIXES, compact
    from graph.network import to_networkx
    from graph.provenance import sentences, statements
    from graph.stats import pagerank_of

    if net is None:
        net = to_networkx(graph)
    namespaces = dict(PREFIXES)
    namespaces.update({p: n for p, n in graph.namespaces() if p})
    pillar_names = {compact(p, namespaces) for p in PILLARS}

    # classes: pillars first, then by size, then by name
    counts = {}
    for node in net:
        counts[net.nodes[node]["class"]] = counts.get(net.nodes[node]["class"], 0) + 1
    ordered = sorted(counts, key=lambda c: (c not in pillar_names, -counts[c], c))
    classes, style, other = [], {}, 0
    for name in ordered:
        local = name.split(":", 1)[-1]
        if name in pillar_names and local in _PILLAR_STYLE:
            color, shape = _PILLAR_STYLE[local]
        else:
            color, shape = _PALETTE[other % len(_PALETTE)], "dot"
            other += 1
        iri = _expand(name, namespaces)
        title = label_of(graph, iri) if iri is not None and (iri, RDFS.label, None) in graph else (local or "no class")
        style[name] = (color, shape)
        classes.append({"id": name, "label": title, "color": color, "shape": shape, "count": counts[name],
                        "pillar": name in pillar_names})

    ranks = pagerank_of(net) if len(net) else {}
    low, high = (min(ranks.values()), max(ranks.values())) if ranks else (0, 0)
    large = len(net) > _LARGE

    from rdflib.namespace import SKOS

    vis = Network(directed=True, cdn_resources="in_line")
    nodes = []
    ids = {}
    for node in sorted(net, key=lambda n: net.nodes[n]["name"]):
        data = net.nodes[node]
        ids[node] = data["name"]
        color, shape = style[data["class"]]
        scale = (ranks[node] - low) / (high - low) if high > low else 0.5
        size = round(10 + 26 * scale, 2)
        vis.add_node(data["name"], label=data["label"], shape=shape, size=size, title=data["label"],
                     color={"background": color, "border": "#ffffff",
                            "highlight": {"background": color, "border": "#111111"}})
        nodes.append({
            "id": data["name"],
            "label": data["label"],
            "class": data["class"],
            "altLabels": sorted({str(x) for x in graph.objects(node, SKOS.altLabel)} - {data["label"]}),
            "pagerank": round(ranks.get(node, 0.0), 6),
            "degree": net.degree(node),
        })

    edges = []
    reified = statements(graph)
    for number, (s, o, key, data) in enumerate(sorted(net.edges(keys=True, data=True),
                                                      key=lambda e: (ids[e[0]], e[2], ids[e[1]]))):
        edge_id = f"e{number}"
        vis.add_edge(ids[s], ids[o], id=edge_id, label="" if large else data["label"], title=data["label"])
        claims = [compact(st, namespaces) for st in reified.get((s, data["predicate"], o), [])]
        edges.append({
            "id": edge_id, "from": ids[s], "to": ids[o], "predicate": key, "label": data["label"],
            "statement": claims[0] if claims else None,
            "sentences": [sid for sid, _ in data["sentences"]],
        })

    article = None
    contexts = sorted(graph.subjects(RDF.type, NIF.Context))
    text = next(graph.objects(contexts[0], NIF.isString), None) if contexts else None
    title = next(graph.objects(contexts[0], DCTERMS.title), None) if contexts else None
    if text is not None:
        sections = []
        for sec in graph.subjects(RDF.type, NIF.Section):
            begin, end = graph.value(sec, NIF.beginIndex), graph.value(sec, NIF.endIndex)
            heading = str(graph.value(sec, DCTERMS.title) or "")
            if begin is not None and end is not None:
                sections.append({"id": compact(sec, namespaces), "title": heading,
                                 "begin": int(begin), "end": int(end)})
        sections.sort(key=lambda x: x["begin"])
        article = {
            "text": str(text),
            "sections": sections,
            "sentences": [{"id": compact(s.iri, namespaces), "begin": s.begin, "end": s.end, "section": s.section}
                          for s in sentences(graph) if s.begin >= 0],
        }

    visual = {n["id"]: n for n in vis.nodes}
    for node in nodes:
        node["vis"] = {k: v for k, v in visual[node["id"]].items() if k not in ("id",)}
    visual_edges = {e["id"]: e for e in vis.edges}
    for edge in edges:
        edge["vis"] = {k: v for k, v in visual_edges[edge["id"]].items() if k not in ("id", "from", "to")}

    return {
        "title": str(title) if title else "Knowledge graph",
        "classes": classes,
        "nodes": nodes,
        "edges": edges,
        "article": article,
        "options": _options(len(net), large),
    }


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
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 4, "strokeColor": "#ffffff"},
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
            "stabilization": {"enabled": True, "iterations": 600 if not large else 250, "updateInterval": 25, "fit": True},
        },
    }


def _csp_hash(script):
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii") + "'"


def render_html(graph, net=None):
    """The viewer page for ``graph``, as a string (see the module docstring).

    Examples
    --------
    >>> from graph import load
    >>> page = render_html(load())
    >>> page.startswith("<!DOCTYPE html>") and "https://" not in page.split("<script")[0]
    True
    """
    import jinja2
    import pyvis
    from markupsafe import Markup

    payload = build_payload(graph, net)
    vis_dir = Path(pyvis.__file__).resolve().parent / "lib" / "vis-9.1.2"
    vis_js = (vis_dir / "vis-network.min.js").read_text(encoding="utf-8")
    vis_css = (vis_dir / "vis-network.css").read_text(encoding="utf-8")
    viewer_js = (_TEMPLATE / "viewer.js").read_text(encoding="utf-8")
    viewer_css = (_TEMPLATE / "viewer.css").read_text(encoding="utf-8")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_TEMPLATE)), autoescape=True,
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


def write_html(graph, path=DEFAULT_OUT, net=None):
    """Write the viewer to ``path`` (UTF-8), all at once: a failure leaves no partial file.

    Returns the path written.
    """
    page = render_html(graph, net)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".viewer-", suffix=".html", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(page)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
