"""Check a graph's provenance against its text: offsets, mentions, classes, coverage.

Each check returns one line per problem, naming the node at fault;
:func:`graph.evidence.validation.validate` runs them all. The model is read once, by
:class:`graph.evidence.reader.Evidence` (each check reads it from the graph when it is not given).
"""

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from ..errors import DataError
from ..namespace import EV, NIF, PREFIXES, compact
from .model import concepts
from .reader import Evidence, Mention, offset

__all__ = ["Coverage", "check_offsets", "check_mentions", "check_classes", "read_exclusions", "coverage"]


@dataclass
class Coverage:
    """Which sentences support at least one statement."""

    total: int
    covered: list = field(default_factory=list)
    excluded: dict = field(default_factory=dict)  # sentence IRI -> reason
    uncovered: list = field(default_factory=list)  # neither covered nor excluded


def check_mentions(graph, text=None, text_name="the text", evidence=None):
    """Check every mention and section title against the text, and every statement's mentions.

    A mention's ``nif:anchorOf`` must be the text between its offsets, inside its
    ``nif:sentence``; its ``itsrdf:taClassRef`` must be its concept's class. A statement's
    subject (object) mentions must name its ``rdf:subject`` (``rdf:object``), and every mention
    of a statement must stand in one of the sentences it is derived from. (That a statement has
    a subject and an object mention at all is a SHACL rule of ``data/shapes.ttl``.)

    Parameters
    ----------
    graph : rdflib.Graph
    text : str, optional
        The article; by default the ``nif:isString`` of the mention's context.
    text_name : str
        How problems name the text.
    evidence : graph.evidence.reader.Evidence, optional
        The graph's evidence, when already read.

    Returns
    -------
    list of str
        One line per problem.

    Examples
    --------
    >>> from graph import load
    >>> from graph.resources import ARTICLE
    >>> check_mentions(load(), ARTICLE.read_text(encoding="utf-8"))
    []
    """
    evidence = evidence or Evidence.of_graph(graph)
    problems = []
    ns = dict(graph.namespaces())
    name = lambda term: compact(term, ns)  # noqa: E731
    stored = {ctx: str(v) for ctx, v in graph.subject_objects(NIF.isString)}
    by_iri = {s.iri: s for s in evidence.sentence_list()}
    classes = concepts(graph)
    strings = {m.iri: m for m in evidence.mention_list()}
    for title in set(graph.subjects(NIF.anchorOf, None)) - set(strings) - set(by_iri):
        begin = offset(next(graph.objects(title, NIF.beginIndex), None))
        end = offset(next(graph.objects(title, NIF.endIndex), None))
        strings[title] = Mention(title, begin if begin is not None else -1, end if end is not None else -1,
                                 str(next(graph.objects(title, NIF.anchorOf), "")))
    for m in sorted(strings.values(), key=lambda x: (x.begin, str(x.iri))):
        ctx = next(graph.objects(m.iri, NIF.referenceContext), None)
        source = text if text is not None else stored.get(ctx)
        if source is None:
            problems.append(f"{name(m.iri)}: no nif:referenceContext with a text to check its offsets against")
        elif not 0 <= m.begin < m.end <= len(source):
            problems.append(f"{name(m.iri)}: offsets [{m.begin}:{m.end}] lie outside {text_name} (0..{len(source)})")
        elif source[m.begin : m.end] != m.text:
            problems.append(
                f"{name(m.iri)}: {text_name}[{m.begin}:{m.end}] is {_clip(source[m.begin : m.end])!r}, "
                f"not its nif:anchorOf {_clip(m.text)!r}"
            )
        if m.sentence is not None:
            s = by_iri.get(m.sentence)
            if s is not None and not s.begin <= m.begin < m.end <= s.end:
                problems.append(
                    f"{name(m.iri)}: offsets [{m.begin}:{m.end}] lie outside its sentence "
                    f"{name(m.sentence)} [{s.begin}:{s.end}]"
                )
        if m.concept is not None and m.cls is not None and classes.get(m.concept) not in (None, m.cls):
            problems.append(
                f"{name(m.iri)}: itsrdf:taClassRef {name(m.cls)}, but {name(m.concept)} is an {name(classes[m.concept])}"
            )
    for st in set(graph.subjects(RDF.type, RDF.Statement)):
        derived = set(graph.objects(st, PROV.wasDerivedFrom))
        for prop, end in ((EV.subjectMention, RDF.subject), (EV.objectMention, RDF.object), (EV.relationMention, None)):
            want = next(graph.objects(st, end), None) if end is not None else None
            for m in graph.objects(st, prop):
                found = strings.get(m)
                if found is None:
                    continue  # not a nif:Phrase: a SHACL rule reports it
                if end is not None and found.concept != want:
                    named = name(found.concept) if found.concept is not None else "no concept"
                    problems.append(
                        f"{name(st)}: {name(prop)} {name(m)} {_clip(found.text)!r} names {named}, "
                        f"not its {name(end)} {name(want)}"
                    )
                if found.sentence is not None and found.sentence not in derived:
                    problems.append(
                        f"{name(st)}: {name(prop)} {name(m)} stands in {name(found.sentence)}, "
                        f"which the statement is not derived from"
                    )
    return problems


