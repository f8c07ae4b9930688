"""Network analysis of a knowledge graph: counts, centrality, communities, pillar bridges.

:func:`stats` returns a plain dict with stable keys (documented in the function), so that the
command line can print it as text or JSON and a notebook can use it as it is.

Small graphs (up to :data:`NETWORKX_LIMIT` concepts, the article among them) are analysed
with NetworkX, every figure exact. Larger ones go to igraph, whose C core computes the same
figures many times faster: exact up to :data:`EXACT_LIMIT` concepts; beyond it, betweenness is
estimated from :data:`BETWEENNESS_SAMPLES` seeded source concepts and the diameter is a
double-sweep lower bound. Communities above NETWORKX_LIMIT come from igraph's Leiden algorithm
(modularity, two iterations): its Louvain took half a minute on a million triples, Leiden under
two seconds. ``method`` in the result says which was used.
"""

import random
from collections import Counter

from .defaults import TOP
from .namespace import PILLARS, compact, namespaces_of

__all__ = ["stats", "pagerank_of", "pagerank_values", "betweenness_values", "SEED", "NETWORKX_LIMIT", "EXACT_LIMIT", "BETWEENNESS_SAMPLES"]

#: Seed of community detection and of every sample, so that the output is stable.
SEED = 42
#: Up to this many concepts, NetworkX computes every figure.
NETWORKX_LIMIT = 500
#: Up to this many concepts, betweenness and diameter are exact (igraph beyond NETWORKX_LIMIT).
EXACT_LIMIT = 5000
#: Source concepts sampled for betweenness above EXACT_LIMIT.
BETWEENNESS_SAMPLES = 256


def stats(graph, network=None, top=TOP, seed=SEED, progress=None):
    """Analyse a knowledge graph.

    Parameters
    ----------
    graph : rdflib.Graph
        Any RDF graph; the article's graph gives the richest answer.
    network : graph.network.ConceptNetwork, optional
        Its concept network, when already read (:func:`graph.network.concept_network`).
    top : int
        How many concepts each ranking lists.
    seed : int
        Seed of community detection and sampling.
    progress : callable, optional
        Called with the name of each step as it starts (for a progress display).

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
        - ``communities``: Louvain (or, for large graphs, Leiden) communities of the undirected
          view (seeded), largest first,
          each ``{"size", "members"}`` with the members' labels sorted (the 50 largest, at most
          100 members each, beyond which ``members`` ends with ``"…"``);
        - ``pillar_bridges``: concepts whose neighbours (and itself) span two or more of the
          pillars nation, technology, challenge and workforce, each
          ``{"concept", "label", "class", "pillars"}``, most pillars first;
        - ``method``: ``{"library", "betweenness", "diameter", "communities"}``, how each
          figure was computed.

    Examples
    --------
    >>> from graph import load
    >>> s = stats(load(), top=3)
    >>> s["concepts"], s["relations"], s["sentences"]
    (102, 109, {'total': 36, 'covered': 36})
    >>> [c["label"] for c in s["top"]["degree"]]
    ['EV factories', 'EV manufacturers', 'manufacturing hubs']
    """
    from rdflib.namespace import PROV, RDF

    from .engine import triple_count
    from .namespace import NIF
    from .network import concept_network

    step = progress or (lambda name: None)
    if network is None:
        step("reading the concept network")
        network = concept_network(graph)
    cn = network
    n, m = len(cn), cn.edge_count
    namespaces = namespaces_of(graph)

    sentence_nodes = set(graph.subjects(RDF.type, NIF.Sentence))
    supporting = {o for o in graph.objects(None, PROV.wasDerivedFrom) if o in sentence_nodes} if sentence_nodes else set()

    if n <= NETWORKX_LIMIT:
        figures = _networkx_figures(cn, seed)
    else:
        figures = _igraph_figures(cn, seed, step)

    def ranked(values):
        order = sorted(range(n), key=lambda i: (-values[i], cn.labels[i], cn.names[i]))
        return [_concept(cn, i, value=round(values[i], 6)) for i in order[:top]]

    communities = []
    for members in figures["communities"]:
        labels = sorted(cn.labels[i] for i in members)
        communities.append({"size": len(labels), "members": labels})
    communities.sort(key=lambda c: (-c["size"], c["members"]))
    for c in communities[50:]:
        c.clear()
    communities = communities[:50]
    for c in communities:
        if len(c["members"]) > 100:
            c["members"] = c["members"][:100] + ["…"]

    step("finding pillar bridges")
    bridges = _pillar_bridges(graph, cn, namespaces)

    return {
        "triples": triple_count(graph),
        "concepts": n,
        "relations": m,
        "statements": len(set(graph.subjects(RDF.type, RDF.Statement))),
        "sentences": {"total": len(sentence_nodes), "covered": len(supporting)},
        "concepts_per_class": _counted(c or "(no class)" for c in cn.classes),
        "relations_per_predicate": _counted(cn.predicate_names[p] for p in cn.predicate_ids),
        "density": round(m / (n * (n - 1)), 6) if n > 1 else 0.0,
        "weakly_connected_components": figures["components"],
        "largest_component": {"concepts": figures["largest"], "diameter": figures["diameter"]},
        "top": {
            "degree": ranked(figures["degree"]),
            "betweenness": ranked(figures["betweenness"]),
            "pagerank": ranked(figures["pagerank"]),
        },
        "communities": communities,
        "pillar_bridges": bridges,
        "method": figures["method"],
    }


