"""Another tool's annotations read into documents of the graph: ``python -m graph import FILE --from TOOL``.

:func:`import_file` reads what LangExtract, doccano, brat, Label Studio or GraphRAG wrote, and
writes every document it finds as a :class:`~graph.corpus.document.Document` of proposals
(``docs/annotation-guide.md``, section 9), with a report of what it did (``docs/importers.md``).

The point is that every edge stays grounded in the words of its text:

- **intervals are checked.** An interval whose text is the item's words is kept; a wrong or
  missing one is searched for in the text (the exact words nearest to the claimed place, then the
  words ignoring case and spacing, then a fuzzy match of difflib's ratio at least
  :data:`FUZZY_THRESHOLD`) and recorded as re-grounded with its score; words that are not in the
  text are dropped and reported, never stored. A tool that gives offsets but no words (doccano,
  often brat and Label Studio) has its span moved onto whole words where it cuts one. Every
  mention lies inside one sentence as the document cuts them, or is dropped.
- **labels link to the corpus.** A mention whose words, normalized as ``compare`` does
  (:func:`graph.evidence.compare.normalize`), are a known concept's label or alternative label
  names that concept (with the corpus's class); other words make a new concept
  ``kg:CamelCaseOfTheWords`` whose class is read from the tool's label (``NATION``, ``country``
  -> ``ev:Nation``), else ``ev:Concept``.
- **relation types map to the vocabulary** by name or label, ignoring case, spaces, ``_`` and ``-``
  (``invests_in`` -> ``ev:investsIn``); others become properties of the document's own
  vocabulary, listed in the report; a ``--map`` file overrides both.
- **everything is a proposal** (``ev:status ev:Proposed``), made by the tool at the input file's
  modification time: the same input gives the same bytes.

Bad input is one :class:`~graph.errors.DataError` line: a binary or empty file, a file that is
not the format named, an interval outside its text, a document given twice, a concept given two
classes.

Examples
--------
>>> import json, os, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "notes.jsonl")
>>> task = {"id": 7, "text": "China invests in battery research. Germany makes cars.",
...         "entities": [{"id": 1, "label": "NATION", "start_offset": 0, "end_offset": 5},
...                      {"id": 2, "label": "STRATEGY", "start_offset": 17, "end_offset": 33},
...                      {"id": 3, "label": "NATION", "start_offset": 35, "end_offset": 41}],
...         "relations": [{"id": 1, "from_id": 1, "to_id": 2, "type": "invests_in"}]}
>>> with open(path, "w", encoding="utf-8") as f:
...     _ = f.write(json.dumps(task) + "\\n")
>>> turtle, report = import_file(path, "doccano")
>>> report["summary"]
'Imported 1 document: 2 mentions kept exact, 1 re-grounded, 0 dropped; 1 claim.'
>>> report["regrounded"][0]["found"], report["regrounded"][0]["how"]
('Germany', 'snapped to whole words')
>>> "kg:China ev:investsIn kg:BatteryResearch ." in turtle
True
"""

import bisect
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from difflib import SequenceMatcher
from hashlib import sha1
from pathlib import Path

from rdflib.namespace import RDFS, SKOS

from ..errors import DataError
from ..evidence.compare import normalize
from ..evidence.model import label, relation_predicates, vocabulary_classes
from ..namespace import EV, KG, PREFIXES
from ..resources import ONTOLOGY, display_path
from ..source import Source, load
from .document import DOC_BASE, Document, known_concepts, slug

__all__ = ["TOOLS", "FUZZY_THRESHOLD", "CLASS_SYNONYMS", "import_file", "read_mapping"]

#: The tools whose files :func:`import_file` reads.
TOOLS = ("langextract", "doccano", "brat", "label-studio", "graphrag")
#: The least difflib ratio (of the words and a stretch of one sentence, both case folded, spacing
#: collapsed) for a fuzzy match: one wrong letter in eight characters passes, a different word does not.
FUZZY_THRESHOLD = 0.85
#: A tool's entity labels that name a class of the vocabulary by another word (besides each class's
#: own name and label): normalized label -> class.
CLASS_SYNONYMS = {
    "country": EV.Nation, "gpe": EV.Nation,
    "company": EV.Manufacturer, "automaker": EV.Manufacturer, "carmaker": EV.Manufacturer, "oem": EV.Manufacturer,
    "organization": EV.Actor, "organisation": EV.Actor, "org": EV.Actor,
    "factory": EV.Facility, "plant": EV.Facility, "gigafactory": EV.Facility,
    "university": EV.EducationalInstitution, "school": EV.EducationalInstitution,
    "tech": EV.Technology, "component": EV.Material, "mineral": EV.Material, "metal": EV.Material,
    "method": EV.Process, "technique": EV.Process, "plan": EV.Strategy, "policy": EV.Strategy,
    "approach": EV.Strategy, "program": EV.Strategy, "programme": EV.Strategy, "initiative": EV.Strategy,
    "objective": EV.Goal, "aim": EV.Goal, "problem": EV.Challenge, "risk": EV.Challenge, "issue": EV.Challenge,
    "effect": EV.Impact, "metric": EV.Quality, "sector": EV.Industry, "vehicle": EV.Product,
    "worker": EV.WorkerGroup, "people": EV.WorkerGroup, "talent": EV.WorkerGroup,
    "curriculum": EV.Training, "education": EV.Training,
}

_PROPOSED = str(EV.Proposed)
_SHORTEST_FUZZY = 8  # shorter words match exactly or ignoring case only: "China" is not "Chin", "Recycle" not "Recycled"
_FUZZY_SENTENCES = 50  # the most sentences a fuzzy search reads, the nearest first: bounded on any text
_SHIFT = 8  # how far a span that cuts words may be moved, both ends together, to land on whole words
_TOKEN = re.compile(r"\w+(?:[-'\u2019]\w+)*")
_UNTYPED = "related to"  # the type of a relation its tool gives no type
_ENDS = (("subject", "object"), ("source", "target"), ("head", "tail"))  # LangExtract: a relation's two ends
_TYPE_ATTRIBUTES = ("relation", "predicate", "type")  # LangExtract: a relation's type, over its class
_TRUE = {"true", "yes", "1", "negated", "negative", "neg"}