def check_classes(graph, evidence=None):
    """The concepts whose class is not read from the text; one line each.

    The guide's rule is that a concept's class follows what the thing is in the text, never
    what a property's range (or domain) wants. The data records the class where it is read:
    on a mention, with ``itsrdf:taClassRef``. A concept whose class no mention records has
    nothing but its relations, whose ranges and domains SHACL checks, to speak for its class:
    its only reason for a class is a range. Two cases are reported: a concept with no mention
    at all, and a concept none of whose mentions records its class.

    Examples
    --------
    >>> from graph import load
    >>> check_classes(load())
    []
    """
    ns = dict(graph.namespaces())
    name = lambda term: compact(term, ns)  # noqa: E731
    attested = {}
    for m in (evidence or Evidence.of_graph(graph)).mention_list():
        if m.concept is not None:
            attested.setdefault(m.concept, set()).add(m.cls)
    problems = []
    for concept, cls in sorted(concepts(graph).items()):
        if concept not in attested:
            problems.append(
                f"{name(concept)}: no mention in the text names it, so only its relations' ranges and "
                f"domains speak for its class {name(cls)}"
            )
        elif cls not in attested[concept]:
            problems.append(
                f"{name(concept)}: no mention records its class {name(cls)} (itsrdf:taClassRef), so only "
                f"its relations' ranges and domains speak for it"
            )
    return problems


def check_offsets(graph, text=None, text_name="the text", evidence=None):
    """Check each sentence's offsets against the text; return one line per problem.

    Parameters
    ----------
    graph : rdflib.Graph
    text : str, optional
        The article. When given, each ``nif:Context``'s ``nif:isString`` must equal it, and the
        offsets are checked against it; otherwise against the context's ``nif:isString``.
    text_name : str
        How problems name the text (for example the article's path).
    evidence : graph.evidence.reader.Evidence, optional
        The graph's evidence, when already read.

    Examples
    --------
    >>> from graph import load
    >>> from graph.resources import ARTICLE
    >>> check_offsets(load(), ARTICLE.read_text(encoding="utf-8"))
    []
    """
    evidence = evidence or Evidence.of_graph(graph)
    problems = []
    ns = dict(graph.namespaces())
    name = lambda term: compact(term, ns)  # noqa: E731
    contexts = {}
    for ctx in set(graph.subjects(RDF.type, NIF.Context)):
        stored = next(graph.objects(ctx, NIF.isString), None)
        if text is not None and stored is not None and str(stored) != text:
            a, b = str(stored), text
            at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            problems.append(f"{name(ctx)}: nif:isString differs from {text_name} at character {at}")
        contexts[ctx] = text if text is not None else (str(stored) if stored is not None else None)
    by_sentence = {}
    for key, sts in evidence.statement_terms().items():
        for st in sts:
            for s in graph.objects(st, PROV.wasDerivedFrom):
                by_sentence.setdefault(s, []).append(st)
    for s in evidence.sentence_list():
        ctx = next(graph.objects(s.iri, NIF.referenceContext), None)
        source = contexts.get(ctx)
        if source is None:
            problems.append(f"{name(s.iri)}: no nif:referenceContext with a text to check its offsets against")
            continue
        if not 0 <= s.begin < s.end <= len(source):
            problems.append(f"{name(s.iri)}: offsets [{s.begin}:{s.end}] lie outside {text_name} (0..{len(source)})")
            continue
        found = source[s.begin : s.end]
        if found != s.text:
            claims = sorted(name(st) for st in by_sentence.get(s.iri, []))
            supports = f"; it supports {', '.join(claims)}" if claims else ""
            problems.append(
                f"{name(s.iri)}: {text_name}[{s.begin}:{s.end}] is {_clip(found)!r}, "
                f"not its nif:anchorOf {_clip(s.text)!r}{supports}"
            )
    return problems


def _clip(text, width=40):
    return text if len(text) <= width else text[: width - 1] + "…"


def read_exclusions(path):
    """Read the sentences deliberately left without a statement: ``{sentence IRI: reason}``.

    The file has one sentence a line, ``<sentence>\\t<reason>``; the sentence is a compact name
    such as ``art:s05`` or a full IRI. Blank lines and lines starting with ``#`` are skipped.
    A missing file means no exclusions.
    """
    path = Path(path)
    if not path.exists():
        return {}
    found = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        sentence, sep, reason = line.partition("\t")
        if not sep or not reason.strip():
            raise DataError(f"{path}:{number}: expected '<sentence>\\t<reason>'")
        found[_expand(sentence.strip(), path, number)] = reason.strip()
    return found


def _expand(name, path, number):
    if name.startswith("<") and name.endswith(">"):
        return URIRef(name[1:-1])
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES:
        return URIRef(str(PREFIXES[prefix]) + local)
    raise DataError(f"{path}:{number}: {name!r} is not a sentence IRI or a prefixed name (art:s01)")


def coverage(graph, exclusions=None, evidence=None):
    """Which sentences support at least one statement, and which are excluded on purpose.

    Examples
    --------
    >>> from graph import load
    >>> c = coverage(load())
    >>> len(c.covered) == c.total, c.uncovered
    (True, [])
    """
    supporting = set()
    for st in graph.subjects(RDF.type, RDF.Statement):
        supporting.update(graph.objects(st, PROV.wasDerivedFrom))
    exclusions = exclusions or {}
    result = Coverage(total=0)
    for s in (evidence or Evidence.of_graph(graph)).sentence_list():
        result.total += 1
        if s.iri in supporting:
            result.covered.append(s.iri)
        elif s.iri in exclusions:
            result.excluded[s.iri] = exclusions[s.iri]
        else:
            result.uncovered.append(s.iri)
    return result
