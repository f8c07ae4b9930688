"""A knowledge graph of the article "Electrifying Foundations", and tools to use it.

The public API, re-exported here, is imported lazily so that ``python -m graph --help`` stays
quick: rdflib, NetworkX and pySHACL load only when a function that needs them is first used.

Examples
--------
>>> import graph
>>> g = graph.open_graph()
>>> graph.validate(g).conforms
True
>>> print(graph.format_stats(graph.stats(g, top=1)).splitlines()[2])
  concepts                               123
"""

import importlib
import sys
import types

__all__ = [
    "GraphError",
    "DataError",
    "StoreError",
    "EndpointError",
    "QueryError",
    "open_graph",
    "build_store",
    "load",
    "validate",
    "Report",
    "sentences",
    "sources",
    "coverage",
    "concepts",
    "relations",
    "label",
    "to_networkx",
    "concept_network",
    "stats",
    "run_query",
    "named_queries",
    "format_result",
    "format_stats",
    "format_report",
    "render_html",
    "write_html",
    "serve",
    "export",
    "write_export",
    "compare",
]

_SOURCES = {
    "GraphError": "errors",
    "DataError": "errors",
    "StoreError": "errors",
    "EndpointError": "errors",
    "QueryError": "errors",
    "open_graph": "source",
    "build_store": "source",
    "load": "load",
    "validate": "validate",
    "Report": "validate",
    "sentences": "provenance",
    "sources": "provenance",
    "coverage": "provenance",
    "concepts": "model",
    "relations": "model",
    "label": "model",
    "to_networkx": "network",
    "concept_network": "network",
    "stats": "stats",
    "run_query": "query",
    "named_queries": "query",
    "format_result": "results",
    "format_stats": "results",
    "format_report": "results",
    "render_html": "viewer",
    "write_html": "viewer",
    "serve": "serve",
    "export": "export",
    "write_export": "export",
    "compare": "compare",
}


class _Package(types.ModuleType):
    """The package module. Importing a submodule such as ``graph.load`` would normally set the
    package attribute ``load`` to the module, hiding the function of the same name; here the
    public names always stay the functions (the submodules remain in ``sys.modules``)."""

    def __setattr__(self, name, value):
        if name in _SOURCES and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name):
    try:
        module = _SOURCES[name]
    except KeyError:
        raise AttributeError(f"module 'graph' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(__all__))
