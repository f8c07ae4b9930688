"""graph.output: files written whole or not at all, never over an input; text no terminal obeys."""

import os

import pytest

from graph.errors import DataError
from graph.output import escape_controls, write_whole


def test_a_file_is_written_whole_and_keeps_its_mode(tmp_path):
    out = tmp_path / "out.txt"
    assert write_whole(out, "one") == [out] and out.read_text() == "one"
    os.chmod(out, 0o640)
    write_whole(out, "two")
    assert out.read_text() == "two" and (out.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]  # no temporary left


def test_an_input_is_never_written_over(tmp_path):
    data = tmp_path / "data.ttl"
    data.write_text("keep")
    with pytest.raises(DataError, match="is an input of this command"):
        write_whole(data, "lost", inputs=[data])
    assert data.read_text() == "keep"


def test_a_folder_of_files(tmp_path):
    paths = write_whole(tmp_path / "folder", {"b.csv": "2", "a.csv": "1"})
    assert [p.name for p in paths] == ["a.csv", "b.csv"] and paths[0].read_text() == "1"
    with pytest.raises(DataError, match="not an empty folder"):
        write_whole(tmp_path / "folder", {"c.csv": "3"})


def test_controls_are_escaped_but_newlines_and_tabs_kept():
    assert escape_controls("a\x1b[2Jb\u202e\tc\n") == "a\\x1b[2Jb\\u202e\tc\n"
    assert escape_controls("a\nb", keep="") == "a\\x0ab"
