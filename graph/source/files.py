"""RDF files: their formats, the checks before any is parsed, and rdflib's parsers with the position of every error.

The format follows the file's extension (:data:`FORMATS`). rdflib's parsers raise many types of
exception, most without a position; :func:`parse_rdflib` reads the position out of each kind it
knows, so that a bad file is reported as ``FILE:LINE:COLUMN: reason``. Parsing never touches the
network.
"""

import json
import logging
import os
import re
import warnings
from contextlib import contextmanager
from pathlib import Path

import rdflib
from rdflib import Graph
from rdflib.plugins.parsers.notation3 import BadSyntax

from ..errors import DataError, NetworkRefused, one_line
from ..limits import check_input
from .offline import offline

__all__ = ["FORMATS", "guess_format", "check_files", "exact_literals", "parse_rdflib", "where", "reason"]

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
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
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
    graph.errors.DataError: notes.txt: unknown RDF format '.txt' (known: .json, .jsonld, .n3, .nq, .nquads, .nt, .ntriples, .owl, .rdf, .trig, .ttl, .turtle, .xml)
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
    checked, seen = [], {}
    for path in paths:
        fmt = guess_format(path)
        if not os.path.isfile(path):
            what = "is a directory, not a file" if os.path.isdir(path) else "no such file"
            raise DataError(f"{path}: {what}")
        real = os.path.realpath(path)
        if real in seen:  # a document read twice would count its claims twice over: a slip, said at once
            same = "" if seen[real] == str(path) else f" (as {seen[real]})"
            raise DataError(f"{path}: given twice{same}")
        seen[real] = str(path)
        checked.append((path, fmt))
    return checked


@contextmanager
def exact_literals():
    """Make rdflib keep each literal as it is spelled (``"3.21E4"``, ``"01"``), and say nothing
    of one it cannot convert to a Python value (``"abc"^^xsd:integer``: a literal all the same)."""
    logger, normalize = logging.getLogger("rdflib.term"), rdflib.NORMALIZE_LITERALS
    level, rdflib.NORMALIZE_LITERALS = logger.level, False
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Parsing weird boolean": a literal all the same
            yield
    finally:
        rdflib.NORMALIZE_LITERALS = normalize
        logger.setLevel(level)


def parse_rdflib(graph, path, fmt):
    """Parse the file ``path`` into ``graph`` with rdflib, offline; errors name file, line and column."""
    check_input(path, fmt)  # hostile forms are refused before the parser sees a byte
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
        with offline(), exact_literals():
            graph.parse(data=text, format=fmt, publicID=Path(path).resolve().as_uri())
    except NetworkRefused as e:
        raise DataError(f"{path}: {e}") from e
    except Exception as e:  # rdflib's parsers raise many types; each is reported the same way
        raise DataError(f"{path}{where(e, text, fmt)}: {reason(e, fmt)}") from e
    if fmt == "json-ld":  # as Oxigraph does: a term that expands to no valid IRI makes no triple
        bad = [t for t in graph if any(_BAD_IRI.search(x) for x in t if type(x).__name__ == "URIRef")]
        for triple in bad:
            graph.remove(triple)


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def where(error, text, fmt):
    """``':line:column'`` (or ``':line'``) for a parser error, or ``''`` when it cannot be told."""
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


def reason(error, fmt):
    """What went wrong, on one line."""
    if isinstance(error, BadSyntax):
        return f"bad syntax: {error._why}"
    if isinstance(error, json.JSONDecodeError):
        return f"bad JSON: {error.msg}"
    get_message = getattr(error, "getMessage", None)
    if get_message is not None:
        return f"bad XML: {get_message()}"
    if fmt == "nt":
        return "not a valid N-Triples line"
    if isinstance(error, IndexError):  # rdflib's Turtle and N3 parsers, at a truncated statement
        return "bad syntax: the file ends in the middle of a statement"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return one_line(error)


def _first_bad_ntriples_line(text):
    """The N-Triples parser does not say where it failed: find the first line it rejects."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            Graph().parse(data=line, format="nt")
        except Exception:
            return number
    return None
