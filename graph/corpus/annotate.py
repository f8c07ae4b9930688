"""Curate a document in the browser: ``python -m graph annotate DOC``.

:func:`annotate` serves, on 127.0.0.1 only, a page (``annotate_page/``) that shows the document
sentence by sentence with its proposals (mentions and statements with ``ev:status ev:Proposed``).
The curator accepts or rejects them, selects words to make mentions of concepts (the corpus's,
the document's, or new ones with a class of the vocabulary), joins two mentions of a sentence
with a predicate and a modality, marks a sentence as holding no claim, edits, deletes, undoes.

Every change is one JSON request, handled by a :class:`Session`: checked (the offsets, one class
per concept, the predicate's ``rdfs:domain`` and ``rdfs:range`` with subclasses, the modality, the
rules of ``docs/annotation-guide.md`` a program can check), then the whole document is written to
its Turtle file (a temporary file beside it, flushed to the disk, renamed over it: :class:`OutFile`)
before the answer leaves: an answered change is on disk, and a killed server leaves the file whole.
The file is pinned at the start (its folder held open, its name in it): no link put in its place
is followed, and nothing in a request names a file.

The HTTP side (:class:`AnnotateServer`, :class:`Handler`) answers only requests that name it
(``Host``), come from its own page (``Origin``, ``Sec-Fetch-Site``) and carry the run's token (the
page's address once, then a header); a change is a bounded JSON body, and nothing in a request
names a file. See ``docs/annotate.md``.
"""

import base64
import copy
import hashlib
import hmac
import json
import os
import re
import secrets
import signal
import stat
import sys
import threading
import time
import unicodedata
import urllib.parse
from http.server import BaseHTTPRequestHandler
from glob import escape as glob_escape
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..errors import DataError
from ..namespace import EV, KG, PREFIXES, Compactor
from ..output import check_output, escape_controls
from ..resources import ONTOLOGY, display_path
from ..server.guard import Bounded, Watchdog, requested_host
from ..source import Source
from .document import Document, known_concepts, read_document

__all__ = ["annotate", "Session", "Vocabulary", "Refused", "OutFile", "AnnotateServer", "Handler", "make_server",
           "render_page", "MAX_BODY", "MAX_CONNECTIONS", "TOKEN_HEADER"]

#: The largest request body (bytes) a change may have.
MAX_BODY = 64 * 1024
#: Connections held at once; more are answered 503 at once.
MAX_CONNECTIONS = 64
#: Seconds a client may take to send a request, or stay idle between two.
IDLE_TIMEOUT = 30
#: The header that carries the run's token on every request after the page's.
TOKEN_HEADER = "X-Annotate-Token"
#: How many changes can be undone.
UNDO_STEPS = 200
#: Bounds of the strings of a request.
MAX_IRI, MAX_LABEL, MAX_WORDS, MAX_REASON = 400, 200, 5000, 500
_PAGE_DIR = Path(__file__).resolve().parent / "annotate_page"
_EV, _PROPOSED, _ACCEPTED = str(EV._NS), str(EV.Proposed), str(EV.Accepted)
_AIM, _DENIED, _ROOT = str(EV.AimOrPurpose), str(EV.Denied), str(EV.Concept)
#: The modalities in the order the guide decides them (section 2), denial last.
_MODALITY_ORDER = [str(x) for x in (EV.AimOrPurpose, EV.SignalOrIndication, EV.AspirationOrPositioning,
                                    EV.TrendOrChange, EV.EvaluationOrOpinion, EV.AssertedFact, EV.Denied)]
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f]+\Z")
#: What a label or a reason may not hold: controls (Cc), lone surrogates (Cs), line and paragraph
#: separators (Zl, Zp) and invisible format characters (Cf: bidirectional marks and overrides, zero
#: widths, tags), but the two joiners words need (ZWNJ, ZWJ: Persian, Indic scripts, emoji).
_REFUSED_CATEGORIES, _JOINERS = {"Cc", "Cs", "Zl", "Zp", "Cf"}, {"\u200c", "\u200d"}
#: Reasons a sentence may hold no claim, offered on the page (any other may be typed).
REASONS = ("one participant only (guide section 1)", "the writer's scene setting, without two participants",
           "a note about the document, not about its subject", "a title or a heading")


class Refused(DataError):
    """A change that is not made, with the HTTP status that says why (400 malformed, 409 out of
    date, 422 against a rule, 507 not saved)."""

    def __init__(self, message, status=422):
        super().__init__(message)
        self.status = status


# ---- the vocabulary: classes, relations with their domains and ranges, the modality scheme


class Vocabulary:
    """What ``data/ontology.ttl`` offers a curator: ``classes`` (IRI -> label, comment, parent,
    ancestors), ``properties`` (IRI -> label, comment, domain and range as lists of classes, whether
    it states an aim), ``modalities`` (IRI -> label, definition, in the guide's order).

    Examples
    --------
    >>> v = Vocabulary.read()
    >>> v.admits(str(EV.Nation), [str(EV.Actor)]), v.admits(str(EV.Skill), [str(EV.Actor)])
    (True, False)
    >>> v.properties[str(EV.aimsToReduce)]["aim"], v.properties[str(EV.reduces)]["aim"]
    (True, False)
    """

    def __init__(self, graph):
        ours = lambda x: isinstance(x, URIRef) and str(x).startswith(_EV)  # noqa: E731
        text = lambda s, p: str(graph.value(s, p) or "")  # noqa: E731
        self.classes = {}
        for c in graph.subjects(RDF.type, OWL.Class):
            if ours(c):
                parent = next((str(p) for p in graph.objects(c, RDFS.subClassOf) if ours(p)), None)
                self.classes[str(c)] = {"label": text(c, RDFS.label), "comment": text(c, RDFS.comment), "parent": parent}
        for c, row in self.classes.items():
            chain, x = [], c
            while x is not None and x not in chain:
                chain.append(x)
                x = self.classes.get(x, {}).get("parent")
            row["ancestors"] = chain
        aims = {str(EV.aimsAt)}
        changed = True
        while changed:
            before = len(aims)
            aims |= {str(p) for p, _, q in graph.triples((None, RDFS.subPropertyOf, None)) if str(q) in aims}
            changed = len(aims) != before
        self.properties = {}
        for p in graph.subjects(RDF.type, OWL.ObjectProperty):
            if ours(p):
                self.properties[str(p)] = {"label": text(p, RDFS.label), "comment": text(p, RDFS.comment),
                                           "domain": self._classes(graph, graph.value(p, RDFS.domain)),
                                           "range": self._classes(graph, graph.value(p, RDFS.range)),
                                           "aim": str(p) in aims}
        scheme = [str(m) for m in graph.subjects(SKOS.inScheme, EV.ModalityScheme)]
        order = {m: i for i, m in enumerate(_MODALITY_ORDER)}
        self.modalities = {m: {"label": text(URIRef(m), SKOS.prefLabel), "definition": text(URIRef(m), SKOS.definition)}
                           for m in sorted(scheme, key=lambda m: (order.get(m, len(order)), m))}

    @staticmethod
    def _classes(graph, node):
        """A domain or range as a list of class IRIs (an ``owl:unionOf`` gives its members); [] for none."""
        if node is None:
            return []
        union = graph.value(node, OWL.unionOf)
        if union is not None:
            return sorted(str(x) for x in graph.items(union))
        return [str(node)]

    @classmethod
    def read(cls, path=ONTOLOGY):
        return cls(Source(data=[path], engine="rdflib").graph())

    def admits(self, cls, allowed):
        """Whether a concept of class ``cls`` (an IRI) is in ``allowed`` (a domain or range): the class
        or one above it is one of them."""
        return bool(cls) and any(a in allowed for a in self.classes.get(cls, {}).get("ancestors", [cls]))

    def choices(self):
        """The classes a new concept may take, parents before their kinds: ``[(IRI, depth)]``
        (``ev:Concept`` itself is too vague to choose)."""
        found = []

        def walk(parent, depth):
            kids = sorted((c for c, row in self.classes.items() if row["parent"] == parent),
                          key=lambda c: self.classes[c]["label"])
            for c in kids:
                found.append((c, depth))
                walk(c, depth + 1)

        walk(_ROOT, 0)
        seen = {c for c, _ in found}
        found += [(c, 0) for c in sorted(self.classes) if c not in seen and c != _ROOT]
        return found


