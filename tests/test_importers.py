"""Tests of ``import``: another tool's annotations read into documents (graph/corpus/importers.py).

The texts are the invented documents of ``tests/fixtures/documents/`` (their README lists the
claims). For LangExtract and doccano the committed files of ``tests/fixtures/importers/`` were
written by the tools themselves (LangExtract 1.7.1's ``lx.io.save_annotated_documents``, doccano
1.8.4's exporter; ``tests/fixtures/importers/README.md`` says how); the other inputs are built here,
exactly to each tool's documented schema (said at each builder). Every input annotates the claims
of ``held-out.txt``, with some intervals exact, some wrong by a few characters, some missing, and
some words that are not in the text.
"""

import json
import re
import shutil
import time
from pathlib import Path

import pyarrow
import pyarrow.parquet
import pytest
from rdflib.namespace import RDF, SKOS

from graph.corpus.importers import FUZZY_THRESHOLD, TOOLS, import_file, read_mapping
from graph.errors import DataError
from graph.evidence.checks import check_mentions, check_offsets
from graph.namespace import EV, KG
from graph.resources import ONTOLOGY, TRIPLES
from graph.source import load

HERE = Path(__file__).parent
DOCUMENTS = HERE / "fixtures" / "documents"
FIXTURES = HERE / "fixtures" / "importers"
HELD_OUT = DOCUMENTS / "held-out.txt"
TEXT = HELD_OUT.read_text(encoding="utf-8")
#: The user guide, whose example output the tests below produce.
GUIDE = (HERE.parent / "docs" / "importers.md").read_text(encoding="utf-8")

# ---- the claims of held-out.txt (its README's table), as a tool would annotate them

#: Entities: (body sentence, words, the tool's label). The README numbers the body's sentences.
ENTITIES = [
    (1, "Manufacturing hubs", "industry"), (1, "battery recycling technologies", "technology"),
    (2, "Battery recycling", "technology"), (2, "lithium", "material"), (2, "cobalt", "material"),
    (3, "Battery recycling", "technology"), (3, "need for newly mined raw materials", "impact"),
    (4, "Battery recycling", "technology"), (4, "skilled technicians", "worker_group"),
    (5, "Manufacturers", "manufacturer"), (5, "circular economy principles", "process"),
    (6, "Supply chain complexities", "challenge"), (6, "rare earth minerals", "material"),
    (6, "innovative procurement strategies", "strategy"),
    (7, "Recycled aluminum", "material"), (7, "traditional manufacturing inputs", "material"),
    (8, "shift towards electric vehicle production", "trend"), (8, "workforce", "worker_group"),
    (9, "Traditional automotive workers", "worker_group"), (9, "advanced digital skills", "skill"),
    (9, "complex systems integration", "skill"),
    (10, "Educational institutions", "educational_institution"), (10, "manufacturers", "manufacturer"),
    (10, "specialized curricula", "training"),
    (11, "retraining of traditional automotive workers", "training"), (11, "job retention", "quality"),
    (12, "Traditional automotive workers", "worker_group"), (12, "battery recycling jobs", "worker_group"),
    (13, "Germany", "nation"), (13, "training centers for battery recycling", "facility"),
    (14, "Manufacturers", "manufacturer"), (14, "shortage of skilled technicians", "challenge"),
    (15, "China", "country"), (15, "research and development", "strategy"),
    (16, "human-centric approach", "strategy"),
    (16, "technological progress remains inclusive and socially responsible", "goal"),
]
#: Relations: (body sentence, type, relation words, subjects, objects, modality or None).
RELATIONS = [
    (1, "develops", "are developing", ["Manufacturing hubs"], ["battery recycling technologies"], None),
    (2, "recovers", "recovers", ["Battery recycling"], ["lithium", "cobalt"], None),
    (3, "reduces", "reduces", ["Battery recycling"], ["need for newly mined raw materials"], None),
    (4, "requires", "requires", ["Battery recycling"], ["skilled technicians"], None),
    (5, "uses", "are increasingly implementing", ["Manufacturers"], ["circular economy principles"],
     "trend or ongoing change"),
    (6, "involves", "particularly regarding", ["Supply chain complexities"], ["rare earth minerals"], None),
    (6, "requires", "require", ["Supply chain complexities"], ["innovative procurement strategies"], None),
    (7, "replaces", "is increasingly replacing", ["Recycled aluminum"], ["traditional manufacturing inputs"],
     "trend or ongoing change"),
    (8, "transforms", "is transforming", ["shift towards electric vehicle production"], ["workforce"],
     "trend or ongoing change"),
    (9, "is_retrained_in", "are being retrained in", ["Traditional automotive workers"],
     ["advanced digital skills", "complex systems integration"], None),
    (10, "collaborates_with", "are working together", ["Educational institutions"], ["manufacturers"], None),
    (10, "aims_at", "to develop", ["Educational institutions", "manufacturers"], ["specialized curricula"],
     "aim or purpose"),
    (11, "improves", "improves", ["retraining of traditional automotive workers"], ["job retention"],
     "signal or indication"),
    (12, "moves_into", "are increasingly moving into", ["Traditional automotive workers"], ["battery recycling jobs"],
     "trend or ongoing change"),
    (13, "aims_at", "plans to open", ["Germany"], ["training centers for battery recycling"], "aim or purpose"),
    (14, "faces", "face", ["Manufacturers"], ["shortage of skilled technicians"], None),
    (15, "invests_in", "is investing billions in", ["China"], ["research and development"], None),
    (16, "ensures", "ensures", ["human-centric approach"],
     ["technological progress remains inclusive and socially responsible"], None),
]
#: The README's count of held-out.txt's claims, which RELATIONS makes (one per subject and object).
CLAIMS = 21
#: The intervals a tool got wrong: (sentence, words) -> how far the interval is moved, or None (missing).
WRONG = {(2, "lithium"): 3, (7, "Recycled aluminum"): -2, (4, "skilled technicians"): 4,
         (2, "cobalt"): None, (11, "job retention"): None}
#: Words no sentence has, annotated in sentence 14 as the object of a claim: dropped, and its claim with it.
ABSENT = (14, "solid-state batteries", "technology")


def sentences(text=TEXT):
    """``(begin, end)`` of each body sentence, cut as the fixtures' README says (after the two first lines)."""
    found, body = [], text.index("\n\n") + 2
    for line in re.finditer(r"[^\n]+", text[body:]):
        cursor = body + line.start()
        for piece in re.split(r"(?<=[.?!])\s+(?=[A-Z])", line.group()):
            begin = text.index(piece, cursor)
            found.append((begin, begin + len(piece)))
            cursor = begin + len(piece)
    return found


SENTENCES = sentences()


def span(sentence, words):
    """``[begin, end)`` of ``words`` in body sentence ``sentence`` (1-based)."""
    begin, end = SENTENCES[sentence - 1]
    at = TEXT.index(words, begin, end)
    return at, at + len(words)


def planned_entities():
    """Every entity as ``(sentence, words, label, begin, end)``, the tool's interval: exact, moved, or
    None (missing); the absent words last, with an interval over other words of their sentence."""
    found = []
    for sentence, words, label in ENTITIES:
        begin, end = span(sentence, words)
        shift = WRONG.get((sentence, words), 0)
        found.append((sentence, words, label, *((None, None) if shift is None else (begin + shift, end + shift))))
    begin, _ = span(14, "shortage")
    found.append((ABSENT[0], ABSENT[1], ABSENT[2], begin, begin + len(ABSENT[1])))
    return found


# ---- LangExtract: the committed file is LangExtract's own (see test_langextract_file_is_langextracts_own)


