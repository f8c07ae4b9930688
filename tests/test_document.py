"""Document.read: a document's Turtle read back into a Document, the same bytes written again."""

import pytest

from graph.corpus.document import DOC_BASE, Document
from graph.errors import DataError
from graph.namespace import EV, KG

MARKDOWN = """# Notes on batteries

## Investment

China invests in batteries. Germany does not invest in research and development.

## Words "quoted" and \\ escaped

Lithium — and 🔋 cells — matter.\tTabs too.
"""
KNOWN = {str(KG.China): (str(EV.Nation), "China", "China", ("PRC", "People's Republic")),
         str(KG.Germany): (str(EV.Nation), "Germany", "Germany", ())}


def _document(made_by=("curator", "a curator")):
    doc = Document(MARKDOWN, "notes.md", made_by=made_by, known=KNOWN)
    text = doc.text

    def at(words, n=1):
        begin = -1
        for _ in range(n):
            begin = text.index(words, begin + 1)
        return begin, begin + len(words)

    proposed = str(EV.Proposed) if made_by[0] == "tool" else None
    china = doc.mention(*at("China"), str(KG.China), str(EV.Nation), status=proposed)
    doc.concept(str(KG.China), str(EV.Nation), "China")
    batteries = doc.mention(*at("batteries", 2), str(KG.Batteries), str(EV.Technology), status=proposed)
    doc.concept(str(KG.Batteries), str(EV.Technology), "batteries", alt=("battery", "accumulators"))
    invests = doc.mention(*at("invests in"))
    doc.statement(china, str(EV.investsIn), batteries, relation_mention=invests, status=proposed)
    germany = doc.mention(*at("Germany"), str(KG.Germany), str(EV.Nation))
    doc.concept(str(KG.Germany), str(EV.Nation), "Germany")
    rnd = doc.mention(*at("research and development"), str(KG.ResearchAndDevelopment), str(EV.Strategy))
    doc.concept(str(KG.ResearchAndDevelopment), str(EV.Strategy), "research and development")
    negation = doc.mention(*at("does not invest in"))
    doc.statement(germany, str(EV.investsIn), rnd, modality=str(EV.Denied), relation_mention=negation)
    cells = doc.mention(*at("🔋 cells"), str(KG.BatteryCells), str(EV.Product))
    doc.concept(str(KG.BatteryCells), str(EV.Product), "battery cells")
    lithium = doc.mention(*at("Lithium"), str(KG.Lithium), str(EV.Material))
    doc.concept(str(KG.Lithium), str(EV.Material), 'lithium "Li"')
    own = doc.relation(doc.base + "mattersWith", "matters with")
    doc.statement(lithium, own, cells)
    doc.no_claim[len(doc.sentences)] = 'a note\n"about" tabs\\'
    return doc


@pytest.mark.parametrize("made_by", [("curator", "a curator"),
                                     ("tool", "python -m graph propose", "2026-01-05T10:00:00Z"),
                                     ("tool", "an importer")], ids=["curator", "tool", "tool-without-time"])
def test_read_gives_the_same_bytes(tmp_path, made_by):
    path = tmp_path / "notes.ttl"
    path.write_text(_document(made_by).turtle(), encoding="utf-8")
    again = Document.read(path)
    assert again.turtle() == path.read_text(encoding="utf-8")
    assert Document.read(path, text=MARKDOWN).turtle() == again.turtle()


def test_read_rebuilds_the_model(tmp_path):
    doc = _document(("tool", "python -m graph propose", "2026-01-05T10:00:00+00:00"))
    path = tmp_path / "notes.ttl"
    path.write_text(doc.turtle(), encoding="utf-8")
    again = Document.read(path)
    assert (again.name, again.title, again.base, again.made_by) == (doc.name, doc.title, doc.base, doc.made_by)
    assert again.mentions == doc.mentions
    assert again.concepts == doc.concepts
    assert again.properties == doc.properties
    assert again.no_claim == doc.no_claim
    assert {k: (v.subject, v.predicate, v.object, v.modality, v.mentions, v.sentences, v.status)
            for k, v in again.statements.items()} == \
           {k: (v.subject, v.predicate, v.object, v.modality, v.mentions, v.sentences, v.status)
            for k, v in doc.statements.items()}
    statuses = {m["status"] for m in again.mentions.values()}
    assert statuses == {str(EV.Proposed), None}