# ---- the document's Turtle file: pinned at the start, written whole


def _temporary_prefix(name):
    """How a temporary file beside the file ``name`` begins (``.NAME.``; then ``PID.HEX.tmp``); a long
    name is cut, so that the whole fits in a file name."""
    return f".{name[:200]}."


class OutFile:
    r"""The document's Turtle file, pinned when annotate starts: its folder (the real one, held open)
    and its name in that folder. :meth:`write` puts a temporary file ``.NAME.PID.HEX.tmp`` in that
    folder, flushes it to the disk and renames it over the name, so the file is always the one before
    or the one after. Whatever is put at the path meanwhile (a link to another file, another folder
    in the folder's place), nothing is written anywhere else: a rename replaces a link, it does not
    follow it. Opening checks that the folder takes files (a read-only folder is refused at once).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> f = OutFile(folder / "notes.ttl")
    >>> f.stamp() is None, f.write("# notes\n"), (folder / "notes.ttl").read_text(), f.stamp() is None
    (True, None, '# notes\n', False)
    >>> f.close()
    """

    def __init__(self, out, inputs=()):
        self.fd = None
        real = check_output(out, inputs)
        made = [p for p in reversed(real.parents) if not p.exists()]
        self.path, self.name = real, real.name
        try:
            real.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(real.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            probe = self._temporary()
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600, dir_fd=self.fd))
            os.unlink(probe, dir_fd=self.fd)
        except OSError as e:
            self.close()
            for folder in reversed(made):
                try:
                    folder.rmdir()
                except OSError:
                    pass
            raise DataError(f"{out}: cannot write there: {e.strerror or e}") from e

    def _temporary(self):
        return f"{_temporary_prefix(self.name)}{os.getpid()}.{os.urandom(4).hex()}.tmp"

    def stamp(self):
        """What tells that the file changed: the entry's inode, size and time of change (a link put in
        its place is an entry of its own), or ``None`` while there is none."""
        try:
            st = os.stat(self.name, dir_fd=self.fd, follow_symlinks=False)
        except FileNotFoundError:
            return None
        return st.st_ino, st.st_size, st.st_mtime_ns, stat.S_IFMT(st.st_mode)

    def write(self, text):
        """Write ``text`` (UTF-8) whole, as the class says; an unwritable file raises :class:`DataError`."""
        tmp = self._temporary()
        try:
            try:
                old = os.stat(self.name, dir_fd=self.fd, follow_symlinks=False)
                mode = stat.S_IMODE(old.st_mode) if stat.S_ISREG(old.st_mode) else None
            except FileNotFoundError:
                mode = None
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o666, dir_fd=self.fd)
            with os.fdopen(fd, "wb") as f:
                f.write(text.encode("utf-8"))
                f.flush()
                if mode is not None:  # the file keeps its mode; a new one has 0666 less the umask
                    os.fchmod(f.fileno(), mode)
                os.fsync(f.fileno())  # on the disk before it takes the name: a power cut leaves one or the other
            os.replace(tmp, self.name, src_dir_fd=self.fd, dst_dir_fd=self.fd)
            try:
                os.fsync(self.fd)  # the rename itself
            except OSError:
                pass
        except BaseException as e:
            try:
                os.unlink(tmp, dir_fd=self.fd)
            except OSError:
                pass
            if isinstance(e, OSError):
                raise DataError(f"{self.name}: cannot write: {e.strerror or e}") from e
            raise

    def close(self):
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None

    def __del__(self):
        self.close()


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


# ---- a curator's session: the document, its checks, its changes and their undo


