"""Print SPARQL results: an aligned table for people, the standard formats for programs.

SELECT and ASK results print as an aligned table by default, with IRIs shortened to compact
names (``kg:China``) and literals shown by their text. ``csv``, ``json`` and ``xml`` are the
W3C SPARQL 1.1 results formats, written by rdflib's serializers; ``tsv``, which rdflib does
not serialize, follows the W3C TSV format (terms in Turtle syntax). CONSTRUCT and DESCRIBE
results are graphs: Turtle by default, JSON-LD with ``json``, RDF/XML with ``xml``.
"""

import re

from rdflib import BNode, Literal, URIRef  # noqa: F401 (URIRef: compact names)

from .errors import QueryError
from .namespace import PREFIXES, compact

__all__ = ["FORMATS", "format_result", "table"]

#: The output formats of ``python -m graph query``.
FORMATS = ("table", "csv", "tsv", "json", "xml")


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _cell(term, namespaces):
    if term is None:
        return ""
    if isinstance(term, Literal):
        return str(term)
    if isinstance(term, BNode):
        return f"_:{term}"
    return compact(term, namespaces)


def table(header, rows):
    """Align ``rows`` (lists of strings) under ``header`` and add a row count.

    Examples
    --------
    >>> print(table(["nation", "n"], [["China", "1"], ["United States", "12"]]))
    nation          n
    -------------  --
    China           1
    United States  12
    (2 rows)
    """
    rows = [[c.replace("\n", " ") for c in row] for row in rows]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]
    numeric = [bool(rows) and all(_NUMBER.match(r[i]) for r in rows) for i in range(len(header))]

    def line(cells):
        return "  ".join(c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric)).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in rows]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _tsv_term(term):
    if term is None:
        return ""
    text = term.n3()
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def format_result(result, fmt="table", namespaces=None):
    """Render an rdflib query ``Result`` as text in ``fmt`` (one of :data:`FORMATS`).

    Examples
    --------
    >>> from graph import load
    >>> from graph.query import run_query
    >>> g = load()
    >>> print(format_result(run_query(g, "ASK { kg:China ev:investsIn kg:ResearchAndDevelopment }")))
    ask
    ----
    true
    (1 row)
    >>> r = run_query(g, "SELECT ?n WHERE { ?n ev:investsIn kg:ResearchAndDevelopment } ORDER BY ?n LIMIT 1")
    >>> print(format_result(r, "tsv"))
    ?n
    <https://example.org/ev-kg/id/China>
    """
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    namespaces = dict(namespaces or PREFIXES)
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        graph = result.graph
        for prefix, ns in namespaces.items():
            graph.bind(prefix, ns, override=True)
        rdf_format = {"table": "turtle", "json": "json-ld", "xml": "xml"}.get(fmt)
        if rdf_format is None:
            raise QueryError(f"{result.type} results are graphs: use --format table (Turtle), json (JSON-LD) or xml (RDF/XML)")
        return graph.serialize(format=rdf_format).rstrip("\n")
    if fmt == "table":
        if result.type == "ASK":
            return table(["ask"], [["true" if result.askAnswer else "false"]])
        header = [str(v) for v in result.vars]
        rows = [[_cell(row[i], namespaces) for i in range(len(header))] for row in result]
        return table(header, rows)
    if fmt == "tsv":
        if result.type == "ASK":
            return "true" if result.askAnswer else "false"
        lines = ["\t".join(f"?{v}" for v in result.vars)]
        lines += ["\t".join(_tsv_term(t) for t in row) for row in result]
        return "\n".join(lines)
    if result.type == "ASK" and fmt == "csv":
        return "true" if result.askAnswer else "false"
    return result.serialize(format=fmt).decode("utf-8").rstrip("\n")