def langextract_documents(lx):
    """held-out.txt as LangExtract's AnnotatedDocument: entities as extractions, relations as extractions
    whose attributes name their two ends (``subject``, ``object``) and their modality. The relation
    words of sentence 8 have no interval (as LangExtract leaves one it cannot align)."""
    extractions = []
    for sentence, words, label, begin, end in planned_entities():
        interval = None if begin is None else lx.data.CharInterval(start_pos=begin, end_pos=end)
        status = None if begin is None else (lx.data.AlignmentStatus.MATCH_EXACT if TEXT[begin:end] == words
                                             else lx.data.AlignmentStatus.MATCH_FUZZY)
        extractions.append((begin if begin is not None else span(sentence, words)[0],
                            lx.data.Extraction(label, words, char_interval=interval, alignment_status=status)))
    relations = [*RELATIONS, (14, "invests_in", "", ["Manufacturers"], [ABSENT[1]], None)]
    for sentence, kind, words, subjects, objects, modality in relations:
        attributes = {"subject": subjects if len(subjects) > 1 else subjects[0],
                      "object": objects if len(objects) > 1 else objects[0]}
        if modality:
            attributes["modality"] = modality
        interval = status = None
        at = SENTENCES[sentence - 1][0]
        if words and sentence != 8:
            at, end = span(sentence, words)
            interval, status = lx.data.CharInterval(start_pos=at, end_pos=end), lx.data.AlignmentStatus.MATCH_EXACT
        extractions.append((at, lx.data.Extraction(kind, words, char_interval=interval, alignment_status=status,
                                                    attributes=attributes)))
    ordered = [x for _, x in sorted(extractions, key=lambda pair: pair[0])]
    for i, x in enumerate(ordered, 1):
        x.extraction_index = i
    return [lx.data.AnnotatedDocument(document_id="held-out", extractions=ordered, text=TEXT)]


# ---- doccano: the committed file is doccano's own export (tests/fixtures/importers/README.md)


def doccano_plan():
    """held-out.txt as a doccano annotator leaves it: spans (doccano keeps no words, and no span without
    offsets), the WRONG ones a few characters off, one across two sentences and one in the title."""
    entities = []
    for sentence, words, label, begin, end in planned_entities()[:-1]:
        if begin is None:
            begin, end = span(sentence, words)
        entities.append({"key": f"{sentence}:{words}", "label": label, "start": begin, "end": end})
    across = span(1, "technologies")[0]
    title = TEXT.index("Batteries")
    entities += [{"key": "across", "label": "technology", "start": across, "end": across + len("technologies. Battery")},
                 {"key": "title", "label": "technology", "start": title, "end": title + len("Batteries")}]
    relations = []
    for sentence, kind, _, subjects, objects, _ in RELATIONS:
        relations += [{"type": kind, "from": f"{sentence}:{s}", "to": f"{sentence}:{o}"} for s in subjects for o in objects]
    return [{"text": TEXT, "meta": {"document_id": "held-out"}, "entities": entities, "relations": relations}]


# ---- brat, Label Studio and GraphRAG: built here to each tool's documented schema


def brat_files(folder):
    """held-out.txt as brat standoff (https://brat.nlplab.org/standoff.html, built to that schema: brat
    is no package): ``T<n>\\tLabel START END\\twords`` and ``R<n>\\tType Arg1:T<a> Arg2:T<b>``. brat always
    has offsets: the WRONG intervals are moved, the missing ones exact; one discontinuous span, and E, A,
    # and * lines (which the importer counts and does not read)."""
    lines, ids = [], {}
    for n, (sentence, words, label, begin, end) in enumerate(planned_entities(), 1):
        if begin is None:
            begin, end = span(sentence, words)
        ids[(sentence, words)] = f"T{n}"
        lines.append(f"T{n}\t{label} {begin} {end}\t{words}")
    first, second = span(2, "lithium"), span(2, "cobalt")
    lines.append(f"T99\tmaterial {first[0]} {first[1]};{second[0]} {second[1]}\tlithium cobalt")
    n = 0
    for sentence, kind, _, subjects, objects, _ in [*RELATIONS, (14, "invests_in", "", ["Manufacturers"], [ABSENT[1]], None)]:
        for s in subjects:
            for o in objects:
                n += 1
                lines.append(f"R{n}\t{kind} Arg1:{ids[(sentence, s)]} Arg2:{ids[(sentence, o)]}")
    lines += ["E1\tInvest:T33 Agent:T32", "A1\tNegation E1", "#1\tAnnotatorNotes T1\tthe hubs of the article",
              "*\tEquiv T10 T31"]
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(HELD_OUT, folder / "held-out.txt")
    (folder / "held-out.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "held-out.ann"


def label_studio_tasks():
    """held-out.txt, and the first sentence of corroborating.txt, as Label Studio's JSON export (built
    to the export schema of https://labelstud.io/guide/export#Label-Studio-JSON-format-of-annotated-tasks;
    its result items are those label-studio-sdk's LabelInterface makes: ``labels`` regions with ``start``,
    ``end``, ``text``, ``labels``; ``relation`` items with ``from_id``, ``to_id``, ``direction``,
    ``labels``). The WRONG intervals are moved (their words kept), the missing ones exact; the region of
    "Manufacturers" in sentence 5 has no text and an end that cuts the word; one relation is drawn
    right to left; a cancelled annotation and a prediction are not read."""
    result, regions = [], {}
    for n, (sentence, words, label, begin, end) in enumerate(planned_entities(), 1):
        if begin is None:
            begin, end = span(sentence, words)
        value = {"start": begin, "end": end, "text": words, "labels": [label]}
        if (sentence, words) == (5, "Manufacturers"):
            value = {"start": begin, "end": end - 3, "labels": [label]}
        regions[(sentence, words)] = f"r{n}"
        result.append({"id": f"r{n}", "from_name": "label", "to_name": "text", "type": "labels", "value": value})
    for sentence, kind, _, subjects, objects, _ in [*RELATIONS, (14, "invests_in", "", ["Manufacturers"], [ABSENT[1]], None)]:
        for s in subjects:
            for o in objects:
                ends = [regions[(sentence, s)], regions[(sentence, o)]]
                direction = "left" if kind == "faces" else "right"
                if direction == "left":
                    ends.reverse()
                result.append({"from_id": ends[0], "to_id": ends[1], "type": "relation", "direction": direction,
                               "labels": [kind]})
    other = (DOCUMENTS / "corroborating.txt").read_text(encoding="utf-8")
    china, rnd = other.index("China"), other.index("research and development")
    return [
        {"id": 1, "data": {"text": TEXT}, "predictions": [{"result": []}],
         "annotations": [{"id": 1, "result": result, "was_cancelled": False},
                         {"id": 2, "result": result[:3], "was_cancelled": True}]},
        {"id": 2, "data": {"text": other}, "annotations": [{"id": 3, "result": [
            {"id": "a", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": china, "end": china + 5, "text": "China", "labels": ["Nation"]}},
            {"id": "b", "from_name": "label", "to_name": "text", "type": "labels",
             "value": {"start": rnd, "end": rnd + 24, "text": "research and development", "labels": ["Strategy"]}},
            {"from_id": "a", "to_id": "b", "type": "relation", "direction": "right", "labels": ["invests in"]},
            {"id": "c", "from_name": "sentiment", "to_name": "text", "type": "choices",
             "value": {"choices": ["positive"]}}]}]},
    ]


#: GraphRAG's entities: title (its default: upper case), type; a misspelt one and one not in the text.
GRAPHRAG_MISSPELT = {"Recycled aluminum": "RECYCLED ALUMINIUM"}


def graphrag_tables(folder, documents=True):
    """held-out.txt as GraphRAG's output tables (built to https://microsoft.github.io/graphrag/index/outputs/
    with pyarrow: GraphRAG needs a language model to write its own): two text units that overlap by 100
    characters, entities titled in upper case (one misspelt, one not in the text), relationships between
    them; ``documents.parquet`` only when ``documents``."""
    cut = 700
    units = [("u1", TEXT[:cut + 100]), ("u2", TEXT[cut:])]

    def units_of(begin, end):
        return [uid for uid, (lo, hi) in (("u1", (0, cut + 100)), ("u2", (cut, len(TEXT)))) if lo <= begin and end <= hi]

    titles, entities = {}, []
    for sentence, words, label in [*ENTITIES, ABSENT]:
        title = GRAPHRAG_MISSPELT.get(words, words.upper())
        known = title in titles.values()
        titles[words] = title
        if known:  # GraphRAG merges an entity's mentions under one title
            continue
        sentence_span = SENTENCES[sentence - 1]
        entities.append({"id": f"e{len(entities) + 1}", "human_readable_id": len(entities), "title": title,
                         "type": label.upper(), "description": f"{words} in the text",
                         "text_unit_ids": units_of(*sentence_span)})
    relationships = []
    for sentence, _, _, subjects, objects, _ in [*RELATIONS, (14, "invests_in", "", ["Manufacturers"], [ABSENT[1]], None)]:
        for s in subjects:
            for o in objects:
                relationships.append({"id": f"r{len(relationships) + 1}", "human_readable_id": len(relationships),
                                      "source": titles[s], "target": titles[o], "description": f"{s} and {o}",
                                      "weight": 1.0, "text_unit_ids": units_of(*SENTENCES[sentence - 1])})
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "entities": entities, "relationships": relationships,
        "text_units": [{"id": uid, "human_readable_id": i, "text": text, "n_tokens": len(text.split()),
                        "document_ids": ["d1"]} for i, (uid, text) in enumerate(units)],
    }
    if documents:
        tables["documents"] = [{"id": "d1", "human_readable_id": 0, "title": "held-out.txt", "text": TEXT,
                                "text_unit_ids": ["u1", "u2"]}]
    for name, rows in tables.items():
        pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows), folder / f"{name}.parquet")
    return folder