def import_file(path, tool, against=None, mapping=None):
    """Read another tool's annotations into documents of proposals.

    Parameters
    ----------
    path : str or Path
        The tool's file: LangExtract's JSONL, doccano's JSONL, brat's ``.ann`` (its ``.txt`` beside
        it), Label Studio's JSON export, or GraphRAG's output folder (or any file in it).
    tool : str
        One of :data:`TOOLS`.
    against : list of str, optional
        The corpus's RDF files, whose concepts the documents share (default: the article's graph).
    mapping : str or Path, optional
        A TSV file of ``type<TAB>predicate`` lines (:func:`read_mapping`), over the automatic mapping.

    Returns
    -------
    turtle : str
        Every document's Turtle, one after the other (each declares its own prefixes).
    report : dict
        ``summary`` (one line), ``tool``, ``file``, ``documents`` (how many), ``kept_exact``,
        ``regrounded`` (a list of ``{document, kind, text, claimed, found, begin, end, how, score}``),
        ``dropped`` (a list of ``{document, kind, text, reason}``: mentions, relation words and claims),
        ``claims``, ``unmapped_types`` (sorted), ``ignored`` (``{what: count}``: what the reader
        does not read), ``fuzzy_threshold``, ``per_document`` (each document's figures), and
        ``read`` (every file read: the tool's, and the text beside it).

    Raises
    ------
    DataError
        The file is unreadable, binary, empty or not the format named; an interval lies outside its
        text; a document is given twice; a concept is given two classes; the mapping is malformed.
    """
    if tool not in TOOLS:
        raise DataError(f"unknown tool {tool!r}: one of {', '.join(TOOLS)}")
    path = Path(path)
    raws, files = _READERS[tool](path)
    if not raws:
        raise DataError(f"{path}: no document in the file")
    when = datetime.fromtimestamp(max(f.stat().st_mtime for f in files), timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    vocabulary = _Vocabulary(read_mapping(mapping) if mapping else {})
    corpus = Source.of(against)
    known = known_concepts(corpus)
    names = {d[len(DOC_BASE):-len("/document")] for d in corpus.evidence().documents()
             if d.startswith(DOC_BASE) and d.endswith("/document")}  # a document of the corpus keeps its name
    readings, ids = [], {}
    for raw in raws:
        if raw.id is not None:
            if raw.id in ids:
                raise DataError(f"{raw.where}: document {_show(raw.id)} is given twice (first at {ids[raw.id]})")
            ids[raw.id] = raw.where
        name = _name(raw, path, names)
        doc = Document(raw.text, name, made_by=("tool", f"import from {tool}", when), known=known)
        readings.append(_Reading(raw, doc, vocabulary))
    _Concepts(known, vocabulary).assign(readings)
    for reading in readings:
        reading.write()
    turtle = "\n".join(r.doc.turtle() for r in readings)
    report = _report(readings, tool, path, vocabulary)
    report["read"] = sorted(str(f) for f in files)  # every file read (brat's .txt too): no output replaces one
    return turtle, report


def read_mapping(path):
    """Relation types to predicates: one ``type<TAB>predicate`` a line (blank lines and ``#`` comments
    skipped); the predicate a compact name (``ev:investsIn``) or a full IRI. Returns
    ``{type key: predicate IRI}``, the type as :func:`import_file` matches it.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "map.tsv")
    >>> with open(path, "w", encoding="utf-8") as f:
    ...     _ = f.write("# ours\\nPUTS_MONEY_INTO\\tev:investsIn\\n")
    >>> read_mapping(path)
    {'putmoneyinto': 'https://example.org/ev-kg/ontology#investsIn'}
    """
    text = _read_text(path, "mapping")
    found = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) != 2 or not cells[0].strip() or not cells[1].strip():
            raise DataError(f"{path}:{number}: expected 'type<TAB>predicate', found {_show(line)}")
        found[_key(cells[0])] = _expand(cells[1].strip(), f"{path}:{number}")
    return found


# ---- what a reader hands on: documents of items (entities, relation words) and links (relations)


@dataclass
class _Item:
    """Words a tool marked: ``words`` (None when the tool gives offsets only) at ``[begin, end)``
    (None when it gives none), with the tool's ``label``; ``regions`` bound the search (GraphRAG's
    text units)."""

    key: object
    where: str
    label: str = ""
    words: str = None
    begin: int = None
    end: int = None
    kind: str = "mention"
    regions: list = None
    note: str = None  # what the tool said of the interval (LangExtract's alignment_status)
    occurrence: bool = True  # one place in the text; False: a name, found anew for each relation (GraphRAG)


@dataclass
class _Link:
    """A relation of ``type`` between items (their keys, or for LangExtract their words:
    ``by_name``), with its own words (an :class:`_Item`, or None) and a modality the tool gave."""

    type: str
    subjects: list
    objects: list
    where: str
    words: _Item = None
    modality: str = None
    by_name: bool = False
    regions: list = None
    order: int = 0  # its place among the tool's items (LangExtract: the extraction's number)


@dataclass
class _Raw:
    """One document of the tool's file."""

    id: object
    text: str
    where: str
    items: dict = field(default_factory=dict)
    links: list = field(default_factory=list)
    ignored: Counter = field(default_factory=Counter)
    stem: str = None


# ---- reading files


def _read_bytes(path, what="file"):
    path = Path(path)
    if path.is_dir():
        raise DataError(f"{path}: a folder, not a {what}")
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise DataError(f"{path}: no such file") from e
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror or e}") from e
    if b"\x00" in data:
        raise DataError(f"{path}: a binary file, not a {what}")
    if not data.strip():
        raise DataError(f"{path}: an empty file")
    return data


