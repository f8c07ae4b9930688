"""graph.limits: bounds checked before a parser sees the input, and on what a query may cost."""

import threading
import time

import pytest

from graph.errors import AnswerTooLarge, DataError, QueryTimeout, QueryTooComplex
from graph.limits import Capped, abandoned, bounded, check_input, check_query_depth, depth


def test_depth_counts_the_deepest_nesting_and_stops_past_the_limit():
    assert depth("[]{}()") == 1 and depth("{[()]}") == 3 and depth("[" * 500 + "]" * 500, limit=5) == 6
    assert depth("[[[") == 3  # unbalanced: every opener left counts


@pytest.mark.parametrize("text, fmt", [("[" * 200 + "]" * 200, "json-ld"), ("<a> <b> " + "[ <c> " * 200 + "] " * 200 + ".", "turtle")])
def test_deep_files_are_refused_before_parsing(tmp_path, text, fmt):
    path = tmp_path / "deep.x"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="nested deeper than 128 levels"):
        check_input(path, fmt)


def test_brackets_in_strings_do_not_count(tmp_path):
    path = tmp_path / "s.ttl"
    path.write_text('<a> <b> "' + "[" * 500 + '" .', encoding="utf-8")
    check_input(path, "turtle")


def test_query_limits_are_refusals():
    with pytest.raises(QueryTooComplex):
        check_query_depth("ASK { " + "{" * 200 + "}" * 200 + " }")
    with pytest.raises(QueryTooComplex):
        check_query_depth("ASK { FILTER(" + "1+" * 10_001 + "1) }")
    check_query_depth("ASK { FILTER('" + "+" * 20_000 + "' = '') }")  # in a string: no operator


def test_capped_stops_at_its_size_and_its_deadline():
    out = Capped(limit=10)
    out.write(b"12345")
    with pytest.raises(AnswerTooLarge):
        out.write(b"678901")
    late = Capped(deadline=time.monotonic() - 1, timeout=1)
    with pytest.raises(QueryTimeout):
        late.write(b"x")


def test_bounded_returns_raises_and_remembers_what_it_left_running(monkeypatch):
    import graph.limits

    monkeypatch.setattr(graph.limits, "_ABANDONED", set())  # the calls other tests left running
    assert bounded(lambda: 42, 1) == 42
    with pytest.raises(ZeroDivisionError):
        bounded(lambda: 1 / 0, 1)
    release = threading.Event()
    with pytest.raises(QueryTimeout):
        bounded(release.wait, 0.05)
    assert abandoned()  # the call still runs: the command line ends the process rather than wait
    release.set()
    time.sleep(0.1)
    assert not abandoned()