class Session:
    """The document being curated (:class:`~graph.corpus.document.Document`), its Turtle file ``out``
    and what a change is checked against: the vocabulary and the corpus's concepts (``against``).
    :meth:`change` makes one change (a JSON object, as the page sends it), checks it, saves the whole
    file and answers the new state; :meth:`state` is what the page shows."""

    def __init__(self, document_path, out=None, against=None, known=None, vocabulary=None):
        self.document_path = Path(document_path)
        self.out = Path(out) if out else self.document_path.with_suffix(".ttl")
        text = read_document(self.document_path)
        self.inputs = (self.document_path, *Source.of(against).inputs)
        self.file = OutFile(self.out, self.inputs)
        self.vocabulary = vocabulary or Vocabulary.read()
        self.known = dict(known_concepts(against) if known is None else known)
        if self.out.exists():
            self.doc = Document.read(self.out, text=text)
            self.doc.known = dict(self.known)
        else:
            self.doc = Document(text, self.document_path.stem, known=self.known)
        self.name = Compactor({**PREFIXES, self.doc.prefix: self.doc.base})
        self.lock = threading.Lock()
        self.version, self.changes, self.saved_at, self.history = 0, 0, None, []
        self.stamp = self.file.stamp()
        self.closed = False  # set when the server stops: no change is begun after that

    # ---- what the page shows

    def short(self, iri):
        """How the page and the messages name an IRI: compact (``kg:China``; the document's own under its
        prefix, ``held-out:claim/...``)."""
        if not iri:
            return ""
        if iri.startswith(self.doc.base) and len(iri) > len(self.doc.base):
            return f"{self.doc.prefix}:{iri[len(self.doc.base):]}"
        return self.name(URIRef(iri))

    def sentence_key(self, number):
        return f"{self.doc.base}s{number:02d}"

    def state(self):
        """The document as the page shows it (JSON-ready)."""
        doc = self.doc
        return {
            "version": self.version, "undo": len(self.history), "changes": self.changes, "saved": self.saved_at,
            "title": doc.title, "name": doc.name, "document": display_path(self.document_path),
            "out": display_path(self.out),
            "sentences": [{"n": s.number, "id": self.sentence_key(s.number), "short": f"s{s.number:02d}",
                           "begin": s.begin, "end": s.end, "text": s.text, "section": s.section,
                           "noClaim": doc.no_claim.get(s.number)} for s in doc.sentences],
            "sections": [{"n": s.number, "title": s.title} for s in doc.sections],
            "mentions": [{"id": iri, "short": self.short(iri), "begin": m["begin"], "end": m["end"],
                          "words": doc.text[m["begin"]:m["end"]], "sentence": m["sentence"], "concept": m["concept"],
                          "cls": m["cls"], "status": _status_name(m["status"])}
                         for iri, m in sorted(doc.mentions.items(), key=lambda kv: (kv[1]["begin"], kv[1]["end"]))],
            "claims": [{"id": iri, "short": self.short(iri), "subject": st.subject, "predicate": st.predicate,
                        "object": st.object, "modality": st.modality, "mentions": dict(st.mentions),
                        "sentences": list(st.sentences), "status": _status_name(st.status)}
                       for iri, st in sorted(self.doc.statements.items())],
            "concepts": {iri: {"label": c[1], "cls": c[0], "short": self.short(iri), "known": iri in self.known}
                         for iri, c in sorted(doc.concepts.items())},
            "predicates": {iri: {"label": label, "short": self.short(iri)} for iri, label in sorted(doc.properties.items())},
            "problems": self.problems(),
        }

    def vocabulary_json(self):
        """The classes, relations and modalities of the vocabulary and the corpus's concepts (JSON-ready)."""
        voc = self.vocabulary
        return {
            "classes": [{"iri": c, "short": self.short(c), "label": voc.classes[c]["label"], "depth": depth,
                         "comment": voc.classes[c]["comment"], "ancestors": voc.classes[c]["ancestors"]}
                        for c, depth in voc.choices()],
            "properties": [{"iri": p, "short": self.short(p), **row} for p, row in
                           sorted(voc.properties.items(), key=lambda kv: kv[1]["label"])],
            "modalities": [{"iri": m, "short": self.short(m), **row} for m, row in voc.modalities.items()],
            "known": [{"iri": iri, "short": self.short(iri), "cls": k[0], "label": k[1], "alt": list(k[3])}
                      for iri, k in sorted(self.known.items())],
            "reasons": list(REASONS), "tokenHeader": TOKEN_HEADER,
            "limits": {"label": MAX_LABEL, "reason": MAX_REASON},
        }

    # ---- the checks

    def problems(self):
        """``{item: [problem, ...]}`` for every mention, statement, concept and sentence that breaks a
        rule a program can check (the guide's sections 1, 2, 5, 6 and 9)."""
        doc, voc, n = self.doc, self.vocabulary, self.short
        found = {}

        def add(key, message):
            found.setdefault(key, []).append(message)

        for iri, (cls, *_) in doc.concepts.items():
            if not cls:
                add(iri, f"{n(iri)} has no class")
            elif cls not in voc.classes:
                add(iri, f"{n(iri)}: {n(cls)} is not a class of the vocabulary")
            known = self.known.get(iri)
            if known and known[0] and cls != known[0]:
                add(iri, f"{n(iri)} is of class {n(known[0])} in the corpus, not {n(cls)}: one class per concept")
        for iri, m in doc.mentions.items():
            c = m["concept"]
            if c is None:
                continue
            if c not in doc.concepts:
                add(iri, f"the words name {n(c)}, which the document does not declare")
            elif m["cls"] != doc.concepts[c][0]:
                add(iri, f"the words record the class {n(m['cls'])}, but {n(c)} is of class {n(doc.concepts[c][0])}: "
                         f"one class per concept")
        by_triple = {}
        for iri, st in doc.statements.items():
            by_triple.setdefault((st.subject, st.predicate, st.object), []).append(iri)
            for role, want in (("subject", st.subject), ("object", st.object)):
                m = doc.mentions.get(st.mentions.get(role))
                if m is None:
                    add(iri, f"its {role} has no words in the text")
                    continue
                if m["concept"] != want:
                    add(iri, f"its {role} words {doc.text[m['begin']:m['end']]!r} name {n(m['concept']) or 'nothing'}, "
                             f"not {n(want)}")
                if m["sentence"] not in st.sentences:
                    add(iri, f"its {role} words stand outside its sentences")
            if st.mentions.get("relation"):
                m = doc.mentions.get(st.mentions["relation"])
                if m is None:
                    add(iri, "its relation words are missing")
                elif m["concept"]:
                    add(iri, "its relation words name a concept: relation words name none (guide section 6)")
            aim = False
            if st.predicate in voc.properties:
                p = voc.properties[st.predicate]
                aim = p["aim"]
                for end, concept in (("domain", st.subject), ("range", st.object)):
                    cls = doc.concepts.get(concept, (None,))[0]
                    if p[end] and not voc.admits(cls, p[end]):
                        add(iri, f"{n(concept)} ({n(cls) or 'no class'}) is not in the {end} of {n(st.predicate)}: "
                                 f"{' or '.join(n(x) for x in p[end])}")
            elif st.predicate not in doc.properties:
                add(iri, f"{n(st.predicate)} is not a relation of the vocabulary")
            if st.modality not in voc.modalities:
                add(iri, f"{n(st.modality)} is not a modality of ev:ModalityScheme")
            elif aim and st.modality != _AIM:
                add(iri, f"{n(st.predicate)} states an aim: its modality is aim or purpose, and nothing else (guide "
                         f"section 2)")
            elif not aim and st.modality == _AIM:
                add(iri, f"the modality aim or purpose goes with ev:aimsAt or one of its kinds, not {n(st.predicate)} "
                         f"(guide section 2)")
            for number in st.sentences:
                if number in doc.no_claim:
                    add(self.sentence_key(number), f"s{number:02d} is marked as holding no claim, but {n(iri)} "
                                                   f"derives from it")
        for triple, statements in by_triple.items():
            if len(statements) > 1:
                for iri in statements:
                    add(iri, f"the document has {len(statements)} statements of this triple: one statement per triple "
                             f"(guide section 1)")
        return found

    # ---- the changes

    def change(self, request):
        """Make the change ``request`` (a dict, as the page sends it: ``op``, ``version`` and the op's
        fields), check it, save the whole file; return ``(message, state)``. A change that is
        malformed, out of date, against a rule or not saved raises :class:`Refused` and leaves the
        document and its file as they were."""
        op, fields = _parse(request)
        with self.lock:
            if self.closed:
                raise Refused("annotate is stopping: nothing was changed", 503)
            if fields.pop("version") != self.version:
                raise Refused("the document changed since the page last read it (another tab?): the page shows it "
                              "again now", 409)
            if op == "undo":
                return self._undo(), self.state()
            before = self._snapshot()
            problems_before = self.problems()
            named_before = {m["concept"] for m in self.doc.mentions.values()} - {None}
            used_before = {st.predicate for st in self.doc.statements.values()}
            try:
                touched, message = getattr(self, "_" + op)(**fields)
                self._tidy(named_before, used_before)
                self._check(touched, problems_before)
                self._save()
            except BaseException:
                self._restore(before)
                raise
            self.history.append(before)
            del self.history[:-UNDO_STEPS]
            self.version += 1
            self.changes += 1
            return message, self.state()

    def _check(self, touched, before):
        """Refuse the change if an item it made or changed breaks a rule, or another item breaks one
        it did not break before."""
        after = self.problems()
        new = [p for key, found in after.items() for p in found
               if key in touched or p not in before.get(key, ())]
        if new:
            raise Refused("; ".join(dict.fromkeys(new)))

    def _snapshot(self):
        doc = self.doc
        return copy.deepcopy((doc.mentions, doc.statements, doc.concepts, doc.properties, doc.no_claim))

    def _restore(self, snapshot):
        doc = self.doc
        doc.mentions, doc.statements, doc.concepts, doc.properties, doc.no_claim = copy.deepcopy(snapshot)

    def _tidy(self, named_before, used_before):
        """A concept that lost its last mention in this change, and a relation of the document's own that
        lost its last statement, go with them (every concept has a mention: guide section 6)."""
        named = {m["concept"] for m in self.doc.mentions.values()} - {None}
        for iri in named_before - named:
            self.doc.concepts.pop(iri, None)
        used = {st.predicate for st in self.doc.statements.values()}
        for iri in used_before - used:
            self.doc.properties.pop(iri, None)

    def _save(self):
        """Write the whole document to its file, unless another program changed the file since."""
        if self.file.stamp() != self.stamp:
            raise Refused(f"{display_path(self.out)} changed on disk since annotate read it (another program wrote "
                          f"it, or put something in its place): nothing was saved; stop annotate and start it again "
                          f"to read the file", 409)
        try:
            self.file.write(self.doc.turtle())
        except DataError as e:
            raise Refused(f"not saved: {e}", 507) from e
        self.stamp = self.file.stamp()
        self.saved_at = time.strftime("%H:%M:%S")

    def _undo(self):
        if not self.history:
            raise Refused("nothing to undo", 409)
        current = self._snapshot()
        self._restore(self.history[-1])
        try:
            self._save()
        except BaseException:
            self._restore(current)
            raise
        self.history.pop()
        self.version += 1
        self.changes += 1
        return "Undone: the document is as it was before the last change."

    # the operations: each returns (the items it made or changed, a message)

    def _mention_of(self, iri, what="mention"):
        m = self.doc.mentions.get(iri)
        if m is None:
            raise Refused(f"no {what} {self.short(iri) or iri[:80]!r} in the document", 404)
        return m

    def _statement_of(self, iri):
        st = self.doc.statements.get(iri)
        if st is None:
            raise Refused(f"no claim {self.short(iri) or iri[:80]!r} in the document", 404)
        return st

    def _words(self, iri):
        m = self.doc.mentions[iri]
        return self.doc.text[m["begin"]:m["end"]]

    def _accept(self, target):
        doc = self.doc
        if target in doc.statements:
            st = doc.statements[target]
            if st.status != _PROPOSED:
                raise Refused(f"{self.short(target)} is not a proposal: nothing to accept", 409)
            st.status = _ACCEPTED
            touched = {target, st.subject, st.object}
            for mention in st.mentions.values():
                if doc.mentions[mention]["status"] == _PROPOSED:
                    doc.mentions[mention]["status"] = _ACCEPTED
                touched.add(mention)
            return touched, f"Accepted the claim {self._claim_text(st)}."
        m = self._mention_of(target, "proposal")
        if m["status"] != _PROPOSED:
            raise Refused(f"{self.short(target)} is not a proposal: nothing to accept", 409)
        m["status"] = _ACCEPTED
        return {target, m["concept"]} - {None}, f"Accepted the mention {self._words(target)!r}."

    def _remove(self, target):
        doc = self.doc
        if target in doc.statements:
            st = doc.statements.pop(target)
            return set(), f"{'Rejected' if st.status == _PROPOSED else 'Deleted'} the claim {self._claim_text(st)}."
        m = self._mention_of(target)
        words = self._words(target)
        using = [iri for iri, st in doc.statements.items() if target in (st.mentions["subject"], st.mentions["object"])]
        for iri in using:
            del doc.statements[iri]
        for st in doc.statements.values():  # relation words that go leave their claims without any
            if st.mentions.get("relation") == target:
                del st.mentions["relation"]
        del doc.mentions[target]
        also = f" and the {len(using)} claim{'s' * (len(using) != 1)} that joined it" if using else ""
        return set(), f"{'Rejected' if m['status'] == _PROPOSED else 'Deleted'} the mention {words!r}{also}."

    def _concept_for(self, concept, label, cls):
        """The concept a mention names: an existing one (``concept``), a new one (``label`` and ``cls``),
        or none (relation words). Returns ``(IRI or None, class or None, made new)``."""
        doc = self.doc
        if concept is not None:
            if label is not None or cls is not None:
                raise Refused("name an existing concept, or give a new concept's label and class: not both", 400)
            if concept in doc.concepts:
                return concept, doc.concepts[concept][0], False
            if concept in self.known:
                known = self.known[concept]
                return concept, known[0], True
            raise Refused(f"no concept {concept[:80]!r} in the corpus or the document: type to find one, or make a "
                          f"new one", 404)
        if label is None and cls is None:
            return None, None, False
        if not label or not cls:
            raise Refused("a new concept needs a label and a class", 400)
        if cls not in {c for c, _ in self.vocabulary.choices()}:
            raise Refused(f"{cls[:80]!r} is not a class of the vocabulary a concept may take")
        same = self._labelled(label)
        if same:
            raise Refused(f"{label!r} is already the concept {self.short(same)}: choose it instead of making a new one")
        return self._mint(label), cls, True

    def _labelled(self, label):
        """The concept (document's or corpus's) one of whose labels is ``label``, whatever the case."""
        key = label.casefold()
        for iri, c in [*self.doc.concepts.items(), *self.known.items()]:
            if any(str(x).casefold() == key for x in (c[1], c[2], *(c[3] if len(c) > 3 else ()))):
                return iri
        return None

    def _mint(self, label):
        """A new ``kg:`` IRI from a label ("need for newly mined raw materials": kg:NeedForNewlyMinedRawMaterials)."""
        ascii_ = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
        words = re.findall(r"[A-Za-z0-9]+", ascii_)
        local = "".join(w[:1].upper() + w[1:] for w in words)[:80] or "Concept"
        if local[0].isdigit():
            local = "C" + local
        iri, k = str(KG) + local, 2
        while iri in self.doc.concepts or iri in self.known:
            iri, k = f"{KG}{local}{k}", k + 1
        return iri

    def _declare(self, iri, cls, label):
        doc = self.doc
        if iri in self.known:
            doc.concept(iri, self.known[iri][0], self.known[iri][1])
        elif iri not in doc.concepts:
            doc.concept(iri, cls, label)

    def _new_mention(self, begin, end, words, concept, cls, status=None):
        """Add the words ``[begin, end)`` as a mention: the text's words there, inside one sentence."""
        doc = self.doc
        for at in (begin, end):
            if _inside_a_character(doc.text, at):
                raise Refused(f"[{begin}:{end}] cuts a character at {at}: a span does not begin or end before a "
                              f"combining mark, a joiner or an emoji modifier (offsets count code points)")
        iri = f"{doc.base}m{begin}-{end}"
        if iri in doc.mentions:
            old = doc.mentions[iri]
            what = f"name {self.short(old['concept'])}" if old["concept"] else "are relation words already"
            raise Refused(f"the words {words[:60]!r} {what}: edit that mention (e) or delete it (x)", 409)
        try:
            made = doc.mention(begin, end, concept, cls, status=status, words=words)
        except DataError as e:
            raise Refused(str(e)) from e
        return made

    def _mention(self, begin, end, words, concept=None, label=None, **kw):
        iri, cls, new = self._concept_for(concept, label, kw.get("class"))
        if iri is not None:
            self._declare(iri, cls, label)
        made = self._new_mention(begin, end, words, iri, cls)
        if iri is None:
            return {made}, f"Marked {words!r} as relation words."
        what = f"the new concept {self.short(iri)} ({self.short(cls)})" if new and iri not in self.known else \
            f"{self.short(iri)}"
        return {made, iri}, f"{words!r} now names {what}."

    def _edit_mention(self, target, begin=None, end=None, words=None, concept=None, label=None, **kw):
        doc = self.doc
        old = dict(self._mention_of(target))
        if (begin is None) != (end is None) or (begin is None) != (words is None):
            raise Refused("new words need their begin, end and text", 400)
        changing_concept = concept is not None or label is not None or kw.get("class") is not None
        if begin is None and not changing_concept:
            raise Refused("nothing to change: give new words or a concept", 400)
        if changing_concept:
            iri, cls, _ = self._concept_for(concept, label, kw.get("class"))
            if iri is None:
                raise Refused("a mention's concept is changed to another concept (to make relation words, delete it "
                              "and select them again)", 400)
            self._declare(iri, cls, label)
        else:
            iri, cls = old["concept"], old["cls"]
        if begin is None:
            begin, end, words = old["begin"], old["end"], doc.text[old["begin"]:old["end"]]
        using = {i: st for i, st in doc.statements.items() if target in st.mentions.values()}
        del doc.mentions[target]
        for i in using:
            del doc.statements[i]
        made = self._new_mention(begin, end, words, iri, cls, _ACCEPTED if old["status"] else None)
        touched = {made} | ({iri} if iri else set())
        for st in using.values():
            roles = {role: (made if m == target else m) for role, m in st.mentions.items()}
            touched.add(self._rebuild(roles, st.predicate, st.modality, st.status))
        return touched, f"Changed the mention {words!r}" + (f" (now {self.short(iri)})" if changing_concept else "") + \
            (f", and the {len(using)} claim{'s' * (len(using) != 1)} that use it" if using else "") + "."

    def _rebuild(self, roles, predicate, modality, status):
        """Add a statement between the mentions ``roles`` (``subject``, ``object``, ``relation``); its IRI
        follows its triple. One statement per triple: a triple the document has already is refused."""
        doc = self.doc
        triple = (doc.mentions[roles["subject"]]["concept"], predicate, doc.mentions[roles["object"]]["concept"])
        for iri, x in doc.statements.items():
            if (x.subject, x.predicate, x.object) == triple:
                raise Refused(f"the document already has the claim {self._triple_text(*triple)} ({self.short(iri)}, "
                              f"s{x.sentences[0]:02d}): one statement per triple (guide section 1); edit that one", 409)
        try:
            return doc.statement(roles["subject"], predicate, roles["object"], modality, roles.get("relation"), status)
        except DataError as e:
            raise Refused(str(e)) from e

    def _claim(self, subject, object, predicate, modality, relation=None, target=None):  # noqa: A002 (the field's name)
        doc, voc = self.doc, self.vocabulary
        roles = {"subject": subject, "object": object, **({"relation": relation} if relation else {})}
        for role, iri in roles.items():
            m = self._mention_of(iri, f"{role} mention")
            if role != "relation" and not m["concept"]:
                raise Refused(f"the {role} words {self._words(iri)!r} name no concept: a claim joins two mentions of "
                              f"concepts")
            if role == "relation" and m["concept"]:
                raise Refused(f"the relation words {self._words(iri)!r} name a concept: relation words name none")
        if subject == object:
            raise Refused("a claim joins two different mentions")
        old = self._statement_of(target) if target else None
        if predicate not in voc.properties and not (old and predicate == old.predicate and predicate in doc.properties):
            raise Refused(f"{predicate[:80]!r} is not a relation of the vocabulary")
        if modality not in voc.modalities:
            raise Refused(f"{modality[:80]!r} is not a modality of ev:ModalityScheme")
        sentences = {doc.mentions[iri]["sentence"] for iri in roles.values()}
        if len(sentences) > 1 and not (old and set(roles.values()) <= set(old.mentions.values())):
            raise Refused("a claim joins mentions of one sentence: these stand in "
                          + " and ".join(f"s{x:02d}" for x in sorted(sentences)))
        marked = sorted(x for x in sentences if x in doc.no_claim)
        if marked:
            raise Refused(f"s{marked[0]:02d} is marked as holding no claim ({doc.no_claim[marked[0]]!r}): clear the "
                          f"mark first (n, then an empty reason)")
        if old is not None:
            del doc.statements[target]
        status = _ACCEPTED if old is not None and old.status else None  # an edited proposal is decided
        made = self._rebuild(roles, predicate, modality, status)
        st = doc.statements[made]
        for mention in st.mentions.values():  # the curator stands by the words of a claim they make
            if doc.mentions[mention]["status"] == _PROPOSED:
                doc.mentions[mention]["status"] = _ACCEPTED
        verb = "Changed" if old is not None else "Made"
        return {made, *st.mentions.values()}, f"{verb} the claim {self._claim_text(st)}."

    def _concept(self, target, label=None, **kw):
        doc, cls = self.doc, kw.get("class")
        if target in self.known:
            raise Refused(f"{self.short(target)} is the corpus's concept: its label and class are the corpus's "
                          f"(guide section 9)")
        if target not in doc.concepts:
            raise Refused(f"no concept {target[:80]!r} in the document", 404)
        if label is None and cls is None:
            raise Refused("nothing to change: give a label or a class", 400)
        old_cls, old_label, _, alt = (*doc.concepts[target], ())[:4]
        if label is not None and label.casefold() != old_label.casefold():
            same = self._labelled(label)
            if same and same != target:
                raise Refused(f"{label!r} is already the concept {self.short(same)}")
        if cls is not None and cls not in {c for c, _ in self.vocabulary.choices()}:
            raise Refused(f"{cls[:80]!r} is not a class of the vocabulary a concept may take")
        new_cls, new_label = cls or old_cls, label or old_label
        doc.concepts[target] = (new_cls, new_label, new_label, tuple(a for a in alt if a != new_label))
        touched = {target}
        for iri, m in doc.mentions.items():
            if m["concept"] == target:
                m["cls"] = new_cls
                touched.add(iri)
        touched |= {iri for iri, st in doc.statements.items() if target in (st.subject, st.object)}
        return touched, f"{self.short(target)} is now {new_label!r}, of class {self.short(new_cls)}."

    def _no_claim(self, sentence, reason=None):
        doc = self.doc
        if not 1 <= sentence <= len(doc.sentences):
            raise Refused(f"no sentence {sentence}: the document has {len(doc.sentences)}", 404)
        key = self.sentence_key(sentence)
        if not reason:
            if sentence not in doc.no_claim:
                raise Refused(f"s{sentence:02d} is not marked as holding no claim", 409)
            del doc.no_claim[sentence]
            return {key}, f"s{sentence:02d} is no longer marked as holding no claim."
        claims = [iri for iri, st in doc.statements.items() if sentence in st.sentences]
        if claims:
            raise Refused(f"s{sentence:02d} supports {len(claims)} claim{'s' * (len(claims) != 1)} "
                          f"({', '.join(self.short(c) for c in claims[:3])}): a sentence with a claim holds one")
        doc.no_claim[sentence] = reason
        return {key}, f"s{sentence:02d} holds no claim: {reason}"

    # ---- words for messages

    def _triple_text(self, s, p, o):
        label = lambda c: (self.doc.concepts.get(c) or self.known.get(c) or (None, self.short(c)))[1]  # noqa: E731
        return f"{label(s)!r} {self.short(p)} {label(o)!r}"

    def _claim_text(self, st):
        modality = self.vocabulary.modalities.get(st.modality, {}).get("label") or self.short(st.modality)
        return f"{self._triple_text(st.subject, st.predicate, st.object)} ({modality})"