def _networkx_figures(cn, seed):
    import networkx as nx

    from .network import to_networkx

    net = to_networkx(None, cn)
    nodes = cn.nodes
    undirected = nx.Graph(net)
    components = list(nx.weakly_connected_components(net)) if len(cn) else []
    largest = max(components, key=len) if components else set()
    diameter = nx.diameter(undirected.subgraph(largest)) if len(largest) > 1 else 0
    betweenness = nx.betweenness_centrality(undirected) if len(cn) else {}
    ranks = pagerank_of(net)
    degree = dict(net.degree())
    found = nx.community.louvain_communities(undirected, seed=seed) if undirected.number_of_edges() else []
    index = {node: i for i, node in enumerate(nodes)}
    return {
        "components": len(components),
        "largest": len(largest),
        "diameter": diameter,
        "degree": [degree[x] for x in nodes],
        "betweenness": [betweenness[x] for x in nodes],
        "pagerank": [ranks[x] for x in nodes],
        "communities": [[index[x] for x in c] for c in found],
        "method": {"library": "networkx", "betweenness": "exact", "diameter": "exact",
                   "communities": f"Louvain, seed {seed}"},
    }


def _igraph_figures(cn, seed, step):
    import igraph

    n = len(cn)
    step("building the igraph network")
    directed = igraph.Graph(n=n, edges=list(zip(cn.sources, cn.targets)), directed=True)
    undirected = directed.as_undirected(mode="collapse")
    undirected.simplify()
    step("components")
    components = directed.connected_components(mode="weak")
    largest = max(components, key=len) if len(components) else []
    step("PageRank")
    pagerank = directed.pagerank(damping=0.85, directed=True)
    rng = random.Random(seed)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    if n <= EXACT_LIMIT:
        step("betweenness (exact)")
        raw = undirected.betweenness(directed=False)
        between = [b * scale for b in raw]
        between_method = "exact (igraph)"
    else:
        k = min(BETWEENNESS_SAMPLES, n)
        step(f"betweenness (sampled from {k} sources)")
        sources = sorted(rng.sample(range(n), k))
        raw = undirected.betweenness(directed=False, sources=sources)
        between = [b * scale * n / k for b in raw]
        between_method = f"estimated from {k} of {n} source concepts, seed {seed} (igraph)"
    sub = undirected.induced_subgraph(largest) if len(largest) > 1 else None
    if sub is None:
        diameter, diameter_method = 0, "exact"
    elif n <= EXACT_LIMIT:
        step("diameter (exact)")
        diameter, diameter_method = sub.diameter(directed=False), "exact (igraph)"
    else:
        step("diameter (double sweep)")
        start = rng.randrange(sub.vcount())
        first = sub.distances(source=start)[0]
        far = max(range(len(first)), key=lambda i: (first[i], -i))
        diameter = int(max(sub.distances(source=far)[0]))
        diameter_method = f"lower bound by a double sweep from a random concept, seed {seed} (igraph)"
    step("communities (Leiden)")
    # igraph draws its random numbers from Python's random module: seed it, then restore it
    state = random.getstate()
    random.seed(seed)
    try:
        found = undirected.community_leiden(objective_function="modularity", n_iterations=2)
    finally:
        random.setstate(state)
    return {
        "components": len(components),
        "largest": len(largest),
        "diameter": diameter,
        "degree": directed.degree(),
        "betweenness": between,
        "pagerank": pagerank,
        "communities": [list(c) for c in found],
        "method": {"library": "igraph", "betweenness": between_method, "diameter": diameter_method,
                   "communities": f"Leiden, modularity, 2 iterations (igraph), seed {seed}"},
    }


