"""Parsing with rdflib, and where and why its parsers failed: ``:line:column`` and a reason.

rdflib's parsers raise many types of exception, most without a position. This module reads the
position out of each kind it knows, so that a bad file is reported as ``FILE:LINE:COLUMN: ...``.
Used by :func:`graph.engine.parse` for graphs on rdflib's store.
"""

import json
import logging
import warnings
from contextlib import contextmanager
from pathlib import Path

from ._offline import offline
from .errors import DataError, NetworkRefused, one_line

__all__ = ["parse_rdflib", "exact_literals", "scan_rdflib", "where", "reason", "oxigraph_errors"]


@contextmanager
def exact_literals():
    """Make rdflib keep each literal as it is spelled (``"3.21E4"``, ``"01"``), and say nothing
    of one it cannot convert to a Python value (``"abc"^^xsd:integer``: a literal all the same)."""
    import rdflib

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
    from ._limits import check_input

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


_BAD_IRI = __import__("re").compile(r'[\x00-\x20<>"{}|^`\\]')


def scan_rdflib(graph):
    """:func:`graph.engine.scan` for a graph on rdflib's store."""
    from rdflib import Literal, URIRef

    for s, p, o in graph:
        lit = isinstance(o, Literal)
        yield (str(s) if isinstance(s, URIRef) else "_:" + str(s), str(p),
               str(o) if lit or isinstance(o, URIRef) else "_:" + str(o), lit)


def where(error, text, fmt):
    """``':line:column'`` (or ``':line'``) for a parser error, or ``''`` when it cannot be told."""
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


def reason(error, fmt):
    """What went wrong, on one line."""
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
    if isinstance(error, IndexError):  # rdflib's Turtle and N3 parsers, at a truncated statement
        return "bad syntax: the file ends in the middle of a statement"
    if isinstance(error, RecursionError):
        return "nested too deeply"
    return one_line(error)


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


@contextmanager
def oxigraph_errors(path):
    """Oxigraph's parse errors on the file ``path`` as :class:`DataError`, ``FILE:LINE:COLUMN: reason``."""
    import re

    try:
        yield
    except SyntaxError as e:  # "Parser error between line 3 column 11 and ...: <reason> (file, line 3)"
        why = re.sub(r"^Parser error (?:at|between) .*?: ", "", e.msg or str(e).rsplit(" (", 1)[0])
        where = f":{e.lineno}:{e.offset}" if e.lineno else ""
        raise DataError(f"{path}{where}: bad syntax: {why}") from e
    except NetworkRefused as e:
        raise DataError(f"{path}: {e}") from e
    except (OSError, ValueError) as e:
        raise DataError(f"{path}: {one_line(e)}") from e