def _read_text(path, what="file", encoding="utf-8-sig"):
    data = _read_bytes(path, what)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        line = data[:e.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not UTF-8 text ({e.reason})") from e


def _loads(text, where):
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise DataError(f"{where}: not JSON ({e.msg}, column {e.colno})") from e
    except RecursionError as e:
        raise DataError(f"{where}: JSON nested too deep") from e
    except ValueError as e:  # a number of more than 4,300 digits
        raise DataError(f"{where}: not JSON this reader accepts ({str(e).splitlines()[0]})") from e


def _json_records(path):
    """``(where, record)`` for each record of a JSON Lines file (or of a file that is one JSON array)."""
    text = _read_text(path, "JSON Lines file")
    try:
        whole = json.loads(text)
    except (ValueError, RecursionError):
        whole = None
    if isinstance(whole, list):
        return [(f"{path}: record {i}", record) for i, record in enumerate(whole, 1)]
    if isinstance(whole, dict):
        return [(str(path), whole)]
    records = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            records.append((f"{path}:{number}", _loads(line, f"{path}:{number}")))
    return records


def _show(value, width=60):
    text = repr(value)
    return text if len(text) <= width else text[:width - 3] + "..."


def _object(value, where, what):
    if not isinstance(value, dict):
        raise DataError(f"{where}: expected {what}, found {_show(value)}")
    return value


def _list(value, where, what):
    if value is None:
        return []
    if not isinstance(value, list):
        raise DataError(f"{where}: expected {what} (a list), found {_show(value)}")
    return value


def _string(value, where, what, optional=True):
    if value is None and optional:
        return None
    if not isinstance(value, str):
        raise DataError(f"{where}: {what} is {_show(value)}, not a string")
    return value


def _text(value, where):
    if value is None:
        raise DataError(f"{where}: the text is missing")
    text = _string(value, where, "the text", optional=False)
    if "\x00" in text:
        raise DataError(f"{where}: the text holds a NUL character")
    return text


def _offset(value, where, what):
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(f"{where}: {what} is {_show(value)}, not a whole number")
    return value


def _identifier(value, where, what):
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise DataError(f"{where}: {what} is {_show(value)}, not a string or a number")
    return value


def _truthy(value):
    if isinstance(value, list):
        return any(_truthy(v) for v in value)
    return value is True or (isinstance(value, str) and value.strip().lower() in _TRUE)


# ---- the five readers: each returns ([_Raw, ...], [files read])


def _langextract(path):
    """LangExtract's JSONL (``lx.io.save_annotated_documents``): ``document_id``, ``text``, ``extractions``."""
    raws = []
    for where, record in _json_records(path):
        record = _object(record, where, 'an annotated document (an object with "text" and "extractions")')
        raw = _Raw(_opt_id(record.get("document_id"), where), _text(record.get("text"), where), where)
        for n, x in enumerate(_list(record.get("extractions"), where, "extractions"), 1):
            at = f"{where}: extraction {n}"
            x = _object(x, at, "an extraction (an object)")
            cls = _string(x.get("extraction_class"), at, "extraction_class") or ""
            words = _string(x.get("extraction_text"), at, "extraction_text")
            interval = x.get("char_interval")
            begin = end = None
            if interval is not None:
                interval = _object(interval, at, 'a char_interval ({"start_pos", "end_pos"} or null)')
                begin = _offset(interval.get("start_pos"), at, "start_pos")
                end = _offset(interval.get("end_pos"), at, "end_pos")
            note = _string(x.get("alignment_status"), at, "alignment_status")
            attributes = x.get("attributes")
            attributes = {} if attributes is None else _object(attributes, at, "attributes (an object or null)")
            ends = next(((a, b) for a, b in _ENDS if a in attributes and b in attributes), None)
            item = _Item(n, at, cls, words, begin, end, note=note)
            if ends is None:
                raw.items[n] = item
                continue
            subjects, objects = (_names(attributes[e], at, e) for e in ends)
            kind = next((attributes[k] for k in _TYPE_ATTRIBUTES if isinstance(attributes.get(k), str)), None) or cls
            item.kind = "relation words"
            raw.links.append(_Link(kind, subjects, objects, at, words=item if words and words.strip() else None,
                                   modality=_modality_attributes(attributes, at), by_name=True, order=n))
        raws.append(raw)
    return raws, [path]


def _names(value, where, what):
    values = value if isinstance(value, list) else [value]
    if not values or not all(isinstance(v, str) and v.strip() for v in values):
        raise DataError(f"{where}: attribute {what!r} is {_show(value)}: not the words of an extraction")
    return values


def _modality_attributes(attributes, where):
    """The modality a LangExtract relation's attributes give: a negation, or a modality by name."""
    if any(_truthy(attributes.get(k)) for k in ("negated", "negation", "is_negated")) or \
            str(attributes.get("polarity", "")).strip().lower() in ("negative", "neg", "-"):
        return str(EV.Denied)
    given = attributes.get("modality")
    if given is None:
        return None
    return _string(given, where, "the modality attribute")  # a name, resolved by the vocabulary


def _opt_id(value, where):
    return None if value is None else _identifier(value, where, "the document's id")


def _doccano(path):
    """doccano's relation extraction JSONL: ``id``/``document_id``, ``text``, ``entities``, ``relations``
    (also its sequence labelling JSONL, ``label``: ``[[start, end, label], ...]``)."""
    raws = []
    for where, record in _json_records(path):
        record = _object(record, where, 'a doccano example (an object with "text" and "entities")')
        doc_id = record.get("document_id", record.get("id"))
        raw = _Raw(_opt_id(doc_id, where), _text(record.get("text"), where), where)
        if "entities" not in record and isinstance(record.get("label"), list):
            spans = []
            for n, span in enumerate(record["label"], 1):
                if not (isinstance(span, list) and len(span) == 3):
                    raise DataError(f"{where}: label {n} is {_show(span)}, not [start, end, label]")
                spans.append({"id": n, "start_offset": span[0], "end_offset": span[1], "label": span[2]})
        else:
            spans = _list(record.get("entities"), where, "entities")
        for n, entity in enumerate(spans, 1):
            at = f"{where}: entity {n}"
            entity = _object(entity, at, "an entity (an object)")
            key = _identifier(entity.get("id", n), at, "its id")
            if key in raw.items:
                raise DataError(f"{at}: entity id {_show(key)} is given twice")
            raw.items[key] = _Item(key, at, _string(entity.get("label"), at, "label") or "",
                                   _string(entity.get("text"), at, "text"),
                                   _offset(entity.get("start_offset"), at, "start_offset"),
                                   _offset(entity.get("end_offset"), at, "end_offset"))
        for n, relation in enumerate(_list(record.get("relations"), where, "relations"), 1):
            at = f"{where}: relation {n}"
            relation = _object(relation, at, "a relation (an object)")
            ends = [_identifier(relation.get(k), at, k) for k in ("from_id", "to_id")]
            for end in ends:
                if end not in raw.items:
                    raise DataError(f"{at}: names entity {_show(end)}, which the example does not have")
            raw.links.append(_Link(_string(relation.get("type"), at, "type") or _UNTYPED, [ends[0]], [ends[1]], at))
        raws.append(raw)
    return raws, [path]


_BRAT_TEXT = re.compile(r"(T[^\t ]*)\t([^\t ]+) ([0-9]+ [0-9]+(?:;[0-9]+ [0-9]+)*)(?:\t(.*))?")
_BRAT_RELATION = re.compile(r"(R[^\t ]*)\t([^\t ]+) ([^\t :]+):([^\t ]+) ([^\t :]+):([^\t ]+)[ \t]*")
_BRAT_OTHER = {"E": "event lines (E)", "A": "attribute lines (A)", "M": "modifier lines (M)",
               "N": "normalization lines (N)", "#": "note lines (#)", "*": "equivalence lines (*)"}


def _brat(path):
    """brat's standoff: ``FILE.ann`` beside ``FILE.txt``; T (text-bound) and R (relation) lines read."""
    ann = path.with_suffix(".ann") if path.suffix == ".txt" else path
    txt = ann.with_suffix(".txt")
    lines = _read_text(ann, "brat .ann file").splitlines()
    if not txt.is_file():
        raise DataError(f"{ann}: a brat .ann file needs its text beside it, {txt.name}")
    text = _read_text(txt, "text file", encoding="utf-8")  # brat counts a byte order mark as a character
    raw = _Raw(None, text, str(ann), stem=ann.stem)
    others, relations = {}, []
    for number, line in enumerate(lines, 1):
        at = f"{ann}:{number}"
        if not line.strip():
            continue
        match = _BRAT_TEXT.fullmatch(line)
        if match:
            key, label, spans, words = match.groups()
            if key in raw.items or key in others:
                raise DataError(f"{at}: annotation {key} is given twice")
            pieces = [tuple(_brat_number(x, at) for x in piece.split()) for piece in spans.split(";")]
            begin, end = pieces[0]
            if words is not None and len(pieces) > 1:  # fragments are joined by one space in the words
                words = words[:end - begin]
                raw.ignored["fragments after the first of a discontinuous span"] += len(pieces) - 1
            raw.items[key] = _Item(key, at, label, words, begin, end)
            continue
        match = _BRAT_RELATION.fullmatch(line)
        if match:
            relations.append((at, match.groups()))
            continue
        if line[0] in _BRAT_OTHER and "\t" in line:
            others[line.split("\t", 1)[0]] = line[0]
            raw.ignored[_BRAT_OTHER[line[0]]] += 1
            continue
        raise DataError(f"{at}: not a brat standoff line: {_show(line)}")
    for at, (key, kind, _, first, _, second) in relations:
        if any(end not in raw.items for end in (first, second)):
            if all(end in raw.items or end in others for end in (first, second)):
                raw.ignored["relations to events"] += 1
                continue
            raise DataError(f"{at}: relation {key} names an annotation the file does not have")
        raw.links.append(_Link(kind, [first], [second], at))
    return [raw], [ann, txt]


def _brat_number(text, where):
    try:
        return int(text)
    except ValueError as e:  # more than 4,300 digits
        raise DataError(f"{where}: offset {_show(text)} is too long a number") from e


def _label_studio(path):
    """Label Studio's JSON export: tasks with ``data.text`` and ``annotations[].result``."""
    tasks = _loads(_read_text(path, "Label Studio export"), str(path))
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list):
        raise DataError(f"{path}: expected Label Studio's JSON export (a list of tasks), found {_show(tasks)}")
    raws = []
    for i, task in enumerate(tasks, 1):
        where = f"{path}: task {i}"
        task = _object(task, where, 'a task (an object with "data" and "annotations")')
        data = _object(task.get("data"), where, 'the task\'s "data" (an object)')
        text = data.get("text")
        if text is None:
            strings = [v for v in data.values() if isinstance(v, str)]
            text = strings[0] if len(strings) == 1 else None
        if text is None:
            raise DataError(f"{where}: no data.text")
        raw = _Raw(_opt_id(task.get("id"), where), _text(text, where), where)
        raw.ignored["predictions"] += len(_list(task.get("predictions"), where, "predictions"))
        for a, annotation in enumerate(_list(task.get("annotations"), where, "annotations"), 1):
            at = f"{where}: annotation {a}"
            annotation = _object(annotation, at, "an annotation (an object)")
            if annotation.get("was_cancelled") is True:
                raw.ignored["cancelled annotations"] += 1
                continue
            relations = []
            for r, result in enumerate(_list(annotation.get("result"), at, "result"), 1):
                here = f"{at}: result {r}"
                result = _object(result, here, "a result (an object)")
                kind = result.get("type")
                if kind == "labels":
                    value = _object(result.get("value"), here, "its value (an object)")
                    key = (a, _identifier(result.get("id"), here, "its id"))
                    if key in raw.items:
                        raise DataError(f"{here}: region id {_show(key[1])} is given twice")
                    labels = [_string(x, here, "a label", optional=False)
                              for x in _list(value.get("labels"), here, "labels")]
                    if len(labels) > 1:
                        raw.ignored["labels after a region's first"] += len(labels) - 1
                    raw.items[key] = _Item(key, here, labels[0] if labels else "",
                                           _string(value.get("text"), here, "text"),
                                           _offset(value.get("start"), here, "start"),
                                           _offset(value.get("end"), here, "end"))
                elif kind == "relation":
                    relations.append((here, result))
                else:
                    raw.ignored[f"{kind if isinstance(kind, str) else 'untyped'} results"] += 1
            for here, result in relations:
                ends = [(a, _identifier(result.get(k), here, k)) for k in ("from_id", "to_id")]
                if any(end not in raw.items for end in ends):
                    raise DataError(f"{here}: the relation names a region the annotation does not have")
                if result.get("direction") == "left":
                    ends.reverse()
                labels = [_string(x, here, "a label", optional=False)
                          for x in _list(result.get("labels"), here, "labels")]
                for kind in labels or [_UNTYPED]:
                    raw.links.append(_Link(kind, [ends[0]], [ends[1]], here))
        raws.append(raw)
    return raws, [path]


