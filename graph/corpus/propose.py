"""Proposals from a text: the mentions and claims a careful reader would check first.

:func:`propose` reads a plain text or Markdown document and returns it as a
:class:`~graph.corpus.document.Document` whose every mention and statement is a proposal
(``ev:status ev:Proposed``, made by the tool ``propose``), with a report. It proposes

- **mentions of the concepts the corpus knows**: their labels, alternative labels and the words
  of the corpus's earlier mentions (``nif:Phrase`` texts with ``itsrdf:taIdentRef``), found in
  the text word for word (inflections and a leading descriptive adjective aside), each linked to
  its concept;
- **mentions of new candidate concepts**: the noun phrases that take part in a proposed claim
  (a noun with its premodifiers and its *of/for/to/towards* complement, as the guide's §1 and §6
  cut them), with a class guessed from the head noun (§5; ``ev:Concept`` where nothing says better);
- **claims** between two mentions of one sentence: subject, verb group, object, with coordination
  distributed, participles and purpose infinitives given the subject of their clause, relative
  clauses the noun they modify (§1); the predicate and the modality (§2) are read from the words
  that carry the relation, which become the statement's relation mention; a negated relation is
  proposed as the claim it denies, with the modality ``ev:Denied`` (§9).

Which words carry which predicate and which modality is learned (:func:`learn_cues`) from the
curated statements of the article (each one's ``ev:relationMention`` words with its
``rdf:predicate`` and ``ev:modality``), the vocabulary's labels, domains and ranges, and the
modality table of ``docs/annotation-guide.md`` (§2); the result ships in the package as
``graph/corpus/propose_cues.json`` (``python -m graph.corpus.propose`` writes it again; a test
checks it is up to date). Part of speech comes from TextBlob's Pattern tagger, whose English
lexicon is inside its wheel: nothing is downloaded, and the same input gives the same bytes.

Examples
--------
>>> import tempfile, os
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "notes.txt")
>>> _ = open(path, "w").write("Notes\\n\\nGermany does not invest in research and development.\\n")
>>> doc, report = propose(path)
>>> [(st.subject.rsplit("/", 1)[-1], st.predicate.rsplit("#", 1)[-1], st.modality.rsplit("#", 1)[-1])
...  for st in doc.statements.values()]
[('Germany', 'investsIn', 'Denied')]
>>> report["summary"]
'Proposed 2 mentions (2 of known concepts, 0 new) and 1 claim in 1 sentence.'
"""

import json
import re
import sys
from collections import Counter
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path

from textblob.en import lexicon as _LEXICON  # Pattern's English lexicon, inside TextBlob's wheel
from textblob.en import parser as _PATTERN  # its tagger: lexicon, then suffix rules (TextBlob's PatternTagger)

from ..errors import DataError
from ..evidence.compare import normalize
from ..namespace import EV, KG
from ..resources import ONTOLOGY, TRIPLES
from ..source import Source
from .document import Document, known_concepts, read_document

__all__ = ["propose", "learn_cues", "load_cues", "write_cues", "tokenize", "tag", "CUES_FILE", "MAX_LINE",
           "MAX_SENTENCE", "MAX_CHARS", "GUIDE_CUES"]

#: The learned cues, shipped with the package (:func:`write_cues` writes them from the installed data).
CUES_FILE = Path(__file__).with_name("propose_cues.json")
#: The longest line a document may have (characters): past it, it is no prose (one line, exit code 2).
MAX_LINE = 100_000
#: The longest sentence read for claims (characters); a longer one keeps its known mentions only.
MAX_SENTENCE = 3_000
#: The largest document read (characters): a larger one is refused with one line (its Turtle, written by
#: Document.turtle, takes time that grows with sentences times mentions: a minute near this size).
MAX_CHARS = 1_000_000

_EV, _KG = str(EV._NS), str(KG)
_PROPOSED = str(EV.Proposed)

# ---- the cue words of docs/annotation-guide.md, §2 (modality), §3 (adjectives), §5 (classes), §9 (denials)
#: Transcribed from the guide; tests/test_propose.py checks that each word is still in it.
GUIDE_CUES = {
    # §2, rule 2: "signals, signifies, indicates or suggests"
    "signal": ["signal", "signify", "indicate", "suggest"],
    # §2, rule 3: "places itself, or strives to be", "are positioning themselves"
    "aspiration": ["position", "place", "strive"],
    # §2, rule 4: "increasingly", "has transitioned", and the change verbs
    "trend_words": ["increasingly"],
    "change_verbs": ["transform", "reimagine", "restructure", "reshape", "replace", "adapt", "transition",
                     "experience"],
    # §2, rule 5: a copula, "represent(s)" or "stand(s) at" with an evaluative or figurative noun
    "evaluative_nouns": ["vanguard", "forefront", "crucible", "tapestry", "crossroads", "bottleneck", "laboratories",
                         "imperative", "reimagining"],
    "evaluative_verbs": ["represent", "stand", "remain"],
    # §3: descriptive adjectives (praise, degree, age) make no new concept
    "descriptive": ["advanced", "sophisticated", "cutting-edge", "pioneering", "complex", "comprehensive",
                    "unprecedented", "remarkable", "existing"],
    # §5: "approach", "strategy", "solution" are ev:Strategy wherever they occur; what a challenge is
    "strategy_heads": ["approach", "strategy", "solution"],
    "challenge_heads": ["challenge", "uncertainty", "tension", "constraint", "complexity"],
    # §9: a negation that is not about the relation is no denial
    "not_denials": ["not just", "no longer merely"],
}
# Hedges that say the writer's or others' judgment (§2, rule 5) and words of degree or age that the
# guide's list stands for (§3: "praise, degree, age"); kept apart from the guide's own words.
_JUDGMENT_VERBS = {"see", "regard", "consider", "view", "deem"}
_MORE_DESCRIPTIVE = {"new", "greater", "better", "high", "higher", "low", "lower", "significant", "major", "same", "next",
                     "current"}

# a stem that lost a final e before -ing or -ed: one vowel between consonants (imagin-, minimiz-), -at-, -iz-
_SILENT_E = re.compile(r"(?:[^aeiou][aeiou][bcdgklmnprstvz]|[aeiou][^aeiouwxy]at|iz|ur|uc|ag|ac|ud|ut|ir|bl|pl|us|iv)$")
_TOKEN = re.compile(r"\d+(?:[.,]\d+)+|\w+(?:[-'’]\w+)*|[^\w\s]")
_DETERMINERS = {"the", "a", "an", "these", "this", "those", "that", "every", "each", "all", "some", "any", "many",
                "several", "such", "both", "their", "its", "our", "his", "her", "my", "your", "no", "other",
                "various", "most", "more", "few", "much", "same"}
_PRONOUNS = {"they", "it", "them", "we", "he", "she", "itself", "themselves", "this", "these", "those", "that",
             "their", "its", "which", "who", "what", "i", "you", "us", "one"}
_AUX = {"be", "have", "do", "will", "can", "may", "might", "must", "shall", "should", "would", "could", "being", "been"}
_LIGHT = {"be", "have", "do", "make", "get", "become", "seem", "go", "take", "put", "give", "come", "let", "keep",
          "remain", "arrive", "say", "want", "need", "use-up"}
_COMPLEMENTS = {"of", "for", "to", "towards", "toward"}
_QUANTITY = {"billion", "million", "trillion", "thousand", "hundred", "number", "lot", "range", "variety", "amount",
             "deal", "host", "series", "majority", "dozen", "plenty"}
_PARTICLES = {"together", "out", "up", "down", "away", "back", "forward", "apart", "over"}
_NEGATION = {"not", "n't", "never"}
_IRREGULAR = {"is": "be", "are": "be", "was": "be", "were": "be", "am": "be", "been": "be", "being": "be", "be": "be",
              "'s": "be", "has": "have", "had": "have", "having": "have", "does": "do", "did": "do", "done": "do",
              "seen": "see", "saw": "see", "made": "make", "written": "write", "wrote": "write", "grown": "grow",
              "grew": "grow", "taken": "take", "took": "take", "led": "lead", "built": "build", "brought": "bring",
              "driven": "drive", "drove": "drive", "set": "set", "put": "put", "held": "hold", "kept": "keep",
              "began": "begin", "begun": "begin", "became": "become", "shown": "show", "given": "give", "gave": "give",
              "went": "go", "gone": "go", "got": "get", "gotten": "get", "found": "find", "stood": "stand",
              "thought": "think", "felt": "feel", "left": "leave", "meant": "mean", "run": "run", "ran": "run",
              "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise", "spent": "spend", "sought": "seek",
              "won": "win", "lost": "lose", "paid": "pay", "sold": "sell", "told": "tell", "understood": "understand",
              "undergone": "undergo", "underwent": "undergo", "undergoes": "undergo", "goes": "go"}


# ---- words: tokens, part of speech, lemmas

_IRREGULAR_BASES = frozenset(_IRREGULAR.values())


def tokenize(text, start=0):
    """``[(begin, end, word)]`` of ``text``: words (with inner hyphens and apostrophes), numbers and
    single punctuation marks, offsets counted from ``start``.

    Examples
    --------
    >>> [w for _, _, w in tokenize("AI-driven control (EV), 3.5 times.")]
    ['AI-driven', 'control', '(', 'EV', ')', ',', '3.5', 'times', '.']
    """
    return [(start + m.start(), start + m.end(), m.group()) for m in _TOKEN.finditer(text)]


