"""Network analysis of a knowledge graph: counts, centrality, communities, pillar bridges; NetworkX's view.

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

import heapq
import random
from collections import Counter

from ..defaults import BETWEENNESS_SAMPLES, BETWEENNESS_WORK, COMMUNITY_LINES, EXACT_LIMIT, NETWORKX_LIMIT, SEED, TOP
from ..evidence.model import pillar_of
from ..namespace import PILLARS, Compactor
from ..source import Source
from . import degrees
from .centrality import Job, agreement, cores, pagerank_of

__all__ = ["stats", "to_networkx"]


def stats(source=None, network=None, top=TOP, seed=SEED, progress=None, betweenness_samples=None, members=False,
          processes=None):
    """Analyse a knowledge graph.

    Parameters
    ----------
    source : graph.source.Source, rdflib.Graph or None
        Any RDF graph, or where it comes from (default: the article's graph, which gives the
        richest answer).
    network : graph.network.ConceptNetwork, optional
        Its concept network, when already read (:meth:`graph.source.Source.network`).
    top : int
        How many concepts each ranking lists.
    seed : int
        Seed of community detection and sampling.
    progress : callable, optional
        Called with the name of each step as it starts (for a progress display).
    betweenness_samples : int, optional
        Source concepts to estimate betweenness from; 0 leaves betweenness out; ``None``
        (default): exact up to EXACT_LIMIT concepts, beyond it BETWEENNESS_SAMPLES sources,
        doubled while the two halves of the sample differ on the top concepts by more than
        BETWEENNESS_ERROR (at most BETWEENNESS_MAX).
    members : bool
        Keep every community, with all its members (else the largest, with their top members).
    processes : int, optional
        Processes that share the sampled betweenness (default: one per core).

    Returns
    -------
    dict
        With these keys (absent figures are ``None`` or empty; the keys of the provenance model and the
        pillars are there only where the graph uses them, so that the report of a graph speaks only of
        what it has):

        - ``triples``: triples in the RDF graph;
        - ``concepts``, ``relations``: nodes and edges of the concept network;
        - where the graph has statements or sentences (the provenance model), ``statements``,
          ``documents``, ``per_document``, ``corroborated``, ``contradictions``, ``shared_concepts``,
          ``statements_per_modality`` and ``sentences``:
          ``documents``: the documents (``nif:Context`` with a text); ``per_document``: each one's
          ``document``, ``title``, ``sentences``, ``statements`` and ``modalities`` (statements per
          modality); ``corroborated``: claims two or more documents make; ``contradictions``: pairs of
          statements that cannot both hold (a claim and its denial, or two opposite predicates);
          ``shared_concepts``: concepts that mentions in two or more documents name;
        - ``statements``: ``rdf:Statement`` nodes; ``statements_as_plain_triples``: those whose triple
          the graph also states plainly (what the text asserts: :data:`graph.namespace.TRUTHY`); the
          ``relations`` are drawn from every statement, whatever its modality, and every plain triple;
          ``statements_per_modality``: ``{label: count}`` of
          their ``ev:modality`` (empty when the data has none); ``sentences``: ``{"total", "covered"}``,
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
          view (seeded), largest first, each ``{"size", "top"}``: the labels of its five
          concepts of highest degree (the 50 largest communities; with ``members``, every
          community, and ``"members"``, all their labels sorted); ``community_count``: how many;
        - ``pillar_bridges`` (only where a concept's class is, or is a kind of, a pillar): concepts
          whose neighbours (and itself) span two or more of the pillars nation, technology,
          challenge and workforce, each
          ``{"concept", "label", "class", "pillars"}``, most pillars first;
        - ``method``: ``{"library", "betweenness", "diameter", "communities"}``, how each
          figure was computed, and for a sampled betweenness ``betweenness_error``:
          ``{"top", "shared", "relative_error"}``, how many of the top concepts two halves of the
          sample share, and the median relative difference of their values (the error to expect).

    Examples
    --------
    >>> from graph import load
    >>> s = stats(load(), top=3)
    >>> s["sentences"], s["concepts"] == sum(s["concepts_per_class"].values())
    ({'total': 36, 'covered': 36}, True)
    >>> [c["label"] for c in s["top"]["degree"]]
    ['forward-thinking EV factories', 'manufacturers', 'sophisticated ecosystems']
    """
    step = progress or (lambda name: None)
    if network is None:
        step("reading the concept network")
        network = Source.of(source).network()
    cn = network
    n, m = len(cn), cn.edge_count
    if n <= NETWORKX_LIMIT:
        figures = _networkx_figures(cn, seed, betweenness_samples)
    else:
        figures = _igraph_figures(cn, seed, step, betweenness_samples, top, processes)

    def ranked(values):
        if values is None:
            return []
        cut = heapq.nlargest(top, values)[-1] if n else 0  # only the concepts that can rank are sorted
        order = sorted((i for i in range(n) if values[i] >= cut), key=lambda i: (-values[i], cn.labels[i], cn.names[i]))
        return [_concept(cn, i, value=round(values[i], 6)) for i in order[:top]]

    degree = figures["degree"]
    communities = []
    for found in figures["communities"]:
        best = sorted(found, key=lambda i: (-degree[i], cn.labels[i]))[:5]
        row = {"size": len(found), "top": [cn.labels[i] for i in best]}
        if members:
            row["members"] = sorted(cn.labels[i] for i in found)
        communities.append(row)
    communities.sort(key=lambda c: (-c["size"], c["top"]))
    facts = cn.facts
    result = {"triples": facts["triples"], "concepts": n, "relations": m}
    if _has_provenance(facts):  # the model of statements and their text: said only of a graph that uses it
        result.update({
            "statements": facts["statements"],
            "statements_as_plain_triples": facts.get("plain_statements", 0),
            "documents": facts.get("documents", 0),
            "per_document": facts.get("per_document", []),
            "corroborated": facts.get("corroborated", 0),
            "contradictions": facts.get("contradictions", 0),
            "shared_concepts": facts.get("shared_concepts", 0),
            "statements_per_modality": {cn.modality_labels.get(k, k): v for k, v in facts.get("modalities", {}).items()},
            "sentences": facts["sentences"],
        })
    result.update({
        "concepts_per_class": cn.class_counts(),
        "relations_per_predicate": _counted(cn.predicate_names[p] for p in cn.predicate_ids),
        "density": round(m / (n * (n - 1)), 6) if n > 1 else 0.0,
        "weakly_connected_components": figures["components"],
        "largest_component": {"concepts": figures["largest"], "diameter": figures["diameter"]},
        "top": {
            "degree": ranked(degree),
            "betweenness": ranked(figures["betweenness"]),
            "pagerank": ranked(figures["pagerank"]),
        },
        "community_count": len(communities),
        "communities": communities if members else communities[:COMMUNITY_LINES],
    })
    step("finding pillar bridges")
    bridges = _pillar_bridges(cn)
    if bridges is not None:  # the pillars are our vocabulary's: said only of a graph whose concepts have one
        result["pillar_bridges"] = bridges
    result["method"] = figures["method"]
    return result


def _has_provenance(facts):
    """Whether a graph uses the provenance model: statements (``rdf:Statement``) or sentences of a text."""
    return bool(facts["statements"] or facts["sentences"]["total"] or facts.get("documents"))


def _networkx_figures(cn, seed, samples):
    import networkx as nx  # lazy: only graphs up to NETWORKX_LIMIT concepts need it

    net = to_networkx(network=cn)
    nodes = cn.nodes
    undirected = nx.Graph(net)
    components = list(nx.weakly_connected_components(net)) if len(cn) else []
    largest = max(components, key=len) if components else set()
    diameter = nx.diameter(undirected.subgraph(largest)) if len(largest) > 1 else 0
    k = None if samples is None or samples >= len(cn) else samples
    if k == 0:
        betweenness, between_method = None, "not computed (0 samples)"
    else:
        betweenness = nx.betweenness_centrality(undirected, k=k, seed=seed) if len(cn) else {}
        between_method = "exact" if k is None else f"estimated from {k} of {len(cn)} source concepts, seed {seed}"
    ranks = pagerank_of(net)
    degree = degrees(cn)
    found = nx.community.louvain_communities(undirected, seed=seed) if undirected.number_of_edges() else []
    index = {node: i for i, node in enumerate(nodes)}
    return {
        "components": len(components),
        "largest": len(largest),
        "diameter": diameter,
        "degree": degree,
        "betweenness": None if betweenness is None else [betweenness[x] for x in nodes],
        "pagerank": [ranks[x] for x in nodes],
        "communities": [[index[x] for x in c] for c in found],
        "method": {"library": "networkx", "betweenness": between_method, "diameter": "exact",
                   "communities": f"Louvain, seed {seed}"},
    }


def _igraph_figures(cn, seed, step, samples, top, processes):
    import igraph  # lazy: only graphs above NETWORKX_LIMIT concepts need it

    n = len(cn)
    step("building the igraph network")
    directed = igraph.Graph(n=n, edges=list(zip(cn.sources, cn.targets)), directed=True)
    undirected = directed.as_undirected(mode="collapse")
    undirected.simplify()
    rng = random.Random(seed)
    scale = 2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0
    exact = samples is None and n <= EXACT_LIMIT or samples is not None and samples >= n
    adaptive = min(n, max(BETWEENNESS_SAMPLES, BETWEENNESS_WORK // (n + cn.edge_count)))  # more for smaller graphs
    k = 0 if samples == 0 else n if exact else samples or adaptive
    sources = list(range(n)) if exact else rng.sample(range(n), k)
    halves = [sources[0::2], sources[1::2]]
    workers = cores() if processes is None else processes
    parts = [h[i::max(1, workers // 2)] for h in halves for i in range(max(1, workers // 2))]
    small = exact and n * (n + cn.edge_count) < 20_000_000  # less work than starting a process
    job = Job(undirected, parts, 1 if small else processes) if k else None  # runs on the other cores meanwhile
    step("components")
    components = directed.connected_components(mode="weak")
    largest = max(components, key=len) if len(components) else []
    step("PageRank")
    pagerank = directed.pagerank(damping=0.85, directed=True)
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
    between, between_method, error = None, "not computed (0 samples)", None
    if k:
        step(f"betweenness ({'exact' if exact else f'from {k:,} sources'}, {min(workers, len(parts))} processes)")
        results = job.finish()
        half = len(parts) // 2
        a, b = ([sum(v) for v in zip(*results[:half])], [sum(v) for v in zip(*results[half:])])
        between = [(x + y) * scale * (1 if exact else n / k) for x, y in zip(a, b)]
        if exact:
            between_method = "exact (igraph)"
        else:
            shared, relative = agreement(a, b, top)
            error = {"top": min(top, n), "shared": shared, "relative_error": relative}
            between_method = (f"estimated from {k} of {n} source concepts, seed {seed}, on {min(workers, len(parts))} "
                              f"processes (igraph)")
    return {
        "components": len(components),
        "largest": len(largest),
        "diameter": diameter,
        "degree": degrees(cn),
        "betweenness": between,
        "pagerank": pagerank,
        "communities": [list(c) for c in found],
        "method": {"library": "igraph", "betweenness": between_method, "diameter": diameter_method,
                   "communities": f"Leiden, modularity, 2 iterations (igraph), seed {seed}",
                   **({"betweenness_error": error} if error else {})},
    }


def _pillar_bridges(cn):
    compact = Compactor(cn.namespaces)
    pillars = {str(p): compact(p) for p in PILLARS}
    class_pillar = {}
    node_pillar = []
    for cls in cn.class_iris:
        if cls not in class_pillar:
            class_pillar[cls] = pillar_of(cn.superclasses, str(cls), pillars) if cls is not None else None
        node_pillar.append(class_pillar[cls])
    if not any(node_pillar):
        return None
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
            row["pillars"] = [pillars[str(p)] for p in PILLARS if str(p) in found]
            bridges.append(row)
    bridges.sort(key=lambda b: (-len(b["pillars"]), b["label"]))
    return bridges


def _concept(cn, i, **extra):
    return {"concept": cn.names[i], "label": cn.labels[i], "class": cn.classes[i], **extra}


def _counted(items):
    return dict(sorted(Counter(items).items(), key=lambda kv: (-kv[1], kv[0])))


def to_networkx(source=None, network=None):
    """The concept network of a graph as NetworkX's ``MultiDiGraph``.

    Parameters
    ----------
    source : graph.source.Source, rdflib.Graph or None
        The graph, or where it comes from (default: the article's graph).
    network : ConceptNetwork, optional
        Its concept network, when already read.

    Returns
    -------
    networkx.MultiDiGraph
        One node per concept, keyed by its IRI (``rdflib.URIRef``), with attributes ``label``
        (:data:`graph.namespace.LABELS`, or the local name), ``name`` (compact IRI such as
        ``kg:China``) and ``class`` (compact name of its class, ``""`` when untyped). One edge
        per relation triple, keyed by the predicate's compact name, with attributes
        ``predicate`` (the IRI), ``label`` (the predicate's label) and ``sentences`` (the
        supporting sentences, as ``(sentence name, text)`` pairs in text order).

    Examples
    --------
    >>> from graph import load
    >>> from graph.namespace import KG
    >>> net = to_networkx(load())
    >>> net.nodes[KG.China]["label"], net.nodes[KG.China]["class"]
    ('China', 'ev:Nation')
    >>> edge = net.edges[KG.China, KG.ResearchAndDevelopment, "ev:investsIn"]
    >>> edge["label"], edge["sentences"][0][1][:30]
    ('invests in', 'Nations like China, the United')
    """
    import networkx as nx  # lazy: 0.15 s of start-up that only this view needs

    cn = network if network is not None else Source.of(source).network()
    net = nx.MultiDiGraph()
    for i, node in enumerate(cn.nodes):
        net.add_node(node, label=cn.labels[i], name=cn.names[i], **{"class": cn.classes[i]})
    for j in range(cn.edge_count):
        pi = cn.predicate_ids[j]
        net.add_edge(cn.nodes[cn.sources[j]], cn.nodes[cn.targets[j]], key=cn.predicate_names[pi],
                     predicate=cn.predicates[pi], label=cn.predicate_labels[pi],
                     sentences=list(cn.sentences.get(j, [])))
    return net
