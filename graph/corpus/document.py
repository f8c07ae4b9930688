"""A user's document as the graph holds it: its text cut into sections and sentences with exact
offsets, then its mentions and statements, written as Turtle in the model the article follows
(``docs/annotation-guide.md``, §8 and §9).

:func:`read_document` reads a text or Markdown file (UTF-8; an empty, binary or non-text file is
one line); :class:`Document` holds it: :meth:`Document.mention`, :meth:`Document.statement` and
:meth:`Document.concept` add to it, each checked as it is added (offsets inside one sentence, the
words the text has there); :meth:`Document.turtle` writes it, the same bytes for the same content.
``propose``, ``import`` and ``annotate`` all write documents through it.

Examples
--------
>>> doc = Document("Notes\\n\\nChina invests in batteries. Germany does not.", "notes")
>>> [s.text for s in doc.sentences]
['China invests in batteries.', 'Germany does not.']
>>> m = doc.mention(7, 12, "https://example.org/ev-kg/id/China", "https://example.org/ev-kg/ontology#Nation")
>>> m
'https://example.org/ev-kg/doc/notes/m7-12'
"""

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS

from ..errors import DataError
from ..evidence.reader import Evidence, term
from ..namespace import EV, KG, PREFIXES, TRUTHY, Compactor
from ..evidence.model import symmetric_predicates
from ..source import Source

__all__ = ["DOC_BASE", "Sentence", "Section", "Document", "read_document", "slug", "known_concepts"]

#: Where the documents' own IRIs live: ``DOC_BASE + NAME + "/"`` is a document's base.
DOC_BASE = "https://example.org/ev-kg/doc/"
_EV, _KG = str(EV._NS), str(KG)
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
# a sentence ends at . ! or ? (and a closing quote or bracket), before white space and a capital,
# a digit or an opening quote; abbreviations are not guessed at (write "United States", not "U.S.")
_END = re.compile(r"""(?<=[.!?])["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])""")


def slug(text):
    """A name fit for an IRI: lower case letters, digits and hyphens.

    Examples
    --------
    >>> slug("My Report (2026).md")
    'my-report-2026-md'
    """
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "document"


@dataclass(frozen=True)
class Section:
    """A part of the document under a heading (or the whole body): ``[begin, end)``, its title's span."""

    number: int
    begin: int
    end: int
    title: str
    title_begin: int = -1
    title_end: int = -1


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``[begin, end)`` in the document's text, its number (1-based) and its section."""

    number: int
    begin: int
    end: int
    text: str
    section: int


@dataclass
class _Statement:
    subject: str
    predicate: str
    object: str
    modality: str
    mentions: dict
    sentences: list
    status: str = None
    extra: dict = field(default_factory=dict)


MAX_DOCUMENT_BYTES = 16 * 1024 * 1024  # far above any document a person curates; a device never ends


def read_document(path, limit=MAX_DOCUMENT_BYTES):
    """The text of a document file: a regular file (not a FIFO or a device), at most ``limit``
    bytes, UTF-8, not empty, no binary (NUL bytes); one line otherwise."""
    import stat

    path = Path(path)
    try:
        with open(path, "rb", opener=lambda p, flags: os.open(p, flags | os.O_NONBLOCK)) as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise DataError(f"{path}: not a regular file (a document is a text file)")
            data = f.read(limit + 1)
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror or e}") from e
    if len(data) > limit:
        raise DataError(f"{path}: larger than {limit:,} bytes: split the document")
    if b"\x00" in data[:65536]:
        raise DataError(f"{path}: a binary file, not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not UTF-8 text ({e.reason})") from e
    if not text.strip():
        raise DataError(f"{path}: an empty document")
    return text