# ---- helpers


def run_import(cli, path, tool, out, *more):
    """``import`` through the command line, in process: (summary, report) from its text and JSON output."""
    code, text, err = cli("import", str(path), "--from", tool, "--out", str(out), *more)
    assert code == 0, err
    code, printed, err = cli("import", str(path), "--from", tool, "--out", str(out), "--format", "json", *more)
    assert code == 0, err
    report = json.loads(printed)
    assert text.strip() == report["summary"]
    return report


def figures(report):
    return (report["kept_exact"], len(report["regrounded"]), sum(1 for d in report["dropped"] if d["kind"] != "claim"),
            report["claims"], sum(1 for d in report["dropped"] if d["kind"] == "claim"))


def check_with_the_article(cli, out, documents=2, validate=True):
    """No offset or mention problem (validate's own checks; with ``validate``, the whole of ``validate``,
    whose only complaint may be sentences without a claim: proposals need not cover every one); stats: the
    documents, and the claims the article corroborates."""
    graph = load([TRIPLES, ONTOLOGY, out])
    assert check_offsets(graph) == [] and check_mentions(graph) == []
    if validate:
        code, printed, err = cli("validate", "--data", str(TRIPLES), str(ONTOLOGY), str(out), "--format", "json")
        problems = json.loads(printed)["problems"]
        assert [p for p in problems if "supports no statement" not in p] == [], problems
    code, printed, err = cli("stats", "--data", str(TRIPLES), str(ONTOLOGY), str(out), "--format", "json")
    assert code == 0, err
    stats = json.loads(printed)
    assert stats["documents"] == documents
    return stats


# ---- each tool on held-out.txt


def test_langextract_held_out(cli, tmp_path):
    out = tmp_path / "held-out.ttl"
    report = run_import(cli, FIXTURES / "held-out.langextract.jsonl", "langextract", out)
    assert report["summary"] in GUIDE
    # 37 entities and 18 relation words: 3 intervals moved and 2 missing (found again), the relation words of
    # sentence 8 without an interval (found in the sentence of their ends), the absent words dropped
    assert figures(report) == (48, 6, 1, CLAIMS, 1)
    assert {(r["text"], r["how"]) for r in report["regrounded"]} == {
        ("lithium", "exact"), ("Recycled aluminum", "exact"), ("skilled technicians", "exact"), ("cobalt", "exact"),
        ("job retention", "exact"), ("is transforming", "exact")}
    moved = next(r for r in report["regrounded"] if r["text"] == "skilled technicians")
    assert moved["begin"] == span(4, "skilled technicians")[0] and moved["tool_status"] == "match_fuzzy"
    assert [(d["text"], d["kind"]) for d in report["dropped"]] == [
        ("solid-state batteries", "mention"), ("Manufacturers | invests_in | solid-state batteries", "claim")]
    assert report["unmapped_types"] == ["moves into", "recovers"]
    assert report["summary"] == ("Imported 1 document: 48 mentions kept exact, 6 re-grounded, 1 dropped; 21 claims "
                                 "(1 dropped; 2 relation types not in the vocabulary: moves into, recovers).")
    stats = check_with_the_article(cli, out)
    assert stats["corroborated"] == 11  # the README's 12, less s16, whose object is a clause no label names

    graph = load([out])
    assert (KG.TraditionalAutomotiveWorkers, EV.isRetrainedIn, KG.DigitalSkills) in graph
    modalities = {(str(s), str(o)): str(m) for s, o, m in graph.query(
        "SELECT ?s ?o ?m { ?st rdf:subject ?s ; rdf:object ?o ; ev:modality ?m ; ev:status ev:Proposed }")}
    assert modalities[(str(KG.Germany), str(KG) + "TrainingCentersForBatteryRecycling")] == str(EV.AimOrPurpose)
    assert modalities[(str(KG.Retraining), str(KG) + "JobRetention")] == str(EV.SignalOrIndication)
    assert modalities[(str(KG.China), str(KG.ResearchAndDevelopment))] == str(EV.AssertedFact)
    # the two subjects of one relation (a list), and the nearest of three "Battery recycling"s
    assert (KG.Manufacturers, EV.aimsAt, KG.SpecializedCurricula) in graph
    assert (KG.EducationalInstitutions, EV.aimsAt, KG.SpecializedCurricula) in graph
    sentences = {str(s) for s, in graph.query(
        "SELECT ?s { ?st rdf:object <https://example.org/ev-kg/id/SkilledTechnicians> ; prov:wasDerivedFrom ?s }")}
    assert sentences == {"https://example.org/ev-kg/doc/held-out/s05"}  # body sentence 4, after the marker line


def test_langextract_file_is_langextracts_own(tmp_path):
    """The committed file is what LangExtract writes for these annotations (when it is installed)."""
    lx = pytest.importorskip("langextract")
    lx.io.save_annotated_documents(iter(langextract_documents(lx)), output_dir=tmp_path, output_name="x.jsonl",
                                   show_progress=False)
    assert (tmp_path / "x.jsonl").read_bytes() == (FIXTURES / "held-out.langextract.jsonl").read_bytes()