def _pillar_bridges(graph, cn, namespaces):
    from .model import pillar_of

    pillars = {p: compact(p, namespaces) for p in PILLARS}
    class_pillar = {}
    node_pillar = []
    for cls in cn.class_iris:
        if cls not in class_pillar:
            class_pillar[cls] = pillar_of(graph, cls, pillars) if cls is not None else None
        node_pillar.append(class_pillar[cls])
    if not any(node_pillar):
        return []
    spanned = [{p} if p is not None else set() for p in node_pillar]
    for s, o in zip(cn.sources, cn.targets):
        if node_pillar[o] is not None:
            spanned[s].add(node_pillar[o])
        if node_pillar[s] is not None:
            spanned[o].add(node_pillar[s])
    bridges = []
    for i, found in enumerate(spanned):
        if len(found) >= 2:
            row = _concept(cn, i)
            row["pillars"] = [pillars[p] for p in PILLARS if p in found]
            bridges.append(row)
    bridges.sort(key=lambda b: (-len(b["pillars"]), b["label"]))
    return bridges


def pagerank_values(cn):
    """PageRank of every concept of a :class:`~graph.network.ConceptNetwork`, by index: the
    figures of :func:`stats` (plain Python up to NETWORKX_LIMIT concepts, igraph above)."""
    if len(cn) <= NETWORKX_LIMIT:
        from .network import to_networkx

        ranks = pagerank_of(to_networkx(None, cn))
        return [ranks[x] for x in cn.nodes]
    import igraph

    return igraph.Graph(n=len(cn), edges=list(zip(cn.sources, cn.targets)), directed=True).pagerank(damping=0.85)


def betweenness_values(cn, seed=SEED):
    """Betweenness of every concept of a :class:`~graph.network.ConceptNetwork`, by index: the
    figures of :func:`stats` (NetworkX up to NETWORKX_LIMIT concepts, igraph above, sampled
    above EXACT_LIMIT)."""
    n = len(cn)
    if n <= NETWORKX_LIMIT:
        import networkx as nx

        from .network import to_networkx

        values = nx.betweenness_centrality(nx.Graph(to_networkx(None, cn))) if n else {}
        return [values[x] for x in cn.nodes]
    import igraph

    undirected = igraph.Graph(n=n, edges=list(zip(cn.sources, cn.targets)), directed=False)
    undirected.simplify()
    scale = 2.0 / ((n - 1) * (n - 2))
    if n <= EXACT_LIMIT:
        return [b * scale for b in undirected.betweenness(directed=False)]
    k = min(BETWEENNESS_SAMPLES, n)
    sources = sorted(random.Random(seed).sample(range(n), k))
    return [b * scale * n / k for b in undirected.betweenness(directed=False, sources=sources)]


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


def _concept(cn, i, **extra):
    return {"concept": cn.names[i], "label": cn.labels[i], "class": cn.classes[i], **extra}


def _counted(items):
    return dict(sorted(Counter(items).items(), key=lambda kv: (-kv[1], kv[0])))
