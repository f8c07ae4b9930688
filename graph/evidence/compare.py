"""Score a candidate graph of the article against the reference: precision, recall and F1.

The candidate is what another reading produced (an LLM extractor, a relation extraction
model): RDF in any format :func:`graph.source.load` reads, or a CSV of ``subject, predicate,
object`` with an optional evidence ``text`` or ``begin, end`` offsets (a header row names the
columns; without one they are taken in that order). The reference is the article's graph, or
any graph with statements and sentences.

- **Concepts** match when they are the same IRI, or share a name: a label or an alternative
  label, normalized (lower case, punctuation and leading articles dropped, each word made
  singular, camelCase local names split into words).
- **Relations** match by their two concepts, in either direction (``relations``), and,
  separately, in the same direction with the same predicate (``relations_with_predicate``:
  predicates match by IRI, or by their normalized label or local name). Each is counted once per
  distinct pair or triple.
- **Evidence**: a candidate relation that matches a reference relation and cites a span
  (offsets, or text found in the article) is right when the span overlaps a sentence that
  the reference gives for that relation. Precision is over the candidate relations that cite
  evidence, recall over the reference relations that have a sentence.

Precision is matched candidate items over candidate items, recall matched reference items over
reference items, F1 their harmonic mean; per class (the reference concept's class, or the
candidate's own) and per predicate. The missing and extra items are listed as the scores count
them: a relation is missing when no candidate relation joins its two concepts (a missing
relation with its reference sentence), extra when it joins two concepts no reference relation
joins; a reference relation whose two concepts the candidate joins with another predicate or in
the other direction is listed apart (``other_predicate``), with the candidate's relations.

Examples
--------
>>> from graph.resources import TRIPLES, ONTOLOGY
>>> r = compare([str(TRIPLES), str(ONTOLOGY)])
>>> r["concepts"]["f1"], r["relations"]["f1"], r["relations_with_predicate"]["f1"], r["evidence"]["f1"]
(1.0, 1.0, 1.0, 1.0)
"""

import csv
import re
from pathlib import Path

from ..errors import DataError, one_line
from ..source import Source
from .reader import _IDENT, _PHRASE, _TITLE, offset

__all__ = ["compare", "normalize", "read_candidate_csv"]

_ARTICLES = {"the", "a", "an"}
_INVARIANT = {"series", "species", "news", "physics", "economics", "logistics", "analysis", "process", "status"}


def normalize(name):
    """A name as compare matches it.

    Examples
    --------
    >>> normalize("The EV Factories"), normalize("ResearchAndDevelopment"), normalize("batteries")
    ('ev factory', 'research and development', 'battery')
    """
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(name).rsplit("#", 1)[-1].rsplit("/", 1)[-1]
                  if re.match(r"\w+:(//)?\S+\Z", str(name)) and " " not in str(name) else str(name))
    words = re.sub(r"[^\w\s]+", " ", text.replace("_", " ").lower()).split()
    while words and words[0] in _ARTICLES and len(words) > 1:
        words = words[1:]
    return " ".join(_singular(w) for w in words)


def _singular(word):
    if len(word) <= 3 or word in _INVARIANT or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


class _Side:
    """One graph as compare sees it: concepts with names and classes, relations with evidence."""

    def __init__(self):
        self.names, self.classes, self.labels = {}, {}, {}  # concept -> set of names, class, label
        self.triples = {}  # (s, p, o) -> [(text, begin, end)]: sentences or cited spans
        self.predicate_names = {}  # predicate -> set of names
        self.text = None


