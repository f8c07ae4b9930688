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

from .defaults import MAX_TRIPLES, STORE_NETWORK
from .errors import DataError

__all__ = ["open_graph", "open_network", "build_store", "default_output_name"]


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


def open_network(data=None, store=None, endpoint=None, engine="auto", user=None, max_triples=MAX_TRIPLES,
                 progress=None, graph=None, tap=None):
    """The concept network (:class:`graph.network.ConceptNetwork`) of the source that
    :func:`open_graph` takes, read the quickest way: files for Oxigraph are streamed through its
    parser into the arrays (no store is built), a store made by :func:`build_store` gives the
    network saved with it; otherwise the graph (``graph`` if given, else :func:`open_graph`'s)
    is scanned once. ``tap``, a function of the stream of ``(subject, predicate, object,
    object_is_literal)`` strings that yields them on, sees every triple of the source once (it
    reads the store when the network comes saved).
    """
    from .network import collect_network, concept_network, read_network

    if graph is None and store and Path(store, STORE_NETWORK).is_file():
        if progress:
            progress.step(f"reading the concept network of {store}")
        network = read_network(Path(store, STORE_NETWORK))
        if tap:
            from .engine import scan

            for _ in tap(scan(open_graph(store=store))):
                pass
        return network
    if graph is None and not store and not endpoint and engine != "rdflib":
        # no store is needed to read a network: the files stream through Oxigraph's parser
        from .engine import stream
        from .load import check_files
        from .namespace import PREFIXES
        from .resources import DEFAULT_FILES

        return _streamed(check_files(data or DEFAULT_FILES), progress, collect_network, stream, PREFIXES, tap)
    if graph is None:
        graph = open_graph(data, store, endpoint, engine, user, max_triples, progress)
    if progress:
        progress.step("reading the concept network")
    return concept_network(graph, tap)


def _streamed(checked, progress, collect_network, stream, ours, tap=None):
    import os

    total = sum(os.path.getsize(p) for p, _ in checked)
    prefixes = {}
    report = (lambda n: progress.read(n, total)) if progress else None
    # as namespaces_of(graph) gives them for a graph the files are loaded into
    triples = stream(checked, report, prefixes)
    return collect_network(tap(triples) if tap else triples, lambda: {**ours, **prefixes})


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
        collector = _start_collecting(files, folder / STORE_NETWORK)
        load(files, graph=graph, progress=progress.read if progress else None)
        if progress:
            progress.step("flushing to disk")
        n = finish_store(graph, folder, files)
        if collector is not None:
            collector.join()
            if collector.exitcode != 0:
                raise DataError(f"{folder}: could not save the concept network (exit code {collector.exitcode})")
        else:
            from .network import concept_network, save_network

            save_network(concept_network(graph), folder / STORE_NETWORK)
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


def _start_collecting(files, path):
    """Stream ``files`` into a concept network saved at ``path`` in a second process (forked,
    so that it runs on another core while this one bulk-loads); ``None`` where processes cannot
    be forked."""
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    process = multiprocessing.get_context("fork").Process(target=_collect_to, args=(files, path), daemon=True)
    process.start()
    return process


def _collect_to(files, path):
    import signal

    from .network import save_network

    # the parent answers Ctrl-C and SIGTERM and then ends this child: it dies quietly, no traceback
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    save_network(open_network(data=files, engine="oxigraph"), path)


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
