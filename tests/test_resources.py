"""graph.resources: the package finds its data in a checkout, and inside a built wheel."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from graph import resources
from graph.errors import DataError

ROOT = Path(__file__).resolve().parent.parent


def test_a_checkout_reads_the_top_level_folders():
    assert resources.CHECKOUT
    assert resources.DATA_DIR == ROOT / "data" and resources.QUERIES_DIR == ROOT / "queries"
    assert resources.TEMPLATE_DIR == ROOT / "viz" / "template"
    assert resources.DEFAULT_VIEWER == ROOT / "viz" / "ev-knowledge-graph.html"
    for path in (*resources.DEFAULT_FILES, resources.SHAPES, resources.ARTICLE, resources.TEMPLATE_DIR / "viewer.js"):
        assert path.is_file(), path


def test_read_text_errors_name_the_file(tmp_path):
    with pytest.raises(DataError, match=r"nope\.txt: no such file"):
        resources.read_text(tmp_path / "nope.txt")
    (tmp_path / "latin.txt").write_bytes(b"caf\xe9")
    with pytest.raises(DataError, match=r"latin\.txt: not UTF-8 text"):
        resources.read_text(tmp_path / "latin.txt")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    pytest.importorskip("hatchling", reason="hatchling is not installed (pip install -e '.[test]')")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
                    "--wheel-dir", str(out), str(ROOT)], check=True, capture_output=True)
    (path,) = out.glob("*.whl")
    return path


@pytest.mark.process
def test_the_wheel_carries_the_data_and_nothing_but_graph(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert tops == {"graph"}
    for needed in ("data/article.txt", "data/triples.ttl", "data/ontology.ttl", "data/shapes.ttl",
                   "queries/nations-investing-in-rd.rq", "viz/template/viewer.html", "viz/template/viewer.js"):
        assert f"graph/_resources/{needed}" in names, needed
    assert "graph/server/page.html" in names


@pytest.mark.process
def test_the_unpacked_wheel_works_from_another_folder(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site)}

    def run(*argv):
        return subprocess.run([sys.executable, "-m", "graph", *argv], cwd=elsewhere, env=env, capture_output=True,
                              text=True, timeout=120)

    stats = run("stats")
    assert stats.returncode == 0 and "concepts" in stats.stdout, stats.stderr
    query = run("query", "nations-investing-in-rd")
    assert query.returncode == 0 and "Germany" in query.stdout, query.stderr
    viz = run("viz")
    assert viz.returncode == 0 and (elsewhere / "ev-knowledge-graph.html").is_file(), viz.stderr
    where = run("-c", "x")  # not a command: argparse's one-line error
    assert where.returncode == 2
    imported = subprocess.run([sys.executable, "-c", "import graph.resources as r; print(r.CHECKOUT, r.DATA_DIR)"],
                              cwd=elsewhere, env=env, capture_output=True, text=True)
    assert imported.stdout.startswith("False ") and str(site) in imported.stdout
