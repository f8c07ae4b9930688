"""On-disk Oxigraph stores made by ``python -m graph load``, and graphs whose data stay at an endpoint.

The stores themselves come from :func:`graph.engine._disk_store`: only the engine's own module
imports Oxigraph."""

import json
from pathlib import Path

from ..defaults import MAX_TRIPLES, STORE_META
from ..errors import StoreError, one_line
from . import _REMOTE, _disk_store, _native, new_graph

__all__ = ["create_store", "finish_store", "open_store", "remote_graph"]


def create_store(folder):
    """A new on-disk Oxigraph store in ``folder`` (new or empty), as an rdflib ``Graph``."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise StoreError(f"{folder}: exists and is not an empty folder; choose a new one")
    if not folder.parent.is_dir():
        raise StoreError(f"{folder}: cannot create a store: no folder {folder.parent}")
    try:
        return new_graph("oxigraph", _disk_store(folder))
    except OSError as e:
        raise StoreError(f"{folder}: cannot create a store: {one_line(e)}") from e


def finish_store(graph, folder, files):
    """Flush a store made by :func:`create_store` to disk and mark it as ours; return its size."""
    store = _native(graph)
    store.flush()
    n = len(store)
    meta = {"files": [str(Path(f).resolve()) for f in files], "triples": n,
            "prefixes": {p: str(ns) for p, ns in graph.namespaces() if p}}
    Path(folder, STORE_META).write_text(json.dumps(meta, indent=2, sort_keys=True), encoding="utf-8")
    return n


def open_store(folder):
    """Open a store made by ``python -m graph load``, read-only, as an rdflib ``Graph``."""
    from ..namespace import bind_prefixes

    folder = Path(folder)
    meta_path = folder / STORE_META
    if not meta_path.is_file():
        what = "no such folder" if not folder.exists() else "not a store made by 'python -m graph load --out'"
        raise StoreError(f"{folder}: {what}")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        ox = _disk_store(folder, read_only=True)
    except (OSError, ValueError, RuntimeError) as e:
        raise StoreError(f"{folder}: cannot open the store: {one_line(e)}") from e
    graph = new_graph("oxigraph", ox)
    prefixes = meta.get("prefixes", {}) if isinstance(meta, dict) else None
    if not isinstance(prefixes, dict) or not all(isinstance(v, str) for v in prefixes.values()):
        raise StoreError(f"{folder}: cannot open the store: its {STORE_META} is damaged")
    for prefix, namespace in sorted(prefixes.items()):
        graph.bind(prefix, namespace, override=True, replace=True)
    return bind_prefixes(graph)


def remote_graph(endpoint, max_triples=MAX_TRIPLES):
    """A graph whose data stay at ``endpoint`` (a :class:`graph.endpoint.Endpoint`): counts and queries go
    there; :func:`scan` fetches the concept network once, at most ``max_triples`` triples (:mod:`graph._remote`)."""
    from .._remote import Remote

    return Remote.graph(endpoint, max_triples, _REMOTE)
