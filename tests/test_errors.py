"""graph.errors: one base class, typed subclasses, one-line messages."""

import pytest

from graph import errors


@pytest.mark.parametrize("cls", [errors.DataError, errors.StoreError, errors.EndpointError, errors.QueryError,
                                 errors.NetworkRefused])
def test_every_error_is_a_graph_error(cls):
    assert issubclass(cls, errors.GraphError)


def test_a_store_error_is_a_data_error():
    assert issubclass(errors.StoreError, errors.DataError)


@pytest.mark.parametrize("given, expected", [
    (ValueError("a\n  b\tc"), "a b c"),
    (KeyError(), "KeyError"),
    ("x" * 10, "x" * 10),
])
def test_one_line(given, expected):
    assert errors.one_line(given) == expected


def test_one_line_cuts_at_the_limit():
    assert errors.one_line("abcdef", limit=4) == "abc…" and len(errors.one_line("y" * 500, limit=300)) == 300
