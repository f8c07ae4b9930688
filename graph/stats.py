"""Network analysis of a knowledge graph: counts, centrality, communities, pillar bridges.

:func:`stats` returns a plain dict with stable keys (documented in the function), so that the
command line can print it as text or JSON and a notebook can use it as it is.
"""

from collections import Counter

from .namespace import PILLARS, PREFIXES, compact

__all__ = ["stats", "pagerank_of", "DEFAULT_TOP", "SEED"]

#: How many concepts each ranking lists by default.
DEFAULT_TOP = 10
#: Seed of the Louvain community detection, so that the output is stable.
SEED = 42


def stats(graph, net=None, top=DEFAULT_TOP, seed=SEED):
    """Analyse a knowledge graph.

    Parameters
    ----------
    graph : rdflib.Graph
        Any RDF graph; the article's graph gives the richest answer.
    net : networkx.MultiDiGraph, optional
        Its concept network; by default :func:`graph.network.to_networkx` of ``graph``.
    top : int
        How many concepts each ranking lists.
    seed : int
        Seed of the Louvain community detection.

    Returns
    -------
    dict
        With these keys (absent figures are ``None`` or empty, never missing):

        - ``triples``: triples in the RDF graph;
        - ``concepts``, ``relations``: nodes and edges of the concept network;
        - ``statements``: ``rdf:Statement`` nodes; ``sentences``: ``{"total", "covered"}``,
          the ``nif:Sentence`` nodes and how many of them support a statement;
        - ``concepts_per_class``, ``relations_per_predicate``: ``{compact name: count}``,
          largest first;
        - ``density``: of the directed network (edges / (n * (n - 1)), parallel edges
          counted); ``weakly_connected_components``: how many;
          ``largest_component``: ``{"concepts", "diameter"}`` (diameter of its undirected view);
        - ``top``: ``{"degree", "betweenness", "pagerank"}``, each a list of
          ``{"concept", "label", "class", "value"}``, highest first (ties by label). Degree
          counts in- and out-edges; betweenness (normalised) is computed on the undirected
          simple view, so that a concept that links themes counts whichever way its edges
          point; PageRank on the directed network;
        - ``communities``: Louvain communities of the undirected view (seeded), largest first,
          each ``{"size", "members"}`` with the members' labels sorted;
        - ``pillar_bridges``: concepts whose neighbours (and itself) span two or more of the
          pillars nation, technology, challenge and workforce, each
          ``{"concept", "label", "class", "pillars"}``, most pillars first.

    Examples
    --------
    >>> from graph import load
    >>> s = stats(load(), top=3)
    >>> s["concepts"], s["relations"], s["sentences"]
    (102, 109, {'total': 36, 'covered': 36})
    >>> [c["label"] for c in s["top"]["degree"]]
    ['EV factories', 'EV manufacturers', 'manufacturing hubs']
    """
    import networkx as nx
    from rdflib.namespace import PROV, RDF

    from .model import pillar_of
    from .namespace import NIF
    from .network import to_networkx

    if net is None:
        net = to_networkx(graph)
    namespaces = dict(PREFIXES)
    namespaces.update({p: n for p, n in graph.namespaces() if p})

    sentence_nodes = set(graph.subjects(RDF.type, NIF.Sentence))
    supporting = set(graph.objects(None, PROV.wasDerivedFrom)) & sentence_nodes
    undirected = nx.Graph(net)
    n = net.number_of_nodes()

    components = list(nx.weakly_connected_components(net)) if n else []
    largest = max(components, key=len) if components else set()
    diameter = nx.diameter(undirected.subgraph(largest)) if len(largest) > 1 else 0

    def ranked(values):
        rows = sorted(values.items(), key=lambda kv: (-kv[1], net.nodes[kv[0]]["label"], str(kv[0])))
        return [_concept(net, node, value=round(value, 6)) for node, value in rows[:top]]

    degree = dict(net.degree())
    betweenness = nx.betweenness_centrality(undirected) if n else {}
    pagerank = pagerank_of(net) if n else {}

    communities = []
    if undirected.number_of_edges():
        found = nx.community.louvain_communities(undirected, seed=seed)
        for members in found:
            labels = sorted(net.nodes[m]["label"] for m in members)
            communities.append({"size": len(labels), "members": labels})
        communities.sort(key=lambda c: (-c["size"], c["members"]))

    pillars = {p: compact(p, namespaces) for p in PILLARS}
    class_pillar = {}
    bridges = []
    for node in net:
        spanned = set()
        for other in set(net.predecessors(node)) | set(net.successors(node)) | {node}:
            cls = _class_iri(graph, other)
            if cls is not None:
                if cls not in class_pillar:
                    class_pillar[cls] = pillar_of(graph, cls, pillars)
                if class_pillar[cls] is not None:
                    spanned.add(class_pillar[cls])
        if len(spanned) >= 2:
            row = _concept(net, node)
            row["pillars"] = [pillars[p] for p in PILLARS if p in spanned]
            bridges.append(row)
    bridges.sort(key=lambda b: (-len(b["pillars"]), b["label"]))

    return {
        "triples": len(graph),
        "concepts": n,
        "relations": net.number_of_edges(),
        "statements": len(set(graph.subjects(RDF.type, RDF.Statement))),
        "sentences": {"total": len(sentence_nodes), "covered": len(supporting)},
        "concepts_per_class": _counted(net.nodes[x]["class"] or "(no class)" for x in net),
        "relations_per_predicate": _counted(k for _, _, k in net.edges(keys=True)),
        "density": round(nx.density(net), 6) if n > 1 else 0.0,
        "weakly_connected_components": len(components),
        "largest_component": {"concepts": len(largest), "diameter": diameter},
        "top": {"degree": ranked(degree), "betweenness": ranked(betweenness), "pagerank": ranked(pagerank)},
        "communities": communities,
        "pillar_bridges": bridges,
    }


def pagerank_of(net, alpha=0.85, max_iter=100, tol=1.0e-6):
    """PageRank of a (multi)digraph, as :func:`networkx.pagerank` computes it by default.

    NetworkX's own ``pagerank`` needs SciPy, whose import alone costs more than the rest of
    ``python -m graph stats`` on the article's graph; this is the same power iteration in plain
    Python (parallel edges count once each, dangling nodes spread their rank evenly). The tests
    compare the two.

    Examples
    --------
    >>> import networkx as nx
    >>> ranks = pagerank_of(nx.DiGraph([("a", "b"), ("b", "c"), ("c", "a")]))
    >>> [round(v, 4) for v in ranks.values()]
    [0.3333, 0.3333, 0.3333]
    """
    import networkx as nx

    nodes = list(net)
    n = len(nodes)
    if n == 0:
        return {}
    out_links = {u: [] for u in nodes}
    for u, v in net.edges():
        out_links[u].append(v)
    dangling = [u for u in nodes if not out_links[u]]
    x = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = dict.fromkeys(nodes, (1.0 - alpha) / n + alpha * sum(last[u] for u in dangling) / n)
        for u in nodes:
            links = out_links[u]
            if links:
                share = alpha * last[u] / len(links)
                for v in links:
                    x[v] += share
        if sum(abs(x[u] - last[u]) for u in nodes) < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def _concept(net, node, **extra):
    data = net.nodes[node]
    return {"concept": data["name"], "label": data["label"], "class": data["class"], **extra}


def _counted(items):
    return dict(sorted(Counter(items).items(), key=lambda kv: (-kv[1], kv[0])))


def _class_iri(graph, node):
    from rdflib.namespace import RDF

    return min(graph.objects(node, RDF.type), default=None)