def _split(text):
    """``(title, sections, sentences)`` of a text: the title is a first line without a final stop
    that more lines follow (or a Markdown heading of level 1 on the first line); sections start at
    Markdown headings (``#``...), or the whole body is one; sentences are cut in each paragraph."""
    lines, position = [], 0
    for line in text.splitlines(keepends=True):
        lines.append((position, line.rstrip("\r\n")))
        position += len(line)
    title, start = None, 0
    first = next(((b, s) for b, s in lines if s.strip()), None)
    if first is not None:
        heading = _HEADING.match(first[1])
        after = [s for b, s in lines if b > first[0]]
        if heading and len(heading.group(1)) == 1:
            title, start = heading.group(2).strip(), first[0] + len(first[1])
        elif not first[1].rstrip().endswith((".", "!", "?", ":", ",", ";")) and after:
            title, start = first[1].strip(), first[0] + len(first[1])
    headings = [(b, _HEADING.match(s)) for b, s in lines if b >= start and _HEADING.match(s)]
    sections = []
    bounds = [(b, m) for b, m in headings] or [(None, None)]
    for i, (b, m) in enumerate(bounds):
        if m is None:
            body_start = next((b2 for b2, s in lines if b2 >= start and s.strip()), start)
            sections.append(Section(1, body_start, len(text.rstrip()), title or "the document"))
            break
        end = bounds[i + 1][0] if i + 1 < len(bounds) else len(text.rstrip())
        t0 = b + m.start(2)
        sections.append(Section(i + 1, b, end, m.group(2).strip(), t0, t0 + len(m.group(2).strip())))
    sentences = []
    heading_lines = {b for b, _ in headings}
    paragraph, paragraphs = None, []
    for b, s in lines:
        if b < start or b in heading_lines or not s.strip():
            if paragraph:
                paragraphs.append(paragraph)
            paragraph = None
            continue
        paragraph = (paragraph[0], b + len(s)) if paragraph else (b + len(s) - len(s.lstrip()), b + len(s))
    if paragraph:
        paragraphs.append(paragraph)
    for p_begin, p_end in paragraphs:
        chunk = text[p_begin:p_end]
        cut = 0
        for m in list(_END.finditer(chunk)) + [None]:
            stop = m.end() if m else len(chunk)
            piece = chunk[cut:stop]
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if piece:
                begin = p_begin + cut + lead
                section = next((x.number for x in reversed(sections) if x.begin <= begin), sections[0].number)
                sentences.append(Sentence(len(sentences) + 1, begin, begin + len(piece), piece, section))
            cut = stop
    return title, sections, sentences


