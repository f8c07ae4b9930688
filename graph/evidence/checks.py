"""Check a graph's provenance against its text: offsets, mentions, classes, coverage.

Each check returns one line per problem, naming the node at fault;
:func:`graph.evidence.validation.validate` runs them all. The model is read once, by
:class:`graph.evidence.reader.Evidence` (each check reads it from the graph when it is not given).
"""

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF

from ..errors import DataError
from ..namespace import PREFIXES, compact
from .model import concepts
from .reader import CLASSES, MENTION_ROLES, Evidence, key_of, term

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
    name = lambda key: compact(term(key), ns)  # noqa: E731
    sentences = {key_of(x.iri): x for x in evidence.sentence_list()}
    classes = concepts(graph)
    strings = {key: evidence.string(key) for key in evidence.typed(CLASSES["Phrase"])}  # mentions, then titles
    strings.update((key, evidence.string(key)) for key in evidence.strings() if key not in strings and key not in sentences)
    for key, m in sorted(strings.items(), key=lambda kv: (kv[1].begin, kv[0])):
        source = text if text is not None else evidence.text_of(evidence.reference(key))
        if source is None:
            problems.append(f"{name(key)}: no nif:referenceContext with a text to check its offsets against")
        elif not 0 <= m.begin < m.end <= len(source):
            problems.append(f"{name(key)}: offsets [{m.begin}:{m.end}] lie outside {text_name} (0..{len(source)})")
        elif source[m.begin : m.end] != m.text:
            problems.append(
                f"{name(key)}: {text_name}[{m.begin}:{m.end}] is {_clip(source[m.begin : m.end])!r}, "
                f"not its nif:anchorOf {_clip(m.text)!r}"
            )
        if m.sentence is not None:
            s = sentences.get(key_of(m.sentence))
            if s is not None and not s.begin <= m.begin < m.end <= s.end:
                problems.append(
                    f"{name(key)}: offsets [{m.begin}:{m.end}] lie outside its sentence "
                    f"{name(key_of(m.sentence))} [{s.begin}:{s.end}]"
                )
        if m.concept is not None and m.cls is not None and classes.get(m.concept) not in (None, m.cls):
            problems.append(
                f"{name(key)}: itsrdf:taClassRef {compact(m.cls, ns)}, but {compact(m.concept, ns)} is an "
                f"{compact(classes[m.concept], ns)}"
            )
    for st in evidence.typed(CLASSES["Statement"]):
        derived = set(evidence.derived(st))
        for role, end in (("subject", RDF.subject), ("object", RDF.object), ("relation", None)):
            want = evidence.part(st, role) if end is not None else None
            for m in sorted(set(evidence.all(st, MENTION_ROLES[role]))):
                found = strings.get(m)
                if found is None:
                    continue  # not a nif:Phrase: a SHACL rule reports it
                if end is not None and (key_of(found.concept) if found.concept is not None else None) != want:
                    named = compact(found.concept, ns) if found.concept is not None else "no concept"
                    problems.append(
                        f"{name(st)}: {name(MENTION_ROLES[role])} {name(m)} {_clip(found.text)!r} names {named}, "
                        f"not its {compact(end, ns)} {name(want) if want is not None else 'None'}"
                    )
                if found.sentence is not None and key_of(found.sentence) not in derived:
                    problems.append(
                        f"{name(st)}: {name(MENTION_ROLES[role])} {name(m)} stands in {name(key_of(found.sentence))}, "
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
    name = lambda key: compact(term(key), ns)  # noqa: E731
    contexts = {}
    for ctx in evidence.typed(CLASSES["Context"]):
        stored = evidence.text_of(ctx)
        if text is not None and stored is not None and stored != text:
            at = next((i for i, (x, y) in enumerate(zip(stored, text)) if x != y), min(len(stored), len(text)))
            problems.append(f"{name(ctx)}: nif:isString differs from {text_name} at character {at}")
        contexts[ctx] = text if text is not None else stored
    by_sentence = {}
    for st in evidence.typed(CLASSES["Statement"]):
        for s in set(evidence.derived(st)):
            by_sentence.setdefault(s, []).append(st)
    for s in evidence.sentence_list():
        key = key_of(s.iri)
        source = contexts.get(evidence.reference(key))
        if source is None:
            problems.append(f"{name(key)}: no nif:referenceContext with a text to check its offsets against")
            continue
        if not 0 <= s.begin < s.end <= len(source):
            problems.append(f"{name(key)}: offsets [{s.begin}:{s.end}] lie outside {text_name} (0..{len(source)})")
            continue
        found = source[s.begin : s.end]
        if found != s.text:
            claims = sorted(name(st) for st in by_sentence.get(key, []))
            supports = f"; it supports {', '.join(claims)}" if claims else ""
            problems.append(
                f"{name(key)}: {text_name}[{s.begin}:{s.end}] is {_clip(found)!r}, "
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
    evidence = evidence or Evidence.of_graph(graph)
    supporting = {term(x) for st in evidence.typed(CLASSES["Statement"]) for x in evidence.derived(st)}
    exclusions = {**{term(s): why for s, why in evidence.no_claim().items()}, **(exclusions or {})}
    result = Coverage(total=0)
    for s in evidence.sentence_list():
        result.total += 1
        if s.iri in supporting:
            result.covered.append(s.iri)
        elif s.iri in exclusions:
            result.excluded[s.iri] = exclusions[s.iri]
        else:
            result.uncovered.append(s.iri)
    return result