def test_doccano_held_out(cli, tmp_path):
    out = tmp_path / "held-out.ttl"
    report = run_import(cli, FIXTURES / "held-out.doccano.jsonl", "doccano", out)
    assert report["summary"] in GUIDE
    # doccano keeps offsets only: the 3 moved spans cut words and are snapped onto them; the span across two
    # sentences and the one in the title are dropped
    assert figures(report) == (33, 3, 2, CLAIMS, 0)
    snapped = {r["text"]: (r["found"], r["how"]) for r in report["regrounded"]}
    assert snapped == {"hium an": ("lithium", "snapped to whole words"),
                       "led technicians. Ma": ("skilled technicians", "snapped to whole words"),
                       ". Recycled alumin": ("Recycled aluminum", "snapped to whole words")}
    assert {d["reason"] for d in report["dropped"]} == {
        "it lies across a sentence boundary", "it lies outside the sentences (in a title or a heading)"}
    assert report["per_document"][0]["document"] == "held-out"  # its document_id
    stats = check_with_the_article(cli, out)
    assert stats["corroborated"] == 11


def test_doccano_words_and_missing_offsets(tmp_path):
    """doccano writes no words; an entity's "text", where a converter wrote one, is checked like any tool's
    words, and an entity with words and no offsets is looked for."""
    s = SENTENCES[14]
    china, rnd = span(15, "China"), span(15, "research and development")
    record = {"id": 3, "text": TEXT, "entities": [
        {"id": 1, "label": "Nation", "text": "China"},
        {"id": 2, "label": "Strategy", "start_offset": rnd[0] + 2, "end_offset": rnd[1] + 2,
         "text": "research and development"},
        {"id": 3, "label": "Technology", "start_offset": s[0], "end_offset": s[0] + 9, "text": "solid-state batteries"},
        {"id": 4, "label": "Technology"}],
        "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "INVESTS_IN"},
                      {"id": 2, "from_id": 1, "to_id": 4, "type": "INVESTS_IN"}]}
    path = tmp_path / "x.jsonl"
    path.write_text(json.dumps(record), encoding="utf-8")
    turtle, report = import_file(path, "doccano")
    assert figures(report) == (0, 2, 2, 1, 1)
    assert {r["found"]: r["begin"] for r in report["regrounded"]} == {"China": china[0], "research and development": rnd[0]}
    assert {d["reason"] for d in report["dropped"] if d["kind"] == "mention"} == {
        "no interval, and no words to look for", f"its words are not in any sentence of the text (fuzzy threshold {FUZZY_THRESHOLD})"}
    assert "kg:China ev:investsIn kg:ResearchAndDevelopment ." in turtle
    assert report["per_document"][0]["document"] == "x-3"  # the file's name and the id, which is no name


def test_brat_held_out(cli, tmp_path):
    ann = brat_files(tmp_path / "brat")
    out = tmp_path / "held-out.ttl"
    report = run_import(cli, ann, "brat", out)
    assert report["summary"] in GUIDE
    # brat always has offsets: the 3 moved are found again by their words; the discontinuous span is its first
    # fragment ("lithium"), kept; the absent words dropped
    assert figures(report) == (34, 3, 1, CLAIMS, 1)
    assert report["ignored"] == {"attribute lines (A)": 1, "equivalence lines (*)": 1, "event lines (E)": 1,
                                 "fragments after the first of a discontinuous span": 1, "note lines (#)": 1}
    assert report["per_document"][0]["document"] == "held-out"
    stats = check_with_the_article(cli, out, validate=False)
    assert stats["corroborated"] == 11
    again = run_import(cli, ann.with_suffix(".txt"), "brat", tmp_path / "again.ttl")  # its .txt names it too
    assert {**again, "file": None} == {**report, "file": None}


def test_label_studio_held_out(cli, tmp_path):
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(label_studio_tasks(), indent=1), encoding="utf-8")
    out = tmp_path / "tasks.ttl"
    report = run_import(cli, path, "label-studio", out)
    assert report["summary"] in GUIDE
    # held-out: 3 moved (found by their words), 1 region without words cutting a word (snapped), the absent
    # words dropped; corroborating.txt: one claim
    assert figures(report) == (34, 4, 1, CLAIMS + 1, 1)
    assert report["documents"] == 2 and [d["document"] for d in report["per_document"]] == ["tasks-1", "tasks-2"]
    assert report["ignored"] == {"cancelled annotations": 1, "choices results": 1, "predictions": 1}
    assert report["unmapped_types"] == ["moves into", "recovers"]
    graph = load([out])
    assert (KG.Manufacturers, EV.faces, KG.ShortageOfSkilledTechnicians) in graph  # drawn right to left
    assert (KG.China, EV.investsIn, KG.ResearchAndDevelopment) in graph  # "invests in": the label's words
    stats = check_with_the_article(cli, out, documents=3, validate=False)
    assert stats["corroborated"] == 11


@pytest.mark.parametrize("documents", [True, False], ids=["documents", "text-units-only"])
def test_graphrag_held_out(cli, tmp_path, documents):
    folder = graphrag_tables(tmp_path / "output", documents=documents)
    out = tmp_path / "graphrag.ttl"
    report = run_import(cli, folder / "entities.parquet", "graphrag", out)
    assert report["summary"] in GUIDE
    # no offsets: every entity is searched for (in upper case: ignoring case; one misspelt: fuzzy), each
    # relationship's two ends in one sentence of its text units; the absent entity and its relationship dropped
    assert figures(report) == (0, 31, 1, CLAIMS, 1)
    fuzzy = [r for r in report["regrounded"] if r["how"] == "fuzzy"]
    assert [(r["text"], r["found"]) for r in fuzzy] == [("RECYCLED ALUMINIUM", "Recycled aluminum")]
    assert fuzzy[0]["score"] >= FUZZY_THRESHOLD
    assert report["unmapped_types"] == ["related to"]  # GraphRAG's relationships have no type
    assert report["per_document"][0]["document"] == ("held-out-txt" if documents else "d1")
    check_with_the_article(cli, out, validate=False)
    mapping = tmp_path / "map.tsv"
    mapping.write_text("related to\tev:involves\n", encoding="utf-8")
    mapped = run_import(cli, folder, "graphrag", tmp_path / "mapped.ttl", "--map", str(mapping))
    assert mapped["unmapped_types"] == [] and (KG.SupplyChainComplexity, EV.involves, KG.RareEarthMinerals) in load(
        [tmp_path / "mapped.ttl"])


def test_graphrag_claims(tmp_path):
    """GraphRAG's covariates (claims): a claim whose status is FALSE is a denial."""
    text = (DOCUMENTS / "contradicting.txt").read_text(encoding="utf-8")
    sentence = "Germany does not invest in research and development."
    tables = {
        "text_units": [{"id": "u1", "text": text, "document_ids": ["d1"]}],
        "entities": [{"title": "GERMANY", "type": "GEO", "text_unit_ids": ["u1"]},
                     {"title": "RESEARCH AND DEVELOPMENT", "type": "STRATEGY", "text_unit_ids": ["u1"]}],
        "relationships": [{"source": "GERMANY", "target": "RESEARCH AND DEVELOPMENT", "text_unit_ids": ["u2"]}],
        "covariates": [{"covariate_type": "claim", "type": "INVESTS IN", "subject_id": "GERMANY",
                        "object_id": "RESEARCH AND DEVELOPMENT", "status": "FALSE", "source_text": sentence,
                        "text_unit_id": "u1"},
                       {"covariate_type": "claim", "type": "INVESTS IN", "subject_id": "GERMANY", "object_id": "NONE",
                        "status": "TRUE", "source_text": sentence, "text_unit_id": "u1"}]}
    assert sentence in text
    for name, rows in tables.items():
        pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows), tmp_path / f"{name}.parquet")
    turtle, report = import_file(tmp_path, "graphrag")
    assert report["claims"] == 1 and report["unmapped_types"] == []
    assert report["ignored"] == {"claims without a subject, an object or a text unit": 1,
                                 "relationships in no text unit": 1}
    graph = load([_write(tmp_path / "out.ttl", turtle)])
    assert (KG.Germany, EV.investsIn, KG.ResearchAndDevelopment) not in graph  # a denial's triple is not asserted
    assert set(graph.objects(None, EV.modality)) == {EV.Denied}


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