def _inside_a_character(text, at):
    """Whether offset ``at`` (code points) falls inside what a reader sees as one character: before a
    combining mark (Unicode category M), an emoji modifier or a tag, or next to a zero-width joiner."""
    if not 0 < at < len(text):
        return False
    after, before = text[at], text[at - 1]
    return (unicodedata.category(after)[0] == "M" or "\u200d" in (after, before)
            or "\U0001F3FB" <= after <= "\U0001F3FF" or "\U000E0020" <= after <= "\U000E007F")


def _status_name(status):
    return {None: "curated", _PROPOSED: "proposed", _ACCEPTED: "accepted"}.get(status, "other")


# ---- a request's fields, checked before anything is read from them


def _unicode(text):
    """Whether ``text`` is Unicode text (no lone surrogate): what UTF-8, the file and the page can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _iri(value, field):
    if not isinstance(value, str) or not value or len(value) > MAX_IRI or not _IRI.match(value):
        raise Refused(f"{field}: an IRI of at most {MAX_IRI} characters is expected", 400)
    return value


def _text(limit):
    def check(value, field):
        if not isinstance(value, str):
            raise Refused(f"{field}: text is expected", 400)
        value = value.strip()
        if not value or len(value) > limit:
            raise Refused(f"{field}: from 1 to {limit} characters are expected", 400)
        if any(unicodedata.category(c) in _REFUSED_CATEGORIES and c not in _JOINERS for c in value):
            raise Refused(f"{field}: control characters, and invisible ones (format characters, separators), are "
                          f"refused", 400)
        if not any(unicodedata.category(c)[0] in "LN" for c in value):
            raise Refused(f"{field}: a letter or a digit is expected", 400)
        return value
    return check


def _words(value, field):
    if not isinstance(value, str) or not value or len(value) > MAX_WORDS:
        raise Refused(f"{field}: the selected words, at most {MAX_WORDS} characters, are expected", 400)
    return value


def _offset(value, field):
    if type(value) is not int or not 0 <= value <= 100_000_000:  # not bool, not float
        raise Refused(f"{field}: a whole number of characters is expected", 400)
    return value


def _reason(value, field):
    return None if value is None or (isinstance(value, str) and not value.strip()) else _text(MAX_REASON)(value, field)


def _optional(check):
    return lambda value, field: None if value is None else check(value, field)


_LABEL = _text(MAX_LABEL)
#: The fields of each change: (check, required).
_OPS = {
    "accept": {"target": (_iri, True)},
    "remove": {"target": (_iri, True)},
    "mention": {"begin": (_offset, True), "end": (_offset, True), "words": (_words, True),
                "concept": (_optional(_iri), False), "label": (_optional(_LABEL), False),
                "class": (_optional(_iri), False)},
    "edit_mention": {"target": (_iri, True), "begin": (_optional(_offset), False), "end": (_optional(_offset), False),
                     "words": (_optional(_words), False), "concept": (_optional(_iri), False),
                     "label": (_optional(_LABEL), False), "class": (_optional(_iri), False)},
    "claim": {"subject": (_iri, True), "object": (_iri, True), "predicate": (_iri, True), "modality": (_iri, True),
              "relation": (_optional(_iri), False), "target": (_optional(_iri), False)},
    "concept": {"target": (_iri, True), "label": (_optional(_LABEL), False), "class": (_optional(_iri), False)},
    "no_claim": {"sentence": (_offset, True), "reason": (_reason, False)},
    "undo": {},
}


def _parse(request):
    """``(op, fields)`` of a change, every field checked (type, size); anything else is refused."""
    if not isinstance(request, dict):
        raise Refused("a change is a JSON object", 400)
    op = request.get("op")
    if not isinstance(op, str) or op not in _OPS:
        raise Refused(f"unknown change {str(op)[:40]!r}: one of {', '.join(_OPS)} is expected", 400)
    for name, value in request.items():  # JSON's \u escapes can make lone surrogates: no text has them
        if not all(_unicode(x) for x in (name, value) if isinstance(x, str)):
            raise Refused(f"{_unicode(name) and name[:40] or 'a field'}: a lone surrogate (\\ud800-\\udfff) is not "
                          f"a character", 400)
    spec = _OPS[op]
    extra = set(request) - set(spec) - {"op", "version"}
    if extra:
        raise Refused(f"{op}: unknown field{'s' * (len(extra) > 1)} {', '.join(sorted(x[:40] for x in extra))}", 400)
    version = request.get("version")
    if type(version) is not int or version < 0:
        raise Refused("version: the version of the document the page shows is expected", 400)
    fields = {"version": version}
    for name, (check, required) in spec.items():
        if name not in request:
            if required:
                raise Refused(f"{op}: {name} is missing", 400)
            continue
        fields[name] = check(request[name], name)
    return op, fields


# ---- the page


def render_page():
    """The page (bytes) and its Content-Security-Policy: the script and the styles inlined, allowed
    by their hashes; nothing else may load, and the page may only talk to its own origin."""
    html = (_PAGE_DIR / "page.html").read_text(encoding="utf-8")
    script = (_PAGE_DIR / "page.js").read_text(encoding="utf-8")
    style = (_PAGE_DIR / "page.css").read_text(encoding="utf-8")
    digest = lambda text: "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"  # noqa: E731
    policy = (f"default-src 'none'; script-src {digest(script)}; style-src {digest(style)}; connect-src 'self'; "
              f"img-src 'none'; font-src 'none'; base-uri 'none'; form-action 'none'")
    page = html.replace("{{policy}}", policy).replace("{{style}}", style).replace("{{script}}", script)
    return page.encode("utf-8"), policy + "; frame-ancestors 'none'"  # the header's: a <meta> cannot say it


# ---- the HTTP side


class AnnotateServer(Bounded):
    """The page's server on 127.0.0.1: a thread per connection (at most :data:`MAX_CONNECTIONS`), the
    session, the run's token, the page, one log line per request."""

    def __init__(self, session, port=0, log=None, token=None):
        try:
            super().__init__(("127.0.0.1", port), Handler)
        except (OSError, OverflowError) as e:
            raise DataError(f"cannot listen on 127.0.0.1:{port}: {getattr(e, 'strerror', None) or e}") from e
        self.session, self.log = session, log or (lambda line: None)
        self.token = token or secrets.token_urlsafe(32)
        self.port = self.server_address[1]
        self.hosts = {f"127.0.0.1:{self.port}", f"localhost:{self.port}"}
        self.page, self.policy = render_page()
        self.slots, self.watchdog = threading.BoundedSemaphore(MAX_CONNECTIONS), Watchdog()
        self.idle_timeout, self.stopping = IDLE_TIMEOUT, False

    @property
    def url(self):
        """The page's address, with the run's token."""
        return f"http://127.0.0.1:{self.port}/?token={self.token}"


