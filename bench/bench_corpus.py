"""A corpus of many documents against a single graph of the same size, and import against reading.

    python bench/bench_corpus.py [--documents 1000] [--runs 2] [--out FOLDER]

**Corpus.** The four curated test documents (``tests/fixtures/documents/*.ttl``) are copied,
document ``i`` taking the IRIs ``.../doc/NAME-i/...`` for its text, sentences, mentions and
statements; every ten copies share their concepts (``kg:X`` becomes ``kg:X-g``, ``g = i // 10``),
so that a claim is corroborated by a few documents, not by hundreds, as in a real corpus. The
vocabulary (``data/ontology.ttl``) comes once. The same triples are written three ways: a file per
document (N-Triples, ``--data`` given all of them, as a user reads a folder of documents), one
N-Quads file with each document in its own named graph (a dataset), and one N-Triples file (a
single graph, the reference). ``stats`` and the named queries ``corroborated`` and
``contradictions`` run on each, each as a fresh process (start to exit, best of ``--runs``), with
the peak memory.

**Import.** A LangExtract JSONL of the same number of documents (the held-out test document's
file, ``tests/fixtures/importers/held-out.langextract.jsonl``, repeated with new ids) is imported
by ``graph.corpus.importers.import_file``, in process, against two plain readings: ``json.loads``
of every line with the text's slice at each interval (the floor of reading the input), and rdflib
reading the Turtle the import writes (reading the same graph from a file).
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "documents"
DOC = "https://example.org/ev-kg/doc/"
KG = "<https://example.org/ev-kg/id/"


def run(command, timeout=1800):
    """(seconds, peak MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT,
                            start_new_session=True)
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - start > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            raise SystemExit(f"stopped after {timeout} s: {' '.join(map(str, command))}")
        time.sleep(0.02)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(map(str, command))}\n{proc.stderr.read().decode()}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def _lines(path):
    from rdflib import Graph

    return Graph().parse(path).serialize(format="nt").splitlines()


def make_corpus(count, folder):
    """Write ``corpus.nq`` and ``corpus.nt`` (the same triples) into ``folder``; return (triples, bytes)."""
    documents = [(p.stem, _lines(p)) for p in sorted(FIXTURES.glob("*.ttl"))]
    vocabulary = _lines(ROOT / "data" / "ontology.ttl")
    concept = re.compile(re.escape(KG) + r"([^>]+)>")
    triples, files = 0, folder / "documents"
    files.mkdir()
    with open(folder / "corpus.nq", "w", encoding="utf-8") as nq, open(folder / "corpus.nt", "w", encoding="utf-8") as nt:
        with open(files / "vocabulary.nt", "w", encoding="utf-8") as one:
            for line in vocabulary:
                if line.strip():
                    for f in (nq, nt, one):
                        f.write(line + "\n")
                    triples += 1
        for i in range(count):
            name, lines = documents[i % len(documents)]
            group = i // 10
            graph = f" <{DOC}{name}-{i}/document> ."
            with open(files / f"{i:04d}-{name}.nt", "w", encoding="utf-8") as one:
                for line in lines:
                    if not line.strip():
                        continue
                    line = line.replace(f"{DOC}{name}/", f"{DOC}{name}-{i}/")
                    line = concept.sub(lambda m: f"{KG}{m.group(1)}-{group}>", line)
                    nt.write(line + "\n")
                    one.write(line + "\n")
                    nq.write(line[:-2] + graph + "\n")
                    triples += 1
    return triples, (folder / "corpus.nq").stat().st_size


def import_speed(count):
    """(seconds importing, seconds reading) ``count`` documents of LangExtract JSONL, in process."""
    from graph.corpus.importers import import_file

    source = ROOT / "tests" / "fixtures" / "importers" / "held-out.langextract.jsonl"
    rows = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "many.jsonl"
        with open(path, "w", encoding="utf-8") as f:
            for i in range(count):
                for row in rows:
                    f.write(json.dumps(dict(row, document_id=f"{row.get('document_id', 'doc')}-{i}")) + "\n")
        start = time.perf_counter()
        seen = 0
        for line in path.read_text(encoding="utf-8").splitlines():  # the plain reading: parse, slice
            row = json.loads(line)
            for x in row.get("extractions", ()):
                interval = x.get("char_interval") or {}
                if interval.get("start_pos") is not None:
                    seen += len(row["text"][interval["start_pos"]:interval["end_pos"]])
        reading = time.perf_counter() - start
        start = time.perf_counter()
        turtle, report = import_file(str(path), "langextract", None)
        importing = time.perf_counter() - start
    from rdflib import Graph

    start = time.perf_counter()
    Graph().parse(data=turtle, format="turtle")
    parsing = time.perf_counter() - start
    return importing, reading, parsing, report["summary"], len(turtle)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--imports", type=int, default=1000, help="documents for the import test")
    args = parser.parse_args(argv)
    print(f"Machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        triples, size = make_corpus(args.documents, folder)
        print(f"Corpus: {args.documents:,} documents, {triples:,} triples ({size / 1e6:.0f} MB of N-Quads)\n")
        print("| job | a file per document | dataset (a named graph per document) | one graph | files / one graph | dataset / one graph |")
        print("|---|---|---|---|---|---|")
        forms = {"files": [str(p) for p in sorted((folder / "documents").iterdir())],
                 "nq": [str(folder / "corpus.nq")], "nt": [str(folder / "corpus.nt")]}
        jobs = {"stats": ["stats"], "corroborated": ["query", "corroborated"],
                "contradictions": ["query", "contradictions"]}
        for job, argv_ in jobs.items():
            times = {}
            for _ in range(args.runs):  # the forms interleaved: a change of load touches all three alike
                for form, data in forms.items():
                    found = run([sys.executable, "-m", "graph", *argv_, "--data", *data])
                    times[form] = min(times.get(form, found), found, key=lambda r: r[0])
            (f, mf), (a, ma), (b, mb) = times["files"], times["nq"], times["nt"]
            print(f"| `{' '.join(argv_)}` | {f:.1f} s, {mf:,.0f} MB | {a:.1f} s, {ma:,.0f} MB | {b:.1f} s, {mb:,.0f} MB "
                  f"| {f / b:.2f}x | {a / b:.2f}x |")
    importing, reading, parsing, summary, size = import_speed(args.imports)
    print(f"\nImport: {args.imports:,} LangExtract documents: {importing:.2f} s importing ({size / 1e6:.1f} MB of "
          f"Turtle written); {reading:.2f} s the plain JSON reading ({importing / reading:.0f}x), {parsing:.2f} s "
          f"rdflib reading the Turtle written ({importing / parsing:.2f}x)\n  {summary}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