def _graphrag(path):
    """GraphRAG's output tables (parquet) in a folder: entities, relationships, text units, and
    documents and covariates (claims) when present."""
    import pyarrow  # 0.24 s to import: only GraphRAG's tables need it
    import pyarrow.parquet

    folder = path if path.is_dir() else path.parent
    tables, files = {}, []
    for name in ("entities", "relationships", "text_units", "documents", "covariates"):
        found = next((folder / f for f in (f"{name}.parquet", f"create_final_{name}.parquet")
                      if (folder / f).is_file()), None)
        if found is None:
            if name in ("entities", "relationships", "text_units"):
                raise DataError(f"{folder}: no {name}.parquet: not GraphRAG's output folder")
            continue
        if found.stat().st_size == 0:
            raise DataError(f"{found}: an empty file")
        try:
            tables[name] = pyarrow.parquet.read_table(found).to_pylist()
        except (pyarrow.ArrowException, OSError, ValueError) as e:
            raise DataError(f"{found}: not a parquet table ({str(e).splitlines()[0] if str(e) else type(e).__name__})") from e
        files.append(found)
    return _graphrag_documents(tables, folder), files


def _graphrag_documents(tables, folder):
    """The documents of GraphRAG's tables: each document's text (``documents``, or its text units
    joined where they overlap), its entities (searched for in their text units) and relationships and
    claims (their two ends searched for in one sentence of their text units)."""
    units, ignored = {}, Counter()
    for n, row in enumerate(tables["text_units"], 1):
        at = f"{folder / 'text_units.parquet'}: row {n}"
        uid = _string(row.get("id"), at, "id", optional=False)
        docs = row.get("document_ids")
        if docs is None and row.get("document_id") is not None:
            docs = [row["document_id"]]
        docs = [_string(d, at, "a document id", optional=False) for d in _list(docs, at, "document_ids")]
        units[uid] = (_text(row.get("text"), at), docs)
    texts = {}  # document id -> (title, text, {unit id: (begin, end)})
    if "documents" in tables:
        for n, row in enumerate(tables["documents"], 1):
            at = f"{folder / 'documents.parquet'}: row {n}"
            did = _string(row.get("id"), at, "id", optional=False)
            if did in texts:
                raise DataError(f"{at}: document {_show(did)} is given twice")
            text = _text(row.get("text"), at)
            spans, start = {}, 0
            for uid, (unit, docs) in units.items():
                if did in docs:
                    k = text.find(unit, start)
                    k = text.find(unit) if k < 0 else k
                    if k < 0:
                        ignored["text units not found in their document (searched in the whole document)"] += 1
                    spans[uid] = (k, k + len(unit)) if k >= 0 else (0, len(text))
                    start = max(k, start)
            texts[did] = (_string(row.get("title"), at, "title") or did, text, spans)
    else:
        for did in sorted({d for _, docs in units.values() for d in docs}):
            texts[did] = (did, *_merge_units([(uid, unit) for uid, (unit, docs) in units.items() if did in docs]))
    raws = {did: _Raw(did, text, f"{folder}: document {_show(title)}", stem=title)
            for did, (title, text, _) in texts.items()}

    def documents(ids, at):
        """{document id: [regions]} of text unit ids."""
        ids = [_string(u, at, "a text unit id", optional=False) for u in _list(ids, at, "text_unit_ids")]
        found = {}
        for u in ids:
            for did in units.get(u, ((), ()))[1]:
                if did in texts and u in texts[did][2]:
                    found.setdefault(did, []).append(texts[did][2][u])
        return found

    for n, row in enumerate(tables["entities"], 1):
        at = f"{folder / 'entities.parquet'}: row {n}"
        title = _string(row.get("title", row.get("name")), at, "title", optional=False)
        kind = _string(row.get("type"), at, "type") or ""
        found = documents(row.get("text_unit_ids"), at)
        if not found:
            ignored["entities in no text unit"] += 1
        for did, regions in found.items():
            raws[did].items.setdefault(title, _Item(title, at, kind, title, regions=regions, occurrence=False))
    for n, row in enumerate(tables["relationships"], 1):
        at = f"{folder / 'relationships.parquet'}: row {n}"
        ends = [_string(row.get(k), at, k, optional=False) for k in ("source", "target")]
        kind = _string(row.get("type"), at, "type") or _UNTYPED
        found = documents(row.get("text_unit_ids"), at)
        if not found:
            ignored["relationships in no text unit"] += 1
        for did, regions in found.items():
            for end in ends:
                raws[did].items.setdefault(end, _Item(end, at, "", end, regions=regions, occurrence=False))
            raws[did].links.append(_Link(kind, [ends[0]], [ends[1]], at, regions=regions))
    for n, row in enumerate(tables.get("covariates", []), 1):
        at = f"{folder / 'covariates.parquet'}: row {n}"
        ends = [_string(row.get(k), at, k) for k in ("subject_id", "object_id")]
        unit = row.get("text_unit_id")
        found = documents([unit] if unit is not None else [], at)
        if not all(e and e.strip() and e.strip().upper() != "NONE" for e in ends) or not found:
            ignored["claims without a subject, an object or a text unit"] += 1
            continue
        status = (_string(row.get("status"), at, "status") or "").strip().upper()
        source = _string(row.get("source_text"), at, "source_text")
        kind = _string(row.get("type"), at, "type") or _UNTYPED
        for did, regions in found.items():
            raw, (lo, hi) = raws[did], regions[0]
            k = raw.text.find(source, lo, hi) if source and source.strip() else -1
            for end in ends:
                raw.items.setdefault(end, _Item(end, at, "", end, regions=regions, occurrence=False))
            raw.links.append(_Link(kind, [ends[0]], [ends[1]], at, regions=[(k, k + len(source))] if k >= 0 else regions,
                                   modality=str(EV.Denied) if status == "FALSE" else None))
    if raws:
        next(iter(raws.values())).ignored.update(ignored)
    return list(raws.values())


