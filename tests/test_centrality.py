"""Betweenness over processes equals igraph's on one core; the halves' agreement; PageRank."""

import random

import igraph
import pytest

from graph.network.centrality import Job, agreement, betweenness


@pytest.fixture(scope="module")
def graph():
    return igraph.Graph.Barabasi(3000, 2, directed=False)


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_parallel_betweenness_equals_the_serial_one_for_the_same_sources(graph, processes):
    sources = random.Random(1).sample(range(graph.vcount()), 100)
    serial = graph.betweenness(directed=False, sources=sources)
    assert betweenness(graph, sources, processes=processes) == pytest.approx(serial, rel=1e-9, abs=1e-9)


def test_a_job_gives_one_result_per_group(graph):
    groups = [[0, 1, 2], [3, 4], [5]]
    results = Job(graph, groups, processes=2).finish()
    assert [r == pytest.approx(graph.betweenness(directed=False, sources=g)) for r, g in zip(results, groups)] == [True] * 3


def test_agreement_of_two_estimates():
    assert agreement([3, 2, 1], [3, 2, 1], top=2) == (2, 0.0)
    assert agreement([1, 0, 0], [0, 1, 0], top=1)[0] == 0


def test_the_viewers_measures_equal_networkx_on_the_article():
    """betweenness_values (igraph) and pagerank_values (arrays) give NetworkX's figures: the sizes of
    the viewer and the export agree with what stats prints."""
    import networkx as nx

    from graph import load
    from graph.network.centrality import betweenness_values, pagerank_of, pagerank_values
    from graph.network.analysis import to_networkx
    from graph.source import concept_network

    cn = concept_network(load())
    net = to_networkx(None, cn)
    exact = nx.betweenness_centrality(nx.Graph(net))
    assert betweenness_values(cn) == pytest.approx([exact[x] for x in cn.nodes], abs=1e-12)
    ranks = pagerank_of(net)
    assert pagerank_values(cn) == [ranks[x] for x in cn.nodes]
    assert pagerank_values(cn) == pytest.approx([nx.pagerank(net)[x] for x in cn.nodes], abs=1e-5)