def _from_graph(files, only=None):
    """One side from RDF ``files``; ``only`` (a function of the evidence giving a document, or ``None``):
    the part of one document, its claims (said in its sentences) and the concepts it names."""
    source = Source(data=files or None)
    cn, evidence = source.network(), source.evidence()
    document = only(evidence) if only else None
    named = None
    if document is not None:
        named = {evidence.one(m, _IDENT) for m in evidence.typed(_PHRASE) if evidence.reference(m) == document} - {None}
    side = _Side()
    for j in range(cn.edge_count):
        s, p, o = cn.keys[cn.sources[j]], str(cn.predicates[cn.predicate_ids[j]]), cn.keys[cn.targets[j]]
        found = []
        for st in evidence.statements().get((s, p, o), []):
            found += [(text, begin, end) for iri, text, begin, end, _ in evidence.sentences_of(st)
                      if document is None or evidence.reference(iri) == document]
        if document is None or found:
            side.triples[(s, p, o)] = found
            if named is not None:
                named |= {s, o}
    for i, key in enumerate(cn.keys):
        if named is not None and key not in named:
            continue
        side.labels[key] = cn.labels[i]
        side.names[key] = {normalize(x) for x in [cn.labels[i], *cn.alt_labels.get(i, [])]} - {""}
        side.classes[key] = cn.classes[i] or "(none)"
    for p, label in zip(cn.predicates, cn.predicate_labels):
        side.predicate_names[str(p)] = {normalize(label), normalize(str(p))}
    side.text = evidence.text_of(document) if document is not None else evidence.document()[1]
    side.documents = {d: evidence.text_of(d) for d in evidence.documents()}
    side.document = document
    return side


def _short(document):
    """A document's short name: the last part of its IRI before ``/document`` (``held-out``, ``article``)."""
    text = document[:-len("/document")] if document.endswith("/document") else document
    return re.split(r"[#/]", text.rstrip("/#"))[-1] or document


def _chooser(document, texts):
    """The function that picks the reference's document: the one named ``document`` (its IRI, its
    compact name, or its title), else the one whose text is one of ``texts`` (the candidate's
    documents' texts), when the reference holds more than one document."""
    def choose(evidence):
        documents = evidence.documents()
        if document is not None:
            for d in documents:
                if document in (d, _short(d), evidence.one(d, _TITLE)):  # its IRI, short name or title
                    return d
            names = ", ".join(_short(d) for d in documents) or "none"
            raise DataError(f"no document {document!r} in the reference (its documents: {names})")
        if len(documents) > 1:
            same = [d for d in documents if evidence.text_of(d) in texts]
            if len(same) == 1:
                return same[0]
        return None
    return choose


def read_candidate_csv(path):
    """The rows of a candidate CSV as dicts with ``subject``, ``predicate``, ``object`` and,
    where given, ``text``, ``begin``, ``end``, ``subject_class``, ``object_class``."""
    reader = None
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.reader(f)
            rows = [r for r in reader if any(x.strip() for x in r)]
    except csv.Error as e:  # a field past the csv module's limit (131,072 characters), a NUL, a bad quote
        raise DataError(f"{path}:{reader.line_num if reader else 1}: not a CSV row ({one_line(e)})") from e
    except (OSError, UnicodeDecodeError) as e:
        raise DataError(f"{path}: cannot read: {getattr(e, 'strerror', None) or e}") from e
    if not rows:
        raise DataError(f"{path}: no rows")
    head = [h.strip().lower() for h in rows[0]]
    aliases = {"evidence": "text", "sentence_text": "text", "start": "begin", "subject_label": "subject_label"}
    if {"subject", "predicate", "object"} <= set(head):
        columns, body = [aliases.get(h, h) for h in head], rows[1:]
    else:
        columns, body = ["subject", "predicate", "object", "text", "begin", "end"], rows
    found = []
    for number, row in enumerate(body, 2 if body is not rows else 1):
        item = {c: v.strip() for c, v in zip(columns, row) if v.strip()}
        if columns[3:4] == ["text"] and body is rows and len(row) >= 5 and row[3].strip().isdigit():
            item = {"subject": row[0], "predicate": row[1], "object": row[2], "begin": row[3], "end": row[4]}
        if not all(item.get(k) for k in ("subject", "predicate", "object")):
            raise DataError(f"{path}:{number}: expected subject, predicate and object")
        found.append(item)
    return found