# ---- relation types, modalities, concepts


SHORT = "Notes\n\nChina invests in research and development. Lithium is a material. Germany builds battery plants."


def doccano_file(tmp_path, records, name="x.jsonl"):
    """A doccano JSONL file (doccano's documented relation extraction export) of ``records``."""
    path = tmp_path / name
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def short_record(kind="invests_in", labels=("Nation", "Strategy"), doc_id=1, text=SHORT):
    china, rnd = text.index("China"), text.index("research and development")
    return {"id": doc_id, "text": text,
            "entities": [{"id": 1, "label": labels[0], "start_offset": china, "end_offset": china + 5},
                         {"id": 2, "label": labels[1], "start_offset": rnd, "end_offset": rnd + 24}],
            "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": kind}]}


@pytest.mark.parametrize("kind, predicate, modality", [
    ("invests_in", EV.investsIn, EV.AssertedFact), ("Invests In", EV.investsIn, EV.AssertedFact),
    ("investsIn", EV.investsIn, EV.AssertedFact), ("INVESTS-IN", EV.investsIn, EV.AssertedFact),
    ("invest in", EV.investsIn, EV.AssertedFact), ("is a kind of", EV.isKindOf, EV.AssertedFact),
    ("NOT_INVESTS_IN", EV.investsIn, EV.Denied), ("aims_at", EV.aimsAt, EV.AimOrPurpose),
    ("aims to improve", EV.aimsToImprove, EV.AimOrPurpose),
    ("pours money into", "https://example.org/ev-kg/doc/x-1/vocab/poursMoneyInto", EV.AssertedFact),
    ("", "https://example.org/ev-kg/doc/x-1/vocab/relatedTo", EV.AssertedFact),
])
def test_relation_types(tmp_path, kind, predicate, modality):
    turtle, report = import_file(doccano_file(tmp_path, [short_record(kind)]), "doccano")
    graph = load([_write(tmp_path / "out.ttl", turtle)])
    (p, m), = graph.query("SELECT ?p ?m { ?st rdf:predicate ?p ; ev:modality ?m }")
    assert (str(p), str(m)) == (str(predicate), str(modality))
    assert report["unmapped_types"] == ([] if str(predicate).startswith(str(EV._NS)) else [kind.lower() or "related to"])
    assert ((KG.China, p, KG.ResearchAndDevelopment) in graph) == (modality != EV.Denied)


def test_mapping_file(cli, tmp_path):
    mapping = _write(tmp_path / "map.tsv", "# our types\n\nINVESTS_IN\tev:develops\npours money into\t"
                     "<https://example.org/other#funds>\n")
    assert read_mapping(mapping) == {"investin": str(EV.develops), "pourmoneyinto": "https://example.org/other#funds"}
    out = tmp_path / "out.ttl"
    report = run_import(cli, doccano_file(tmp_path, [short_record("invests in")]), "doccano", out, "--map", str(mapping))
    assert report["unmapped_types"] == [] and (KG.China, EV.develops, KG.ResearchAndDevelopment) in load([out])
    turtle, _ = import_file(doccano_file(tmp_path, [short_record("pours_money_into")]), "doccano", mapping=mapping)
    assert "<https://example.org/other#funds>" in turtle
    for bad, message in [("invests in ev:investsIn\n", "expected 'type<TAB>predicate'"), ("a\x00\tb", "a binary file"),
                         ("a\tfoo:bar\n", "neither a name with a known prefix nor a full IRI"),
                         ("a\tev:investIn\n", "not a term of the vocabulary"), ("a\t\n", "expected")]:
        with pytest.raises(DataError, match=re.escape(message)):
            read_mapping(_write(tmp_path / "bad.tsv", bad))
        code, _, err = cli("import", str(doccano_file(tmp_path, [short_record()])), "--from", "doccano",
                           "--out", str(out), "--map", str(tmp_path / "bad.tsv"))
        assert code == 2 and err.startswith("Error: ") and err.count("\n") == 1


def langextract_file(tmp_path, extractions, text=SHORT, doc_id="notes"):
    """A LangExtract JSONL file (the schema lx.io.save_annotated_documents writes) of one document."""
    full = [{"extraction_class": c, "extraction_text": w, "attributes": a,
             "char_interval": None if b is None else {"start_pos": b, "end_pos": e},
             "alignment_status": None if b is None else "match_exact", "extraction_index": i, "group_index": None,
             "description": None} for i, (c, w, b, e, a) in enumerate(extractions, 1)]
    path = tmp_path / "lx.jsonl"
    path.write_text(json.dumps({"extractions": full, "text": text, "document_id": doc_id}) + "\n", encoding="utf-8")
    return path


def at(words, text=SHORT):
    begin = text.index(words)
    return begin, begin + len(words)


@pytest.mark.parametrize("attributes, modality", [
    ({"negated": "true"}, EV.Denied), ({"negation": True}, EV.Denied), ({"polarity": "negative"}, EV.Denied),
    ({"modality": "trend or ongoing change"}, EV.TrendOrChange), ({"modality": "AspirationOrPositioning"},
                                                                   EV.AspirationOrPositioning),
    ({}, EV.AssertedFact), ({"negated": "false"}, EV.AssertedFact)])
def test_langextract_modality_attributes(tmp_path, attributes, modality):
    path = langextract_file(tmp_path, [
        ("nation", "China", *at("China"), None), ("strategy", "research and development", *at("research and development"), None),
        ("invests_in", "invests in", *at("invests in"), {"source": "China", "target": "research and development", **attributes})])
    turtle, report = import_file(path, "langextract")
    graph = load([_write(tmp_path / "out.ttl", turtle)])
    assert set(graph.objects(None, EV.modality)) == {modality}
    # only what the text asserts (fact, trend or aim) stands as a plain triple (docs/annotation-guide.md §2)
    held = modality in (EV.AssertedFact, EV.TrendOrChange, EV.AimOrPurpose)
    assert ((KG.China, EV.investsIn, KG.ResearchAndDevelopment) in graph) == held
    assert figures(report) == (3, 0, 0, 1, 0)


def test_langextract_names_the_nearest_extraction_and_unknown_modality(tmp_path):
    text = "Notes\n\nChina invests in batteries. Later, China invests in research and development."
    second = text.index("China", 20)
    path = langextract_file(tmp_path, [
        ("nation", "China", *at("China", text), None), ("nation", "China", second, second + 5, None),
        ("strategy", "research and development", *at("research and development", text), None),
        ("invests_in", "invests in", text.index("invests in", 30), text.index("invests in", 30) + 10,
         {"subject": "China", "object": "research and development"})], text=text)
    turtle, report = import_file(path, "langextract")
    assert f"ev:subjectMention notes:m{second}-{second + 5}" in turtle
    path = langextract_file(tmp_path, [("nation", "China", *at("China"), None), ("x", "y", None, None, {
        "subject": "China", "object": "research and development", "modality": "hopeful"})])
    with pytest.raises(DataError, match="modality 'hopeful' is not one of the vocabulary's"):
        import_file(path, "langextract")


