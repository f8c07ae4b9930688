"""Check a graph: SHACL shapes, the vocabularies, offsets and mentions against the article, classes, coverage.

:func:`validate` follows pySHACL's entry point: it takes a source (or the article's graph) and
returns a :class:`Report` whose ``conforms`` says whether every check passed, with one line per
problem and a summary of counts.
"""

import json
import re
from dataclasses import dataclass, field

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, SH, SKOS

from ..namespace import ART, DOCO, EV, ITSRDF, NIF, NIF_TERMS, TRUTHY, compact
from ..resources import ARTICLE, EXCLUSIONS, ONTOLOGY, SHAPES, display_path
from ..source import Source, load
from ..source.oxigraph import evaluate, oxigraph_copy
from .checks import check_classes, check_mentions, check_offsets, coverage, read_exclusions
from .model import label
from .reader import CLASSES, MENTION_ROLES, Evidence, rdflib_triples, term

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
        Counts: ``triples``; ``concepts`` (and ``concepts_per_class``, ``"(no class)"`` for an untyped
        one) and ``relations``, the nodes and edges of the concept network, counted by the rule every
        command uses (:mod:`graph.network`), so that ``stats`` gives the same figures; ``triple_terms``
        (triples whose object is an RDF 1.2 triple term: counted, not checked by SHACL, whose engine
        cannot hold them). Where the graph uses the provenance model (statements, sentences or
        documents), also ``statements``, ``statements_as_plain_triples`` (those whose triple also stands plain: what
        the text asserts, :data:`graph.namespace.TRUTHY`), ``statements_per_modality`` (``{label: count}``, largest first,
        every concept of ``ev:ModalityScheme`` with zeros kept), ``mentions`` (``nif:Phrase`` strings,
        all checked against the text), ``statements_with_mentions`` (statements with a subject and an
        object mention), ``concepts_class_only_from_range`` (concepts whose class no mention records,
        see :func:`graph.evidence.checks.check_classes`), ``sentences``, ``sentences_covered``,
        ``sentences_excluded`` and ``documents``.
    """

    conforms: bool
    problems: list = field(default_factory=list)
    summary: dict = field(default_factory=dict)


def validate(source=None, *, text=None, text_name=None, shapes=None, exclusions=None):
    """Validate a graph of the article (by default the project's data).

    Runs, in order: the SHACL shapes (``data/shapes.ttl``, with pySHACL, over the graph joined
    with the vocabulary ``data/ontology.ttl``); a check that every term used is declared: ``ev:``
    in the vocabulary, ``nif:`` in :data:`graph.namespace.NIF_TERMS` (the NIF Core terms the
    project uses), ``prov:``, ``skos:`` and ``dcterms:`` in rdflib's closed namespaces, ``doco:``
    and ``itsrdf:`` in :class:`~graph.namespace.DOCO` and :class:`~graph.namespace.ITSRDF`; the
    plain-triple check (a claim stands as a plain triple exactly when one of its statements has a
    modality of :data:`graph.namespace.TRUTHY`); the provenance checks, which compare every sentence's and mention's offsets with the article's
    text, each mention with its sentence and each statement with its mentions; the class check
    (no concept whose only reason for a class is a range); and the coverage check, which lists
    the sentences that support no statement and are not excluded in
    ``data/coverage-exclusions.tsv``.

    Parameters
    ----------
    source : graph.source.Source or rdflib.Graph, optional
        The graph to check, or where it comes from; by default the article's graph.
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
    >>> report.summary["statements_with_mentions"] == report.summary["statements"]
    True
    >>> report.summary["concepts_class_only_from_range"]
    0
    """
    source = Source.of(source)
    graph = source.graph()
    if source.default and text is None:
        text = ARTICLE.read_text(encoding="utf-8")
        text_name = text_name or display_path(ARTICLE)
    text_name = text_name or ("the text" if text is not None else "the document's nif:isString")
    vocabulary = load([ONTOLOGY])
    shapes = shapes if shapes is not None else load([SHAPES])
    data = Graph()  # a copy: the caller's graph is not changed; RDF 1.2 triple terms, which rdflib cannot hold, stay out
    data.addN((s, p, o, data) for s, p, o in graph if not isinstance(o, tuple))
    data += vocabulary
    triple_terms = sum(1 for t in source.triples() if not t[3] and t[2].startswith("<<("))  # rdflib's view may lack them
    evidence = Evidence().read(source.triples()).read(rdflib_triples(vocabulary))  # the modality scheme too
    namespaces = source.namespaces()

    problems = []
    rules, shapes = _graph_rules(shapes)
    conforms, results, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=False)
    if not conforms:
        problems.extend(_shacl_problems(results, namespaces))
    problems.extend(_broken_rules(rules, data, namespaces))
    problems.extend(_undeclared_terms(graph, vocabulary, namespaces))
    problems.extend(_ill_typed(data, namespaces))
    problems.extend(_plain_triples(graph, evidence, namespaces))
    problems.extend(check_offsets(graph, text, text_name, evidence))
    problems.extend(check_mentions(graph, text, text_name, evidence))
    unread = check_classes(graph, evidence)
    problems.extend(unread)
    excluded = read_exclusions(EXCLUSIONS) if exclusions is None else exclusions
    cover = coverage(graph, excluded, evidence)
    article = str(ART.document)
    for sentence in cover.uncovered:
        if evidence.reference(str(sentence)) in (None, article):  # the article's reasons live in a file of their own
            why = f"is not listed in {display_path(EXCLUSIONS)} with a reason"
        else:
            why = "has no ev:noClaimBecause saying why"
        problems.append(f"{compact(sentence, namespaces)}: supports no statement, and {why}")
    known = {str(s) for s in cover.covered + cover.uncovered + list(cover.excluded)}
    for sentence in excluded:
        if str(sentence) not in known:
            problems.append(f"{compact(sentence, namespaces)}: listed in {display_path(EXCLUSIONS)}, but is not a sentence of the graph")
        elif sentence in cover.covered:
            problems.append(f"{compact(sentence, namespaces)}: listed in {display_path(EXCLUSIONS)}, but supports statements")

    statement_nodes = evidence.typed(CLASSES["Statement"])
    network = source.network()  # the concepts and relations as every command counts them (graph.network's rule)
    summary = {
        "triples": len(graph),
        "concepts": len(network),
        "concepts_per_class": network.class_counts(),
        "relations": network.edge_count,
    }
    if statement_nodes or cover.total or evidence.per_document():  # the provenance model: only where it is used
        modalities = evidence.modality_counts()
        summary.update({
            "statements": len(statement_nodes),
            "statements_as_plain_triples": _truthy_count(graph, evidence),
            "statements_per_modality": dict(sorted(((label(data, URIRef(m)), n) for m, n in modalities.items()),
                                                   key=lambda kv: (-kv[1], kv[0]))),  # as stats orders them
            "mentions": len(evidence.mention_list()),
            "statements_with_mentions": sum(
                1 for st in statement_nodes
                if evidence.all(st, MENTION_ROLES["subject"]) and evidence.all(st, MENTION_ROLES["object"])
            ),
            "concepts_class_only_from_range": len(unread),
            "sentences": cover.total,
            "sentences_covered": len(cover.covered),
            "sentences_excluded": len(cover.excluded),
            "documents": _per_document(evidence, cover, namespaces),
        })
    summary["triple_terms"] = triple_terms
    problems = sorted(set(problems))
    return Report(conforms=not problems, problems=problems, summary=summary)


def _truthy(evidence, statements):
    """Whether a claim stands as a plain triple: some statement of it has a modality of
    :data:`graph.namespace.TRUTHY` (docs/annotation-guide.md §2, "Plain triples")."""
    return any(evidence.modality(st)[0] in _TRUTHY for st in statements)


_TRUTHY = frozenset(str(m) for m in TRUTHY)


def _truthy_count(graph, evidence):
    """How many statements' triples stand as plain triples in the graph."""
    return sum(len(sts) for triple, sts in evidence.statements().items()
               if tuple(map(term, triple)) in graph)


def _plain_triples(graph, evidence, namespaces):
    """A claim stands as a plain triple exactly when one of its statements is held as the text holding
    it (:data:`graph.namespace.TRUTHY`); a statement without a modality is left to the shapes."""
    lines = []
    for triple, statements in sorted(evidence.statements().items()):
        modalities = [evidence.modality(st)[0] for st in statements]
        if None in modalities:
            continue
        plain = tuple(map(term, triple)) in graph
        names = ", ".join(compact(term(st), namespaces) for st in statements)
        held = ", ".join(sorted({compact(term(m), namespaces) for m in modalities}))
        if _truthy(evidence, statements) and not plain:
            lines.append(f"{names}: held as {held}, so its triple must stand as a plain triple, and it does not")
        elif not _truthy(evidence, statements) and plain:
            lines.append(f"{names}: held as {held}, so its triple must not stand as a plain triple "
                         f"(only what the text asserts does), and it does")
    return lines


_IRI = re.compile(r"<?(https?://[^\s<>\"]+?)>?(?=[\s:,;)]*(?:\s|$))")


def _per_document(evidence, cover, namespaces):
    """``{document: {"title", "sentences", "sentences_covered", "sentences_excluded", "statements"}}``."""
    covered, excluded = {str(x) for x in cover.covered}, {str(x) for x in cover.excluded}
    found = {}
    for document, row in evidence.per_document().items():
        sentences = [x for x in evidence.typed(CLASSES["Sentence"]) if evidence.reference(x) == document]
        found[compact(URIRef(document), namespaces)] = {
            "title": row["title"], "sentences": len(sentences),
            "sentences_covered": sum(x in covered for x in sentences),
            "sentences_excluded": sum(x in excluded for x in sentences), "statements": row["statements"]}
    return found


def _graph_rules(shapes):
    """The SHACL-SPARQL rules that look at the whole graph once (``sh:sparql`` constraints of a shape whose
    only target is the vocabulary's IRI, with no ``$this``), as ``(query, message, prefixes)``; and the
    shapes without them. pySHACL would run them on rdflib's SPARQL engine, in half of ``validate``'s time;
    the project's engine runs them as SHACL-SPARQL says: each solution is a violation, its message the
    template with each ``{?var}`` replaced by the value's text."""
    rules, rest = [], Graph()
    rest += shapes
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql)):
        targets = set(shapes.objects(shape, SH.targetNode))
        query = shapes.value(constraint, SH.select)
        if targets != {URIRef(_VOCABULARY_IRI)} or query is None or "$this" in str(query):
            continue
        prefixes = {str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
                    for holder in shapes.objects(constraint, SH.prefixes) for d in shapes.objects(holder, SH.declare)}
        rules.append((str(query), str(shapes.value(constraint, SH.message) or "does not conform"), prefixes))
        rest.remove((shape, SH.sparql, constraint))
        rest.remove((constraint, None, None))
    return rules, rest


