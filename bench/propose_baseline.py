"""The floor of ``bench/bench_propose.py``: the naive way to propose mentions and claims.

Part of speech from the same tagger as ``propose`` (TextBlob's Pattern tagger), noun chunks
(determiners dropped, adjectives and nouns up to the last noun), a chunk that is a concept's
label or alternative label linked to it, and one claim per verb: the last chunk before it as the
subject, the first chunk after it as the object, the predicate the vocabulary's property whose
label is the verb (``invests in`` for "invest", "investing"), else a predicate of the document's
own named by the verb, every claim asserted as fact. No coordination, no negation, no purpose,
no modality, no learned cues: what a tagger and a chunker give at once.

``python bench/propose_baseline.py DOC OUT.ttl`` writes its proposals; ``bench_propose.py`` scores
them beside ``propose``'s.
"""

import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from graph.corpus.document import Document, known_concepts, read_document
from graph.corpus.propose import load_cues, tag, tokenize
from graph.evidence.compare import normalize
from graph.namespace import EV, KG

__all__ = ["propose_baseline"]

_EV = str(EV._NS)
_PROPOSED = str(EV.Proposed)
_KNOWN = {}


def _known():
    if not _KNOWN:
        concepts = known_concepts()
        _KNOWN["concepts"] = concepts
        _KNOWN["names"] = {normalize(name): iri for iri, (_, label, _, alt) in sorted(concepts.items())
                           for name in (label, *alt)}
        labels = {}
        for name, prop in load_cues()["properties"].items():
            first = prop["label"].split()[0]
            if first not in ("is", "aims"):
                labels.setdefault(normalize(first), name)  # "invests" -> invest
        _KNOWN["verbs"] = labels
    return _KNOWN


def _chunks(tags):
    """``[(i, j)]``: runs of adjectives and nouns that end in a noun (determiners left out)."""
    found, i, n = [], 0, len(tags)
    while i < n:
        if tags[i].startswith(("JJ", "NN")):
            j = i
            while j < n and tags[j].startswith(("JJ", "NN")):
                j += 1
            end = j
            while end > i and not tags[end - 1].startswith("NN"):
                end -= 1
            if end > i:
                found.append((i, end))
            i = j
        else:
            i += 1
    return found


def propose_baseline(path, name=None):
    """The naive proposals for the document ``path``: ``(Document, report)``, as ``propose`` returns."""
    path = Path(path)
    text = read_document(path)
    known = _known()
    when = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = Document(text, name or path.stem, made_by=("tool", "propose-baseline", when), known=known["concepts"])
    new, claims = {}, 0
    for sentence in doc.sentences:
        words = tokenize(sentence.text, sentence.begin)
        tags = tag([w for _, _, w in words])
        chunks = _chunks(tags)
        concepts = {}
        for i, j in chunks:
            words_text = text[words[i][0]:words[j - 1][1]]
            iri = known["names"].get(normalize(words_text))
            if iri is not None:
                cls = known["concepts"][iri][0]
                doc.concept(iri, cls, known["concepts"][iri][1])
            else:
                key = normalize(words_text)
                iri = new.setdefault(key, str(KG) + "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", words_text)))
                cls = _EV + "Concept"
                if iri in known["concepts"]:
                    continue
                doc.concept(iri, cls, words_text)
            concepts[(i, j)] = doc.mention(words[i][0], words[j - 1][1], iri, cls, status=_PROPOSED)
        for v, t in enumerate(tags):
            if not t.startswith("VB"):
                continue
            before = [c for c in chunks if c[1] <= v]
            after = [c for c in chunks if c[0] > v]
            if not before or not after or (before[-1] not in concepts) or (after[0] not in concepts):
                continue
            subject, obj = concepts[before[-1]], concepts[after[0]]
            if doc.mentions[subject]["concept"] == doc.mentions[obj]["concept"]:
                continue
            verb = normalize(words[v][2])
            verb = re.sub(r"(ing|ed)$", "", verb)
            predicate = next((p for stem, p in known["verbs"].items() if stem.startswith(verb[:5])), None)
            if predicate is None:
                label = words[v][2].lower()
                predicate_iri = doc.relation(f"{doc.base}relation/{re.sub(r'[^A-Za-z0-9]', '', label)}", label)
            else:
                predicate_iri = _EV + predicate
            relation = doc.mention(words[v][0], words[v][1], status=_PROPOSED)
            triple = (doc.mentions[subject]["concept"], predicate_iri, doc.mentions[obj]["concept"])
            if any((st.subject, st.predicate, st.object) == triple for st in doc.statements.values()):
                continue
            doc.statement(subject, predicate_iri, obj, relation_mention=relation, status=_PROPOSED)
            claims += 1
    return doc, {"summary": f"Proposed {len(doc.mentions)} mentions and {claims} claims (baseline).",
                 "claims": claims}


if __name__ == "__main__":
    document, report = propose_baseline(sys.argv[1])
    Path(sys.argv[2]).write_text(document.turtle(), encoding="utf-8")
    print(report["summary"])