def tag(words):
    """Penn Treebank tags of ``words`` (one sentence), by TextBlob's Pattern tagger: the lexicon of its
    wheel, then its suffix rules for unknown words; offline and deterministic.

    Examples
    --------
    >>> tag(["Germany", "does", "not", "invest", "in", "research", "."])
    ['NNP', 'VBZ', 'RB', 'VB', 'IN', 'NN', '.']
    """
    return [t for _, t in _PATTERN.find_tags(list(words))] if words else []


@lru_cache(maxsize=65536)
def _verb_lemma(word):
    """The base form of a verb form (``investing`` -> ``invest``), checked against the lexicon.

    Examples
    --------
    >>> [_verb_lemma(w) for w in ("investing", "setting", "reimagined", "prioritizes", "retrained", "is")]
    ['invest', 'set', 'reimagine', 'prioritize', 'retrain', 'be']
    """
    w = word.lower()
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    candidates = []
    if w.endswith("ing") and len(w) > 4:
        stem = w[:-3]
        candidates = [stem, stem + "e"] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
    elif w.endswith("ied") and len(w) > 4:
        candidates = [w[:-3] + "y"]
    elif w.endswith("ed") and len(w) > 3:
        stem = w[:-2]
        candidates = [stem, w[:-1]] + ([stem[:-1]] if len(stem) > 2 and stem[-1] == stem[-2] else [])
    elif w.endswith("ies") and len(w) > 4:
        candidates = [w[:-3] + "y"]
    elif w.endswith(("sses", "shes", "ches", "xes", "zzes", "oes")):
        candidates = [w[:-2], w[:-1]]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")) and len(w) > 3:
        candidates = [w[:-1]]
    for c in candidates:
        if _LEXICON.get(c, "").startswith("VB"):
            return c
    if len(candidates) > 1 and w.endswith(("ing", "ed")) and _SILENT_E.search(candidates[0]) and \
            not candidates[0].endswith(("en", "er", "on", "or", "el", "ow")):
        return candidates[1]
    for c in candidates:
        if _LEXICON.get(c, "").startswith(("NN", "JJ")) and len(c) > 2:
            return c
    return candidates[0] if candidates else w


@lru_cache(maxsize=65536)
def _noun_lemma(word):
    """A noun in the singular, lower case, as compare matches names."""
    return normalize(word) or word.lower()


class _Tok:
    """A word of a sentence: its offsets, text, tag, lower case and lemma."""

    __slots__ = ("begin", "end", "text", "tag", "low", "lemma")

    def __init__(self, begin, end, text, pos):
        self.begin, self.end, self.text, self.tag, self.low = begin, end, text, pos, text.lower()
        self.lemma = _verb_lemma(text) if pos.startswith(("VB", "MD")) else (
            _noun_lemma(text) if pos.startswith("NN") else self.low)

    def __repr__(self):
        return f"{self.text}/{self.tag}"


def _tagged(text, begin=0):
    """The :class:`_Tok` words of one sentence ``text`` starting at ``begin``, tags corrected where a
    noun-looking word stands where the clause needs its verb (see :func:`_fix_verbs`)."""
    spans = tokenize(text, begin)
    tags = tag([w for _, _, w in spans])
    toks = [_Tok(b, e, w, t if re.match(r"\w", w) or t in _PUNCTUATION_TAGS else "SYM") for (b, e, w), t in zip(spans, tags)]
    _fix_verbs(toks)
    return toks


def _could_be_verb(tok):
    """Whether a word tagged as a noun has a verb form in the lexicon (``face``: ``faced``)."""
    w = tok.low
    stems = [w[:-1]] if w.endswith("s") and not w.endswith("ss") else [w]
    if w.endswith("es"):
        stems.append(w[:-2])
    for s in stems:
        if _LEXICON.get(s, "").startswith("VB") or s in _IRREGULAR_BASES:
            return True
        for past in (s + "ed", s + "d", s + s[-1:] + "ed", s[:-1] + "ied"):
            if _LEXICON.get(past, "") in ("VBD", "VBN"):
                return True
    return False


_BE = {"is", "are", "was", "were", "be", "been", "being", "am", "'s", "'re"}
_DO = {"do", "does", "did", "will", "can", "may", "might", "must", "shall", "should", "would", "could"}
_SUBORDINATE_LEADS = {"as", "while", "when", "because", "although", "though", "if", "since", "whereas", "once"}
_PUNCTUATION_TAGS = {",", ".", ":", "(", ")", "``", "''", "#", "$"}
_SUBORDINATORS = {"where", "when", "while", "whereas", "because", "although", "that", "which", "who"}
_NP_START = ("DT", "JJ", "JJR", "JJS", "PRP", "PRP$", "CD")


def _fix_verbs(toks):
    """Pattern's lexicon has one tag a word: ``face``, ``plans``, ``fear``, ``use`` are nouns to it.
    A noun-tagged word that has a verb form in the lexicon becomes a verb after ``do``/``does``/a
    modal (``do not use``), after ``to`` before a noun phrase (``to drive the``), as an ``-ing`` form
    after ``be`` (``are engineering``), and, in a clause (up to a comma, colon or semicolon) that has
    a subject and no finite verb, the first such word after its first noun (one that a determiner,
    an adjective, ``to`` or a preposition follows before one that a noun follows)."""
    n = len(toks)
    for i, t in enumerate(toks):
        if t.tag not in ("NN", "NNS", "JJ") or not i:
            continue
        j = i - 1
        while j > 0 and toks[j].tag.startswith("RB"):
            j -= 1
        prev, nxt = toks[j], toks[i + 1] if i + 1 < n else None
        if (prev.low in _DO and t.tag != "JJ" and _could_be_verb(t)) or (
                prev.low in _BE and t.low.endswith("ing") and t.tag != "JJ" and nxt is not None
                and nxt.tag in ("DT", "JJ", "NN", "NNS", "PRP$")) or (
                prev.low == "to" and j == i - 1 and t.tag != "JJ" and nxt is not None and nxt.tag in _NP_START
                and _could_be_verb(t)):
            _make_verb(t, "VBG" if t.low.endswith("ing") else "VB")
    for i, t in enumerate(toks):  # "a fundamental reimagining of": a gerund is a noun
        if t.tag == "VBG" and i and toks[i - 1].tag in ("DT", "JJ", "PRP$") and (
                i + 1 == n or toks[i + 1].tag in ("IN", ",", ".", ":", "SYM")):
            t.tag, t.lemma = "NN", t.low
    for i, t in enumerate(toks):  # "developing advanced battery", "in advanced digital skills": adjectives
        if t.tag in ("VBD", "VBN", "VBG") and 0 < i < n - 1 and toks[i + 1].tag.startswith(("NN", "JJ")) and (
                toks[i - 1].tag in ("IN", "DT", "PRP$", "CC", "JJ", ",") and t.tag != "VBG" or
                toks[i - 1].tag.startswith("VB") and toks[i - 1].lemma not in _AUX):
            t.tag, t.lemma = "JJ", t.low
    start = 0
    for stop in [i for i, t in enumerate(toks) if t.text in ",;:—–()" or t.low in _SUBORDINATORS] + [n]:
        clause = toks[start:stop]
        start = stop + 1 if stop < n and toks[stop].low not in _SUBORDINATORS else stop
        if any(t.tag in ("VBZ", "VBP", "VBD", "MD") for t in clause) or any(
                t.tag.startswith("VB") and i and clause[i - 1].tag.startswith(("VB", "MD", "RB"))
                for i, t in enumerate(clause)):
            continue
        strong, weak, seen_noun = None, None, False
        for i, t in enumerate(clause[:-1]):
            nxt = clause[i + 1]
            if seen_noun and t.tag in ("NN", "NNS", "VB") and _could_be_verb(t):
                if nxt.tag in _NP_START or nxt.tag in ("TO", "IN", "VBG", "RB") or nxt.low in _DETERMINERS:
                    strong = strong or t
                elif nxt.tag in ("NN", "NNS"):
                    weak = weak or t
            if t.tag.startswith("NN") or t.tag == "PRP":
                seen_noun = True
        verb = strong or weak
        if verb is not None:
            _make_verb(verb, "VBZ" if verb.low.endswith("s") else "VBP")


def _make_verb(tok, pos):
    tok.tag, tok.lemma = pos, _verb_lemma(tok.text)


# ---- learning the cues

_COMMON_PREPOSITIONS = {"in", "with", "from", "to", "within", "at", "on", "by", "for", "of", "as", "into", "through"}