def _merge_units(units):
    """One text from text units that overlap (GraphRAG cuts a document into chunks that share tokens):
    ``(text, {unit id: (begin, end)})``."""
    text, spans = "", {}
    for uid, unit in units:
        start = len(text)
        head = unit[:40]
        k = text.find(head, max(0, len(text) - len(unit))) if head else -1
        while k >= 0:
            if unit.startswith(text[k:]):
                start = k
                break
            k = text.find(head, k + 1)
        if start == len(text) and text:
            text += "\n\n"
            start = len(text)
        text = text[:start] + unit
        spans[uid] = (start, start + len(unit))
    return text, spans


_READERS = {"langextract": _langextract, "doccano": _doccano, "brat": _brat, "label-studio": _label_studio,
            "graphrag": _graphrag}


def _name(raw, path, taken):
    """A document's name: the reader's own (brat's file name, GraphRAG's title), else the tool's id
    where it reads as a name, else the file's name and the id (or the record's place)."""
    if raw.stem:
        base = slug(raw.stem)
    else:
        base = slug(str(raw.id)) if raw.id is not None else ""
        if not re.match(r"[a-z]", base):
            base = f"{slug(path.stem)}-{base or slug(raw.where.rsplit(':', 1)[-1])}"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}-{n}", n + 1
    taken.add(name)
    return name


# ---- the vocabulary: classes, properties and modalities by name


def _words(name):
    """The words of a name: camelCase split, ``_`` and ``-`` as spaces."""
    text = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", str(name))
    return re.sub(r"[_\W]+", " ", text).split()


def _key(name):
    """How a type or a label is matched: normalized (:func:`normalize`), without spaces.

    Examples
    --------
    >>> _key("invests_in") == _key("Invests In") == _key("investsIn") == _key("INVESTS-IN")
    True
    """
    return normalize(" ".join(_words(name))).replace(" ", "")


def _camel(words, upper=True):
    """``CamelCase`` of words, in ASCII letters and digits; ``Concept`` and a hash where none is left."""
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode()
    parts = re.findall(r"[A-Za-z0-9]+", ascii_text)
    if not parts:
        return "Concept" + sha1(words.encode("utf-8")).hexdigest()[:8]
    name = "".join(p[0].upper() + p[1:] for p in parts)
    return name if upper else name[0].lower() + name[1:]


def _expand(name, where):
    """A predicate's IRI from a compact name (our prefixes) or a full IRI; ``ev:`` names must be declared."""
    name = name.strip("<>")
    prefix, _, local = name.partition(":")
    if prefix in PREFIXES and not local.startswith("//"):
        name = str(PREFIXES[prefix]) + local
    elif not re.match(r"[A-Za-z][A-Za-z0-9+.-]*://\S+\Z", name):
        raise DataError(f"{where}: {_show(name)} is neither a name with a known prefix nor a full IRI")
    if name.startswith(str(EV._NS)):
        try:
            EV[name[len(str(EV._NS)):]]
        except (AttributeError, KeyError) as e:
            raise DataError(f"{where}: {_show(name)} is not a term of the vocabulary") from e
    return name


class _Vocabulary:
    """The ontology's classes, properties and modalities, each under the keys a tool's names match."""

    def __init__(self, mapping):
        graph = load([ONTOLOGY])
        self.mapping = mapping
        self.classes = {_key(k): str(v) for k, v in CLASS_SYNONYMS.items()}
        for c in sorted(vocabulary_classes(graph)):
            for name in (str(c).rsplit("#", 1)[-1], label(graph, c)):
                self.classes[_key(name)] = str(c)
        self.properties = {}
        for p in sorted(relation_predicates(graph)):
            for name in (str(p).rsplit("#", 1)[-1], label(graph, p)):
                self.properties.setdefault(_key(name), str(p))
        self.aims = {str(EV.aimsAt)} | {str(p) for p in graph.subjects(RDFS.subPropertyOf, EV.aimsAt)}
        self.modalities = {}
        for m in sorted(graph.subjects(SKOS.inScheme, EV.ModalityScheme)):
            for name in (str(m).rsplit("#", 1)[-1], label(graph, m)):
                self.modalities[_key(name)] = str(m)
        self.unmapped = set()

    def cls(self, tool_label):
        """The class a tool's entity label names, or None."""
        return self.classes.get(_key(tool_label)) if tool_label and _words(tool_label) else None

    def predicate(self, kind, doc):
        """``(predicate IRI, denied)`` for a relation type: the mapping, the vocabulary, or the
        document's own property (declared in ``doc``, and remembered as unmapped). A type whose first
        word is "not" is the denial of the rest."""
        key = _key(kind)
        if key in self.mapping:
            return self._mapped(key, kind, doc), False
        words = normalize(" ".join(_words(kind))).split()
        denied = len(words) > 1 and words[0] == "not"
        if denied:
            key = "".join(words[1:])
            if key in self.mapping:
                return self._mapped(key, kind, doc), True
        if key in self.properties:
            return self.properties[key], denied
        plain = _words(kind)[1:] if denied else _words(kind)
        text = " ".join(plain).lower() or _UNTYPED
        self.unmapped.add(text)
        return doc.relation(doc.base + "vocab/" + _camel(text, upper=False), text), denied

    def _mapped(self, key, kind, doc):
        """The predicate the mapping gives; one outside our vocabulary is declared in the document."""
        iri = self.mapping[key]
        if not iri.startswith(str(EV._NS)):
            doc.relation(iri, " ".join(_words(kind)).lower())
        return iri

    def modality(self, given, predicate, denied, where):
        """The modality of a claim: a denial, the one the tool names, else an aim for ``ev:aimsAt`` and
        its kinds, else asserted as fact."""
        if denied:
            return str(EV.Denied)
        if given is not None:
            if given in self.modalities.values():
                return given
            found = self.modalities.get(_key(given[3:] if given.startswith("ev:") else given))
            if found is None:
                raise DataError(f"{where}: modality {_show(given)} is not one of the vocabulary's")
            return found
        return str(EV.AimOrPurpose) if predicate in self.aims else str(EV.AssertedFact)


# ---- finding words in a document's text


@dataclass(frozen=True)
class _Place:
    """Where words were found: ``[begin, end)``, how (kept, exact, ignoring case, fuzzy, snapped) and
    the score (difflib's ratio, case folded; for a snapped span the overlap with the claimed one)."""

    begin: int
    end: int
    how: str
    score: float = 1.0


