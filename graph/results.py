"""Render results for people and programs: SPARQL results, the ``stats`` report, the ``validate`` report.

Every command's output is written here, once per kind of result: :func:`format_result` for
SPARQL results, :func:`format_stats` for :func:`graph.network.analysis.stats`, :func:`format_report` for
:func:`graph.evidence.validation.validate`, and :func:`to_json` for every JSON document.

SELECT and ASK results print as an aligned table by default, with IRIs shortened to compact
names (``kg:China``) and literals shown by their text. ``csv``, ``tsv``, ``json`` and ``xml``
are the W3C SPARQL 1.1 results formats, written by Oxigraph's serializers (the engine's), so
that every term keeps the spelling the engine gave it (``3.21E4``, ``PT0S``, ``2006-08-24Z``).
CONSTRUCT and DESCRIBE results are graphs: Turtle by default, JSON-LD with ``json``, RDF/XML
with ``xml``, with the project's prefixes.
"""

import json
import re

from rdflib import URIRef

from .defaults import QUERY_FORMATS as FORMATS
from .defaults import COMMUNITY_LINES, REPORT_FORMATS
from .errors import QueryError
from .namespace import PREFIXES, Compactor
from .source.oxigraph import write_results

__all__ = ["FORMATS", "REPORT_FORMATS", "format_result", "format_stats", "format_report", "format_comparison", "to_json", "table"]


_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _cell(term, compactor):
    if term is None:
        return ""
    if term.kind == "literal":
        return term.value
    if term.kind == "bnode":
        return f"_:{term.value}"
    if term.kind == "triple":  # RDF 1.2: shown as N-Triples writes it
        return term.value
    return compactor(URIRef(term.value))


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