def _rel_keys(words, relation_nouns):
    """The keys under which relation words are learned and looked up, most specific first.

    The main verb is the first verb that is no auxiliary (a participle before a noun is an adjective:
    "pioneering *groundbreaking* approaches"); a relation noun (one of ``relation_nouns``, or any noun
    when it is ``None``) is the last of the words after it; the preposition closes the words. With a
    relation noun: ``verb noun prep``, ``noun prep``, ``noun`` ("demonstrating a commitment to");
    without: ``verb particle prep``, ``verb prep``, ``verb`` ("are investing in"). Words with no
    verb and no noun give ``@`` and the words ("despite")."""
    verbs = [t for i, t in enumerate(words) if t.tag.startswith("VB") and t.lemma not in _AUX
             and not (t.tag in ("VBG", "VBN") and i + 1 < len(words) and words[i + 1].tag.startswith(("NN", "JJ"))
                      and any(x.tag.startswith("VB") and x.lemma not in _AUX for x in words[:i]))]
    main = verbs[0] if verbs else None
    verb = main.lemma if main else ("be" if any(t.low in _BE for t in words) else None)
    after = words[words.index(main) + 1:] if main else words
    nouns = [t.lemma for t in after if t.tag.startswith("NN") and (relation_nouns is None or t.lemma in relation_nouns)]
    noun = nouns[-1] if nouns else None
    particle = next((t.low for t in after if t.low in _PARTICLES), None)
    last = words[-1]
    prep = last.low if (last.tag in ("IN", "TO", "RP") or last.low in ("than", "beyond", "that")) and (
        last is not main) else None
    if noun:
        candidates = ((verb, noun, prep), (noun, prep), (noun,))
    elif verb and (verb != "be" or prep):
        candidates = ((verb, particle, prep), (verb, prep), (verb, particle), (verb,))
        if verb == "be":
            candidates = candidates[:2]
    else:
        candidates = ()
    keys = []
    for parts in candidates:
        if all(parts) and " ".join(parts) not in keys:
            keys.append(" ".join(parts))
    if not verb and not noun and " ".join(t.low for t in words) not in _COMMON_PREPOSITIONS:
        keys.append("@" + " ".join(t.low for t in words))
    return keys


def _specific(keys):
    """The keys one curated saying teaches: all but the bare verb when a preposition or a noun makes
    it more specific ("facing ... challenges from" says nothing of "face" alone)."""
    return keys if len(keys) <= 1 or " " not in keys[0] else [k for k in keys if " " in k or k.startswith("@")] or keys


def _local(iri):
    return str(iri).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def learn_cues(data=None):
    """Learn the cues from the curated data ``data`` (RDF files; default: the article's graph and the
    vocabulary, as installed): a dict ready for JSON, the same for the same data.

    - ``predicates``: relation-word keys (:func:`_rel_keys`) -> ``{predicate: weight}``, from every
      curated statement's ``ev:relationMention`` (weight 1 each; a purpose infinitive "to V" teaches
      V's effect predicate, an aim's kind its base) and from every property's ``rdfs:label`` and the
      verbs its ``rdfs:comment`` names before "the object" (weight 2: the vocabulary's own sense);
    - ``relation_nouns``: nouns that carry the relation in the curated relation words and head no
      concept's label (``vanguard``, ``bottleneck``), and the agent nouns of the properties' verbs
      (``leader``);
    - ``modality_words``: lemmas of relation words whose every curated statement has one modality
      other than asserted fact;
    - ``heads``: head noun -> class, from the concepts' labels (their majority) and the classes'
      labels and comments;
    - ``properties``: each property's domain and range (classes, unions as lists), whether it is
      symmetric, and its kind of aim; ``classes``: each class's superclasses.
    """
    from rdflib import BNode, Graph
    from rdflib.namespace import OWL, RDF, RDFS

    files = [str(p) for p in (data or (TRIPLES, ONTOLOGY))]
    source = Source(data=files, engine="rdflib")
    graph: Graph = source.graph()
    evidence = source.evidence()

    def classes_of(node):
        if isinstance(node, BNode):
            members = graph.value(node, OWL.unionOf)
            return [_local(x) for x in graph.items(members)] if members is not None else []
        return [_local(node)] if node is not None else []

    properties = {}
    for p in sorted(set(graph.subjects(RDF.type, OWL.ObjectProperty))):
        if not str(p).startswith(_EV):
            continue
        aim = "aimsAt" if (p, RDFS.subPropertyOf, EV.aimsAt) in graph or p == EV.aimsAt else None
        properties[_local(p)] = {"label": str(graph.value(p, RDFS.label) or _local(p)),
                                 "domain": classes_of(graph.value(p, RDFS.domain)),
                                 "range": classes_of(graph.value(p, RDFS.range)),
                                 "symmetric": (p, RDF.type, OWL.SymmetricProperty) in graph,
                                 "aim": aim}
    classes = {}
    for c in sorted(set(graph.subjects(RDF.type, OWL.Class))):
        if str(c).startswith(_EV):
            chain, todo = [], [c]
            while todo:
                x = todo.pop()
                for sup in sorted(graph.objects(x, RDFS.subClassOf)):
                    if str(sup).startswith(_EV) and _local(sup) not in chain:
                        chain.append(_local(sup))
                        todo.append(sup)
            classes[_local(c)] = chain
    effect_of_aim = {"aimsToImprove": "improves", "aimsToReduce": "reduces"}

    predicates, modality_seen = {}, {}

    def learn(keys, predicate, weight):
        for k in keys:
            row = predicates.setdefault(k, {})
            row[predicate] = row.get(predicate, 0) + weight

    # the curated statements' relation words, in their sentence's tagging
    concepts = known_concepts(source)
    label_heads = set()
    for iri, (cls, label, _, alt) in concepts.items():
        for name in (label, *alt):
            words = re.split(r"\s+(?:of|for|to|towards)\s+", name)[0].split()
            if words:
                label_heads.add(_noun_lemma(words[-1]))
    curated, sentence_words = [], {}
    mentions = evidence.mentions_by_statement()
    for (s, p, o), statements in sorted(evidence.statement_terms().items(), key=lambda kv: str(kv[0])):
        if p is None or not str(p).startswith(_EV):
            continue
        for st in statements:
            modality = _local(evidence.one(str(st), str(EV.modality)) or "")
            for m in mentions.get(st, {}).get("relation") or []:
                if m.begin < 0 or m.sentence is None:
                    continue
                key = str(m.sentence)
                if key not in sentence_words:
                    text, begin, _, _ = evidence.sentence(key)
                    sentence_words[key] = _tagged(text, begin or 0)
                words = [t for t in sentence_words[key] if m.begin <= t.begin and t.end <= m.end]
                subject = (mentions.get(st, {}).get("subject") or [None])[0]
                obj = (mentions.get(st, {}).get("object") or [None])[0]
                # "X is being written in Y": the object before the words, the subject after them
                inverse = subject is not None and obj is not None and subject.begin >= m.end and obj.end <= m.begin
                if words and not any(t.tag.startswith("VB") for t in words) and words[0].tag.startswith("NN") \
                        and len(words) > 1 and words[1].tag in ("IN", "TO") and _could_be_verb(words[0]):
                    _make_verb(words[0], "VBZ")  # "intersects with": a verb the tagger took for a noun
                if words:
                    curated.append((words, _local(p), modality, inverse))

    # relation nouns: nouns after the verb of curated relation words that head no concept's name, and
    # the nouns of the vocabulary's own labels ("is a kind of"), and the agent nouns of its verbs ("leader")
    relation_nouns = set()
    for words, predicate, _, _ in curated:
        verbs = [t for t in words if t.tag.startswith("VB") and t.lemma not in _AUX]
        for t in (words[words.index(verbs[0]) + 1:] if verbs else words):
            if t.tag.startswith("NN") and t.lemma not in label_heads and t.lemma not in _QUANTITY:
                relation_nouns.add(t.lemma)
    agent_nouns = {}
    for name, prop in properties.items():
        words = _tagged(prop["label"])
        if words and words[0].low == "is":
            relation_nouns.update(t.lemma for t in words if t.tag.startswith("NN"))
        elif words and not prop["aim"] and not any(t.tag.startswith("NN") for t in words[1:]):
            lemma = _verb_lemma(words[0].text)
            noun = lemma + ("r" if lemma.endswith("e") else "er")
            if _LEXICON.get(noun, "").startswith("NN"):
                agent_nouns[noun] = name
    relation_nouns |= set(agent_nouns)

    direction = {}
    for words, predicate, modality, inverse in curated:
        if words[0].low == "to" and len(words) > 1 and words[1].tag.startswith("VB"):
            effect = effect_of_aim.get(predicate)  # "to improve" teaches improve -> improves
            if effect:
                learn(_specific(_rel_keys(words[1:], relation_nouns)), effect, 1)
            continue
        if predicate == "isKindOf" and len(words) == 1:
            continue  # "from ... to ...": a range, no relation words to reuse
        keys = _specific(_rel_keys(words, relation_nouns))
        learn(keys, predicate, 1)
        for k in keys:
            direction.setdefault(k, set()).add(inverse)
        for t in words:
            if t.tag.startswith(("VB", "NN", "RB")) and t.lemma not in _AUX:
                modality_seen.setdefault(t.lemma, Counter())[modality] += 1
    # a word says a modality when every curated statement it carries has that one (not asserted, not an
    # aim: those are no words' doing), at least twice
    modality_words = {w: next(iter(c)) for w, c in sorted(modality_seen.items())
                      if len(c) == 1 and sum(c.values()) >= 2 and not {"AssertedFact", "AimOrPurpose"} & set(c)}

    # the vocabulary: labels, and the verbs its comments name ("The subject reduces or minimizes the object")
    for name, prop in properties.items():
        if prop["aim"]:
            continue
        words = _tagged(prop["label"])
        if words and words[0].low != "is":
            _make_verb(words[0], "VBZ")
        learn(_rel_keys(words, relation_nouns), name, 2)
        comment = str(graph.value(EV[name], RDFS.comment) or "")
        phrases = []
        head = re.match(r"The subject(?:, [^,]+,)? (.+?) the object", comment)
        if head:
            phrases += re.split(r", | or ", head.group(1))
        listed = re.search(r"the object[^:]*: ([a-z ,]+?)(?:\.|$)", comment)
        if listed:
            phrases += listed.group(1).split(", ")
        for phrase in phrases:
            words = phrase.split()
            if not words or not words[0].endswith("s") or words[0] in ("is", "has", "makes", "puts", "acts", "takes",
                                                                        "brings", "calls", "goes", "holds", "shows"):
                continue
            toks = _tagged(phrase)
            _make_verb(toks[0], "VBZ")
            learn(_rel_keys(toks, relation_nouns), name, 2)
    for noun, name in agent_nouns.items():
        learn([noun], name, 2)
    nouns = sorted(relation_nouns)

    # classes by head noun: the guide's words, the concepts' labels, the classes' labels and comments
    heads, votes = {}, {}
    for iri, (cls, label, _, alt) in sorted(concepts.items()):
        if not cls or not cls.startswith(_EV):
            continue
        for name in {label, *alt}:
            words = re.split(r"\s+(?:of|for|to|towards)\s+", name)[0].split()
            if words and not re.search(r"\b(remains?|is|are)\b", name) and not words[-1][:1].isupper():
                votes.setdefault(_noun_lemma(words[-1]), Counter())[_local(cls)] += 1
    for head, c in votes.items():
        (best, n), *rest = sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))
        if not rest or rest[0][1] < n:
            heads[head] = best
    comment_votes = {}
    for c in classes:
        if c in ("Concept", "Actor", "Workforce"):
            continue
        label = str(graph.value(EV[c], RDFS.label) or "")
        comment = str(graph.value(EV[c], RDFS.comment) or "")
        words = {label.split()[-1]} if label else set()
        first = re.split(r"\. | that | which ", comment)[0]
        pieces = re.split(r", | or | and |: |\(|\)", first)
        for piece in pieces:
            piece = re.split(r" of | in | to ", piece.strip())[0].split()
            if piece and piece[-1].isalpha():
                words.add(piece[-1].lower())
        for w in words:
            comment_votes.setdefault(_noun_lemma(w), set()).add(c)
    for w, cs in comment_votes.items():
        if len(cs) == 1 and w not in heads and _LEXICON.get(w, "NN").startswith("NN") and w not in ("group", "kind", "part", "body", "field", "end", "something",
                                                          "thing", "state", "article", "actor", "effect", "world", "work", "people"):
            heads[w] = next(iter(cs))
    for w in GUIDE_CUES["strategy_heads"]:
        heads[w] = "Strategy"
    for w in GUIDE_CUES["challenge_heads"]:
        heads[w] = "Challenge"

    return {
        "about": "Cues of `python -m graph propose`, learned by graph.corpus.propose.learn_cues from the article's "
                 "curated statements and the vocabulary; regenerate with `python -m graph.corpus.propose`.",
        "predicates": {k: dict(sorted(v.items())) for k, v in sorted(predicates.items())},
        "relation_nouns": nouns,
        "inverse": sorted(k for k, seen in direction.items() if seen == {True}),
        "modality_words": modality_words,
        "heads": dict(sorted(heads.items())),
        "properties": properties,
        "classes": classes,
    }


