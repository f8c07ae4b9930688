"""Load RDF files into an rdflib :class:`~rdflib.Graph`.

The format follows the file's extension (:data:`FORMATS`). Every problem becomes a
:class:`~graph.errors.DataError` whose message names the file, and the line and column where
the parser can tell them. Loading never touches the network.
"""

import os
from pathlib import Path

from .errors import DataError
from .resources import DEFAULT_FILES

__all__ = ["FORMATS", "guess_format", "check_files", "load"]

#: File extension -> rdflib parser name.
FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "nt",
    ".ntriples": "nt",
    ".n3": "n3",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
}


def guess_format(path):
    """Return the rdflib parser name for ``path``, from its extension.

    Examples
    --------
    >>> guess_format("data/triples.ttl")
    'turtle'
    >>> guess_format("graph.jsonld")
    'json-ld'
    >>> guess_format("notes.txt")
    Traceback (most recent call last):
    ...
    graph.errors.DataError: notes.txt: unknown RDF format '.txt' (known: .json, .jsonld, .n3, .nt, .ntriples, .owl, .rdf, .ttl, .turtle, .xml)
    """
    suffix = Path(path).suffix.lower()
    try:
        return FORMATS[suffix]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise DataError(f"{path}: unknown RDF format '{suffix}' (known: {known})") from None


def check_files(paths):
    """Check that every path is an existing file of a known format, before any is parsed (so
    that a typo fails fast); return the list of ``(path, format)``."""
    paths = list(paths)
    if not paths:
        raise DataError("no data files given")
    checked = []
    for path in paths:
        fmt = guess_format(path)
        if not os.path.isfile(path):
            what = "is a directory, not a file" if os.path.isdir(path) else "no such file"
            raise DataError(f"{path}: {what}")
        checked.append((path, fmt))
    return checked


def load(paths=None, graph=None, engine="auto", progress=None):
    """Parse RDF files into one graph, with the project's prefixes bound.

    Parameters
    ----------
    paths : iterable of str or Path, optional
        The files to read. By default the article's claims and the vocabulary
        (:data:`graph.resources.DEFAULT_FILES`).
    graph : rdflib.Graph, optional
        A graph to add to; by default a new one on ``engine``.
    engine : {"auto", "rdflib", "oxigraph"}
        The store behind the new graph (:mod:`graph.engine`): ``"auto"`` takes Oxigraph for
        inputs of 2 MB or more, rdflib's memory store otherwise.
    progress : callable, optional
        Called as ``progress(bytes_read, bytes_total)`` while Oxigraph reads the files.

    Returns
    -------
    rdflib.Graph

    Raises
    ------
    DataError
        A file is missing or unreadable, its extension is unknown, or it is not valid RDF.
        The message names the file, and the line and column where the parser says.

    Examples
    --------
    >>> g = load()
    >>> from graph.namespace import EV, KG
    >>> (KG.China, EV.investsIn, KG.ResearchAndDevelopment) in g
    True
    >>> load(["no/such/file.ttl"])
    Traceback (most recent call last):
    ...
    graph.errors.DataError: no/such/file.ttl: no such file
    """
    from . import engine as engines
    from .namespace import bind_prefixes

    checked = check_files(DEFAULT_FILES if paths is None else paths)
    if graph is None:
        graph = engines.new_graph(engines.choose(engine, [p for p, _ in checked]))
    bind_prefixes(graph)
    total = sum(os.path.getsize(p) for p, _ in checked)
    done = 0
    for path, fmt in checked:
        report = (lambda n, done=done: progress(done + n, total)) if progress else None
        engines.parse(graph, path, fmt, report)
        done += os.path.getsize(path)
    return graph