def _from_csv(path):
    side = _Side()
    for row in read_candidate_csv(path):
        ends = []
        for role in ("subject", "object"):
            key = row[role]
            side.labels.setdefault(key, row.get(f"{role}_label", key))
            side.names.setdefault(key, set()).update({normalize(key), normalize(row.get(f"{role}_label", key))} - {""})
            side.classes.setdefault(key, row.get(f"{role}_class", "(none)"))
            ends.append(key)
        p = row["predicate"]
        side.predicate_names.setdefault(p, set()).update({normalize(p), normalize(row.get("predicate_label", p))})
        span = (row.get("text", ""), offset(row.get("begin")), offset(row.get("end")))
        spans = side.triples.setdefault((ends[0], p, ends[1]), [])
        if span[0] or span[1] is not None:
            spans.append(span)
    return side


def _scores(matched_candidates, candidates, matched_references, references):
    p = matched_candidates / candidates if candidates else (1.0 if not references else 0.0)
    r = matched_references / references if references else (1.0 if not candidates else 0.0)
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1, 4), "candidate": candidates,
            "reference": references, "matched_candidate": matched_candidates, "matched_reference": matched_references}


def _mapping(names_of, ref_names_of):
    """Candidate item -> reference item: the same IRI, else the least reference item sharing a name."""
    by_name = {}
    for ref in sorted(ref_names_of):
        for name in ref_names_of[ref]:
            by_name.setdefault(name, ref)
    found = {}
    for item in sorted(names_of):
        if item in ref_names_of:
            found[item] = item
        else:
            hits = sorted({by_name[n] for n in names_of[item] if n in by_name})
            if hits:
                found[item] = hits[0]
    return found


def _grouped(items, group_of, matched, key=lambda x: x):
    counts = {}
    for item in items:
        row = counts.setdefault(group_of(item), [0, 0])
        row[0] += 1
        row[1] += key(item) in matched
    return counts


def _span_overlaps(span, sentences, text):
    quote, begin, end = span
    if (begin is None or end is None) and quote and text:
        at = text.find(quote)
        begin, end = (at, at + len(quote)) if at >= 0 else (None, None)
    for s_text, s_begin, s_end in sentences:
        if begin is not None and end is not None and s_begin is not None and s_end is not None:
            if begin < s_end and s_begin < end:
                return True
        elif quote and s_text and (quote in s_text or s_text in quote):
            return True
    return False


