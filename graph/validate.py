"""Check a graph: SHACL shapes, the vocabulary, the offsets against the article, coverage.

:func:`validate` follows pySHACL's entry point: it takes a graph (or loads the default data)
and returns a :class:`Report` whose ``conforms`` says whether every check passed, with one
line per problem and a summary of counts.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from .load import load
from .resources import ARTICLE, EXCLUSIONS, ONTOLOGY, SHAPES, display_path
from .namespace import EV, compact, namespaces_of

__all__ = ["Report", "validate"]

_VOCABULARY_IRI = "https://example.org/ev-kg/ontology"


@dataclass
class Report:
    """The outcome of :func:`validate`.

    Attributes
    ----------
    conforms : bool
        True when there is no problem.
    problems : list of str
        One line per problem, each naming the node (statement, sentence, concept) at fault.
    summary : dict
        Counts: ``triples``, ``concepts`` (per class), ``relations``, ``statements``,
        ``sentences``, ``sentences_covered``, ``sentences_excluded``.
    """

    conforms: bool
    problems: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def validate(graph=None, *, text=None, text_name=None, shapes=None, exclusions=None):
    """Validate a graph of the article (by default the project's data).

    Runs, in order: the SHACL shapes (``data/shapes.ttl``, with pySHACL, over the graph joined
    with the vocabulary ``data/ontology.ttl``); a check that every ``ev:`` term used is declared
    in the vocabulary; the provenance check, which compares every sentence's offsets with the
    article's text; and the coverage check, which lists the sentences that support no statement
    and are not excluded in ``data/coverage-exclusions.tsv``.

    Parameters
    ----------
    graph : rdflib.Graph, optional
        The graph to check; by default :func:`graph.load` of the default files.
    text : str, optional
        The article's text. By default ``data/article.txt`` when checking the default data, and
        the document's own ``nif:isString`` otherwise.
    text_name : str, optional
        How problems name the text; by default its path.
    shapes : rdflib.Graph, optional
        SHACL shapes; by default ``data/shapes.ttl``.
    exclusions : dict, optional
        ``{sentence IRI: reason}``; by default read from ``data/coverage-exclusions.tsv``.

    Returns
    -------
    Report

    Examples
    --------
    >>> report = validate()
    >>> report.conforms, report.problems
    (True, [])
    >>> report.summary["sentences_covered"] == report.summary["sentences"]
    True
    """
    import pyshacl

    from .model import concepts, relations
    from .provenance import check_offsets, coverage, read_exclusions

    if graph is None:
        graph = load()
        if text is None:
            text = ARTICLE.read_text(encoding="utf-8")
            text_name = text_name or display_path(ARTICLE)
    text_name = text_name or ("the text" if text is not None else "the document's nif:isString")
    vocabulary = load([ONTOLOGY])
    shapes = shapes if shapes is not None else load([SHAPES])
    data = graph + vocabulary  # a copy: the caller's graph is not changed
    namespaces = namespaces_of(graph)

    problems = []
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=False)
    if not conforms:
        problems.extend(_shacl_problems(results, namespaces))
    problems.extend(_undeclared_terms(graph, vocabulary, namespaces))
    problems.extend(check_offsets(graph, text, text_name))
    excluded = read_exclusions(EXCLUSIONS) if exclusions is None else exclusions
    cover = coverage(graph, excluded)
    for sentence in cover.uncovered:
        problems.append(
            f"{compact(sentence, namespaces)}: supports no statement, and is not listed in "
            f"{display_path(EXCLUSIONS)} with a reason"
        )
    known = {str(s) for s in cover.covered + cover.uncovered + list(cover.excluded)}
    for sentence in excluded:
        if str(sentence) not in known:
            problems.append(f"{compact(sentence, namespaces)}: listed in {display_path(EXCLUSIONS)}, but is not a sentence of the graph")
        elif sentence in cover.covered:
            problems.append(f"{compact(sentence, namespaces)}: listed in {display_path(EXCLUSIONS)}, but supports statements")

    from rdflib.namespace import RDF

    classes = Counter(compact(c, namespaces) for c in concepts(graph).values())
    summary = {
        "triples": len(graph),
        "concepts": sum(classes.values()),
        "concepts_per_class": dict(sorted(classes.items(), key=lambda kv: (-kv[1], kv[0]))),
        "relations": len(relations(data)),
        "statements": len(set(graph.subjects(RDF.type, RDF.Statement))),
        "sentences": cover.total,
        "sentences_covered": len(cover.covered),
        "sentences_excluded": len(cover.excluded),
    }
    problems = sorted(set(problems))
    return Report(conforms=not problems, problems=problems, summary=summary)


_IRI = re.compile(r"<?(https?://[^\s<>\"]+?)>?(?=[\s:,;)]*(?:\s|$))")


def _shacl_problems(results, namespaces):
    from rdflib.namespace import SH

    def short(text):
        return _IRI.sub(lambda m: compact(_uri(m.group(1)), namespaces), str(text))

    lines = []
    for result in results.subjects(SH.resultSeverity, None):
        focus = next(results.objects(result, SH.focusNode), None)
        value = next(results.objects(result, SH.value), None)
        path = next(results.objects(result, SH.resultPath), None)
        messages = sorted(str(m) for m in results.objects(result, SH.resultMessage))
        message = short(messages[0]) if messages else "does not conform"
        if str(focus) == _VOCABULARY_IRI:  # graph-wide rule: the message names the node
            lines.append(message)
            continue
        where = compact(focus, namespaces)
        if path is not None and not message.startswith("a "):
            where += f" {compact(path, namespaces)}"
        detail = f" (found {compact(value, namespaces)})" if value is not None and value != focus else ""
        lines.append(f"{where}: {message}{detail}")
    return lines


def _uri(text):
    from rdflib import URIRef

    return URIRef(text)


def _undeclared_terms(graph, vocabulary, namespaces):
    declared = {s for s in vocabulary.subjects() if str(s).startswith(str(EV._NS))}
    used = set()
    for triple in graph:
        for term in triple:
            if str(term).startswith(str(EV._NS)) and term not in declared:
                used.add(term)
    return [f"{compact(t, namespaces)}: used in the data, but not declared in the vocabulary" for t in sorted(used)]