def test_an_empty_document_reads_back(tmp_path):
    doc = Document("Title\n\nOne sentence here. And another one.", "plain")
    path = tmp_path / "plain.ttl"
    path.write_text(doc.turtle(), encoding="utf-8")
    assert Document.read(path).turtle() == doc.turtle()


def test_another_text_is_refused(tmp_path):
    path = tmp_path / "notes.ttl"
    path.write_text(_document().turtle(), encoding="utf-8")
    with pytest.raises(DataError, match="differs from the document's at character 4"):
        Document.read(path, text=MARKDOWN.replace("Notes", "Nodes"))


def test_sentences_that_are_not_the_texts_are_refused(tmp_path):
    path = tmp_path / "notes.ttl"
    turtle = _document().turtle()
    doc = Document(MARKDOWN, "notes.md")
    first = doc.sentences[0]
    moved = turtle.replace(f'nif:endIndex "{first.end}"^^xsd:nonNegativeInteger ;\n    nif:anchorOf',
                           f'nif:endIndex "{first.end - 1}"^^xsd:nonNegativeInteger ;\n    nif:anchorOf', 1)
    assert moved != turtle
    path.write_text(moved, encoding="utf-8")
    with pytest.raises(DataError, match="sentences are not those of its text"):
        Document.read(path)


def test_a_mention_off_its_words_is_refused(tmp_path):
    path = tmp_path / "notes.ttl"
    doc = _document()
    turtle = doc.turtle().replace('nif:anchorOf "Germany" ;', 'nif:anchorOf "Germanx" ;')
    path.write_text(turtle, encoding="utf-8")
    with pytest.raises(DataError, match="not 'Germanx'"):
        Document.read(path)


@pytest.mark.parametrize("content, message", [
    ("<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n", "holds 0 documents"),
    ("this is not turtle", "notes.ttl"),
])
def test_a_file_that_is_no_document_is_refused(tmp_path, content, message):
    path = tmp_path / "notes.ttl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DataError, match=message):
        Document.read(path)


def test_two_documents_in_one_file_are_refused(tmp_path):
    path = tmp_path / "both.ttl"
    one = Document("One sentence here.", "one").turtle()
    two = Document("Another sentence here.", "two").turtle()
    path.write_text(one + "\n" + two, encoding="utf-8")  # Turtle allows a prefix declared again
    with pytest.raises(DataError, match=f"holds 2 documents under {DOC_BASE}"):
        Document.read(path)


@pytest.mark.parametrize("kind", ["fifo", "device", "folder"])
def test_a_document_that_is_no_regular_file_is_one_line(tmp_path, kind):
    """A FIFO hung propose and annotate, /dev/zero was read until memory ran out (the annotate pass)."""
    import os

    from graph.corpus.document import read_document
    from graph.errors import DataError

    path = {"fifo": tmp_path / "pipe.txt", "device": "/dev/zero", "folder": tmp_path}[kind]
    if kind == "fifo":
        os.mkfifo(path)
    with pytest.raises(DataError, match="not a regular file|cannot read"):
        read_document(path)


def test_a_document_past_the_limit_is_refused_without_reading_it_all(tmp_path):
    from graph.corpus.document import read_document
    from graph.errors import DataError

    path = tmp_path / "big.txt"
    path.write_text("A sentence about factories.\n" * 100, encoding="utf-8")
    assert read_document(path, limit=10_000).startswith("A sentence")
    with pytest.raises(DataError, match="larger than 1,000 bytes"):
        read_document(path, limit=1_000)