def make_server(session, port=0, log=None, token=None):
    """An :class:`AnnotateServer` for ``session`` on 127.0.0.1:``port`` (0: any free port)."""
    return AnnotateServer(session, port, log, token)


class Handler(BaseHTTPRequestHandler):
    """One connection: ``GET /?token=...`` (the page), ``GET /api/state``, ``GET /api/vocabulary`` and
    ``POST /api/change`` (the token in :data:`TOKEN_HEADER`). Every request is checked in this order:
    its Host, its Origin and Sec-Fetch-Site, its token, its method, then its body."""

    protocol_version = "HTTP/1.1"
    server_version = "ev-kg-annotate"

    def version_string(self):
        return self.server_version
    disable_nagle_algorithm = True

    def setup(self):
        self.timeout = self.server.idle_timeout
        super().setup()

    def handle_one_request(self):
        """The request's head and body must come within the idle limit in all."""
        self._reading = self.server.watchdog.watch(self.connection, time.monotonic() + self.server.idle_timeout)
        try:
            super().handle_one_request()
        finally:
            self.server.watchdog.release(self._reading)

    def log_message(self, fmt, *args):  # one line per request, through the server's log
        pass

    def _send(self, status, body, content_type="text/plain; charset=utf-8"):
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cross-Origin-Opener-Policy", "same-origin")
        self.send_header("Content-Security-Policy", self.server.policy if content_type.startswith("text/html")
                         else "default-src 'none'; frame-ancestors 'none'")
        if status >= 400 and self.command == "POST":
            self.close_connection = True  # a body left unread is never taken for the next request
        if self.close_connection:
            self.send_header("Connection", "close")
        self._status, self._size = status, len(body)
        self._log()  # before the answer leaves: no line of an answered request comes after "Stopped"
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _json(self, value):
        self._send(200, json.dumps(value, ensure_ascii=False, separators=(",", ":")), "application/json; charset=utf-8")

    def send_error(self, code, message=None, explain=None):
        """Errors of the HTTP layer itself (a bad request line, an unknown method): plain text, one line."""
        self._begin()
        self.close_connection = True
        self._send(code, f"{code} {message or self.responses.get(code, ('',))[0]}\n")

    def _begin(self):
        self._status, self._size, self._op, self._logged, self._started = 0, 0, "", False, time.monotonic()

    def _log(self):
        """The request's one line in the log, once: when its answer is about to leave, or when it ends
        without one."""
        if self._logged:
            return
        self._logged = True
        path = urllib.parse.urlsplit(getattr(self, "path", "") or "").path  # never the query: it holds the token
        request = escape_controls(f"{getattr(self, 'command', None) or '-'} {path[:120]}{self._op}", keep="")
        self.server.log(f'{self.client_address[0]} "{request}" {self._status} {self._size} '
                        f'{1000 * (time.monotonic() - self._started):.0f} ms')

    # ---- the checks every request passes

    def _refused(self, url):
        """Answer and return True if the request does not name this server, comes from another site,
        or lacks the run's token."""
        host, hosts = requested_host(self.headers, self.path)
        if host not in self.server.hosts:
            self.close_connection = True
            given = escape_controls(" ".join(hosts)[:80], keep="") or "(no Host)"
            self._send(421, f"this server answers as {' or '.join(sorted(self.server.hosts))} (one Host, and the "
                            f"same in the target), not {given}\n")
            return True
        origins = self.headers.get_all("Origin") or []
        if len(origins) > 1 or any(o.strip().lower() != f"http://{host}" for o in origins):
            self._send(403, "requests from another origin are refused\n")
            return True
        if self.command == "POST" and not origins:  # a browser sends its page's Origin with every POST
            self._send(403, "a change comes from the page, with its Origin header: this one has none\n")
            return True
        site = (self.headers.get("Sec-Fetch-Site") or "").strip().lower()
        if site not in ("", "same-origin", "none"):
            self._send(403, "requests from another site are refused\n")
            return True
        if url.path == "/":
            tokens = urllib.parse.parse_qs(url.query).get("token", [])
            given, where = (tokens[0] if len(tokens) == 1 else ""), "the page's address"
        else:
            given, where = self.headers.get(TOKEN_HEADER, ""), f"the {TOKEN_HEADER} header"
            if "token" in urllib.parse.parse_qs(url.query):
                self._send(400, f"the token goes in the {TOKEN_HEADER} header, never in an address\n")
                return True
        if not hmac.compare_digest(given.encode("utf-8", "replace"), self.server.token.encode()):
            self._send(403, f"this run's token is missing or wrong in {where}: open the address annotate printed "
                            f"when it started\n")
            return True
        return False

    # ---- the methods

    def _failed(self, error):
        """An error no check foresaw: one line in the log, one line to the client (500), never a
        traceback; the connection closes. A client that went away is not an error."""
        self.close_connection = True
        if isinstance(error, (ConnectionError, TimeoutError)):
            return
        what = escape_controls(f"{type(error).__name__}: {error}", keep="")
        self.server.log(f"{self.client_address[0]} error: {what}")
        if not self._status:
            try:
                self._send(500, f"annotate failed on this request ({type(error).__name__}): reload the page to see "
                                f"the document as it is saved\n")
            except OSError:
                pass

    def do_GET(self):
        self._begin()
        try:
            self._get()
        except Exception as e:  # noqa: BLE001 -- the edge: one line whatever failed
            self._failed(e)
        finally:
            self._log()

    def _get(self):
        self.server.watchdog.release(self._reading)
        url = urllib.parse.urlsplit(self.path)
        if self.headers.get("Content-Length") not in (None, "0") or self.headers.get("Transfer-Encoding"):
            self.close_connection = True
            self._send(400, "a GET request has no body\n")
        elif self._refused(url):
            pass
        elif url.path == "/":
            self._send(200, self.server.page, "text/html; charset=utf-8")
        elif url.path == "/api/state":
            with self.server.session.lock:
                state = self.server.session.state()
            self._json(state)
        elif url.path == "/api/vocabulary":
            self._json(self.server.session.vocabulary_json())
        elif url.path == "/api/change":
            self._send(405, "a change is a POST\n")
        else:
            self._send(404, "not found\n")

    def do_POST(self):
        self._begin()
        try:
            self._post()
        except Exception as e:  # noqa: BLE001 -- the edge: one line whatever failed
            self._failed(e)
        finally:
            self._log()

    def _post(self):
        url = urllib.parse.urlsplit(self.path)
        if self._refused(url):
            return
        if url.path != "/api/change":
            return self._send(404 if url.path not in ("/", "/api/state", "/api/vocabulary") else 405,
                              "changes are POSTed to /api/change\n")
        kind, _, options = (self.headers.get("Content-Type") or "").partition(";")
        charset = options.strip().lower().replace(" ", "")
        if kind.strip().lower() != "application/json" or charset not in ("", "charset=utf-8"):
            return self._send(415, "a change is a JSON body (Content-Type: application/json), in UTF-8\n")
        if self.headers.get("Transfer-Encoding"):
            return self._send(411, "a change needs a Content-Length (no chunked encoding)\n")
        lengths = self.headers.get_all("Content-Length") or []
        if len(lengths) != 1 or not (lengths[0].strip().isascii() and lengths[0].strip().isdigit()):
            return self._send(411, "a change needs one Content-Length\n")
        length = int(lengths[0])
        if length > MAX_BODY:
            return self._send(413, f"a change is at most {MAX_BODY:,} bytes\n")
        raw = self.rfile.read(length)
        self.server.watchdog.release(self._reading)
        if len(raw) < length:
            return self._send(400, "the body ended before its Content-Length\n")
        try:
            request = json.loads(raw.decode("utf-8"), parse_constant=_no_constant)
        except (ValueError, RecursionError):
            return self._send(400, "the body is not JSON text in UTF-8\n")
        if isinstance(request, dict) and isinstance(request.get("op"), str):
            self._op = " " + request["op"][:20]
        session = self.server.session
        try:
            message, state = session.change(request)
        except Refused as e:
            return self._send(e.status, escape_controls(str(e), keep="") + "\n")
        self._json({"message": message, "state": state})

    def do_HEAD(self):
        self._begin()
        try:
            self._send(405, "")
        finally:
            self._log()

    def do_PUT(self):  # noqa: D401 -- every other method: one line
        self.send_error(405, "only GET and POST are answered")

    do_DELETE = do_PATCH = do_OPTIONS = do_PUT