def test_new_and_known_concepts(tmp_path):
    text = "Notes\n\nLithium feeds battery recycling technologies. Norway exports lithium. Widgets help."
    entities = [("Lithium", "MINERAL"), ("battery recycling technologies", "whatever"), ("Norway", "country"),
                ("lithium", "material"), ("Widgets", "entity")]
    record = {"id": "notes", "text": text, "entities": [
        {"id": i, "label": label, "start_offset": text.index(w), "end_offset": text.index(w) + len(w)}
        for i, (w, label) in enumerate(entities, 1)], "relations": []}
    turtle, report = import_file(doccano_file(tmp_path, [record]), "doccano")
    graph = load([_write(tmp_path / "out.ttl", turtle)])
    classes = {str(c).rsplit("/", 1)[-1]: str(k).rsplit("#", 1)[-1] for c, k in graph.subject_objects(RDF.type)
               if str(c).startswith(str(KG))}
    # a known concept (by an alternative label) keeps the corpus's class; new ones take the label's, else Concept
    assert classes == {"BatteryRecycling": "Technology", "Lithium": "Material", "Norway": "Nation", "Widgets": "Concept"}
    labels = {str(c).rsplit("/", 1)[-1]: str(label) for c, label in graph.subject_objects(SKOS.prefLabel)
              if str(c).startswith(str(KG))}
    assert labels["Lithium"] == "lithium" and labels["Norway"] == "Norway" and labels["Widgets"] == "Widgets"
    assert report["per_document"][0]["concepts_known"] == 1 and report["per_document"][0]["concepts_new"] == 3


def test_one_concept_two_classes(tmp_path):
    one = short_record(labels=("Nation", "Strategy"), doc_id="a")
    lithium = {"id": "b", "text": "Notes\n\nLithium is a metal.", "entities": [
        {"id": 1, "label": "material", "start_offset": 7, "end_offset": 14}], "relations": []}
    other = {**lithium, "id": "c", "entities": [{**lithium["entities"][0], "label": "technology"}]}
    with pytest.raises(DataError, match=r"id/Lithium is given two classes: ev:Material in b \(.*\) and "
                                        r"ev:Technology in c \("):
        import_file(doccano_file(tmp_path, [one, lithium, other]), "doccano")
    same = {**lithium, "entities": [*lithium["entities"], {**lithium["entities"][0], "id": 2, "label": "technology"}]}
    with pytest.raises(DataError, match="given two classes"):
        import_file(doccano_file(tmp_path, [same]), "doccano")
    # a concept of the corpus keeps its class, whatever the tool's label says
    turtle, _ = import_file(doccano_file(tmp_path, [short_record(labels=("Technology", "Material"))]), "doccano")
    assert "kg:China a ev:Nation" in turtle


def test_document_names_and_documents_given_twice(tmp_path):
    records = [{**short_record(doc_id=None)}, {**short_record(doc_id="My Notes")}, {**short_record(doc_id="my-notes")}]
    del records[0]["id"]
    turtle, report = import_file(doccano_file(tmp_path, records), "doccano")
    assert [d["document"] for d in report["per_document"]] == ["x-1", "my-notes", "my-notes-2"]
    assert turtle.count("a nif:Context") == 3
    with pytest.raises(DataError, match=r"x.jsonl:2: document 'a' is given twice \(first at .*x.jsonl:1\)"):
        import_file(doccano_file(tmp_path, [short_record(doc_id="a"), short_record(doc_id="a")]), "doccano")


def test_same_input_same_bytes(tmp_path):
    path = FIXTURES / "held-out.langextract.jsonl"
    first, second = import_file(path, "langextract"), import_file(path, "langextract")
    assert first == second
    copy = tmp_path / "copy.jsonl"
    shutil.copy2(path, copy)  # the same content and modification time: the same bytes
    assert import_file(copy, "langextract")[0] == first[0]
    assert first[0].count("prov:startedAtTime") == 1


def test_words_searched_for(tmp_path):
    """Exact words nearest the claimed place; ignoring case; fuzzy at the threshold; never a part of a word,
    never across sentences, never in the title."""
    text = "Second Life for Batteries\n\nRecycled aluminium helps. Battery plants open. Workers train. Chin helps."
    cases = [("material", "recyled aluminium", 0, 5), ("facility", "battery plants", None, None),
             ("group", "workers", 10, 17), ("nation", "China", None, None), ("x", "Batteries", *at("Batteries", text)),
             ("x", "helps. Battery", *at("helps. Battery", text)), ("x", "Recycle", None, None)]
    turtle, report = import_file(langextract_file(tmp_path, [(c, w, b, e, None) for c, w, b, e in cases], text=text),
                                 "langextract")
    found = {r["text"]: (r["found"], r["how"]) for r in report["regrounded"]}
    assert found == {"recyled aluminium": ("Recycled aluminium", "fuzzy"),
                     "battery plants": ("Battery plants", "ignoring case"), "workers": ("Workers", "ignoring case")}
    assert next(r["score"] for r in report["regrounded"] if r["how"] == "fuzzy") >= FUZZY_THRESHOLD
    assert {d["text"]: d["reason"] for d in report["dropped"]} == {
        "China": f"its words are not in any sentence of the text (fuzzy threshold {FUZZY_THRESHOLD})",
        "Batteries": "it lies outside the sentences (in a title or a heading)",
        "helps. Battery": "it lies across a sentence boundary",
        "Recycle": f"its words are not in any sentence of the text (fuzzy threshold {FUZZY_THRESHOLD})"}


# ---- bad and hostile input: one line, exit code 2, never a traceback


def _lx(**change):
    record = {"document_id": "d", "text": SHORT, "extractions": [
        {"extraction_class": "nation", "extraction_text": "China", "char_interval": {"start_pos": 7, "end_pos": 12},
         "alignment_status": "match_exact", "attributes": None}]}
    extraction = {**record["extractions"][0], **change.pop("extraction", {})}
    return (json.dumps({**record, "extractions": [extraction], **change}) + "\n").encode()


def _dc(**change):
    record = short_record()
    entity = {**record["entities"][0], **change.pop("entity", {})}
    return (json.dumps({**record, "entities": [entity, record["entities"][1]], **change}) + "\n").encode()


