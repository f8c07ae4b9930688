"""How good and how fast ``python -m graph propose`` is, against the naive floor.

    python bench/bench_propose.py            # scores on the four test documents, then the speed
    python bench/bench_propose.py --no-speed # the scores only
    python bench/bench_propose.py --json     # the same, as JSON

**Scores.** Each test document (``tests/fixtures/documents/NAME.txt``) is proposed by
``graph.corpus.propose.propose`` and by the naive baseline (``bench/propose_baseline.py``), and the
proposals are scored against the careful reading of it (``NAME.ttl``, with the vocabulary) by
``graph.evidence.compare.compare``: ``concepts`` (the mentioned concepts, by IRI or name),
``relations`` (claims by their two concepts, either direction) and ``relations_with_predicate``.
Mentions are also scored as spans: a proposed mention of a concept is right when the reading has a
mention of the same words; *linked* when it also names the same concept (known concepts by IRI, new
ones by compare's matching); *known* counts the reading's mentions of the article's concepts that
were found and linked. ``fresh`` (``tests/fixtures/blind/``) was written and curated after propose
was built, by someone who had read none of its code: it is the figure. ``held-out`` was never used
to learn or tune anything, but its text was read by propose's author; the other three are labelled
*seen* (the cues were tuned while looking at their proposals).

**Speed.** 1,000 documents of about 5 KB each, made by shuffling the sentences of the four test
documents and the article (seeded: the same documents every run), proposed and written as Turtle
by two worker processes; the time is the wall clock from the pool's start (imports included) to the
last document written, and per document in one warm process.
"""

import argparse
import importlib.util
import json
import multiprocessing
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
BLIND = ROOT / "tests" / "fixtures" / "blind"
FRESH = "fresh"  # written, and curated, after propose was built, by someone who had read none of its code
HELD_OUT = "held-out"
SEEN = ("corroborating", "contradicting", "mixed")