def write_cues(path=CUES_FILE):
    """Learn the cues from the installed data and write them to ``path`` (JSON); return the path."""
    Path(path).write_text(json.dumps(learn_cues(), indent=1, ensure_ascii=False, sort_keys=False) + "\n",
                          encoding="utf-8")
    return Path(path)


_CUES = None


def load_cues():
    """The shipped cues (:data:`CUES_FILE`), read once."""
    global _CUES
    if _CUES is None:
        try:
            _CUES = json.loads(CUES_FILE.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise DataError(f"{CUES_FILE}: the cues of propose cannot be read ({e}); run "
                            "`python -m graph.corpus.propose` to write them") from e
    return _CUES


# ---- the corpus: the concepts it knows and the words that name them

_CORPORA = {}


class _Corpus:
    """What a corpus (``against``) gives a document: its concepts (:func:`known_concepts`) and a
    dictionary of the words that name them: labels first, then alternative labels, then the words
    of its mentions that name one concept and are a name (no pronoun, no verb, no description
    pointing back: "these facilities")."""

    def __init__(self, against):
        source = Source.of(against)
        self.known = known_concepts(source)
        entries = {}

        def add(words, concept, rank):
            key = tuple(_norm(w) for _, _, w in tokenize(words))
            if key and (key not in entries or entries[key][1] > rank):
                entries[key] = (concept, rank)

        for iri, (cls, label, _, alt) in sorted(self.known.items()):
            add(label, iri, 0)
            for a in alt:
                add(a, iri, 1)
        evidence = source.evidence()
        said = {}
        for m in evidence.mention_list():
            if m.concept is None or str(m.concept) not in self.known or m.begin < 0:
                continue
            words = m.text.strip()
            if not words or words.lower() in _PRONOUNS:
                continue
            context = evidence.text_of(evidence.reference(str(m.iri)) or "") or ""
            before = context[max(0, m.begin - 40):m.begin].split()
            if before and before[-1].lower() in ("these", "this", "those", "their", "its", "our", "such"):
                continue
            toks = _tagged(words)
            if not toks or not toks[-1].tag.startswith("NN") and len(toks) == 1:
                continue
            said.setdefault(words.lower(), set()).add(str(m.concept))
        for words, concepts in sorted(said.items()):
            if len(concepts) == 1:
                add(words, next(iter(concepts)), 2)
        self.first = {}
        for key, (concept, rank) in entries.items():
            self.first.setdefault(key[0], []).append((key, concept))
        for key in self.first:
            self.first[key].sort(key=lambda kc: (-len(kc[0]), kc[0]))

    @classmethod
    def of(cls, against):
        """The corpus of ``against``, read once per process (by its files and their modification times)."""
        files = None if against is None else tuple(str(p) for p in ([against] if isinstance(against, (str, Path))
                                                                    else against))
        stamp = tuple((f, Path(f).stat().st_mtime_ns if Path(f).is_file() else None) for f in files or ())
        key = (files, stamp)
        if key not in _CORPORA:
            _CORPORA.clear()
            _CORPORA[key] = cls(list(files) if files else None)
        return _CORPORA[key]

    def spans(self, toks):
        """``{start: (end, concept)}``: the longest known names in the words ``toks``, left to right."""
        found, i, n = {}, 0, len(toks)
        norms = [_norm(t.text) for t in toks]
        while i < n:
            hit = None
            for key, concept in self.first.get(norms[i], ()):
                if tuple(norms[i:i + len(key)]) == key:
                    hit = (i + len(key), concept)
                    break
            if hit:
                found[i] = hit
                i = hit[0]
            else:
                i += 1
        return found


_NORMS = {}


def _norm(word):
    """A word as names are matched: lower case, singular (compare's rule); punctuation as it is."""
    found = _NORMS.get(word)
    if found is None:
        found = normalize(word) or word.lower()
        if len(_NORMS) < 200_000:
            _NORMS[word] = found
    return found


# ---- a sentence read: noun phrases, verb groups, claims

class _NP:
    """A noun phrase: words ``[i, j)`` of the sentence, the concept it names (known, or new with a
    label and a class), or a pronoun."""

    __slots__ = ("i", "j", "concept", "label", "cls", "head", "pronoun", "plural", "known_head", "referent")

    def __init__(self, i, j, head, concept=None, pronoun=False):
        self.i, self.j, self.head, self.concept, self.pronoun = i, j, head, concept, pronoun
        self.label = self.cls = self.known_head = self.referent = None
        self.plural = False


class _VG:
    """A verb group: words ``[i, j)``; ``main`` the index of its main verb; whether it is negated,
    judged ("is widely seen as"), passive."""

    __slots__ = ("i", "j", "main", "negated", "judged", "passive")

    def __init__(self, i, j, main):
        self.i, self.j, self.main = i, j, main
        self.negated = self.judged = self.passive = False


class _W:
    """Any other word: a preposition, a conjunction, punctuation."""

    __slots__ = ("i",)

    def __init__(self, i):
        self.i = i


class _Claim:
    __slots__ = ("subject", "obj", "rel", "keys", "verb", "negated", "purpose", "signal", "judged", "sentence")

    def __init__(self, subject, obj, rel, keys, verb, negated=False, purpose=False, signal=False, judged=False):
        self.subject, self.obj, self.rel, self.keys, self.verb = subject, obj, rel, keys, verb
        self.negated, self.purpose, self.signal, self.judged = negated, purpose, signal, judged


class _Sentence:
    """One sentence of the document: its words, their known names, then its items (noun phrases, verb
    groups, other words) and the claims they make."""

    def __init__(self, reader, sentence):
        self.reader, self.cues = reader, reader.cues
        self.sentence = sentence
        self.toks = _tagged(sentence.text, sentence.begin)
        self.known = reader.corpus.spans(self.toks)
        self.items = self._items()
        self.claims = []

    # -- words

    def _is_noun(self, k):
        t = self.toks[k]
        return t.tag.startswith("NN") or t.tag == "CD" and k + 1 < len(self.toks) and self.toks[k + 1].tag.startswith("NN")

    def _modifier_at(self, k):
        """Whether word ``k`` can stand inside a noun phrase before its noun."""
        toks, n = self.toks, len(self.toks)
        t = toks[k]
        nxt = toks[k + 1] if k + 1 < n else None
        if nxt is None:
            return False
        nounish = nxt.tag.startswith(("NN", "JJ", "VBN", "VBG")) or k + 1 in self.known or nxt.tag == "CD"
        if t.tag in ("JJ", "JJR", "JJS") and t.low not in _DETERMINERS:
            return nounish or nxt.low in ("and", ",") and k + 2 < n and toks[k + 2].tag.startswith(("JJ", "RB"))
        if t.tag in ("VBN", "VBG"):
            if not (nxt.tag.startswith("NN") or k + 1 in self.known):
                return False
            prev = toks[k - 1] if k else None
            if prev is not None and (prev.tag.startswith(("VB", "MD", "TO", "RB")) or prev.low in _NEGATION
                                     or prev.low in ("by", "but", "while", "without")):
                return False
            # a verb the cues know ("reducing carbon footprints") is a verb but after a determiner or an adjective
            return not (t.lemma in self.cues["predicates"] and t.tag == "VBG") or (
                prev is not None and prev.tag in ("DT", "PRP$", "JJ", "JJR", "IN"))
        if t.tag.startswith("RB") and t.low.endswith("ly"):
            return nxt.tag in ("JJ", "VBN") and k + 2 < n and (toks[k + 2].tag.startswith(("NN", "JJ")) or k + 2 in self.known)
        if t.low in ("and", ",") and k and toks[k - 1].tag.startswith("JJ"):
            return nxt.tag.startswith(("JJ", "RB")) and k + 2 < n
        return False

    def _np_at(self, k, attach=True):
        """The noun phrase that starts at word ``k`` (after determiners), or ``None``."""
        toks, n = self.toks, len(self.toks)
        start = k
        while start < n and (toks[start].low in _DETERMINERS and toks[start].tag in ("DT", "PRP$", "JJ", "WDT", "IN")
                             or toks[start].tag == "PRP$"):
            start += 1
        if start >= n:
            return None
        t = toks[start]
        if t.tag == "PRP" and t.low in ("they", "it", "them", "itself", "themselves") and start == k:
            return _NP(start, start + 1, start, pronoun=True)
        m, last_noun, known_at = start, None, None
        while m < n:
            if m in self.known:
                end = self.known[m][0]
                known_at, last_noun, m = m, end - 1, end
                continue
            if self._is_noun(m):
                last_noun, m = m, m + 1
                continue
            if toks[m].text == "(" and m + 2 < n and toks[m + 2].text == ")" and last_noun == m - 1:
                m += 3  # "electric vehicle (EV) manufacturing"
                continue
            if self._modifier_at(m):
                m += 1
                continue
            break
        if last_noun is None:
            return None
        np = _NP(start, last_noun + 1, last_noun)
        np.plural = toks[last_noun].tag in ("NNS", "NNPS")
        if known_at is not None and self.known[known_at][0] == np.j:
            prefix = toks[start:known_at]
            if all(x.low in GUIDE_CUES["descriptive"] or x.low in _MORE_DESCRIPTIVE or x.low in ("and", ",")
                   for x in prefix):
                np.concept = self.known[known_at][1]
            else:
                np.known_head = self.known[known_at][1]
        # an of/for/to/towards complement is part of the name (guide, §1)
        j = np.j
        if attach and j + 1 < n and toks[j].low in _COMPLEMENTS and toks[last_noun].lemma not in self.cues["relation_nouns"] \
                and toks[last_noun].lemma not in _QUANTITY and not (toks[j].low == "to" and (
                    toks[j + 1].tag.startswith("VB") or any(x.low == "from" for x in toks[:start]))):
            inner = self._np_at(j + 1, attach=False)
            if inner is not None and not inner.pronoun:
                whole = _NP(start, inner.j, last_noun)
                whole.plural = np.plural
                hit = self.known.get(start)
                whole.concept = hit[1] if hit and hit[0] == inner.j else None
                return whole
        return np

    def _vg_at(self, k):
        """The verb group that starts at word ``k`` (a verb or a modal), or ``None``."""
        toks, n = self.toks, len(self.toks)
        if not toks[k].tag.startswith(("VB", "MD")):
            return None
        m, main, negated = k, None, False
        while m < n:
            t = toks[m]
            if t.tag.startswith(("VB", "MD")):
                if t.lemma not in _AUX and main is None and not (
                        t.tag in ("VBG", "VBN") and main is None and m + 1 < n and toks[m + 1].tag.startswith("NN")
                        and m > k and toks[m - 1].tag.startswith("VB") and toks[m - 1].lemma not in _AUX):
                    main = m
                m += 1
            elif t.low in _NEGATION or t.low == "no" and m + 1 < n and toks[m + 1].low == "longer":
                if t.low == "no":
                    m += 1
                after = toks[m + 1].low if m + 1 < n else ""
                negated = negated or after not in ("just", "merely", "only", "simply")
                m += 1
            elif t.tag.startswith("RB") and m + 1 < n and (toks[m + 1].tag.startswith(("VB", "RB")) or
                                                           toks[m + 1].low in _NEGATION):
                m += 1
            elif t.tag.startswith("RB") and (t.low in _PARTICLES) and m > k:
                m += 1
            elif t.tag == "PRP" and t.low in ("itself", "themselves") and m > k:
                m += 1
            else:
                break
        while m > k + 1 and toks[m - 1].tag.startswith("RB") and toks[m - 1].low not in _PARTICLES | _NEGATION | {"longer"}:
            m -= 1
        vg = _VG(k, m, main if main is not None else next(i for i in range(k, m) if toks[i].tag.startswith(("VB", "MD"))))
        vg.negated = negated
        vg.passive = any(toks[i].lemma == "be" for i in range(k, vg.main)) and toks[vg.main].tag == "VBN"
        # "is widely seen as enabling": the judgment and the verb it judges are one group
        if toks[vg.main].lemma in _JUDGMENT_VERBS and m + 1 < n and toks[m].low == "as":
            vg.judged = True
            if toks[m + 1].tag == "VBG":
                vg.j, vg.main, vg.passive = m + 2, m + 1, False
        return vg

    def _items(self):
        toks, n, items, k = self.toks, len(self.toks), [], 0
        while k < n:
            t = toks[k]
            starts_np = k in self.known or t.tag.startswith(("NN", "JJ", "PRP", "DT", "CD")) or (
                t.tag in ("VBN", "VBG") and self._modifier_at(k) and not (k and toks[k - 1].text in ",;" and t.tag == "VBG"))
            np = self._np_at(k) if starts_np and not (t.tag == "DT" and t.low in ("that", "which")) else None
            if np is not None:
                items.append(np)
                k = np.j
                continue
            vg = self._vg_at(k)
            if vg is not None:
                items.append(vg)
                k = vg.j
                continue
            items.append(_W(k))
            k += 1
        return items

    # -- claims

    def word(self, item):
        return self.toks[item.i].low if isinstance(item, _W) else None

    def _np_list(self, pos):
        """Coordinated noun phrases from item ``pos`` ("A, B, and C"; commas only in a list that "and" or
        "or" closes); "X like A and B" gives the examples A and B (guide, §1). Returns (phrases, next position)."""
        items, found, seps = self.items, [], []
        while pos < len(items) and isinstance(items[pos], _NP):
            found.append(items[pos])
            nxt = pos + 1
            if nxt + 1 < len(items) and self.word(items[nxt]) == "like" and isinstance(items[nxt + 1], _NP):
                examples, after = self._np_list(nxt + 1)
                found[-1:] = examples
                return found, after
            if nxt + 2 < len(items) and self.word(items[nxt]) == "," and self.word(items[nxt + 1]) in ("and", "or") \
                    and isinstance(items[nxt + 2], _NP):
                seps.append((len(found), "and"))
                pos = nxt + 2
            elif nxt + 1 < len(items) and self.word(items[nxt]) in ("and", "or", ",") and isinstance(items[nxt + 1], _NP) \
                    and not (self.word(items[nxt]) == "," and self._verb_follows(nxt + 1)):
                seps.append((len(found), "and" if self.word(items[nxt]) != "," else ","))
                pos = nxt + 1
            else:
                pos = nxt
                break
        if seps and all(kind == "," for _, kind in seps):  # "Despite X, Y are": no list
            first = seps[0][0]
            return found[:first], self._after(found[first - 1])
        return found, pos

    def _verb_follows(self, pos):
        """Whether the noun phrases from item ``pos`` are a clause's subject (a verb group follows them)."""
        items = self.items
        while pos < len(items) and (isinstance(items[pos], _NP) or self.word(items[pos]) in ("and", "or", ",")):
            if self.word(items[pos]) in ("and", "or"):
                return False  # "A, B, and C are": a list
            pos += 1
        while pos < len(items) and isinstance(items[pos], _W) and self.toks[items[pos].i].tag.startswith("RB"):
            pos += 1
        return pos < len(items) and isinstance(items[pos], _VG)

    def _after(self, item):
        return self.items.index(item) + 1

    def read(self):
        """The claims of the sentence (:class:`_Claim`), in the order of the text: each of its clauses
        (split at semicolons, and at a dash that a clause follows) in turn."""
        whole, start = self.items, 0
        for q in range(len(whole) + 1):
            if q == len(whole) or self.word(whole[q]) == ";" or (
                    self.word(whole[q]) in ("—", "–") and self._subject_at(q + 1, whole)):
                self.items = whole[start:q]
                if self.items:
                    self._clause(0)
                start = q + 1
        self.items = whole
        return self.claims

    def _subject_at(self, pos, items):
        saved, self.items = self.items, items
        try:
            return pos < len(items) and isinstance(items[pos], _NP) and self._verb_follows(pos)
        finally:
            self.items = saved

    def _clause(self, pos):
        """Read one clause from item ``pos``: a frame that says a signal, leading adverbials and
        subordinate clauses, the subjects, a set-off modifier, the predicate."""
        items = self.items
        signal = False
        # a frame that says a signal: "Early results suggest that S"
        for q, item in enumerate(items[pos:], pos):
            if isinstance(item, _VG) and self.toks[item.main].lemma in GUIDE_CUES["signal"] and q + 1 < len(items) \
                    and self.word(items[q + 1]) == "that":
                pos, signal = q + 2, True
                break
        pp, deferred = [], None
        while pos < len(items) and isinstance(items[pos], _W):
            w = self.toks[items[pos].i]
            if w.tag in ("RB", "CC", ",") or w.text == ",":
                pos += 1
                continue
            if w.low in _SUBORDINATE_LEADS and pos + 1 < len(items) and isinstance(items[pos + 1], _NP) and \
                    self._verb_follows(pos + 1):
                # "As geopolitical dynamics reshape global transportation strategies, ...": a clause of its own
                subjects, q = self._np_list(pos + 1)
                while q < len(items) and isinstance(items[q], _W) and self.toks[items[q].i].tag.startswith("RB"):
                    q += 1
                q = self._predicate(q, subjects, signal=signal)
                if q < len(items) and self.word(items[q]) == ",":
                    pos = q + 1
                    continue
                return self.claims
            if w.low == "by" and pos + 1 < len(items) and isinstance(items[pos + 1], _VG):
                # "By integrating X, implementing Y, ..., they are establishing": the main clause's subject
                main = next((q + 1 for q in range(pos + 2, len(items)) if self.word(items[q]) == "," and
                             q + 1 < len(items) and isinstance(items[q + 1], _NP) and self._verb_follows(q + 1)), None)
                if main is None:
                    return self.claims
                deferred, pos = pos + 1, main
                break
            if w.tag == "IN":
                cue, end = self._pp_cue(pos)
                objects, after = self._np_list(end)
                while after + 1 < len(items) and isinstance(items[after], _W) and \
                        self.toks[items[after].i].tag in ("IN", "TO") and isinstance(items[after + 1], _NP):
                    more, after = self._np_list(after + 1)  # "From X to Y,", "In an era of X,"
                    cue = None if not cue or len(more) else cue
                if after < len(items) and self.word(items[after]) == ",":
                    if cue and objects:
                        pp.append((cue, self.toks[items[pos].i].begin, self.toks[items[end - 1].i].end, objects))
                    pos = after + 1
                    continue
            break
        subjects, pos = self._np_list(pos)
        if not subjects:
            return self.claims
        # a set-off modifier of the subject: "Supply chain complexities, particularly regarding X, require"
        if pos + 1 < len(items) and self.word(items[pos]) == ",":
            q = pos + 1
            while q < len(items) and isinstance(items[q], _W) and self.toks[items[q].i].tag.startswith("RB"):
                q += 1
            if q < len(items) and isinstance(items[q], _VG) and self.toks[items[q].i].tag == "VBG":
                lead = items[pos + 1].i if q > pos + 1 else None
                q = self._predicate(q, subjects, signal=signal, lead=lead)
                if q < len(items) and self.word(items[q]) == ",":
                    pos = q + 1
        while pos < len(items) and isinstance(items[pos], _W) and self.toks[items[pos].i].tag.startswith("RB"):
            pos += 1  # "also reduces", "still involves"
        for cue, begin, end, objects in pp:
            for s in subjects:
                for o in objects:
                    self._add(s, o, (begin, end), [cue], None, signal=signal)
        if deferred is not None:
            self._predicate(deferred, subjects, signal=signal)
        if pos < len(items) and isinstance(items[pos], _VG):
            self._predicate(pos, subjects, signal=signal)
        return self.claims

    def _pp_cue(self, pos):
        """A learned prepositional cue at item ``pos`` ("despite", "regardless of"): (key, item after it)."""
        items = self.items
        for width in (3, 2, 1):
            if pos + width > len(items) or not all(isinstance(x, _W) for x in items[pos:pos + width]):
                continue
            key = "@" + " ".join(self.toks[x.i].low for x in items[pos:pos + width])
            if key in self.cues["predicates"]:
                return key, pos + width
        return None, pos + 1

    def _predicate(self, pos, subjects, signal=False, purpose=False, negated=False, lead=None, last_objects=()):
        """Read the predicate at item ``pos`` (a verb group) for ``subjects``: its objects, then what
        continues it (a participle, a coordinated verb, a purpose infinitive, "rather than"). Returns
        the position after it."""
        items, toks = self.items, self.toks
        vg = items[pos]
        pos += 1
        rel_begin = toks[lead].begin if lead is not None else toks[vg.i].begin
        if purpose and vg.i and toks[vg.i - 1].low == "to":
            rel_begin = toks[vg.i - 1].begin
        rel_end, rel_words = toks[vg.j - 1].end, list(range(lead if lead is not None else vg.i, vg.j))
        objects = []
        nxt = items[pos] if pos < len(items) else None
        # a noun that carries the relation, or a quantity: "remains a critical bottleneck for", "billions in"
        # adverbs and "more than" before the preposition: "investing heavily in", "extends far beyond", "represent more than"
        q, extra = pos, []
        while q < len(items) and isinstance(items[q], _W) and (
                toks[items[q].i].tag.startswith("RB") and toks[items[q].i].low not in _NEGATION or
                toks[items[q].i].low in ("more", "than")):
            extra.append(items[q].i)
            q += 1
        if extra and q < len(items) and (toks[extra[-1]].low == "than" and isinstance(items[q], _NP) or
                                         isinstance(items[q], _W) and toks[items[q].i].tag in ("IN", "TO")):
            rel_words += extra
            pos, nxt = q, items[q]
            if toks[extra[-1]].low == "than":
                objects, pos = self._np_list(pos)
                nxt = None
        via = 1 if isinstance(nxt, _W) and toks[nxt.i].low in ("as", "at") and pos + 1 < len(items) else 0
        noun = items[pos + via] if pos + via < len(items) else None
        if isinstance(noun, _NP) and not noun.pronoun and noun.concept is None and (
                toks[noun.head].lemma in self.cues["relation_nouns"] or toks[noun.head].lemma in _QUANTITY) and \
                pos + via + 1 < len(items) and isinstance(items[pos + via + 1], _W) and \
                toks[items[pos + via + 1].i].tag in ("IN", "TO"):
            rel_words += list(range(nxt.i if via else noun.i - (1 if noun.i and toks[noun.i - 1].tag == "DT" else 0),
                                    noun.j))
            pos += via + 1
            nxt = items[pos]
        if isinstance(nxt, _W) and toks[nxt.i].tag in ("IN", "TO", "RP") and toks[nxt.i].low not in ("that", "because",
                                                                                                     "while", "than"):
            if pos + 1 < len(items) and isinstance(items[pos + 1], _NP):
                objects, after = self._np_list(pos + 1)
                rel_words.append(nxt.i)
                pos = after
            elif pos + 1 < len(items) and isinstance(items[pos + 1], _W) and toks[items[pos + 1].i].tag == "IN":
                pass
        elif isinstance(nxt, _W) and toks[nxt.i].low == "that" and pos + 1 < len(items):
            # "ensures that the workforce remains adaptable": the state the clause names is the object
            rel_words.append(nxt.i)
            clause = self._clause_np(pos + 1)
            if clause is not None:
                objects, pos = [clause], len(items)
        elif isinstance(nxt, _NP):
            objects, pos = self._np_list(pos)
        rel = (rel_begin, toks[rel_words[-1]].end if rel_words else rel_end)
        keys = _rel_keys([toks[i] for i in sorted(set(rel_words))], self.cues["relation_nouns"])
        verb = toks[vg.main]
        if vg.passive and objects and toks[rel_words[-1]].low == "by":
            for s in subjects:
                for o in objects:
                    self._add(o, s, rel, [k[:-3] for k in keys if k.endswith(" by")] or keys, verb,
                              negated=negated or vg.negated, signal=signal, judged=vg.judged)
        elif objects:
            for s in subjects:
                for o in objects:
                    self._add(s, o, rel, keys, verb, negated=negated or vg.negated, purpose=purpose, signal=signal,
                              judged=vg.judged)
        elif len(subjects) > 1:  # "A and B are collaborating": a symmetric predicate joins the subjects
            name = self.reader.choose(keys, None, None, symmetric=True)
            if name:
                for o in subjects[1:]:
                    self._add(subjects[0], o, rel, keys, verb, negated=negated or vg.negated, signal=signal)
        last = objects or list(last_objects)
        # what continues the predicate
        while pos < len(items):
            w = self.word(items[pos])
            if w in ("—", "–"):  # a parenthesis between dashes: "every stage of production—from X to Y—to minimize"
                close = next((q for q in range(pos + 1, len(items)) if self.word(items[q]) in ("—", "–")), None)
                if close is None:
                    break
                pos = close + 1
                continue
            if isinstance(items[pos], _W) and self.toks[items[pos].i].tag == "IN" and w not in (
                    "that", "than", "because", "while", "whereas", "with", "although", "if") and \
                    pos + 1 < len(items) and isinstance(items[pos + 1], _NP):
                pos = self._np_list(pos + 1)[1]  # a trailing phrase: "into opportunities", "in EV manufacturing"
                continue
            if w in ("while", "whereas", "but", "and", ",") and pos + 1 < len(items):
                q = pos + 1
                if self.word(items[q]) in ("while", "whereas", "but", "and", "with") and q + 1 < len(items):
                    q += 1
                if isinstance(items[q], _NP) and self._verb_follows(q) and (w != "," or self.word(items[q - 1]) != ","):
                    # a clause of its own: ", while machine learning algorithms optimize", ", with X facing Y"
                    subjects2, r = self._np_list(q)
                    while r < len(items) and isinstance(items[r], _W) and self.toks[items[r].i].tag.startswith("RB"):
                        r += 1
                    if r < len(items) and isinstance(items[r], _VG):
                        pos = self._predicate(r, subjects2, signal=signal)
                        continue
            if w == "but" and pos + 1 < len(items) and isinstance(items[pos + 1], _VG):
                pos = self._predicate(pos + 1, subjects, signal=signal, last_objects=last)
                continue
            if w == "to" and pos + 1 < len(items) and isinstance(items[pos + 1], _VG):
                pos = self._predicate(pos + 1, subjects, signal=signal, purpose=True, last_objects=last)
                continue
            if w in ("and", ",") and pos + 1 < len(items):
                q = pos + 1
                if self.word(items[q]) == "and" and q + 1 < len(items):
                    q += 1
                if isinstance(items[q], _VG):
                    pos = self._predicate(q, subjects, signal=signal, last_objects=last)
                    continue
                if w == "," and isinstance(items[q], _W) and self.toks[items[q].i].tag == "IN":
                    cue, end = self._pp_cue(q)
                    found, after = self._np_list(end)
                    if cue and found:
                        for s in subjects:
                            for o in found:
                                self._add(s, o, (toks[items[q].i].begin, toks[items[end - 1].i].end), [cue], None,
                                          signal=signal)
                        pos = after
                        continue
                if w == "," and isinstance(items[q], _W) and self.toks[items[q].i].tag.startswith("RB") and \
                        q + 1 < len(items) and isinstance(items[q + 1], _VG):
                    pos = self._predicate(q + 1, subjects, signal=signal, lead=items[q].i, last_objects=last)
                    continue
            if w == "rather" and pos + 2 < len(items) and self.word(items[pos + 1]) == "than" and \
                    isinstance(items[pos + 2], _VG):
                pos = self._predicate(pos + 2, subjects, signal=signal, negated=True, lead=items[pos].i,
                                      last_objects=last)
                continue
            if w in ("that", "which") and objects and pos + 1 < len(items) and isinstance(items[pos + 1], _VG):
                pos = self._predicate(pos + 1, [objects[-1]], signal=signal)
                continue
            break
        return pos

    def _clause_np(self, pos):
        """The state a "that" clause names, from its subject's noun to the clause's end, as one phrase."""
        items, toks = self.items, self.toks
        if not isinstance(items[pos], _NP) or items[pos].pronoun:
            return None
        first = items[pos]
        end = len(toks)
        for k in range(first.i, len(toks)):
            if toks[k].text in ",;:.!?":
                end = k
                break
        if end <= first.j:
            return first
        whole = _NP(first.i, end, first.head)
        hit = self.known.get(first.i)
        whole.concept = hit[1] if hit and hit[0] == end else None
        return whole

    def _add(self, subject, obj, rel, keys, verb, negated=False, purpose=False, signal=False, judged=False):
        if obj.pronoun:  # "rather than minimizing it": the object said before, of its number (guide, §4)
            referent = next((c.obj for c in reversed(self.claims) if not c.obj.pronoun and c.obj.plural == (
                self.toks[obj.i].low in ("them", "themselves"))), None)
            if referent is None:
                return
            obj = _NP(obj.i, obj.j, obj.head, pronoun=True)
            obj.referent, obj.plural = referent, referent.plural
        self.claims.append(_Claim(subject, obj, rel, keys, verb, negated, purpose, signal, judged))


# ---- the document read: concepts, predicates, modalities, written as proposals

_NOT_AGENTS = {"Technology", "Material", "Quality", "Impact", "Capability", "Trend", "Goal", "Process", "Product",
               "Challenge", "Situation", "SustainabilityPractice", "Skill", "Training"}
_EVALUATIVE = frozenset(normalize(x) for x in GUIDE_CUES["evaluative_nouns"])
_AIM_OF_EFFECT = {"improves": "aimsToImprove", "reduces": "aimsToReduce"}


class _Reader:
    """Reads a document's sentences in turn and writes what it finds into the :class:`Document`."""

    def __init__(self, doc, cues, corpus):
        self.doc, self.cues, self.corpus = doc, cues, corpus
        self.properties, self.classes = cues["properties"], cues["classes"]
        change = set()
        for verb in GUIDE_CUES["change_verbs"]:
            row = cues["predicates"].get(verb)
            if row:
                change.add(sorted(row.items(), key=lambda kv: (-kv[1], kv[0]))[0][0])
        self.change_predicates = change
        self.inverse_keys = set(cues.get("inverse", ()))
        self.new = {}  # normalized label -> IRI of a new concept
        self.labels = {}  # IRI of a new concept -> (class, label)
        self.stats = Counter()
        self.seen_subjects = []  # ((sentence, word), (IRI, class, plural)): the claims' subjects in the paragraph

    # -- concepts

    def concept_of(self, sentence, np):
        """``(IRI, class IRI)`` of the concept a phrase names: known, or new (declared on the way)."""
        toks = sentence.toks
        if np.referent is not None:
            return self.concept_of(sentence, np.referent)
        if np.concept is not None:
            return np.concept, self.corpus.known[np.concept][0]
        words = toks[np.i:np.j]
        while len(words) > 1 and (words[0].low in GUIDE_CUES["descriptive"] or words[0].low in _MORE_DESCRIPTIVE):
            words = words[1:]
        text = " ".join(t.text for t in words)
        first = words[0]
        if first is toks[0] and not first.text[1:2].isupper() and (first.low in _LEXICON or "-" in first.low):
            text = text[:1].lower() + text[1:]  # a capital the sentence gave ("Solid-state"), not a name ("Tesla")
        key = normalize(text)
        iri = self.new.get(key)
        if iri is None:
            local = "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", text)) or "Concept"
            if local[0].isdigit():
                local = "C" + local
            iri, n = _KG + local, 2
            while iri in self.corpus.known or iri in self.new.values():
                iri, n = f"{_KG}{local}{n}", n + 1
            self.new[key] = iri
        if np.known_head is not None:
            cls = self.corpus.known[np.known_head][0]
        else:
            head = toks[np.head]
            cls = _EV + self.cues["heads"].get(_noun_lemma(head.text), "Concept")
        if iri in self.labels:
            return iri, self.labels[iri][0]
        self.labels[iri] = (cls, text)  # declared with its first mention (Reader.mention)
        return iri, cls

    def is_a(self, cls, targets):
        name = _local(cls) if cls else "Concept"
        return any(t == name or t in self.classes.get(name, ()) for t in targets)

    # -- predicates and modalities

    def choose(self, keys, subject_cls, object_cls, symmetric=False, asserted=True):
        """The predicate the keys name: the heaviest of the first key learned whose domain and range
        fit the classes (for an asserted claim). ``(name, own, inverse)``: ``own`` when no property of
        the vocabulary fits (the words name a predicate of the document's own), ``inverse`` when the
        curated sayings of the key had the subject after the words; ``None`` when no key was learned.
        With ``symmetric``, the name of a symmetric property the key names, or ``None``."""
        for k in keys:
            row = self.cues["predicates"].get(k)
            if not row:
                continue
            inverse = k in self.inverse_keys
            ranked = [p for p, _ in sorted(row.items(), key=lambda kv: (-kv[1], kv[0]))]
            if symmetric:
                return next((p for p in ranked if self.properties[p]["symmetric"]), None)
            if not asserted:
                return ranked[0], False, inverse
            for p in ranked:
                prop = self.properties[p]
                if self.is_a(subject_cls, prop["domain"] or ["Concept"]) and self.is_a(object_cls, prop["range"] or ["Concept"]):
                    return p, False, inverse
            return ranked[0], True, inverse
        return None

    def modality(self, claim, sentence, predicate):
        toks = sentence.toks
        words = [t for t in toks if claim.rel[0] <= t.begin and t.end <= claim.rel[1]]
        lemmas = {t.lemma for t in words}
        learned = {self.cues["modality_words"].get(x) for x in lemmas} - {None}
        main = claim.verb.lemma if claim.verb is not None else None
        if claim.negated:
            return "Denied"
        if claim.purpose and predicate in ("aimsAt", "aimsToImprove", "aimsToReduce"):
            return "AimOrPurpose"
        if claim.signal or main in GUIDE_CUES["signal"]:
            return "SignalOrIndication"
        if main in GUIDE_CUES["aspiration"] or "AspirationOrPositioning" in learned:
            return "AspirationOrPositioning"
        if lemmas & set(GUIDE_CUES["trend_words"]) or (main in GUIDE_CUES["change_verbs"] and
                                                       predicate in self.change_predicates) or "TrendOrChange" in learned:
            return "TrendOrChange"
        evaluative = _EVALUATIVE
        if claim.obj is not None and not claim.obj.pronoun:
            words = words + [toks[claim.obj.head]]  # "represents a strategic imperative": the noun is the object's
        if claim.judged or "EvaluationOrOpinion" in learned or (
                (main is None or main in GUIDE_CUES["evaluative_verbs"] or main == "be") and
                {_norm(t.text) for t in words} & evaluative):
            return "EvaluationOrOpinion"
        return "AssertedFact"

    # -- one sentence

    def read(self, sentence, new_paragraph):
        if new_paragraph:
            self.seen_subjects = []
        self.stats["sentences"] += 1
        s = _Sentence(self, sentence)
        if len(sentence.text) > MAX_SENTENCE:  # its known mentions only
            self.stats["sentences_too_long"] += 1
            for start, (end, concept) in s.known.items():
                self.mention(s, _NP(start, end, end - 1, concept=concept))
            return
        claims = s.read()
        for item in s.items:
            if isinstance(item, _NP) and item.concept is not None:
                self.mention(s, item)
        for c in claims:
            subject = self.resolve(s, c.subject)
            if subject is not None:
                if not c.subject.pronoun:
                    self.seen_subjects.append(((sentence.number, c.subject.i), subject))
                self.write(s, c, subject)

    def resolve(self, s, np):
        """``(IRI, class, plural)`` of a claim's subject; a pronoun is its referent: the nearest noun
        phrase before it in the paragraph that names a concept, of its number (guide, §4)."""
        if np.pronoun:
            plural = s.toks[np.i].low in ("they", "them", "themselves")
            before = [c for at, c in sorted(self.seen_subjects, key=lambda x: x[0]) if at < (s.sentence.number, np.i)]
            found = [c for c in before if c[2] == plural]
            return found[-1] if found else None
        iri, cls = self.concept_of(s, np)
        return iri, cls, np.plural

    def mention(self, s, np, concept=None):
        """Write the mention of ``np`` (naming ``concept``, or the concept it names), declaring the concept."""
        iri, cls = concept or self.concept_of(s, np)
        if iri in self.corpus.known:
            self.doc.concept(iri, cls, self.corpus.known[iri][1])
        else:
            self.doc.concept(iri, *self.labels[iri])
        begin, end = s.toks[np.i].begin, s.toks[np.j - 1].end
        key = f"{self.doc.base}m{begin}-{end}"
        if key not in self.doc.mentions:
            self.stats["known_mentions" if iri in self.corpus.known else "new_mentions"] += 1
        return self.doc.mention(begin, end, iri, cls, status=_PROPOSED)

    def write(self, s, claim, subject):
        toks = s.toks
        obj_iri, obj_cls = self.concept_of(s, claim.obj)
        if obj_iri == subject[0]:
            return
        asserted = not claim.negated
        agent = not self.is_a(subject[1], _NOT_AGENTS)
        picked = self.choose(claim.keys, subject[1], obj_cls, asserted=asserted and not (claim.purpose and agent))
        if picked and picked[2] and not claim.purpose:  # the curated sayings of these words name the subject after them
            swapped = self.choose(claim.keys, obj_cls, subject[1], asserted=asserted)
            claim = _Claim(claim.obj, claim.subject, claim.rel, claim.keys, claim.verb, claim.negated, claim.purpose,
                           claim.signal, claim.judged)
            subject, (obj_iri, obj_cls), picked = (obj_iri, obj_cls, claim.subject.plural), subject[:2], swapped
        own_label = None
        if claim.purpose and agent:
            effect = picked[0] if picked else None
            predicate = _AIM_OF_EFFECT.get(effect, "aimsAt")
            prop = self.properties[predicate]
            if asserted and not self.is_a(obj_cls, prop["range"] or ["Concept"]):
                predicate = "aimsAt"
            own = False
        elif picked is None:
            verb = claim.verb
            if verb is None or verb.lemma in _LIGHT | _AUX | _JUDGMENT_VERBS or verb.lemma in GUIDE_CUES["signal"]:
                return
            tail = [t.low for t in toks if verb.end <= t.begin and t.end <= claim.rel[1]
                    and (t.tag in ("IN", "TO", "RP") or t.low in _PARTICLES)]
            predicate, own = None, True
            own_label = " ".join([_third_person(verb.lemma), *tail[-1:]])
        else:
            predicate, own, _ = picked
            if own:
                own_label = self.properties[predicate]["label"]
        if own:  # a predicate of the document's own, named by its words (as a curator declares one)
            local = re.sub(r"[^A-Za-z0-9]", "", re.sub(r"\s+(\w)", lambda m: m.group(1).upper(), own_label)) or "relates"
            if local in ("document", "graph", "proposal", "tool", "concepts", "curation", "curator") or \
                    re.fullmatch(r"s\d+|m\d.*|section.*", local):
                local += "Relation"
            predicate_iri = self.doc.relation(self.doc.base + local, own_label)
            self.stats["own_predicates"] += 1
        else:
            predicate_iri = _EV + predicate
        modality = self.modality(claim, s, predicate if not own else None)
        if modality == "AimOrPurpose" and own:
            modality = "AssertedFact"
        triple, denied = (subject[0], predicate_iri, obj_iri), modality == "Denied"
        if any((st.subject, st.predicate, st.object) == triple and (st.modality == str(EV.Denied)) == denied
               for st in self.doc.statements.values()):
            return  # said before: the first saying is the proposal
        for np, iri in ((claim.subject, subject[0]), (claim.obj, obj_iri)):
            old = self.doc.mentions.get(f"{self.doc.base}m{s.toks[np.i].begin}-{s.toks[np.j - 1].end}")
            if old is not None and old["concept"] and old["concept"] != iri:
                return  # the words already name another concept
        sm = self.mention(s, claim.subject, concept=subject[:2])
        om = self.mention(s, claim.obj, concept=(obj_iri, obj_cls))
        rm = self.doc.mention(claim.rel[0], claim.rel[1], status=_PROPOSED)
        self.doc.statement(sm, predicate_iri, om, modality=_EV + modality, relation_mention=rm, status=_PROPOSED)
        self.stats["claims"] += 1
        self.stats["modality:" + modality] += 1