class _Text:
    """A document's text and sentences, where words are looked for."""

    def __init__(self, doc):
        self.text, self.sentences = doc.text, doc.sentences
        self._begins = [s.begin for s in self.sentences]
        self._prefixes = None  # the first four letters of each word -> the sentences that have it
        self._all = [(i, s.begin, s.end) for i, s in enumerate(self.sentences)]  # every sentence, whole
        self._hits = {}  # words -> their hits in every sentence

    def sentence(self, begin, end):
        """The index of the sentence that holds ``[begin, end)``, or None."""
        i = bisect.bisect_right(self._begins, begin) - 1
        return i if i >= 0 and self.sentences[i].begin <= begin < end <= self.sentences[i].end else None

    def windows(self, regions=None, sentences=None):
        """``(sentence index, begin, end)``: the sentences (those of ``sentences``, else all), cut to the regions."""
        if regions is None and sentences is None:
            return self._all
        chosen = range(len(self.sentences)) if sentences is None else sentences
        found = []
        for i in chosen:
            s = self.sentences[i]
            for lo, hi in regions or [(s.begin, s.end)]:
                lo, hi = max(lo, s.begin), min(hi, s.end)
                if lo < hi:
                    found.append((i, lo, hi))
        return found

    def inside(self, position):
        """True when ``position`` falls between two letters or digits of one word."""
        t = self.text
        return 0 < position < len(t) and t[position - 1].isalnum() and t[position].isalnum()

    def whole(self, begin, end):
        """True when ``[begin, end)`` cuts no word at either end."""
        return not self.inside(begin) and not self.inside(end)

    def trim(self, begin, end):
        while begin < end and self.text[begin].isspace():
            begin += 1
        while end > begin and self.text[end - 1].isspace():
            end -= 1
        return begin, end

    def hits(self, words, windows):
        """``(sentence index, begin, end)`` of every place of ``words`` on whole words, ignoring case
        and spacing (the exact ones among them are those whose text is ``words``)."""
        if windows is self._all and words in self._hits:
            return self._hits[words]
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words.split()), re.IGNORECASE)
        if len(windows) < 8:
            return [(i, m.start(), m.end()) for i, lo, hi in windows for m in pattern.finditer(self.text, lo, hi)
                    if self.whole(m.start(), m.end())]
        within = {}  # many windows: one pass over the text, each match kept when inside a window of its sentence
        for i, lo, hi in windows:
            within.setdefault(i, []).append((lo, hi))
        found = []
        for m in pattern.finditer(self.text, min(lo for _, lo, _ in windows), max(hi for _, _, hi in windows)):
            i = self.sentence(m.start(), m.end())
            if i in within and self.whole(m.start(), m.end()) and \
                    any(lo <= m.start() and m.end() <= hi for lo, hi in within[i]):
                found.append((i, m.start(), m.end()))
        if windows is self._all:
            self._hits[words] = found
        return found

    def fuzzy_sentences(self, words):
        """The sentences a fuzzy match of ``words`` may stand in: those with a word that begins as one of
        the words begins (its first four letters); none for words too short to match fuzzily."""
        if len(words.strip()) < _SHORTEST_FUZZY:
            return set()
        if self._prefixes is None:
            self._prefixes = {}
            for i, s in enumerate(self.sentences):
                for token in _TOKEN.findall(s.text.casefold()):
                    self._prefixes.setdefault(token[:4], set()).add(i)
        tokens = [t for t in _TOKEN.findall(words.casefold()) if len(t) > 2]
        return set().union(*(self._prefixes.get(t[:4], set()) for t in tokens))

    def find(self, words, near=None, windows=None, forward=False):
        """The best place of ``words`` inside one sentence, on whole words: the exact words first,
        then the words ignoring case and spacing, then a fuzzy match; of equals, the one nearest
        ``near`` (after it first, when ``forward``). None when the words are not there."""
        words = (words or "").strip()
        if not words:
            return None
        windows = self.windows() if windows is None else windows

        def distance(begin):
            if near is None:
                return (False, begin)
            return (forward and begin < near, abs(begin - near))

        hits = self.hits(words, windows)
        exact = [(distance(b), b, e) for _, b, e in hits if self.text[b:e] == words]
        if exact:
            _, begin, end = min(exact)
            return _Place(begin, end, "exact")
        if hits:
            _, begin, end = min((distance(b), b, e) for _, b, e in hits)
            return _Place(begin, end, "ignoring case", _similarity(words, self.text[begin:end]))
        wanted = self.fuzzy_sentences(words)
        windows = sorted((w for w in windows if w[0] in wanted), key=lambda w: distance(w[1]))[:_FUZZY_SENTENCES]
        return self._fuzzy(words, windows, distance)

    def _fuzzy(self, words, windows, distance):
        """The stretch of whole words, in the windows, whose ratio with ``words`` is highest and reaches
        the threshold (of equals, the nearest); None when none does."""
        target = " ".join(words.casefold().split())
        n, best = len(target), None
        for _, lo, hi in windows:
            tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(self.text, lo, hi)]
            for a in range(len(tokens)):
                for c in range(a, len(tokens)):
                    begin, end = tokens[a][0], tokens[c][1]
                    if end - begin > 1.4 * n + 2:
                        break
                    if end - begin < 0.7 * n:
                        continue
                    matcher = SequenceMatcher(None, target, " ".join(self.text[begin:end].casefold().split()),
                                              autojunk=False)
                    if matcher.real_quick_ratio() < FUZZY_THRESHOLD or matcher.quick_ratio() < FUZZY_THRESHOLD:
                        continue
                    score = matcher.ratio()
                    if score >= FUZZY_THRESHOLD and (best is None or (-score, distance(begin)) < best[0]):
                        best = ((-score, distance(begin)), begin, end)
        if best is None:
            return None
        return _Place(best[1], best[2], "fuzzy", round(-best[0][0], 3))

    def snap(self, begin, end):
        """A span given without words, on whole words: itself when it cuts none; else both ends moved
        together by the least shift (up to 8 characters) that lands on whole words; else each end moved
        to its nearest word edge (inwards on a tie). None when no word is left."""
        t = self.text
        b, e = self.trim(begin, end)
        if b >= e:
            return None
        if self.whole(b, e):
            return _Place(b, e, "kept" if (b, e) == (begin, end) else "trimmed", _overlap((begin, end), (b, e)))
        for d in sorted(range(-_SHIFT, _SHIFT + 1), key=lambda d: (abs(d), d)):
            if d and 0 <= b + d < e + d <= len(t) and t[b + d].isalnum() and t[e + d - 1].isalnum() \
                    and self.whole(b + d, e + d):
                return _Place(b + d, e + d, "snapped to whole words", _overlap((begin, end), (b + d, e + d)))
        if self.inside(b):  # the start cuts a word: to its start, or to the next word's
            left = right = b
            while left > 0 and t[left - 1].isalnum():
                left -= 1
            while right < len(t) and t[right].isalnum():
                right += 1
            while right < len(t) and not t[right].isalnum():
                right += 1
            b = left if b - left < right - b else right
        if self.inside(e):  # the end cuts a word: to its end, or to the previous word's
            left = right = e
            while right < len(t) and t[right].isalnum():
                right += 1
            while left > 0 and t[left - 1].isalnum():
                left -= 1
            while left > 0 and not t[left - 1].isalnum():
                left -= 1
            e = left if e - left <= right - e else right
        b, e = self.trim(b, e)
        if b >= e:
            return None
        return _Place(b, e, "snapped to whole words", _overlap((begin, end), (b, e)))


def _similarity(a, b):
    return round(SequenceMatcher(None, " ".join(a.casefold().split()), " ".join(b.casefold().split()),
                                 autojunk=False).ratio(), 3)


def _overlap(a, b):
    union = max(a[1], b[1]) - min(a[0], b[0])
    return round(max(0, min(a[1], b[1]) - max(a[0], b[0])) / union, 3) if union else 0.0


# ---- one document: its items grounded, its relations made into claims


