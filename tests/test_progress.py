"""graph.progress: a progress display that stays off pipes, and files that say how far they are read."""

import io

from graph.progress import Counting, Progress, Silent


def test_progress_is_silent_off_a_terminal():
    quiet = Progress(io.StringIO())
    quiet.step("x")
    quiet.read(1, 2)
    quiet.close()
    assert quiet.stream.getvalue() == ""
    loud = Progress(io.StringIO(), enabled=True)
    loud.step("reading the concept network")
    assert "reading the concept network" in loud.stream.getvalue()
    loud.close()
    assert loud.stream.getvalue().endswith("\r\x1b[K")


def test_a_counting_file_reports_bytes_after_those_before_it():
    seen = []

    class Recorder(Silent):
        def read(self, done, total):
            seen.append((done, total))

    f = Counting(io.BytesIO(b"abcdef"), Recorder(), done=10, total=16)
    assert f.read(4) == b"abcd" and f.read() == b"ef"
    assert seen == [(14, 16), (16, 16)] and f.read_bytes == 6
    assert Counting(io.BytesIO(b"x")).read() == b"x"  # nobody told: no error