def _third_person(verb):
    if verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        return verb + "es"
    if verb.endswith("y") and verb[-2:-1] not in "aeiou":
        return verb[:-1] + "ies"
    return verb + "s"


def _version():
    try:
        from importlib.metadata import PackageNotFoundError, version

        return version("ev-knowledge-graph")
    except (ImportError, PackageNotFoundError):  # run from a copy that is not installed
        return "0"


def _check_text(text, path):
    """Refuse what is no prose, with one line: a line past :data:`MAX_LINE` characters, a text past
    :data:`MAX_CHARS`."""
    if len(text) > MAX_CHARS:
        raise DataError(f"{path}: {len(text):,} characters (more than {MAX_CHARS:,}): split the document")
    for number, line in enumerate(text.split("\n"), 1):
        if len(line) > MAX_LINE:
            raise DataError(f"{path}:{number}: a line of {len(line):,} characters (more than {MAX_LINE:,}): "
                            "not prose that propose reads; break it into paragraphs")


def propose(path, against=None, name=None):
    """Read the document ``path`` (UTF-8 text or Markdown) and propose its mentions and claims.

    Parameters
    ----------
    path : str or Path
        The document.
    against : list of paths, optional
        The corpus whose concepts the document shares (RDF files); ``None``: the article's graph.
    name : str, optional
        The document's name in its IRIs (default: the file's stem).

    Returns
    -------
    (Document, dict)
        The document, every mention and statement marked ``ev:Proposed`` and made by the tool
        ``propose`` at the file's modification time; and a report: ``summary`` (one line),
        ``sentences``, ``mentions`` (of concepts: ``known_mentions`` and ``new_mentions``),
        ``relation_mentions``, ``claims``, ``denied``, ``modalities``, ``own_predicates`` (the
        document's own predicates), ``concepts`` (known, new), ``sentences_too_long``.
    """
    path = Path(path)
    text = read_document(path)
    _check_text(text, path)
    if not re.search(r"\w", text):
        raise DataError(f"{path}: no words, only punctuation or symbols")
    cues = load_cues()
    corpus = _Corpus.of(against)
    when = datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    doc = Document(text, name or path.stem, made_by=("tool", f"propose {_version()}", when), known=corpus.known)
    if not any(re.search(r"\w", s.text) for s in doc.sentences):
        raise DataError(f"{path}: no sentence with words, only punctuation or symbols")
    reader = _Reader(doc, cues, corpus)
    previous = None
    for sentence in doc.sentences:
        new_paragraph = previous is None or "\n\n" in text[previous.end:sentence.begin].replace("\r", "") or \
            previous.section != sentence.section
        reader.read(sentence, new_paragraph)
        previous = sentence
    stats = reader.stats
    mentions = stats["known_mentions"] + stats["new_mentions"]
    claims = stats["claims"]
    known = sum(1 for iri in doc.concepts if iri in corpus.known)
    summary = (f"Proposed {mentions} mention{'s' * (mentions != 1)} ({stats['known_mentions']} of known concepts, "
               f"{stats['new_mentions']} new) and {claims} claim{'s' * (claims != 1)} in {len(doc.sentences)} "
               f"sentence{'s' * (len(doc.sentences) != 1)}.")
    report = {"summary": summary, "document": doc.document, "sentences": len(doc.sentences), "mentions": mentions,
              "known_mentions": stats["known_mentions"], "new_mentions": stats["new_mentions"],
              "relation_mentions": sum(1 for m in doc.mentions.values() if not m["concept"]), "claims": claims,
              "denied": sum(1 for st in doc.statements.values() if st.modality == str(EV.Denied)),
              "modalities": {k.split(":", 1)[1]: v for k, v in sorted(stats.items()) if k.startswith("modality:")},
              "own_predicates": len(doc.properties),
              "concepts": {"known": known, "new": len(doc.concepts) - known},
              "sentences_too_long": stats["sentences_too_long"]}
    return doc, report


if __name__ == "__main__":  # python -m graph.corpus.propose: write the cues again
    print(write_cues(sys.argv[1] if len(sys.argv) > 1 else CUES_FILE))