def _baseline():
    spec = importlib.util.spec_from_file_location("propose_baseline", Path(__file__).with_name("propose_baseline.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.propose_baseline


def _ratio(a, b):
    return round(a / b, 4) if b else 0.0


def _pr(matched_candidate, candidate, matched_reference, reference):
    p, r = _ratio(matched_candidate, candidate), _ratio(matched_reference, reference)
    return {"precision": p, "recall": r, "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "candidate": candidate, "reference": reference}


def _mentions(path, document=None):
    """``{(begin, end): concept}`` of the mentions of concepts in the file ``path`` (of its document)."""
    from graph.source import Source

    evidence = Source(data=[str(path)], engine="rdflib").evidence()
    found = {}
    for m in evidence.mention_list():
        if m.concept is None or m.begin < 0:
            continue
        if document is not None and evidence.reference(str(m.iri)) != document:
            continue
        found[(m.begin, m.end)] = str(m.concept)
    return found


def score(document, proposer, out_dir):
    """Score ``proposer`` (``propose`` or the baseline) on the test document ``document`` (its name)."""
    from graph.evidence.compare import compare, normalize
    from graph.resources import ONTOLOGY
    from graph.source import Source

    folder = BLIND if document == FRESH else DOCUMENTS
    text_path, reference = folder / f"{document}.txt", folder / f"{document}.ttl"
    doc, report = proposer(text_path)
    candidate = Path(out_dir) / f"{document}-{proposer.__name__}.ttl"
    candidate.write_text(doc.turtle(), encoding="utf-8")
    result = compare(candidate, against=[reference, ONTOLOGY])
    ref_evidence = Source(data=[str(reference)], engine="rdflib").evidence()
    ref_doc = next(d for d in ref_evidence.documents() if d.endswith(f"/{document}/document"))
    ref = _mentions(reference, ref_doc)
    cand = _mentions(candidate)
    # a candidate's new concept is "the same" as the reading's when compare matches their names
    ref_names = {}
    for concept in set(ref.values()):
        for label in (ref_evidence.labels.get(concept, (0, ""))[1],):
            ref_names.setdefault(concept, set()).add(normalize(label))
    cand_labels = {iri: label for iri, (_, label, *_rest) in doc.concepts.items()}
    graph_labels = _labels(reference)

    def same(c, r):
        return c == r or normalize(cand_labels.get(c, c)) in graph_labels.get(r, ())

    spans = set(ref) & set(cand)
    linked = {s for s in spans if same(cand[s], ref[s])}
    from graph.corpus.document import known_concepts

    known = set(known_concepts())
    ref_known = {s for s, c in ref.items() if c in known}
    # modality: of the proposed claims whose two concepts (either direction) are a claim of the reading,
    # those with the reading's modality; concepts are paired by IRI, or by name for new ones
    ref_modality = {}
    for st in ref_evidence.typed("http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"):
        if ref_doc not in ref_evidence.documents_of(st):
            continue
        pair = frozenset((ref_evidence.part(st, "subject"), ref_evidence.part(st, "object")))
        ref_modality.setdefault(pair, set()).add(ref_evidence.modality(st)[0])
    by_name = {}
    for concept, names in graph_labels.items():
        for n in names:
            by_name.setdefault(n, concept)

    def ref_concept(c):
        return c if c in graph_labels else by_name.get(normalize(cand_labels.get(c, c)), c)

    paired = agreed = 0
    for st in doc.statements.values():
        pair = frozenset((ref_concept(st.subject), ref_concept(st.object)))
        if pair in ref_modality:
            paired += 1
            agreed += st.modality in ref_modality[pair]
    return {
        "report": report["summary"],
        "concepts": result["concepts"], "relations": result["relations"],
        "relations_with_predicate": result["relations_with_predicate"],
        "mention_spans": _pr(len(spans), len(cand), len(spans), len(ref)),
        "mentions_linked": _pr(len(linked), len(cand), len(linked), len(ref)),
        "modality": {"agreed": agreed, "of": paired, "accuracy": _ratio(agreed, paired)},
        "known_mentions_found_and_linked": {"found": len(ref_known & linked), "of": len(ref_known),
                                            "recall": _ratio(len(ref_known & linked), len(ref_known))},
        "missing_relations": [f"{r['subject']} {r['predicate']} {r['object']}" for r in result["missing"]["relations"]],
        "extra_relations": [f"{r['subject']} {r['predicate']} {r['object']}" for r in result["extra"]["relations"]],
    }


def _labels(path):
    """``{concept: {normalized labels}}`` of the concepts a file declares."""
    from rdflib import Graph
    from rdflib.namespace import RDFS, SKOS

    from graph.evidence.compare import normalize

    g = Graph().parse(str(path))
    found = {}
    for p in (SKOS.prefLabel, RDFS.label, SKOS.altLabel):
        for s, o in g.subject_objects(p):
            found.setdefault(str(s), set()).add(normalize(str(o)))
    return found


def scores(documents=(FRESH, HELD_OUT, *SEEN)):
    """``{document: {"propose": ..., "baseline": ...}}`` (see :func:`score`)."""
    from graph.corpus.propose import propose

    baseline = _baseline()
    found = {}
    with tempfile.TemporaryDirectory() as out:
        for name in documents:
            found[name] = {"propose": score(name, propose, out), "baseline": score(name, baseline, out)}
    return found


# ---- speed

def make_corpus(folder, count=1000, size=5000, seed=7):
    """Write ``count`` documents of about ``size`` characters into ``folder``: a title, then
    paragraphs of 3 to 6 sentences drawn (seeded) from the test documents and the article."""
    from graph.corpus.document import Document
    from graph.resources import ARTICLE

    sentences = []
    for path in [ARTICLE, *sorted(DOCUMENTS.glob("*.txt"))]:
        sentences += [s.text for s in Document(path.read_text(encoding="utf-8"), path.stem).sentences
                      if not s.text.startswith("Written for the tests")]
    rng = random.Random(seed)
    paths = []
    for n in range(count):
        body, length = [], 0
        while length < size:
            paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 6)))
            body.append(paragraph)
            length += len(paragraph) + 2
        path = Path(folder) / f"doc-{n:04d}.txt"
        path.write_text(f"Generated document {n}\n\n" + "\n\n".join(body) + "\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def _start():
    """A worker's start: import and warm everything once (the cues, the corpus, the lexicon), timed."""
    start = time.process_time()
    from graph.corpus.propose import propose

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "warm.txt"
        path.write_text("Warm\n\nChina invests in research and development.\n", encoding="utf-8")
        propose(path)
    _STARTED.append(time.process_time() - start)


_STARTED = []


def _one(path):
    from graph.corpus.propose import propose

    start = time.process_time()
    doc, report = propose(path)
    proposed = time.process_time()
    Path(path).with_suffix(".ttl").write_text(doc.turtle(), encoding="utf-8")
    return (report["claims"], report["mentions"], os.path.getsize(path), proposed - start,
            time.process_time() - proposed, (_STARTED or [0.0])[0])


def speed(count=1000, workers=2):
    """Propose ``count`` generated documents with ``workers`` processes, each written as Turtle: the wall
    clock from the pool's start (imports included) to the last file, the processes' CPU time (to read
    the figure on a machine that other work shares), and the load average around the run."""
    with tempfile.TemporaryDirectory() as folder:
        paths = make_corpus(folder, count)
        size = sum(os.path.getsize(p) for p in paths)
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        context = multiprocessing.get_context("spawn")  # each worker imports everything: counted in the time
        with context.Pool(workers, initializer=_start) as pool:
            results = pool.map(_one, paths, chunksize=max(1, count // (workers * 20)))
        wall = time.perf_counter() - start
        starts = sorted({r[5] for r in results})
        return {"documents": count, "bytes": size, "workers": workers, "seconds": round(wall, 2),
                "claims": sum(r[0] for r in results), "mentions": sum(r[1] for r in results),
                "cpu_seconds_propose": round(sum(r[3] for r in results), 2),
                "cpu_seconds_turtle": round(sum(r[4] for r in results), 2),
                "cpu_seconds_start_per_worker": [round(x, 2) for x in starts],
                "ms_per_document": round(1000 * sum(r[3] + r[4] for r in results) / count, 1),
                "load_average": [round(load_before, 2), round(os.getloadavg()[0], 2)], "cores": os.cpu_count()}


def _table(found):
    lines = [f"{'document':<15} {'proposer':<9} {'concepts P/R':>13} {'relations P/R':>14} "
             f"{'with pred. P/R':>15} {'mention spans P/R':>18} {'known linked':>13} {'modality':>9}"]
    for name, row in found.items():
        for who in ("propose", "baseline"):
            r = row[who]
            label = name + {FRESH: " (blind)", HELD_OUT: " (held out)"}.get(name, " (seen)") if who == "propose" else ""
            lines.append(f"{label:<15} {who:<9} {r['concepts']['precision']:>6.2f}/{r['concepts']['recall']:<6.2f} "
                         f"{r['relations']['precision']:>7.2f}/{r['relations']['recall']:<6.2f} "
                         f"{r['relations_with_predicate']['precision']:>8.2f}/{r['relations_with_predicate']['recall']:<6.2f} "
                         f"{r['mention_spans']['precision']:>11.2f}/{r['mention_spans']['recall']:<6.2f} "
                         f"{r['known_mentions_found_and_linked']['found']:>6}/{r['known_mentions_found_and_linked']['of']:<6} "
                         f"{r['modality']['agreed']:>4}/{r['modality']['of']:<4}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-speed", action="store_true", help="the scores only")
    parser.add_argument("--seen", action="store_true", help="the seen documents only (while developing)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--count", type=int, default=1000, help="documents for the speed test")
    parser.add_argument("--details", action="store_true", help="list missing and extra relations")
    args = parser.parse_args(argv)
    found = scores(SEEN if args.seen else (FRESH, HELD_OUT, *SEEN))
    result = {"scores": found}
    if not args.no_speed:
        result["speed"] = speed(args.count)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    print(_table(found))
    if args.details:
        for name, row in found.items():
            print(f"\n{name}: {row['propose']['report']}")
            for x in row["propose"]["missing_relations"]:
                print("  missing", x)
            for x in row["propose"]["extra_relations"]:
                print("  extra  ", x)
    if "speed" in result:
        s = result["speed"]
        print(f"\nspeed: {s['documents']} documents ({s['bytes'] / 1e6:.1f} MB) in {s['seconds']} s wall with "
              f"{s['workers']} processes ({s['claims']} claims, {s['mentions']} mentions)\n"
              f"       CPU: {s['cpu_seconds_propose']} s proposing + {s['cpu_seconds_turtle']} s writing Turtle "
              f"({s['ms_per_document']} ms a document), start-up {s['cpu_seconds_start_per_worker']} s a worker; "
              f"load average {s['load_average'][0]} before, {s['load_average'][1]} after, on {s['cores']} cores")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
