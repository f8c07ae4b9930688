"""Where a graph comes from, asked in one place: files, an on-disk store, or a remote endpoint.

Every command gets its graph from :func:`open_graph`; ``load`` and ``serve`` build stores with
:func:`build_store`. The three sources are mutually exclusive; with none, the article's graph
is read from the package's data.

Examples
--------
>>> g = open_graph()
>>> from graph.engine import triple_count
>>> triple_count(g) > 1000
True
>>> open_graph(data=["a.ttl"], store="s")
Traceback (most recent call last):
...
graph.errors.DataError: give one source: files, a store or an endpoint
"""

import shutil
from pathlib import Path

from .defaults import MAX_TRIPLES
from .errors import DataError

__all__ = ["open_graph", "build_store", "default_output_name"]


def open_graph(data=None, store=None, endpoint=None, engine="auto", user=None, max_triples=MAX_TRIPLES,
               progress=None):
    """The graph to work on, as an rdflib ``Graph``.

    Parameters
    ----------
    data : list of paths, optional
        RDF files (format by extension). Default, when no source is given: the article's graph.
    store : path, optional
        A store made by :func:`build_store` (``python -m graph load``): opens at once, read-only.
    endpoint : str, optional
        The URL of a SPARQL endpoint: queries and counts go there; the concept network is
        fetched when first needed, up to ``max_triples`` triples. ``user``: for basic
        authentication, with the password from the environment.
    engine : {"auto", "rdflib", "oxigraph"}
        The store that holds ``data`` while the command runs (:func:`graph.load.load`).
    progress : graph._progress.Progress, optional
        Shows what is being done, and a bar while files are read.
    """
    if sum(x is not None and x != [] for x in (data, store, endpoint)) > 1:
        raise DataError("give one source: files, a store or an endpoint")
    if endpoint:
        from .endpoint import Endpoint
        from .engine import remote_graph

        return remote_graph(Endpoint(endpoint, user), max_triples)
    if store:
        from .engine import open_store

        if progress:
            progress.step(f"opening {store}")
        return open_store(store)
    from .load import load

    return load(data or None, engine=engine, progress=progress.read if progress else None)


def build_store(files, folder, progress=None):
    """Parse RDF files (default: the article's graph) into a new on-disk store in ``folder``
    (new, or an empty folder). Return the number of triples it holds. On any failure, or an
    interrupt, nothing is left behind (the folder is removed, or emptied if it existed).
    """
    import gc

    from .engine import create_store, finish_store
    from .load import check_files, load
    from .resources import DEFAULT_FILES

    files = [str(p) for p in (files or DEFAULT_FILES)]
    check_files(files)
    folder = Path(folder)
    existed = folder.exists()
    graph = create_store(folder)
    try:
        load(files, graph=graph, progress=progress.read if progress else None)
        if progress:
            progress.step("flushing to disk")
        n = finish_store(graph, folder, files)
    except BaseException:
        del graph
        gc.collect()
        if existed:
            for child in folder.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        else:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    finally:
        if progress:
            progress.close()
    del graph  # pyoxigraph closes the store when the last reference goes
    gc.collect()  # rdflib's Graph holds reference cycles: collect them now, not at exit
    return n


def default_output_name(data=None, store=None, endpoint=None, suffix=".html"):
    """The file a command writes by default for a source: ``NAME.html`` for ``--data NAME.ttl``,
    ``STORE.html`` for a store, ``endpoint.html`` for an endpoint, ``None`` for the article."""
    if data:
        return Path(Path(data[0]).stem + suffix)
    if store:
        return Path(Path(store).name + suffix)
    if endpoint:
        return Path("endpoint" + suffix)
    return None