def _ls(**change):
    value = {"start": 7, "end": 12, "text": "China", "labels": ["Nation"], **change.pop("value", {})}
    task = {"id": 1, "data": {"text": SHORT}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": value}, *change.pop("more", [])]}], **change}
    return json.dumps([task]).encode()


DEEP = b"[" * 200_000 + b"]" * 200_000
HUGE = b"9" * 5000
HOSTILE = [
    # (tool, file name, content, words the message has); LangExtract
    ("langextract", "x.jsonl", b"\x00\x01\x02binary", "a binary file"),
    ("langextract", "x.jsonl", b"", "an empty file"),
    ("langextract", "x.jsonl", b" \n\n \n", "an empty file"),
    ("langextract", "x.jsonl", b"\xff\xfe\x41", "not UTF-8 text"),
    ("langextract", "x.jsonl", b"[1, 2, 3]", "expected an annotated document"),
    ("langextract", "x.jsonl", b"{nope", "not JSON"),
    ("langextract", "x.jsonl", DEEP, "JSON nested too deep"),
    ("langextract", "x.jsonl", _lx(extraction={"char_interval": {"start_pos": 7, "end_pos": "HUGE"}}).replace(
        b'"HUGE"', HUGE), "not JSON this reader accepts"),
    ("langextract", "x.jsonl", _lx(extraction={"char_interval": {"start_pos": 7, "end_pos": "INF"}}).replace(
        b'"INF"', b"1e999"), "end_pos is inf, not a whole number"),
    ("langextract", "x.jsonl", _lx(extraction={"char_interval": {"start_pos": -3, "end_pos": 2}}), "lies outside the text"),
    ("langextract", "x.jsonl", _lx(extraction={"char_interval": {"start_pos": 7, "end_pos": 10 ** 30}}),
     "lies outside the text"),
    ("langextract", "x.jsonl", _lx(extraction={"char_interval": {"start_pos": True, "end_pos": 12}}),
     "not a whole number"),
    ("langextract", "x.jsonl", _lx(extraction={"extraction_class": 5}), "extraction_class is 5, not a string"),
    ("langextract", "x.jsonl", _lx(extraction={"attributes": ["subject"]}), "expected attributes"),
    ("langextract", "x.jsonl", _lx(extraction={"attributes": {"subject": {"a": 1}, "object": "x"}}),
     "not the words of an extraction"),
    ("langextract", "x.jsonl", _lx(text="a\x00b"), "the text holds a NUL character"),
    ("langextract", "x.jsonl", _lx(text=None), "the text is missing"),
    ("langextract", "x.jsonl", _lx(text=["a"]), "the text is ['a'], not a string"),
    ("langextract", "x.jsonl", _lx() + _lx(), "document 'd' is given twice"),
    ("langextract", "x.jsonl", _lx(extractions={"a": 1}), "expected extractions (a list)"),
    # doccano
    ("doccano", "x.jsonl", _dc(relations=[{"id": 1, "from_id": 1, "to_id": 9, "type": "x"}]),
     "names entity 9, which the example does not have"),
    ("doccano", "x.jsonl", _dc(entity={"label": 7}), "label is 7, not a string"),
    ("doccano", "x.jsonl", _dc(entity={"start_offset": "7"}), "start_offset is '7', not a whole number"),
    ("doccano", "x.jsonl", _dc(entity={"end_offset": 10_000}), "lies outside the text"),
    ("doccano", "x.jsonl", _dc(entity={"id": 2}), "entity id 2 is given twice"),
    ("doccano", "x.jsonl", _dc(entity={"id": [1]}), "its id is [1], not a string or a number"),
    ("doccano", "x.jsonl", _ls(), "the text is missing"),  # a Label Studio export is not doccano's
    ("doccano", "x.jsonl", b'{"text": "Notes", "label": [[0, 5]]}', "label 1 is [0, 5], not [start, end, label]"),
    ("doccano", "x.jsonl", b'{"text": "", "entities": []}', "no sentence in the document"),
    ("doccano", "x.jsonl", b"[1, 2, 3]", "record 1: expected a doccano example"),
    ("doccano", "x.jsonl", DEEP, "JSON nested too deep"),
    ("doccano", "x.jsonl", _dc(text="Notes\x00"), "the text holds a NUL character"),
    ("doccano", "x.jsonl", _dc(entity={"start_offset": "HUGE"}).replace(b'"HUGE"', HUGE), "not JSON this reader accepts"),
    ("doccano", "x.jsonl", _dc(entity={"start_offset": -7}), "lies outside the text"),
    # brat
    ("brat", "x.ann", b"T1\tNation 7 12\tChina\n", "needs its text beside it, x.txt"),
    ("brat", "y.ann", b"T1\tNation -5 3\tChina\n", "not a brat standoff line"),
    ("brat", "y.ann", b"T1\tNation 7 99999999999999999999999\tChina\n", "lies outside the text"),
    ("brat", "y.ann", b"T1\tNation 7 " + HUGE + b"\tChina\n", "is too long a number"),
    ("brat", "y.ann", b"T1\tNation 7 12\tChina\nR1\tx Arg1:T1 Arg2:T9\n", "names an annotation the file does not have"),
    ("brat", "y.ann", b"T1\tNation 7 12\tChina\nT1\tNation 7 12\tChina\n", "annotation T1 is given twice"),
    ("brat", "y.ann", b"\x00\x00", "a binary file"),
    ("brat", "y.ann", b"", "an empty file"),
    ("brat", "y.ann", b"{\"text\": \"a doccano file\"}\n", "not a brat standoff line"),
    # Label Studio
    ("label-studio", "x.json", b"42", "expected Label Studio's JSON export (a list of tasks), found 42"),
    ("label-studio", "x.json", b"[1, 2]", "task 1: expected a task"),
    ("label-studio", "x.json", DEEP, "JSON nested too deep"),
    ("label-studio", "x.json", json.dumps([{"data": {"a": 1}}]).encode(), "no data.text"),
    ("label-studio", "x.json", _ls(value={"labels": [5]}), "a label is 5, not a string"),
    ("label-studio", "x.json", _ls(value={"start": -1}), "lies outside the text"),
    ("label-studio", "x.json", _ls(value={"end": "HUGE"}).replace(b'"HUGE"', HUGE), "not JSON this reader accepts"),
    ("label-studio", "x.json", _ls(data={"text": "a\x00"}), "the text holds a NUL character"),
    ("label-studio", "x.json", _ls(value={"text": 12}), "text is 12, not a string"),
    ("label-studio", "x.json", _ls(more=[{"type": "relation", "from_id": "a", "to_id": "zz"}]),
     "the relation names a region the annotation does not have"),
    ("label-studio", "x.json", _lx(), "task 1: expected the task's \"data\""),  # LangExtract's: no task
]


@pytest.mark.parametrize("tool, name, content, message", HOSTILE,
                         ids=[f"{t}-{i}" for i, (t, *_) in enumerate(HOSTILE)])
def test_bad_input_is_one_line(cli, tmp_path, tool, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    if name == "y.ann":
        (tmp_path / "y.txt").write_text(SHORT, encoding="utf-8")
    code, out, err = cli("import", str(path), "--from", tool, "--out", str(tmp_path / "out.ttl"))
    assert code == 2, err
    assert err.startswith("Error: ") and err.count("\n") == 1 and "Traceback" not in err
    assert message in err
    assert not (tmp_path / "out.ttl").exists()


@pytest.mark.parametrize("tables, message", [
    ({}, "no entities.parquet: not GraphRAG's output folder"),
    ({"entities": b"not parquet", "relationships": b"PAR1", "text_units": b"x"}, "not a parquet table"),
    ({"entities": b"", "relationships": b"", "text_units": b""}, "an empty file"),
    ({"entities": [], "relationships": [], "text_units": [{"id": "u", "text": 5, "document_ids": ["d"]}]},
     "the text is 5, not a string"),
    ({"entities": [{"title": ["x"], "text_unit_ids": []}], "relationships": [],
      "text_units": [{"id": "u", "text": "a", "document_ids": ["d"]}]}, "title is ['x'], not a string"),
    ({"entities": [], "relationships": [], "text_units": []}, "no document in the file"),
    ({"entities": [], "relationships": [], "text_units": [{"id": "u", "text": "Notes\x00", "document_ids": ["d"]}]},
     "the text holds a NUL character"),
    ({"entities": [], "relationships": [], "text_units": [{"id": "u", "text": "Notes.", "document_ids": "d"}]},
     "expected document_ids (a list)"),
])
def test_graphrag_bad_input(cli, tmp_path, tables, message):
    for name, rows in tables.items():
        if isinstance(rows, bytes):
            (tmp_path / f"{name}.parquet").write_bytes(rows)
        else:
            pyarrow.parquet.write_table(pyarrow.Table.from_pylist(rows) if rows else pyarrow.table({"id": []}),
                                        tmp_path / f"{name}.parquet")
    code, out, err = cli("import", str(tmp_path), "--from", "graphrag", "--out", str(tmp_path / "out.ttl"))
    assert code == 2 and err.startswith("Error: ") and err.count("\n") == 1, err
    assert message in err


def test_unknown_tool():
    assert set(TOOLS) == {"langextract", "doccano", "brat", "label-studio", "graphrag"}
    with pytest.raises(DataError, match="unknown tool 'spacy'"):
        import_file(HELD_OUT, "spacy")


def test_against_a_corpus_that_has_the_document(tmp_path):
    """Against the article and the curated held-out.ttl: the import shares the curated document's concepts,
    and takes another name than the document the corpus has."""
    curated = DOCUMENTS / "held-out.ttl"
    turtle, report = import_file(FIXTURES / "held-out.langextract.jsonl", "langextract",
                                 against=[str(TRIPLES), str(ONTOLOGY), str(curated)])
    document = report["per_document"][0]
    assert document["document"] == "held-out-2"
    assert document["concepts_new"] < 9  # the curated document's new concepts are known now
    graph = load([TRIPLES, ONTOLOGY, curated, _write(tmp_path / "out.ttl", turtle)])
    assert check_offsets(graph) == [] and check_mentions(graph) == []


def test_long_texts_stay_bounded(tmp_path):
    """300 items whose words are nowhere in a text of 3,000 sentences: each is looked for, and the search
    stays short (about a second here; the bound is generous, against a search that grows with the text)."""
    text = "Notes\n\n" + " ".join(f"Sentence {i} is about battery recycling and lithium." for i in range(3000))
    result = [{"id": f"r{i}", "type": "labels", "value": {"start": 7, "end": 15, "text": f"recycled cobalt {i}",
                                                        "labels": ["x"]}} for i in range(300)]
    path = _write(tmp_path / "tasks.json", json.dumps([{"id": 1, "data": {"text": text},
                                                        "annotations": [{"result": result}]}]))
    started = time.monotonic()
    _, report = import_file(path, "label-studio")
    assert time.monotonic() - started < 60
    assert figures(report) == (0, 0, 300, 0, 0)


def test_claims_that_cannot_stand(tmp_path):
    """Ends more than one sentence apart, relation words far from their ends, one claim said with two
    modalities: each left out and reported, the rest kept."""
    text = "Notes\n\nChina invests in research and development. Germany waits. Nobody invests. Lithium is rare."
    path = langextract_file(tmp_path, [
        ("nation", "China", *at("China", text), None),
        ("strategy", "research and development", *at("research and development", text), None),
        ("material", "Lithium", *at("Lithium", text), None),
        ("invests_in", "invests", *at("invests", text), {"subject": "China", "object": "Lithium"}),
        ("invests_in", "invests", text.index("invests", 60), text.index("invests", 60) + 7,
         {"subject": "China", "object": "research and development"}),
        ("invests_in", "invests in", *at("invests in", text),
         {"subject": "China", "object": "research and development", "modality": "trend or ongoing change"})],
        text=text)
    turtle, report = import_file(path, "langextract")
    assert sorted((d["kind"], d["text"], d["reason"]) for d in report["dropped"]) == [
        ("claim", "China | invests_in | Lithium", "its ends lie more than one sentence apart"),
        ("claim", "China | invests_in | research and development",
         "China investsIn ResearchAndDevelopment is said as AssertedFact and as TrendOrChange: one statement per claim"),
        ("relation words", "invests", "no claim of its relation was made"),
        ("relation words", "invests", "they lie too far from the claim's ends (the claim is kept without them)"),
        ("relation words", "invests in", "no claim of its relation was made")]
    assert report["claims"] == 1 and "ev:relationMention" not in turtle
    assert turtle.count("a nif:Phrase") == 3  # the three concepts' mentions: no relation words are stored


def test_other_shapes_of_the_same_tools(tmp_path):
    """doccano's sequence labelling JSONL (no relations), a JSON array of LangExtract documents, an untyped
    Label Studio relation."""
    record = {"id": 5, "text": SHORT, "label": [[7, 12, "Nation"], [*at("research and development"), "Strategy"]]}
    _, report = import_file(doccano_file(tmp_path, [record]), "doccano")
    assert figures(report) == (2, 0, 0, 0, 0)
    path = tmp_path / "array.json"
    path.write_text(json.dumps([json.loads(langextract_file(tmp_path, [("nation", "China", 7, 12, None)]).read_text())]))
    _, report = import_file(path, "langextract")
    assert figures(report) == (1, 0, 0, 0, 0) and report["per_document"][0]["document"] == "notes"
    path = tmp_path / "tasks.json"
    path.write_text(_ls(more=[{"id": "b", "type": "labels", "value": {
        "start": at("research and development")[0], "end": at("research and development")[1], "labels": ["Strategy"]}},
        {"type": "relation", "from_id": "a", "to_id": "b"}]).decode())
    turtle, report = import_file(path, "label-studio")
    assert report["unmapped_types"] == ["related to"] and "vocab/relatedTo" in turtle


def test_brat_text_that_is_not_text(cli, tmp_path):
    (tmp_path / "y.ann").write_text("T1\tNation 0 5\tChina\n", encoding="utf-8")
    for content, message in [(b"China\x00", "a binary file"), (b"\xff\xfe", "not UTF-8 text"), (b"", "an empty file")]:
        (tmp_path / "y.txt").write_bytes(content)
        code, _, err = cli("import", str(tmp_path / "y.ann"), "--from", "brat", "--out", str(tmp_path / "out.ttl"))
        assert code == 2 and message in err and err.count("\n") == 1


def test_label_studio_offsets_in_utf16_units(tmp_path):
    """Label Studio counts UTF-16 units in the browser: after a character beyond the Basic Multilingual Plane
    its offsets are one off per such character, and the words are found again."""
    text = "Notes\n\n\U0001F697 China invests in research and development."
    begin = text.index("China") + 1  # as the browser counts: the car takes two units
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps([{"id": 1, "data": {"text": text}, "annotations": [{"result": [
        {"id": "a", "type": "labels", "value": {"start": begin, "end": begin + 5, "text": "China", "labels": ["Nation"]}}]}]}]),
        encoding="utf-8")
    _, report = import_file(path, "label-studio")
    assert [(r["found"], r["begin"], r["how"]) for r in report["regrounded"]] == [("China", begin - 1, "exact")]


# ---- the guide's examples


def guide_examples():
    """``(argv, expected output)`` of each ``$ ev-graph ...`` line in a fenced block of docs/importers.md."""
    found, block = [], None
    for line in GUIDE.splitlines():
        if line.startswith("```") and block is None:
            block = []
        elif line.startswith("```"):
            found += _commands(block)
            block = None
        elif block is not None:
            block.append(line)
    return found


def _commands(lines):
    found = []
    for i, line in enumerate(lines):
        if line.startswith("$ ev-graph "):
            output = []
            for later in lines[i + 1:]:
                if later.startswith("$ "):
                    break
                output.append(later)
            found.append((line.split()[2:], "\n".join(output)))
    return found


def test_guide_examples_are_real(cli, tmp_path, monkeypatch):
    """Each example of the guide, run in a folder that holds its inputs (the committed files, and those
    the builders above make under the names the guide gives), prints what the guide shows."""
    examples = guide_examples()
    assert {argv[argv.index("--from") + 1] for argv, _ in examples} == set(TOOLS)
    (tmp_path / "tests" / "fixtures").mkdir(parents=True)
    shutil.copytree(FIXTURES, tmp_path / "tests" / "fixtures" / "importers")
    brat_files(tmp_path)
    _write(tmp_path / "tasks.json", json.dumps(label_studio_tasks()))
    graphrag_tables(tmp_path / "output")
    _write(tmp_path / "map.tsv", "related to\tev:involves\n")
    monkeypatch.chdir(tmp_path)
    for argv, expected in examples:
        code, out, err = cli(*argv)
        assert (code, (out + err).rstrip("\n")) == (0, expected), argv