def compare(candidate, against=None, document=None):
    """Score ``candidate`` (a path: RDF, or ``.csv``) against the graph of the files ``against``
    (default: the article's graph). Where the reference holds many documents, the candidate is
    scored against one: ``document`` (its IRI, compact name or title), or the one with the
    candidate's text. Returns a dict: ``concepts``, ``relations``, ``relations_with_predicate`` and
    ``evidence`` (precision, recall, f1 and counts), ``per_class``, ``per_predicate``, ``missing``
    and ``extra`` (``concepts``: labels; ``relations``: those of the pairs the ``relations`` scores
    count as missing or extra), ``other_predicate`` (see the module docstring), and ``document``
    (the reference's document, or ``None``: the whole reference)."""
    candidate = [str(p) for p in ([candidate] if isinstance(candidate, (str, Path)) else candidate)]
    if not Path(candidate[0]).is_file():
        raise DataError(f"{candidate[0]}: no such file")
    cand = _from_csv(candidate[0]) if candidate[0].lower().endswith(".csv") else _from_graph(candidate)
    texts = set(getattr(cand, "documents", {}).values()) - {None}
    ref = _from_graph([str(p) for p in against] if against else None, _chooser(document, texts))
    concept_map = _mapping(cand.names, ref.names)
    predicate_map = _mapping(cand.predicate_names, ref.predicate_names)

    # concepts
    matched_refs = set(concept_map.values())
    concepts = _scores(len(concept_map), len(cand.names), len(matched_refs), len(ref.names))

    def cls(item):
        return ref.classes[concept_map[item]] if item in concept_map else cand.classes.get(item, "(none)")

    cand_by_class = _grouped(cand.names, cls, concept_map)
    ref_by_class = _grouped(ref.names, ref.classes.get, matched_refs)
    per_class = {c: _scores(*cand_by_class.get(c, [0, 0])[::-1], *ref_by_class.get(c, [0, 0])[::-1])
                 for c in sorted(set(cand_by_class) | set(ref_by_class))}

    # relations: pairs in either direction; triples with the predicate
    def mapped(triple):
        s, p, o = triple
        return concept_map.get(s, ("?", s)), predicate_map.get(p, ("?", p)), concept_map.get(o, ("?", o))

    cand_triples = {}
    for t, spans in cand.triples.items():
        cand_triples.setdefault(mapped(t), []).extend(spans)
    ref_pairs = {frozenset((s, o)) for s, _, o in ref.triples}
    cand_pairs = {frozenset((s, o)) for s, _, o in cand_triples}
    relations = _scores(len(cand_pairs & ref_pairs), len(cand_pairs), len(cand_pairs & ref_pairs), len(ref_pairs))
    typed = set(cand_triples) & set(ref.triples)
    with_predicate = _scores(len(typed), len(cand_triples), len(typed), len(ref.triples))

    def predicate(t):
        return _predicate_name(t[1])

    cand_by_p = _grouped(cand_triples, predicate, typed)
    ref_by_p = _grouped(ref.triples, predicate, typed)
    per_predicate = {p: _scores(*cand_by_p.get(p, [0, 0])[::-1], *ref_by_p.get(p, [0, 0])[::-1])
                     for p in sorted(set(cand_by_p) | set(ref_by_p))}

    # evidence: per pair, any cited span over any reference sentence of that pair
    ref_sentences = {}
    for (s, _, o), sentences in ref.triples.items():
        ref_sentences.setdefault(frozenset((s, o)), []).extend(sentences)
    cited = {}
    for (s, _, o), spans in cand_triples.items():
        if spans:
            cited.setdefault(frozenset((s, o)), []).extend(spans)
    right = {pair for pair, spans in cited.items()
             if pair in ref_sentences and any(_span_overlaps(x, ref_sentences[pair], ref.text) for x in spans)}
    with_sentence = [pair for pair, sentences in ref_sentences.items() if sentences]
    evidence = _scores(len(right), len(cited), len(right), len(with_sentence))

    def show(t, side):
        s, p, o = t
        return {"subject": _label(s, side, cand), "predicate": _predicate_name(p), "object": _label(o, side, cand)}

    # listed as the table counts them: a relation is missing (or extra) when its pair is; a pair found
    # with another predicate or direction is neither, and is listed apart
    def pair(t):
        return frozenset((t[0], t[2]))

    found_pairs = cand_pairs & ref_pairs
    in_order = lambda triples: sorted(triples, key=lambda t: tuple(map(str, t)))  # noqa: E731
    cand_by_pair = {}
    for t in in_order(cand_triples):
        cand_by_pair.setdefault(pair(t), []).append(t)
    missing_relations = [{**show(t, ref), "sentence": ref.triples[t][0][0] if ref.triples[t] else ""}
                         for t in in_order(ref.triples) if pair(t) not in found_pairs]
    extra_relations = [{**show(t, ref), "evidence": cand_triples[t][0][0] if cand_triples[t] else ""}
                       for t in in_order(cand_triples) if pair(t) not in found_pairs]
    other_predicate = [{**show(t, ref), "sentence": ref.triples[t][0][0] if ref.triples[t] else "",
                        "candidate": [show(c, ref) for c in cand_by_pair[pair(t)] if c not in typed]}
                       for t in in_order(ref.triples) if pair(t) in found_pairs and t not in typed]
    return {
        "document": _short(ref.document) if ref.document else None,
        "concepts": concepts, "relations": relations, "relations_with_predicate": with_predicate,
        "evidence": evidence, "per_class": per_class, "per_predicate": per_predicate,
        "missing": {"concepts": sorted(ref.labels[k] for k in ref.names if k not in matched_refs),
                    "relations": missing_relations},
        "extra": {"concepts": sorted(cand.labels[k] for k in cand.names if k not in concept_map),
                  "relations": extra_relations},
        "other_predicate": other_predicate,
    }


def _label(item, ref, cand):
    if isinstance(item, tuple):  # a candidate's own, unmatched
        return cand.labels.get(item[1], item[1])
    return ref.labels.get(item, item)


def _predicate_name(p):
    text = p[1] if isinstance(p, tuple) else p
    return re.split(r"[#/]", text)[-1] or text