def _broken_rules(rules, data, namespaces):
    if not rules:
        return []
    store = oxigraph_copy(data)
    lines = []
    for query, message, prefixes in rules:
        answer = json.loads(evaluate(store, query, "SELECT", prefixes, origin="data/shapes.ttl"))
        for row in answer["results"]["bindings"]:
            text = message
            for var, value in row.items():
                text = re.sub(r"\{[?$]" + re.escape(var) + r"\}", lambda m, v=value["value"]: v, text)
            lines.append(_IRI.sub(lambda m: compact(URIRef(m.group(1)), namespaces), text))
    return lines


def _shacl_problems(results, namespaces):
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
    return URIRef(text)


def _ill_typed(graph, namespaces):
    """A literal whose text is not a value of its datatype (``"2020-13-45"^^xsd:date``, ``"abc"^^xsd:integer``)."""
    return [f"{compact(s, namespaces)} {compact(p, namespaces)}: {_clip(str(o))!r} is not a valid "
            f"{compact(o.datatype, namespaces)}" for s, p, o in graph if isinstance(o, Literal) and o.ill_typed]


def _clip(text, width=40):
    return text if len(text) <= width else text[: width - 1] + "…"


def _undeclared_terms(graph, vocabulary, namespaces):
    declared = {s for s in vocabulary.subjects() if str(s).startswith(str(EV._NS))}
    # namespace -> (is the term declared?, where the terms are listed)
    closed = [
        (str(NIF._NS), NIF_TERMS.__contains__, "a term of NIF Core that the project declares (graph.namespace.NIF_TERMS)"),
        (str(PROV._NS), PROV.__contains__, "a term of PROV-O (rdflib.namespace.PROV)"),
        (str(SKOS._NS), SKOS.__contains__, "a term of SKOS (rdflib.namespace.SKOS)"),
        (str(DCTERMS._NS), DCTERMS.__contains__, "a term of DCMI Metadata Terms (rdflib.namespace.DCTERMS)"),
        (str(DOCO._NS), lambda t: str(t)[len(str(DOCO._NS)):] in DOCO.__annotations__, "a DoCO term that the project declares (graph.namespace.DOCO)"),
        (str(ITSRDF._NS), lambda t: str(t)[len(str(ITSRDF._NS)):] in ITSRDF.__annotations__, "an ITS term that the project declares (graph.namespace.ITSRDF)"),
    ]
    problems = set()
    for triple in graph:
        for term in triple:
            if not isinstance(term, URIRef):
                continue
            text = str(term)
            if text.startswith(str(EV._NS)):
                if term not in declared:
                    problems.add((term, "declared in the vocabulary"))
                continue
            for namespace, known, what in closed:
                if text.startswith(namespace) and text != namespace and not known(term):
                    problems.add((term, what))
    return [f"{compact(t, namespaces)}: used in the data, but not {what}" for t, what in sorted(problems)]