def _no_constant(name):
    raise ValueError(f"{name} is not JSON")


# ---- the command


def _clean_stale(out):
    """Remove the temporary files that a killed annotate left beside ``out`` (``.NAME.PID.HEX.tmp``,
    whose process is gone): the file itself is whole either way."""
    prefix = _temporary_prefix(out.name)
    pattern = re.compile(re.escape(prefix) + r"(\d+)\.[0-9a-f]{8}\.tmp\Z")
    for path in out.parent.glob(glob_escape(prefix) + "*.tmp"):
        found = pattern.match(path.name)
        if not found:
            continue
        try:
            os.kill(int(found.group(1)), 0)
        except (ProcessLookupError, OverflowError):  # gone, or a number no process has
            path.unlink(missing_ok=True)
        except OSError:
            pass


def _write_line(line):
    """One line to standard error, its control characters escaped (a file name may hold any)."""
    sys.stderr.write(escape_controls(line, keep="") + "\n")
    sys.stderr.flush()


def _stop_on_signals(stopping):
    """Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the server (main thread only): each raises
    KeyboardInterrupt until ``stopping`` (an event) is set; after that, the stop under way finishes
    rather than being broken into. Return the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def stop(signum, frame):
        if not stopping.is_set():
            raise KeyboardInterrupt

    return {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}


def annotate(document_path, out=None, against=None, port=0, log=_write_line, ready=None):
    """Serve the curation page of ``document_path`` on 127.0.0.1 until Ctrl-C or SIGTERM; every change
    is saved at once to ``out`` (default: the document's path with ``.ttl``), which is read first if
    it exists (proposals included).

    Parameters
    ----------
    document_path : the document, a UTF-8 text or Markdown file.
    out : its Turtle file.
    against : the corpus whose concepts the document shares (RDF files; default: the article's graph).
    port : where to listen (0: any free port).
    log : called with one line per request (default: standard error).
    ready : called with the server once it listens.

    Returns 0 once stopped.
    """
    session = Session(document_path, out, against)
    _clean_stale(session.file.path)
    server = make_server(session, port, log)
    stopping = threading.Event()
    previous = _stop_on_signals(stopping)  # before the address is out: a signal from then on stops it cleanly
    try:
        print(escape_controls(f"Annotating {display_path(document_path)} at {server.url} (saved to "
                              f"{display_path(session.out)}). Ctrl-C stops.", keep=""), flush=True)
        if ready:
            ready(server)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stopping.set()
        server.stopping = True
        server.server_close()
        if session.lock.acquire(timeout=10):  # a change being saved ends first: the file is whole
            session.closed = True  # and none begins after it
            session.lock.release()
        session.file.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    log(f"Stopped: {session.changes} change{'s' * (session.changes != 1)} saved to {display_path(session.out)}.")
    return 0