def format_result(result, fmt="table", namespaces=None):
    """Render a query's :class:`~graph.query.Answer` as text in ``fmt`` (one of :data:`FORMATS`).

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
        if fmt not in ("table", "json", "xml"):
            raise QueryError(f"{result.type} results are graphs: use --format table (Turtle), json (JSON-LD) or xml (RDF/XML)")
        return _well_formed(write_results(result.type, result.body, fmt, namespaces), fmt)
    if result.type == "ASK" and fmt in ("table", "csv", "tsv"):
        answer = "true" if result.askAnswer else "false"
        return table(["ask"], [[answer]]) if fmt == "table" else answer
    if fmt == "table":
        compactor = Compactor(namespaces)
        return table(result.vars, [[_cell(t, compactor) for t in row] for row in result.rows])
    return _well_formed(write_results(result.type, result.body, fmt, namespaces), fmt)


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _well_formed(text, fmt):
    """Refuse XML output holding a character that XML 1.0 cannot carry, even escaped."""
    bad = _NOT_XML.search(text) if fmt == "xml" else None
    if bad:
        raise QueryError(f"the answer holds the character U+{ord(bad.group()):04X}, which XML 1.0 cannot carry: "
                         "use --format json")
    return text


def to_json(value):
    """``value`` as the JSON every command prints: indented, UTF-8 text kept as it is.

    Examples
    --------
    >>> print(to_json({"concept": "Électrification", "n": 1}))
    {
      "concept": "Électrification",
      "n": 1
    }
    """
    return json.dumps(value, indent=2, ensure_ascii=False)


def _check(fmt):
    if fmt not in REPORT_FORMATS:
        raise QueryError(f"unknown format {fmt!r} (known: {', '.join(REPORT_FORMATS)})")


def format_stats(s, fmt="text"):
    """Render the dict of :func:`graph.network.analysis.stats` as text (aligned sections) or JSON."""
    _check(fmt)
    if fmt == "json":
        return to_json(s)
    out = []
    counts = [("triples", f"{s['triples']:,}"), ("concepts", f"{s['concepts']:,}"), ("relations", f"{s['relations']:,}")]
    note = ""
    if "statements" in s:  # the provenance model: only where the graph uses it
        sentences = s["sentences"]
        covered = f"{sentences['covered']} of {sentences['total']}" if sentences["total"] else "none"
        counts += [("statements", f"{s['statements']:,}")]
        if s["statements"]:
            counts += [("of them plain triples", f"{s.get('statements_as_plain_triples', 0):,}")]
            note = "\n  (relations: every statement, whatever its modality; plain triples: what the text asserts)"
        counts += [("sentences supporting a statement", covered)]
    out.append(_pairs("Graph", counts) + note)
    if s.get("statements_per_modality"):
        out.append(_pairs("Statements per modality", list(s["statements_per_modality"].items())))
    if s.get("documents", 0) > 1:
        rows = [[d["document"], d["title"] or "", str(d["sentences"]), str(d["statements"]),
                 ", ".join(f"{m.split(':')[-1]} {n}" for m, n in d["modalities"].items())] for d in s["per_document"]]
        out.append(f"Documents ({s['documents']})\n" + _indent(table(
            ["document", "title", "sentences", "statements", "modalities"], rows)))
        out.append(_pairs("Across the documents", [
            ("claims made by two or more", str(s["corroborated"])),
            ("contradictions", str(s["contradictions"])),
            ("concepts named in two or more", str(s["shared_concepts"])),
        ]))
    out.append(_pairs("Concepts per class", list(s["concepts_per_class"].items())))
    out.append(_pairs("Relations per predicate", list(s["relations_per_predicate"].items())))
    largest = s["largest_component"]
    out.append(_pairs("Network", [
        ("density", f"{s['density']:.4f}"),
        ("weakly connected components", str(s["weakly_connected_components"])),
        ("largest component", f"{largest['concepts']} concepts, diameter {largest['diameter']}"),
    ]))
    for key, title, digits in (("degree", "degree", 0), ("betweenness", "betweenness", 4), ("pagerank", "PageRank", 4)):
        rows = [[str(i), r["label"], r["class"], f"{r['value']:.{digits}f}"] for i, r in enumerate(s["top"][key], 1)]
        if rows or key != "betweenness":
            out.append(f"Top {len(rows)} by {title}\n" + _indent(table(["#", "concept", "class", title], rows)))
    communities, count = s["communities"][:COMMUNITY_LINES], s.get("community_count", len(s["communities"]))
    lines = [f"  {i}. ({c['size']}) " + "; ".join(c["top"]) + (f"; … {c['size'] - len(c['top'])} more"
                                                                if c["size"] > len(c["top"]) else "")
             for i, c in enumerate(communities, 1)]
    if count > len(communities):
        lines.append(f"  … and {count - len(communities):,} smaller communities (all: --format json --members)")
    out.append(f"Communities ({s['method']['communities']})\n"
               + ("\n".join(lines) or "  none"))
    if "pillar_bridges" in s:  # our vocabulary's pillars: only where the graph's concepts have them
        rows = [[r["label"], r["class"], ", ".join(p.split(":")[-1].lower() for p in r["pillars"])]
                for r in s["pillar_bridges"]]
        bridges = _indent(table(["concept", "class", "pillars"], rows)) if rows else \
            "  none (no concept touches two pillars)"
        out.append("Concepts that bridge the pillars (nation, technology, challenge, workforce)\n" + bridges)
    method = s["method"]
    rows = [("library", method["library"]), ("betweenness", method["betweenness"])]
    error = method.get("betweenness_error")
    if error:
        rows.append(("its error", f"two halves of the sample share {error['shared']} of the top {error['top']}; "
                     f"values within {100 * error['relative_error']:.0f}% of each other (median)"))
    out.append(_pairs("Method", rows + [("diameter", method["diameter"])], align=False))
    return "\n\n".join(out)


def format_report(report, fmt="text"):
    """Render a :class:`graph.evidence.validation.Report` as text or JSON. Text: the counts when it
    conforms; otherwise one line per problem (the command line adds their count on stderr)."""
    _check(fmt)
    if fmt == "json":
        return to_json({"conforms": report.conforms, "problems": report.problems, "summary": report.summary})
    s = report.summary
    if not report.conforms:
        return "\n".join(report.problems)
    head = f"Conforms: {s['concepts']:,} concepts, {s['relations']:,} relations"
    if "statements" in s:  # the provenance model: only where the graph uses it
        head += (f", {s['statements']:,} statements; {s['sentences_covered']:,} of {s['sentences']:,} "
                 f"sentences support a statement ({s['sentences_excluded']:,} excluded with a reason)")
    lines = [head + ".", "Concepts per class:"]
    width = max((len(c) for c in s["concepts_per_class"]), default=0)
    lines += [f"  {cls:<{width}}  {n:>4}" for cls, n in s["concepts_per_class"].items()] or ["  none"]
    if s.get("statements_per_modality"):
        lines.append("Statements per modality:")
        width = max(len(m) for m in s["statements_per_modality"])
        lines += [f"  {m:<{width}}  {n:>4}" for m, n in s["statements_per_modality"].items()]
    if len(s.get("documents", {})) > 1:
        lines.append("Documents:")
        width = max(len(d) for d in s["documents"])
        lines += [f"  {d:<{width}}  {r['sentences_covered']} of {r['sentences']} sentences support a statement "
                  f"({r['sentences_excluded']} with a reason), {r['statements']} statements"
                  for d, r in s["documents"].items()]
    if "statements_as_plain_triples" in s and s["statements"]:
        lines.append(f"Plain triples: {s['statements_as_plain_triples']} of {s['statements']} statements stand as plain "
                     "triples (what the text asserts: fact, trend or aim; graph.namespace.TRUTHY).")
    if "mentions" in s:
        lines.append(f"Mentions: {s['mentions']} checked against the text (offsets exact, each inside its sentence); "
                     f"{s['statements_with_mentions']} of {s['statements']} statements name their subject and object.")
    if "concepts_class_only_from_range" in s:
        lines.append(f"Concepts whose only reason for a class is a property's range: {s['concepts_class_only_from_range']}.")
    return "\n".join(lines)


def _pairs(title, items, align=True):
    if not items:
        return f"{title}\n  none"
    width = max(len(str(k)) for k, _ in items)
    return title + "\n" + "\n".join(f"  {str(k):<{width}}  {str(v):>8}" if align else f"  {str(k):<{width}}  {v}"
                                      for k, v in items)


def _indent(text):
    return "\n".join("  " + line for line in text.splitlines())


def format_comparison(result, fmt="text"):
    """The report of :func:`graph.evidence.compare.compare`: JSON, or text tables (scores, per class,
    per predicate, then what is missing and what is extra)."""
    if fmt == "json":
        return to_json(result)

    def rows(scores):
        return [[name, f"{s['precision']:.4f}", f"{s['recall']:.4f}", f"{s['f1']:.4f}", str(s["candidate"]),
                 str(s["reference"])] for name, s in scores.items()]

    head = ["", "precision", "recall", "F1", "candidate", "reference"]
    parts = [f"Against the document {result['document']} of the reference"] if result.get("document") else []
    parts += [table(head, rows({k: result[k] for k in ("concepts", "relations", "relations_with_predicate", "evidence")})),
             "Per class (concepts)", table(["class", *head[1:]], rows(result["per_class"])),
             "Per predicate (relations with predicate)", table(["predicate", *head[1:]], rows(result["per_predicate"]))]
    pairs = result["relations"]
    unmatched = {"missing": pairs["reference"] - pairs["matched_reference"],  # what the table's relations row implies
                 "extra": pairs["candidate"] - pairs["matched_candidate"]}
    for what in ("missing", "extra"):
        found = result[what]
        parts.append(f"{what.capitalize()} concepts ({len(found['concepts'])}): " + ", ".join(found["concepts"]))
        count = unmatched[what] if unmatched[what] == len(found["relations"]) else \
            f"{unmatched[what]} pairs of concepts, {len(found['relations'])} relations"
        parts.append(f"{what.capitalize()} relations ({count}):")
        for r in found["relations"]:
            said = r.get("sentence") or r.get("evidence") or ""
            parts.append(f"  {r['subject']} {r['predicate']} {r['object']}" + (f"\n      \"{said}\"" if said else ""))
        if what == "missing" and result.get("other_predicate"):
            parts.append(f"Relations found with another predicate or direction ({len(result['other_predicate'])}):")
            for r in result["other_predicate"]:
                said = f"\n      \"{r['sentence']}\"" if r["sentence"] else ""
                found_as = "; ".join(f"{c['subject']} {c['predicate']} {c['object']}" for c in r["candidate"])
                parts.append(f"  {r['subject']} {r['predicate']} {r['object']} (found as: {found_as}){said}")
    return "\n".join(parts)