class _Reading:
    """One document of the file: its items grounded in its text, its links made into claims."""

    def __init__(self, raw, doc, vocabulary):
        self.raw, self.doc, self.vocabulary = raw, doc, vocabulary
        self.text = _Text(doc)
        self.places = {}  # item key -> _Place where it was first grounded
        self.outcome = {}  # item key -> ("kept" | "regrounded" | "dropped", reason or None)
        self.mentions = []  # (place, item): the concept mentions to write
        self.claims = []  # (subject place, link, object place, relation words' place or None)
        self.dropped = []  # {kind, text, reason, where}: claims and relation words left out
        self.concept_of = {}  # (begin, end) -> (concept IRI, class IRI), filled by _Concepts
        self.words = {link.words.key: link.words for link in raw.links if link.words is not None}
        for item in [*raw.items.values(), *self.words.values()]:
            if item.begin is not None and item.end is not None:
                self._check(item)
            elif item.words is None or not item.words.strip():
                self._drop(item, "no interval, and no words to look for")
        for link in raw.links:
            self._link(link)
        for item in list(raw.items.values()):
            if item.key not in self.outcome:  # no interval, and no relation found it
                self._alone(item)

    def items(self):
        """Every item of the document by key: its entities and its relations' words."""
        return {**self.words, **self.raw.items}

    # -- items with an interval

    def _check(self, item):
        text = self.text.text
        if item.begin < 0 or item.end > len(text) or item.begin > item.end:
            raise DataError(f"{item.where}: the interval [{item.begin}:{item.end}] lies outside the text "
                            f"(0..{len(text)})")
        if item.words is None:
            place = self.text.snap(item.begin, item.end)
            if place is None:
                return self._drop(item, "its interval holds no words")
            if self.text.sentence(place.begin, place.end) is None:
                return self._drop(item, self._not_in_sentence(place.begin, place.end))
            return self._ground(item, place)
        words = item.words.strip()
        if not words:
            return self._drop(item, "its words are empty")
        b, e = self.text.trim(item.begin, item.end)
        if text[b:e] == words and self.text.sentence(b, e) is not None:
            return self._ground(item, _Place(b, e, "kept"))
        place = self.text.find(words, near=item.begin)
        if place is None:
            return self._drop(item, self._not_in_sentence(b, e) if b < e and text[b:e] == words else self._absent())
        self._ground(item, place)

    def _not_in_sentence(self, begin, end):
        if any(s.begin < end and begin < s.end for s in self.text.sentences):
            return "it lies across a sentence boundary"
        return "it lies outside the sentences (in a title or a heading)"

    @staticmethod
    def _absent():
        return f"its words are not in any sentence of the text (fuzzy threshold {FUZZY_THRESHOLD})"

    def _ground(self, item, place):
        if item.key not in self.places:
            self.places[item.key] = place
            self.outcome[item.key] = ("kept" if place.how == "kept" else "regrounded", None)
        if item.kind == "mention":
            self.mentions.append((place, item))
        return place

    def _drop(self, item, reason):
        self.outcome.setdefault(item.key, ("dropped", reason))

    def _place(self, item):
        """Where an item stands for this relation: its one place, or None when it is to be found
        (no interval yet, or a GraphRAG name, found anew for each relation)."""
        return self.places.get(item.key) if item.occurrence else None

    def _alone(self, item):
        """An item without an interval that no relation grounded: its words, first after the item
        before it in the tool's order, in its regions."""
        keys = list(self.items())
        before = [self.places[k].end for k in keys[:keys.index(item.key)] if k in self.places]
        place = self.text.find(item.words, near=before[-1] if before else 0,
                               windows=self.text.windows(item.regions), forward=True)
        if place is None:
            return self._drop(item, self._absent())
        self._ground(item, place)

    # -- relations

    def _link(self, link):
        relation = self.places.get(link.words.key) if link.words is not None else None
        for subject_key in link.subjects:
            for object_key in link.objects:
                subject = self._end(link, subject_key, relation)
                obj = self._end(link, object_key, relation)
                self._claim(link, subject, obj, relation)

    def _end(self, link, key, relation):
        """The item a relation names: by its key, or (LangExtract) by its words: the extraction with
        those words nearest the relation (a new item to look for when no extraction has them)."""
        if not link.by_name:
            return self.raw.items[key]
        candidates = [i for i in self.raw.items.values() if i.words == key] or \
                     [i for i in self.raw.items.values() if i.words and normalize(i.words) == normalize(key)]
        if not candidates:
            return self.raw.items.setdefault(("words", key), _Item(("words", key), link.where, "", key))
        order = list(self.raw.items)

        def nearness(item):
            place = self.places.get(item.key)
            if relation is not None and place is not None:
                return (0, abs(place.begin - relation.begin))
            return (1, abs(order.index(item.key) - link.order) if isinstance(item.key, int) else 0)

        return min(candidates, key=nearness)

    def _claim(self, link, subject, obj, relation):
        said = f"{_said(subject, self.text.text)} | {link.type} | {_said(obj, self.text.text)}"
        if self.outcome.get(subject.key, ("",))[0] == "dropped" or self.outcome.get(obj.key, ("",))[0] == "dropped":
            return self._leave(said, link, "one of its ends was dropped")
        ends = [self._place(subject), self._place(obj)]
        if ends[0] is None and ends[1] is None:
            pair = self._pair(subject, obj, relation.begin if relation else None, link.regions)
            if pair is None:
                return self._leave(said, link, "its two ends are not found in one sentence"
                                   + (" of its text units" if link.regions else "") + ", or in two next to each other")
            ends = [self._ground(subject, pair[0]), self._ground(obj, pair[1])]
        elif None in ends:
            known, missing = (ends[1], subject) if ends[0] is None else (ends[0], obj)
            i = self.text.sentence(known.begin, known.end)
            near = [j for j in (i, i - 1, i + 1) if 0 <= j < len(self.text.sentences)]
            place = self.text.find(missing.words, near=known.begin, windows=self.text.windows(link.regions, near))
            if place is None:
                return self._leave(said, link, f"{_show(missing.words)} is not found in the sentence of the other "
                                   "end, or one next to it")
            ends[ends.index(None)] = self._ground(missing, place)
        if link.words is not None and link.words.key not in self.outcome:  # relation words without an interval
            sentences = sorted(self.text.sentence(p.begin, p.end) for p in ends)
            near = range(max(0, sentences[-1] - 1), min(len(self.text.sentences), sentences[0] + 2))
            place = self.text.find(link.words.words, near=ends[0].end, windows=self.text.windows(None, near))
            relation = self._ground(link.words, place) if place else self._drop(link.words, self._absent())
        elif link.words is not None and relation is None and self.outcome[link.words.key][0] != "dropped":
            relation = self.places[link.words.key]  # found for an earlier claim of the same relation
        self.claims.append((ends[0], link, ends[1], relation))

    def _leave(self, said, link, reason, kind="claim"):
        self.dropped.append({"kind": kind, "text": said, "reason": reason, "where": link.where})

    def _pair(self, subject, obj, near, regions):
        """The places of two ends in one sentence (else in two next to each other), in the regions: the
        best matches, then the nearest to ``near`` (else the first). Sentences where both have their
        words (ignoring case) are read first; then at most :data:`_FUZZY_SENTENCES` where a fuzzy match
        may be, the nearest first."""
        text, n = self.text, len(self.text.sentences)
        windows = text.windows(regions)
        found = [{i for i, _, _ in text.hits(item.words, windows)} for item in (subject, obj)]
        maybe = [found[k] | text.fuzzy_sentences(item.words) for k, item in enumerate((subject, obj))]
        for width in (1, 2):
            for sets, cap in ((found, None), (maybe, _FUZZY_SENTENCES)):
                starts = set.intersection(*({i - k for i in x for k in range(width)} for x in sets))
                chosen = [list(range(i, i + width)) for i in sorted(starts) if 0 <= i <= n - width]
                if near is not None:
                    chosen.sort(key=lambda g: abs(text.sentences[g[0]].begin - near))
                best = None
                for order, group in enumerate(chosen[:cap]):
                    inside = text.windows(regions, group)
                    a = text.find(subject.words, near=near, windows=inside)
                    b = a and text.find(obj.words, near=a.end, windows=inside)
                    if a and b and (a.begin, a.end) != (b.begin, b.end):
                        rank = (_TIER[a.how] + _TIER[b.how], -(a.score + b.score), order)
                        if best is None or rank < best[0]:
                            best = (rank, a, b)
                if best:
                    return best[1], best[2]
        return None

    # -- writing

    def write(self):
        """Add the grounded mentions and claims to the document (their concepts set by :class:`_Concepts`)."""
        doc, text = self.doc, self.text
        for place, _ in self.mentions:
            concept, cls = self.concept_of[(place.begin, place.end)]
            doc.mention(place.begin, place.end, concept, cls, status=_PROPOSED)
        unused = {key: "no claim of its relation was made" for key in self.words}
        for s_place, link, o_place, relation in self.claims:
            predicate, denied = self.vocabulary.predicate(link.type, doc)
            modality = self.vocabulary.modality(link.modality, predicate, denied, link.where)
            subject, obj = doc.mention(s_place.begin, s_place.end), doc.mention(o_place.begin, o_place.end)
            said = f"{text.text[s_place.begin:s_place.end]} | {link.type} | {text.text[o_place.begin:o_place.end]}"
            ends = [text.sentence(p.begin, p.end) for p in (s_place, o_place)]
            if abs(ends[0] - ends[1]) > 1:
                self._leave(said, link, "its ends lie more than one sentence apart")
                continue
            words = new = None
            if relation is not None:
                at = text.sentence(relation.begin, relation.end)
                if max(ends + [at]) - min(ends + [at]) <= 1:
                    before = len(doc.mentions)
                    words = doc.mention(relation.begin, relation.end, status=_PROPOSED)
                    new = len(doc.mentions) > before
                elif unused.get(link.words.key):
                    unused[link.words.key] = "they lie too far from the claim's ends (the claim is kept without them)"
            try:
                doc.statement(subject, predicate, obj, modality, relation_mention=words, status=_PROPOSED)
            except DataError as e:  # the document refuses it (the same claim said with two modalities)
                if new:  # its relation words are not stored either
                    del doc.mentions[words]
                self._leave(said, link, str(e).split(": ", 1)[-1])
                continue
            if words is not None:
                unused.pop(link.words.key, None)
        for key, reason in unused.items():  # relation words no statement holds are not stored
            if self.outcome.get(key, ("dropped",))[0] != "dropped" or key not in self.outcome:
                self.outcome[key] = ("dropped", reason)


