"""Print the Turtle block of a mention: exact words of a sentence, with code point offsets.

Usage (from the project root)::

    python data/curation/mention.py s25 "research"
    python data/curation/mention.py s25 "research" --concept kg:BatteryResearch --class ev:Strategy
    python data/curation/mention.py s04 "EV factories" -n 1

The sentence's offsets are read from data/triples.ttl; the words are searched inside the
sentence only (``-n N``: the N-th occurrence, counting from 1). The block is printed for
pasting into data/triples.ttl, which stays the source of truth; `python -m graph validate`
checks every mention against data/article.txt.
"""

import argparse
import re
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent


def sentence_offsets(sentence, triples=DATA / "triples.ttl"):
    """(begin, end) of ``art:sNN`` as data/triples.ttl records it."""
    text = triples.read_text(encoding="utf-8")
    block = re.search(rf"^art:{sentence} a nif:Sentence ;(.*?)\.\s*$", text, re.S | re.M)
    if not block:
        raise SystemExit(f"art:{sentence} is not a sentence of {triples}")
    begin = int(re.search(r'nif:beginIndex "(\d+)"', block.group(1)).group(1))
    end = int(re.search(r'nif:endIndex "(\d+)"', block.group(1)).group(1))
    return begin, end


def locate(article, begin, end, words, n=1):
    """Code point offsets of the n-th occurrence of ``words`` inside article[begin:end].

    Words are matched whole: "to" does not match inside "towards".
    """
    left = r"\b" if words[:1].isalnum() else ""
    right = r"\b" if words[-1:].isalnum() else ""
    found = list(re.finditer(left + re.escape(words) + right, article[begin:end]))
    if len(found) < n:
        raise ValueError(f"{words!r} occurs fewer than {n} times in [{begin}:{end}]")
    at = begin + found[n - 1].start()
    return at, at + len(words)


def block(sentence, b, e, words, concept=None, cls=None):
    """The Turtle of one mention (``art:m<begin>-<end>``)."""
    lines = [
        f"art:m{b}-{e} a nif:Phrase , nif:OffsetBasedString ;",
        f"    nif:anchorOf {quote(words)} ;",
        f'    nif:beginIndex "{b}"^^xsd:nonNegativeInteger ; nif:endIndex "{e}"^^xsd:nonNegativeInteger ;',
        f"    nif:sentence art:{sentence} ; nif:referenceContext art:document",
    ]
    if concept:
        lines[-1] += " ;"
        lines.append(f"    itsrdf:taIdentRef {concept}" + (f" ; itsrdf:taClassRef {cls}" if cls else ""))
    lines[-1] += " ."
    return "\n".join(lines)


def quote(words):
    return '"' + words.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sentence", help="the sentence, e.g. s25")
    parser.add_argument("words", help="the exact words of the mention")
    parser.add_argument("-n", type=int, default=1, help="which occurrence in the sentence (from 1)")
    parser.add_argument("--concept", help="the concept it names, e.g. kg:BatteryResearch")
    parser.add_argument("--class", dest="cls", help="the class the words show, e.g. ev:Strategy")
    args = parser.parse_args(argv)
    article = (DATA / "article.txt").read_text(encoding="utf-8")
    begin, end = sentence_offsets(args.sentence)
    try:
        b, e = locate(article, begin, end, args.words, args.n)
    except ValueError as err:
        print(f"Error: art:{args.sentence}: {err}", file=sys.stderr)
        return 1
    print(block(args.sentence, b, e, args.words, args.concept, args.cls))
    return 0


if __name__ == "__main__":
    sys.exit(main())
