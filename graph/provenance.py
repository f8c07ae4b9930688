"""Where each relation comes from: sentences, statements, offsets and coverage.

Every relation triple has one ``rdf:Statement`` that points with ``prov:wasDerivedFrom`` to the
``nif:Sentence`` (or sentences) saying it. A sentence holds its exact text (``nif:anchorOf``)
and its code point offsets into the article (``nif:beginIndex``, ``nif:endIndex``).
"""

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF

from .errors import DataError
from .namespace import NIF, PREFIXES, compact

__all__ = [
    "Sentence",
    "Coverage",
    "sentences",
    "statements",
    "sources",
    "check_offsets",
    "read_exclusions",
    "coverage",
]


@dataclass(frozen=True)
class Sentence:
    """One sentence of the article, as the graph records it."""

    iri: URIRef
    begin: int
    end: int
    text: str
    section: str = ""  # the heading it stands under


@dataclass
class Coverage:
    """Which sentences support at least one statement."""

    total: int
    covered: list = field(default_factory=list)
    excluded: dict = field(default_factory=dict)  # sentence IRI -> reason
    uncovered: list = field(default_factory=list)  # neither covered nor excluded


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def sentences(graph):
    """Every ``nif:Sentence`` of the graph, in text order.

    Examples
    --------
    >>> from graph import load
    >>> first = sentences(load())[0]
    >>> first.text[:26], first.begin, first.section[:24]
    ('In an era of unprecedented', 164, 'Navigating the Electrifi')
    """
    found = []
    for s in graph.subjects(RDF.type, NIF.Sentence):
        section = next(graph.objects(s, NIF.superString), None)
        title = next(graph.objects(section, DCTERMS.title), "") if section is not None else ""
        begin = _int(next(graph.objects(s, NIF.beginIndex), None))
        end = _int(next(graph.objects(s, NIF.endIndex), None))
        text = str(next(graph.objects(s, NIF.anchorOf), ""))
        found.append(Sentence(s, begin if begin is not None else -1, end if end is not None else -1, text, str(title)))
    return sorted(found, key=lambda x: (x.begin, str(x.iri)))


def statements(graph):
    """Map each ``(subject, predicate, object)`` to the statements that reify it."""
    found = {}
    for st in graph.subjects(RDF.type, RDF.Statement):
        key = (
            next(graph.objects(st, RDF.subject), None),
            next(graph.objects(st, RDF.predicate), None),
            next(graph.objects(st, RDF.object), None),
        )
        found.setdefault(key, []).append(st)
    return found


def sources(graph, subject, predicate, obj):
    """The sentences a relation triple was derived from, in text order.

    Examples
    --------
    >>> from graph import load
    >>> from graph.namespace import EV, KG
    >>> [s.text[:40] for s in sources(load(), KG.China, EV.investsIn, KG.ResearchAndDevelopment)]
    ['Nations like China, the United States, a']
    """
    by_iri = {s.iri: s for s in sentences(graph)}
    found = set()
    for st in statements(graph).get((subject, predicate, obj), []):
        found.update(graph.objects(st, PROV.wasDerivedFrom))
    return sorted((by_iri[s] for s in found if s in by_iri), key=lambda x: x.begin)


def check_offsets(graph, text=None, text_name="the text"):
    """Check each sentence's offsets against the text; return one line per problem.

    Parameters
    ----------
    graph : rdflib.Graph
    text : str, optional
        The article. When given, each ``nif:Context``'s ``nif:isString`` must equal it, and the
        offsets are checked against it; otherwise against the context's ``nif:isString``.
    text_name : str
        How problems name the text (for example the article's path).

    Examples
    --------
    >>> from graph import load
    >>> from graph.resources import ARTICLE
    >>> check_offsets(load(), ARTICLE.read_text(encoding="utf-8"))
    []
    """
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
    for key, sts in statements(graph).items():
        for st in sts:
            for s in graph.objects(st, PROV.wasDerivedFrom):
                by_sentence.setdefault(s, []).append(st)
    for s in sentences(graph):
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


def coverage(graph, exclusions=None):
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
    for s in sentences(graph):
        result.total += 1
        if s.iri in supporting:
            result.covered.append(s.iri)
        elif s.iri in exclusions:
            result.excluded[s.iri] = exclusions[s.iri]
        else:
            result.uncovered.append(s.iri)
    return result
