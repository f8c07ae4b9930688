"""Centrality: betweenness with igraph, its sources spread over the machine's cores; PageRank.

igraph computes betweenness from a set of source concepts in C, one core at a time. Sources
add up: the betweenness from sources A and B is the sum of the betweenness from A and from B.
:class:`Job` hands groups of sources to forked processes (which share the graph's memory
with this one until they write to it), so that the caller can do other work in the meantime; :func:`betweenness` is the same, all at once. Where
processes cannot be forked, everything runs here, one group after another.

Examples
--------
>>> import igraph
>>> g = igraph.Graph.Ring(6)
>>> betweenness(g, processes=2) == g.betweenness(directed=False)
True
"""

import heapq
import os
import random

from ..defaults import BETWEENNESS_SAMPLES, EXACT_LIMIT, NETWORKX_LIMIT, SEED
from ..limits import die_with_parent

__all__ = ["betweenness_within", "cores", "Job", "betweenness", "agreement", "pagerank_values", "betweenness_values", "pagerank_of"]

_GRAPH = None  # the graph the forked processes read


def cores():
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _part(sources):
    return _GRAPH.betweenness(directed=False, sources=sources)


class Job:
    """Raw (unnormalised) betweenness of the undirected igraph ``graph`` from each group of
    source vertices in ``groups``: started at once in ``processes`` forked processes (default:
    one per core), while this one goes on; :meth:`finish` waits and returns one list of values
    per group."""

    def __init__(self, graph, groups, processes=None):
        global _GRAPH
        import multiprocessing  # lazy: its import costs more than the article's whole stats

        self.graph, self.groups = graph, [list(g) for g in groups]
        self.pool, self.pending = None, []
        workers = min(cores() if processes is None else processes, len(self.groups))
        if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
            _GRAPH = graph
            self.pool = multiprocessing.get_context("fork").Pool(workers, die_with_parent, (os.getpid(),))
            self.pending = [self.pool.apply_async(_part, (g,)) for g in self.groups]

    def finish(self):
        global _GRAPH
        if self.pool is None:
            return [self.graph.betweenness(directed=False, sources=g) for g in self.groups]
        try:
            return [p.get() for p in self.pending]
        finally:
            self.pool.close()
            self.pool.join()
            _GRAPH = None


def betweenness(graph, sources=None, processes=None):
    """Raw betweenness of the undirected igraph ``graph`` from ``sources`` (default: every
    vertex), computed on ``processes`` processes (default: one per core)."""
    sources = list(range(graph.vcount())) if sources is None else list(sources)
    parts = max(1, min(cores() if processes is None else processes, len(sources)))
    results = Job(graph, [sources[i::parts] for i in range(parts)], processes).finish()
    return [sum(values) for values in zip(*results)] if results else [0.0] * graph.vcount()


def agreement(a, b, top):
    """How two estimates ``a`` and ``b`` (lists by vertex) agree on their ``top`` highest:
    ``(shared, error)``, how many of the top vertices they share, and the median over the top of
    their mean of ``|a - b| / (a + b)``, the relative error to expect of the mean of the two.

    Examples
    --------
    >>> agreement([5, 4, 1, 0], [4, 5, 0, 1], top=2)
    (2, 0.111)
    """
    rank = lambda v: set(heapq.nlargest(top, range(len(v)), key=v.__getitem__))  # noqa: E731
    both = sorted(rank([x + y for x, y in zip(a, b)]))
    errors = sorted(abs(a[i] - b[i]) / (a[i] + b[i]) if a[i] + b[i] else 0.0 for i in both)
    median = errors[len(errors) // 2] if len(errors) % 2 else sum(errors[len(errors) // 2 - 1:][:2]) / 2
    return len(rank(a) & rank(b)), round(median, 3)


def pagerank_values(cn):
    """PageRank of every concept of a :class:`~graph.network.ConceptNetwork`, by index: the
    figures of :func:`graph.network.analysis.stats` (plain Python up to NETWORKX_LIMIT concepts, igraph above)."""
    if len(cn) <= NETWORKX_LIMIT:
        return _power_iteration(len(cn), zip(cn.sources, cn.targets))
    import igraph  # lazy, as everywhere: only graphs above NETWORKX_LIMIT need it

    return igraph.Graph(n=len(cn), edges=list(zip(cn.sources, cn.targets)), directed=True).pagerank(damping=0.85)


def betweenness_values(cn, seed=SEED):
    """Betweenness of every concept of a :class:`~graph.network.ConceptNetwork`, by index, as
    :func:`graph.network.analysis.stats` ranks it: exact up to 5,000 concepts, then from sampled sources.
    igraph computes it (NetworkX's exact figures, which ``stats`` prints up to 500 concepts, are
    the same to the last digits: a test compares them; igraph is faster to import and to run)."""
    n = len(cn)
    if n <= EXACT_LIMIT:
        return _normalised(n, zip(cn.sources, cn.targets))
    k = min(BETWEENNESS_SAMPLES, n)
    sources = sorted(random.Random(seed).sample(range(n), k))
    return [b * n / k for b in _normalised(n, zip(cn.sources, cn.targets), sources)]


def betweenness_within(cn, nodes):
    """Exact betweenness of the concepts ``nodes`` (indexes) in the network they induce, normalised
    by their own number, as ``{index: value}``: what the viewer sizes by when it shows part of a
    graph too large for an exact figure (the sampled one would take longer than the rest of ``viz``)."""
    local = {i: k for k, i in enumerate(nodes)}
    edges = ((local[s], local[o]) for s, o in zip(cn.sources, cn.targets) if s in local and o in local)
    return dict(zip(nodes, _normalised(len(local), edges)))


def _normalised(n, edges, sources=None):
    """igraph's betweenness of ``n`` nodes on the undirected ``edges`` (index pairs, each pair once),
    from ``sources`` (default: all), normalised as NetworkX does for ``n`` nodes."""
    import igraph  # lazy: its import (0.1 s) is paid only by the commands that rank concepts

    if n < 3:
        return [0.0] * n
    undirected = igraph.Graph(n=n, edges=list(edges), directed=False)
    undirected.simplify()
    scale = 2.0 / ((n - 1) * (n - 2))
    return [b * scale for b in undirected.betweenness(directed=False, sources=sources)]


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
    nodes = list(net)
    index = {u: i for i, u in enumerate(nodes)}
    ranks = _power_iteration(len(nodes), ((index[u], index[v]) for u, v in net.edges()), alpha, max_iter, tol)
    return dict(zip(nodes, ranks))


def _power_iteration(n, edges, alpha=0.85, max_iter=100, tol=1.0e-6):
    """PageRank of the ``n`` nodes ``0..n-1`` linked by ``edges`` (index pairs), by index."""
    if n == 0:
        return []
    out_links = [[] for _ in range(n)]
    for u, v in edges:
        out_links[u].append(v)
    dangling = [u for u in range(n) if not out_links[u]]
    x = [1.0 / n] * n
    for _ in range(max_iter):
        last = x
        x = [(1.0 - alpha) / n + alpha * sum(last[u] for u in dangling) / n] * n
        for u in range(n):
            links = out_links[u]
            if links:
                share = alpha * last[u] / len(links)
                for v in links:
                    x[v] += share
        if sum(abs(x[u] - last[u]) for u in range(n)) < n * tol:
            return x
    import networkx as nx  # lazy: NetworkX's exception, for callers that expect it

    raise nx.PowerIterationFailedConvergence(max_iter)
