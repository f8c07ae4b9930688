"""Load RDF files into an rdflib :class:`~rdflib.Graph`.

The format follows the file's extension (:data:`FORMATS`). Every problem becomes a
:class:`~graph.errors.DataError` whose message names the file, and the line and column where
the parser can tell them. Loading never touches the network.
"""

import json
import os
import re
from pathlib import Path

from .errors import DataError, NetworkRefused
from ._offline import offline

__all__ = [
    "DATA_DIR",
    "TRIPLES",
    "ONTOLOGY",
    "SHAPES",
    "ARTICLE",
    "EXCLUSIONS",
    "DEFAULT_FILES",
    "FORMATS",
    "guess_format",
    "display_path",
    "load",
]

#: The project's data folder (``data/`` beside the package).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TRIPLES = DATA_DIR / "triples.ttl"
ONTOLOGY = DATA_DIR / "ontology.ttl"
SHAPES = DATA_DIR / "shapes.ttl"
ARTICLE = DATA_DIR / "article.txt"
#: Sentences deliberately left without a statement, with the reason (tab-separated).
EXCLUSIONS = DATA_DIR / "coverage-exclusions.tsv"
#: What :func:`load` reads when given no files: the claims and their vocabulary.
DEFAULT_FILES = (TRIPLES, ONTOLOGY)

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


def display_path(path):
    """``path`` as messages show it: relative to the current folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


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


def load(paths=None, graph=None, engine="auto", progress=None):
    """Parse RDF files into one graph, with the project's prefixes bound.

    Parameters
    ----------
    paths : iterable of str or Path, optional
        The files to read. By default :data:`DEFAULT_FILES`: the article's claims and the
        vocabulary.
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
    from .namespace import bind_prefixes

    paths = list(DEFAULT_FILES if paths is None else paths)
    if not paths:
        raise DataError("no data files given")
    # Check every file before parsing any, so that a typo fails fast.
    formats = []
    for path in paths:
        fmt = guess_format(path)
        if not os.path.isfile(path):
            what = "is a directory, not a file" if os.path.isdir(path) else "no such file"
            raise DataError(f"{path}: {what}")
        formats.append(fmt)
    from .engine import choose, native_store, new_graph

    if graph is None:
        graph = new_graph(choose(engine, paths))
    bind_prefixes(graph)
    store = native_store(graph)
    total = sum(os.path.getsize(p) for p in paths)
    done = 0
    for path, fmt in zip(paths, formats):
        if store is None:
            _parse(graph, path, fmt)
        else:
            _parse_oxigraph(graph, store, path, fmt, done, total, progress)
        done += os.path.getsize(path)
    return graph


class _Counting:
    """A binary file that reports how far it has been read."""

    def __init__(self, f, report):
        self._f, self._report, self.read_bytes = f, report, 0

    def read(self, size=-1):
        data = self._f.read(size)
        self.read_bytes += len(data)
        self._report(self.read_bytes)
        return data

    def readable(self):
        return True


def _parse_oxigraph(graph, store, path, fmt, done, total, progress):
    import pyoxigraph

    from .engine import ox_format

    report = (lambda n: progress(done + n, total)) if progress else (lambda n: None)
    try:
        with open(path, "rb") as f, offline():
            parser = pyoxigraph.parse(input=_Counting(f, report), format=ox_format(fmt),
                                      base_iri=Path(path).resolve().as_uri())
            store.bulk_extend(parser)
            prefixes = dict(parser.prefixes) if hasattr(parser, "prefixes") else {}
    except SyntaxError as e:  # "Parser error between line 3 column 11 and ...: <reason> (file, line 3)"
        reason = re.sub(r"^Parser error (?:at|between) .*?: ", "", e.msg or str(e).rsplit(" (", 1)[0])
        where = f":{e.lineno}:{e.offset}" if e.lineno else ""
        raise DataError(f"{path}{where}: bad syntax: {reason}") from None
    except NetworkRefused as e:
        raise DataError(f"{path}: {e}") from e
    except (OSError, ValueError) as e:
        raise DataError(f"{path}: {' '.join(str(e).split())}") from e
    for prefix, namespace in sorted(prefixes.items()):
        if prefix and graph.store.namespace(prefix) is None:
            graph.bind(prefix, namespace, override=False)


def _parse(graph, path, fmt):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror}") from e
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not UTF-8 text ({e.reason})") from e
    try:
        with offline():
            graph.parse(data=text, format=fmt, publicID=Path(path).resolve().as_uri())
    except NetworkRefused as e:
        raise DataError(f"{path}: {e}") from e
    except Exception as e:  # rdflib's parsers raise many types; each is reported the same way
        raise DataError(f"{path}{_where(e, text, fmt)}: {_reason(e, fmt)}") from e


def _where(error, text, fmt):
    """':line:column' (or ':line') for a parser error, or '' when it cannot be told."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(error, BadSyntax):
        before = error._str[: error._i].decode("utf-8", "replace")
        column = len(before) - (before.rfind("\n") + 1) + 1
        return f":{error.lines + 1}:{column}"
    if isinstance(error, json.JSONDecodeError):
        return f":{error.lineno}:{error.colno}"
    get_line = getattr(error, "getLineNumber", None)  # xml.sax.SAXParseException
    if get_line is not None:
        return f":{get_line()}:{error.getColumnNumber() + 1}"
    if fmt == "nt":
        line = _first_bad_ntriples_line(text)
        if line:
            return f":{line}"
    return ""


def _reason(error, fmt):
    from rdflib.plugins.parsers.notation3 import BadSyntax

    if isinstance(error, BadSyntax):
        return f"bad syntax: {error._why}"
    if isinstance(error, json.JSONDecodeError):
        return f"bad JSON: {error.msg}"
    get_message = getattr(error, "getMessage", None)
    if get_message is not None:
        return f"bad XML: {get_message()}"
    if fmt == "nt":
        return "not a valid N-Triples line"
    return " ".join(str(error).split()) or type(error).__name__


def _first_bad_ntriples_line(text):
    """The N-Triples parser does not say where it failed: find the first line it rejects."""
    from rdflib import Graph

    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Graph().parse(data=line, format="nt")
        except Exception:
            return number
    return None