def _said(item, text):
    if item.words is not None:
        return item.words
    return text[item.begin:item.end] if item.begin is not None and item.end is not None else str(item.key)


_TIER = {"kept": 0, "exact": 0, "trimmed": 0, "ignoring case": 1, "fuzzy": 2, "snapped to whole words": 2}


class _Concepts:
    """Which concept each mention names: a concept of the corpus whose label or alternative label is
    its words (normalized), else a new ``kg:`` concept whose class is the tool's label's; one class
    per concept across all the documents."""

    def __init__(self, known, vocabulary):
        self.known, self.vocabulary = known, vocabulary
        self.by_name = {}
        for iri in sorted(known):
            cls, pref, lab, alt = known[iri]
            for name in (pref, lab, *alt):
                self.by_name.setdefault(normalize(name), iri)

    def assign(self, readings):
        new = {}  # normalized words -> IRI, first seen
        classes = {}  # new IRI -> {class: where}
        labels = {}
        for reading in readings:
            for place, item in reading.mentions:
                words = reading.text.text[place.begin:place.end]
                name = normalize(words)
                iri = self.by_name.get(name)
                if iri is None:
                    iri = new.setdefault(name, str(KG) + _camel(words))
                    labels.setdefault(iri, _label_of(words, reading.text, place))
                if iri not in self.known:
                    cls = self.vocabulary.cls(item.label)
                    if cls:
                        where = f"{reading.doc.name} ({item.where})"
                        found = classes.setdefault(iri, {})
                        found.setdefault(cls, where)
                        if len(found) > 1:
                            (c1, w1), (c2, w2) = list(found.items())[:2]
                            raise DataError(f"{iri} is given two classes: {_local(c1)} in {w1} and "
                                            f"{_local(c2)} in {w2}")
                reading.concept_of[(place.begin, place.end)] = iri
        for reading in readings:
            for key, iri in reading.concept_of.items():
                if iri in self.known:
                    cls = self.known[iri][0]
                    reading.doc.concept(iri, cls, self.known[iri][1])
                else:
                    cls = next(iter(classes.get(iri, {})), str(EV.Concept))
                    reading.doc.concept(iri, cls, labels[iri])
                reading.concept_of[key] = (iri, cls)


def _label_of(words, text, place):
    """A new concept's label: its words, one space between them; a capital that only starts the
    sentence is lowered where the text has the word in lower case too."""
    label_text = " ".join(words.split())
    first = label_text.split(" ", 1)[0]
    starts = any(s.begin == place.begin for s in text.sentences)
    if starts and first[:1].isupper() and first[1:].islower() and \
            re.search(r"(?<!\w)" + re.escape(first.lower()) + r"(?!\w)", text.text):
        label_text = first.lower() + label_text[len(first):]
    return label_text


def _local(iri):
    return "ev:" + iri[len(str(EV._NS)):] if iri.startswith(str(EV._NS)) else iri


# ---- the report


def _report(readings, tool, path, vocabulary):
    per_document, regrounded, dropped = [], [], []
    ignored = Counter()
    for r in readings:
        name, items = r.doc.name, r.items()
        counts = Counter(outcome for outcome, _ in r.outcome.values())
        for key, (outcome, reason) in r.outcome.items():
            item = items[key]
            if outcome == "regrounded":
                place = r.places[key]
                regrounded.append({
                    "document": name, "kind": item.kind, "text": _said(item, r.text.text),
                    "claimed": None if item.begin is None or item.end is None else [item.begin, item.end],
                    "found": r.text.text[place.begin:place.end], "begin": place.begin, "end": place.end,
                    "how": place.how, "score": place.score, **({"tool_status": item.note} if item.note else {})})
            elif outcome == "dropped":
                dropped.append({"document": name, "kind": item.kind, "text": _said(item, r.text.text),
                                "reason": reason, "where": item.where})
        dropped += [{"document": name, **d} for d in r.dropped]
        ignored.update(r.raw.ignored)
        concepts = {iri for iri, _ in r.concept_of.values()}
        per_document.append({
            "document": name, "id": r.raw.id, "iri": r.doc.document, "title": r.doc.title,
            "sentences": len(r.doc.sentences), "mentions": len(r.doc.mentions), "kept_exact": counts["kept"],
            "regrounded": counts["regrounded"], "dropped": counts["dropped"], "claims": len(r.doc.statements),
            "claims_dropped": sum(1 for d in r.dropped if d["kind"] == "claim"),
            "concepts_known": len(concepts & set(r.doc.known)), "concepts_new": len(concepts - set(r.doc.known))})
    kept = sum(d["kept_exact"] for d in per_document)
    claims = sum(d["claims"] for d in per_document)
    unmapped = sorted(vocabulary.unmapped)
    lost = sum(1 for d in dropped if d["kind"] != "claim")
    lost_claims = sum(1 for d in dropped if d["kind"] == "claim")
    n = len(readings)
    summary = (f"Imported {n} document{_s(n)}: {kept} mention{_s(kept)} kept exact, {len(regrounded)} re-grounded, "
               f"{lost} dropped; {claims} claim{_s(claims)}")
    notes = [f"{lost_claims} dropped"] if lost_claims else []
    if unmapped:
        notes.append(f"{len(unmapped)} relation type{_s(len(unmapped))} not in the vocabulary: " + ", ".join(unmapped))
    summary += f" ({'; '.join(notes)})" if notes else ""
    if ignored:
        summary += "; not read: " + ", ".join(f"{what}: {count}" for what, count in sorted(ignored.items()))
    return {"summary": summary + ".", "tool": tool, "file": display_path(path), "documents": n,
            "kept_exact": kept, "regrounded": regrounded, "dropped": dropped, "claims": claims,
            "unmapped_types": unmapped, "ignored": dict(sorted(ignored.items())),
            "fuzzy_threshold": FUZZY_THRESHOLD, "per_document": per_document}


def _s(n):
    return "" if n == 1 else "s"