class Document:
    """A document: ``text`` (its whole text), ``name`` (its IRIs' name: ``DOC_BASE + name + "/"``),
    cut into sections and sentences at once. ``made_by`` says who made its claims: a curator
    (``("curator", label)``) or a tool (``("tool", label, when)``: a proposal, marked as such);
    ``known`` maps the corpus's concepts (IRIs) to ``(class, prefLabel, rdfs:label)`` so that a
    document that names them shares them."""

    def __init__(self, text, name, title=None, made_by=("curator", "a curator"), known=None):
        self.text, self.name, self.base = text, slug(name), DOC_BASE + slug(name) + "/"
        found_title, self.sections, self.sentences = _split(text)
        self.title = title or found_title or name
        self.made_by, self.known = made_by, dict(known or {})
        self.mentions, self.statements, self.concepts, self.properties = {}, {}, {}, {}
        self.no_claim = {}  # sentence number -> why it holds no claim
        if not self.sentences:
            raise DataError(f"{name}: no sentence in the document")

    @classmethod
    def read(cls, turtle_path, text=None):
        """The document a Turtle file holds, as :meth:`turtle` wrote it: its text, title and maker, its
        concepts, the document's own relations, its mentions and statements with their status, and the
        sentences it says hold no claim; ``Document.read(path).turtle()`` is the file's text again.

        The file is read through the graph (:class:`~graph.source.Source`, the model by
        :class:`~graph.evidence.reader.Evidence`). ``text``, if given, must be the document's text
        (its ``nif:isString``). A file that is not one document, whose sentences are not those of
        its text, or whose mentions do not stand on the text's words, is a :class:`DataError`.
        """
        graph = Source(data=[turtle_path], engine="rdflib").graph()
        evidence = Evidence.of_graph(graph)
        documents = [d for d in evidence.documents() if d.startswith(DOC_BASE) and d.endswith("/document")]
        if len(documents) != 1:
            raise DataError(f"{turtle_path}: holds {len(documents)} documents under {DOC_BASE}, not one")
        context = documents[0]
        stored = evidence.text_of(context)
        if text is not None and text != stored:
            at = next((i for i, (x, y) in enumerate(zip(stored, text)) if x != y), min(len(stored), len(text)))
            raise DataError(f"{turtle_path}: its text (nif:isString) differs from the document's at character {at}")
        base = context[: -len("document")]
        name = base[len(DOC_BASE):-1]
        activity = graph.value(URIRef(base + "graph"), PROV.wasGeneratedBy)
        agent = graph.value(activity, PROV.wasAssociatedWith) if activity is not None else None
        label = str(graph.value(activity, RDFS.label) or "a curator") if activity is not None else "a curator"
        if agent is not None and (agent, RDF.type, PROV.SoftwareAgent) in graph:
            when = graph.value(activity, PROV.startedAtTime)
            made_by = ("tool", label, str(when)) if when is not None else ("tool", label)
        else:
            made_by = ("curator", label)
        doc = cls(stored, name, title=evidence.one(context, str(DCTERMS.title)), made_by=made_by)
        if doc.base != base:
            raise DataError(f"{turtle_path}: {context} is not a document name Document writes ({doc.base}document)")
        numbers = {(s.begin, s.end): s.number for s in doc.sentences}
        by_iri = {}
        for s in evidence.sentence_list():
            if s.iri is not None and str(s.iri).startswith(base):
                by_iri[str(s.iri)] = numbers.get((s.begin, s.end))
        if sorted(by_iri.values(), key=lambda n: n or 0) != sorted(numbers.values()):
            raise DataError(f"{turtle_path}: its sentences are not those of its text as it is cut now "
                            f"({len(by_iri)} in the file, {len(numbers)} in the text)")
        for iri, why in evidence.no_claim().items():
            if iri in by_iri:
                doc.no_claim[by_iri[iri]] = why
        for iri in sorted(graph.subjects(SKOS.inScheme, URIRef(base + "concepts"))):
            classes = sorted(str(c) for c in graph.objects(iri, RDF.type))
            if len(classes) > 1:
                raise DataError(f"{turtle_path}: {iri} is given two classes, {classes[0]} and {classes[1]}")
            pref, label = graph.value(iri, SKOS.prefLabel), graph.value(iri, RDFS.label)
            alt = tuple(sorted(str(a) for a in graph.objects(iri, SKOS.altLabel)))
            doc.concepts[str(iri)] = (classes[0] if classes else None, str(pref or label or ""),
                                      str(label or pref or ""), alt)
        for iri in graph.subjects(RDF.type, OWL.ObjectProperty):
            doc.relation(str(iri), str(graph.value(iri, RDFS.label) or ""))
        renamed = {}
        for m in evidence.mention_list():
            if not str(m.iri).startswith(base):
                continue
            status = graph.value(m.iri, EV.status)
            renamed[str(m.iri)] = doc.mention(m.begin, m.end, str(m.concept) if m.concept is not None else None,
                                              str(m.cls) if m.cls is not None else None,
                                              str(status) if status is not None else None, words=m.text)
        for st in evidence.typed(str(RDF.Statement)):
            if not st.startswith(base):
                continue
            parts = [evidence.part(st, x) for x in ("subject", "predicate", "object")]
            mentions = {role: renamed.get(evidence.one(st, prop)) for role, prop in
                        (("subject", str(EV.subjectMention)), ("object", str(EV.objectMention)),
                         ("relation", str(EV.relationMention)))}
            sentences = sorted({by_iri[x] for x in evidence.derived(st) if by_iri.get(x)})
            if None in parts or not mentions["subject"] or not mentions["object"] or not sentences:
                raise DataError(f"{turtle_path}: {st} lacks its subject, predicate, object, mentions or sentence")
            status = graph.value(URIRef(st), EV.status)
            doc.statements[st] = _Statement(*parts, evidence.one(st, str(EV.modality)) or str(EV.AssertedFact),
                                            {k: v for k, v in mentions.items() if v}, sentences,
                                            str(status) if status is not None else None)
        return doc

    # ---- what it holds

    @property
    def document(self):
        return self.base + "document"

    def sentence_of(self, begin, end):
        """The sentence that holds ``[begin, end)``, or a :class:`DataError`."""
        for s in self.sentences:
            if s.begin <= begin < end <= s.end:
                return s
        raise DataError(f"{self.name}: [{begin}:{end}] ({self.text[begin:end][:40]!r}) lies in no one sentence")

    def mention(self, begin, end, concept=None, cls=None, status=None, words=None):
        """Add the words ``[begin, end)`` as a mention (of ``concept``, whose class the words show as
        ``cls``), or return the one there; ``words``, if given, must be the text's there."""
        if not (isinstance(begin, int) and isinstance(end, int) and 0 <= begin < end <= len(self.text)):
            raise DataError(f"{self.name}: offsets [{begin}:{end}] lie outside the text (0..{len(self.text)})")
        if words is not None and self.text[begin:end] != words:
            raise DataError(f"{self.name}: [{begin}:{end}] is {self.text[begin:end][:40]!r}, not {words[:40]!r}")
        sentence = self.sentence_of(begin, end)
        iri = f"{self.base}m{begin}-{end}"
        old = self.mentions.get(iri)
        if old is not None and concept and old["concept"] and old["concept"] != concept:
            raise DataError(f"{self.name}: the words [{begin}:{end}] {self.text[begin:end][:40]!r} already name "
                            f"{old['concept']}, not {concept}")
        if old is None or (concept and not old["concept"]):
            self.mentions[iri] = {"begin": begin, "end": end, "sentence": sentence.number, "concept": concept,
                                  "cls": cls, "status": status}
        return iri

    def concept(self, iri, cls, label, alt=()):
        """Declare a concept this document names: a known one keeps the corpus's class and labels;
        a new one gets ``cls`` and ``label``. Two classes for one concept is an error."""
        if iri in self.known:
            known_cls = self.known[iri][0]
            if cls and known_cls and cls != known_cls:
                raise DataError(f"{self.name}: {iri} is a {known_cls} in the corpus, not a {cls}")
            self.concepts[iri] = self.known[iri]
        elif iri in self.concepts and cls and self.concepts[iri][0] != cls:
            raise DataError(f"{self.name}: {iri} is given two classes, {self.concepts[iri][0]} and {cls}")
        else:
            self.concepts.setdefault(iri, (cls, label, label, tuple(sorted(set(alt) - {label}))))
        return iri

    def relation(self, iri, label):
        """Declare a predicate of the document's own (not in the vocabulary): an owl:ObjectProperty."""
        self.properties[iri] = label
        return iri

    def statement(self, subject_mention, predicate, object_mention, modality=str(EV.AssertedFact),
                  relation_mention=None, status=None):
        """Add a claim between two mentions of one sentence (or of sentences next to each other); its
        subject and object are the concepts they name. Returns the statement's IRI."""
        subject, obj = self.mentions.get(subject_mention), self.mentions.get(object_mention)
        if subject is None or obj is None or not subject["concept"] or not obj["concept"]:
            raise DataError(f"{self.name}: a statement joins two mentions of concepts")
        sentences = sorted({subject["sentence"], obj["sentence"]}
                           | ({self.mentions[relation_mention]["sentence"]} if relation_mention else set()))
        if sentences[-1] - sentences[0] > 1:
            raise DataError(f"{self.name}: the mentions of a statement stand in one sentence, or two next to each other")
        triple, denied = (subject["concept"], predicate, obj["concept"]), modality == str(EV.Denied)
        for iri, st in self.statements.items():  # one statement per document per claim (the guide, section 9)
            if (st.subject, st.predicate, st.object) == triple and (st.modality == str(EV.Denied)) == denied:
                if st.modality != modality:
                    raise DataError(f"{self.name}: {_local(triple[0])} {_local(predicate)} {_local(triple[2])} is said "
                                    f"as {_local(st.modality)} and as {_local(modality)}: one statement per claim")
                st.sentences = sorted(set(st.sentences) | set(sentences))  # said again: one more sentence
                return iri
        local = "-".join(_local(x) for x in triple) + ("-denied" if denied else "")
        iri, n = self.base + "claim/" + local, 2
        while iri in self.statements:
            iri, n = f"{self.base}claim/{local}-{n}", n + 1
        mentions = {"subject": subject_mention, "object": object_mention}
        if relation_mention:
            mentions["relation"] = relation_mention
        self.statements[iri] = _Statement(*triple, modality, mentions, sentences, status)
        return iri

    # ---- writing

    @property
    def prefix(self):
        """The prefix of the document's own IRIs in its Turtle: its name, where that makes a prefix."""
        return self.name if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", self.name) and self.name not in PREFIXES else "doc"

    def turtle(self):
        """The document as Turtle: the same bytes for the same content."""
        names = Compactor({**PREFIXES, self.prefix: self.base})
        n = lambda iri: names(term(iri))  # noqa: E731
        prefixes = {**{p: str(v) for p, v in PREFIXES.items()}, self.prefix: self.base}
        out = [f"@prefix {p}: <{v}> ." for p, v in prefixes.items()]
        out += ["", f"# {self.title}: a document read into the graph (docs/annotation-guide.md, section 9).", ""]
        kind = self.made_by[0]
        out += [f"{n(self.document)} a nif:Context ;", f"    dcterms:title {_lit(self.title)} ;",
                '    nif:beginIndex "0"^^xsd:nonNegativeInteger ;',
                f'    nif:endIndex "{len(self.text)}"^^xsd:nonNegativeInteger ;',
                f"    nif:isString {_lit(self.text, lang=False)} .", ""]
        activity = f"{self.prefix}:proposal" if kind == "tool" else f"{self.prefix}:curation"
        out += [f"{self.prefix}:graph a prov:Entity ;", f"    prov:wasDerivedFrom {n(self.document)} ;",
                f"    prov:wasGeneratedBy {activity} .", "",
                f"{activity} a prov:Activity ;", f"    rdfs:label {_lit(self.made_by[1])} ;",
                f"    prov:used {n(self.document)} ;", f"    prov:wasAssociatedWith {self.prefix}:{'tool' if kind == 'tool' else 'curator'}"
                + (f' ;\n    prov:startedAtTime "{self.made_by[2]}"^^xsd:dateTime .' if kind == "tool" and len(self.made_by) > 2
                   else " ."), "",
                f"{self.prefix}:{'tool' if kind == 'tool' else 'curator'} a prov:{'SoftwareAgent' if kind == 'tool' else 'Agent'} ;",
                f"    rdfs:label {_lit(self.made_by[1])} .", "", f"{self.prefix}:concepts a skos:ConceptScheme ;",
                f"    skos:prefLabel {_lit('Concepts of ' + self.title)} ;", f"    dcterms:source {n(self.document)} .", ""]
        for s in self.sections:
            sec = f"{self.prefix}:section-{s.number:02d}"
            out += [f"{sec} a doco:Section , nif:OffsetBasedString ;", f"    dcterms:title {_lit(s.title)} ;",
                    f"    nif:referenceContext {n(self.document)} ; nif:superString {n(self.document)} ;",
                    f'    nif:beginIndex "{s.begin}"^^xsd:nonNegativeInteger ; nif:endIndex "{s.end}"^^xsd:nonNegativeInteger .']
            if s.title_begin >= 0:
                out += [f"{sec}-title a doco:SectionTitle , nif:Title , nif:OffsetBasedString ;",
                        f"    nif:anchorOf {_lit(s.title, lang=False)} ;",
                        f"    nif:referenceContext {n(self.document)} ; nif:superString {sec} ;",
                        f'    nif:beginIndex "{s.title_begin}"^^xsd:nonNegativeInteger ; '
                        f'nif:endIndex "{s.title_end}"^^xsd:nonNegativeInteger .']
            out.append("")
        for iri, (cls, pref, label, *alt) in sorted(self.concepts.items()):
            lines = [f"{n(iri)} a {n(cls)} ;" if cls else f"{n(iri)}", f"    skos:prefLabel {_lit(pref)} ;",
                     f"    rdfs:label {_lit(label)} ;"]
            for a in (alt[0] if alt else ()):
                lines.append(f"    skos:altLabel {_lit(a)} ;")
            lines.append(f"    skos:inScheme {self.prefix}:concepts .")
            out += lines
        for iri, label in sorted(self.properties.items()):
            out += [f"{n(iri)} a owl:ObjectProperty ;", f"    rdfs:label {_lit(label)} ."]
        truthy, symmetric = {str(m) for m in TRUTHY}, symmetric_predicates()
        asserted = {(st.subject, st.predicate, st.object) for st in self.statements.values() if st.modality in truthy}
        asserted = sorted(asserted | {(o, p, s) for s, p, o in asserted if p in symmetric})
        if asserted:
            out += ["", "# the claims the document asserts: only a statement held as fact, trend or aim stands as a plain",
                    "# triple (graph.namespace.TRUTHY; a symmetric one both ways); the others only as statements"]
            out += [f"{n(s)} {n(p)} {n(o)} ." for s, p, o in asserted]
        out.append("")
        for s in self.sentences:
            sid = f"{self.prefix}:s{s.number:02d}"
            out += [f"{sid} a nif:Sentence ;", f"    nif:referenceContext {n(self.document)} ;",
                    f"    nif:superString {self.prefix}:section-{s.section:02d} ;",
                    f'    nif:beginIndex "{s.begin}"^^xsd:nonNegativeInteger ;',
                    f'    nif:endIndex "{s.end}"^^xsd:nonNegativeInteger ;']
            if s.number in self.no_claim:
                out.append(f"    ev:noClaimBecause {_lit(self.no_claim[s.number], lang=False)} ;")
            out += [f"    nif:anchorOf {_lit(s.text, lang=False)} .", ""]
            for iri, m in sorted(self.mentions.items(), key=lambda kv: (kv[1]["begin"], kv[1]["end"])):
                if m["sentence"] != s.number:
                    continue
                out += [f"{n(iri)} a nif:Phrase , nif:OffsetBasedString ;",
                        f"    nif:anchorOf {_lit(self.text[m['begin']:m['end']], lang=False)} ;",
                        f'    nif:beginIndex "{m["begin"]}"^^xsd:nonNegativeInteger ; '
                        f'nif:endIndex "{m["end"]}"^^xsd:nonNegativeInteger ;',
                        f"    nif:sentence {sid} ; nif:referenceContext {n(self.document)}"
                        + (f" ;\n    ev:status {n(m['status'])} ; prov:wasGeneratedBy {self.prefix}:proposal" if m["status"] else "")
                        + (f" ;\n    itsrdf:taIdentRef {n(m['concept'])}" if m["concept"] else "")
                        + (f" ; itsrdf:taClassRef {n(m['cls'])}" if m["concept"] and m["cls"] else "") + " ."]
            for iri, st in sorted(self.statements.items()):
                if st.sentences[0] != s.number:
                    continue
                lines = [f"{n(iri)} a rdf:Statement ;", f"    rdf:subject {n(st.subject)} ;",
                         f"    rdf:predicate {n(st.predicate)} ;", f"    rdf:object {n(st.object)} ;",
                         f"    ev:modality {n(st.modality)} ;"]
                for role in ("subject", "object", "relation"):
                    if role in st.mentions:
                        lines.append(f"    ev:{role}Mention {n(st.mentions[role])} ;")
                if st.status:
                    lines.append(f"    ev:status {n(st.status)} ; prov:wasGeneratedBy {self.prefix}:proposal ;")
                lines.append("    prov:wasDerivedFrom " + " , ".join(f"{self.prefix}:s{x:02d}" for x in st.sentences) + " .")
                out += lines
            out.append("")
        return "\n".join(out).rstrip("\n") + "\n"


def known_concepts(source=None):
    """The concepts a corpus knows (default: the article's graph), for documents to share by IRI:
    ``{IRI: (class IRI or None, label, label, (alternative labels, ...))}``, read from its concept
    network (:meth:`graph.source.Source.network`)."""
    cn = Source.of(source).network()
    return {key: (str(cn.class_iris[i]) if cn.class_iris[i] is not None else None, cn.labels[i], cn.labels[i],
                  tuple(cn.alt_labels.get(i, ())))
            for i, key in enumerate(cn.keys) if not key.startswith("_:")}


def _local(iri):
    text = iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return re.sub(r"[^A-Za-z0-9_]", "", text) or "x"


def _lit(text, lang=True):
    """A Turtle string literal (``"..."@en`` when ``lang``), escaped."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
               .replace("\t", "\\t"))
    escaped = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", lambda m: f"\\u{ord(m.group()):04X}", escaped)
    return f'"{escaped}"' + ("@en" if lang else "")
