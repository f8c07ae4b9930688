"""A knowledge graph of the article "Electrifying Foundations", and tools to use it.

The public API, re-exported here, is imported when first used (PEP 562) so that ``python -m graph
--help`` stays quick: rdflib, NetworkX and pySHACL load only when a function that needs them is
first called. No module of the package shares a name with a public function, so ``graph.stats``
is always the function.

Examples
--------
>>> import graph
>>> source = graph.Source()                      # the article's graph
>>> graph.validate(source).conforms
True
>>> print(graph.format_stats(graph.stats(source, top=1)).splitlines()[6])
  sentences supporting a statement  36 of 36
"""

import importlib

#: Each public name, and the module that defines it.
_PUBLIC = {
    "GraphError": "errors",
    "DataError": "errors",
    "StoreError": "errors",
    "EndpointError": "errors",
    "QueryError": "errors",
    "QuerySyntaxError": "errors",
    "QueryRefused": "errors",
    "Source": "source",
    "open_graph": "source",
    "load": "source",
    "concept_network": "source",
    "build_store": "source.store",
    "validate": "evidence.validation",
    "Report": "evidence.validation",
    "sentences": "evidence.reader",
    "sources": "evidence.reader",
    "Evidence": "evidence.reader",
    "coverage": "evidence.checks",
    "concepts": "evidence.model",
    "relations": "evidence.model",
    "label": "evidence.model",
    "compare": "evidence.compare",
    "to_networkx": "network.analysis",
    "stats": "network.analysis",
    "run_query": "query",
    "named_queries": "query",
    "format_result": "results",
    "format_stats": "results",
    "format_report": "results",
    "render_html": "viewer",
    "write_html": "viewer",
    "serve": "server",
    "export": "exports",
    "write_export": "exports",
}

__all__ = list(_PUBLIC)


def __getattr__(name):
    try:
        module = _PUBLIC[name]
    except KeyError:
        raise AttributeError(f"module 'graph' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
