"""Where the package finds its own files: the article, its graph, the queries, the viewer's template.

In a source checkout they are the top-level folders ``data/``, ``queries/`` and
``viz/template/`` beside the package (the source of truth). An installed wheel carries copies
of them inside the package, under ``graph/_resources/`` (mapped at build time by
``pyproject.toml``), so ``pip install .`` works from any folder.
"""

from pathlib import Path

from .errors import DataError

__all__ = [
    "PACKAGE_DIR", "CHECKOUT", "DATA_DIR", "QUERIES_DIR", "TEMPLATE_DIR", "TRIPLES", "ONTOLOGY", "SHAPES",
    "ARTICLE", "EXCLUSIONS", "DEFAULT_FILES", "DEFAULT_VIEWER", "DISTRIBUTION", "display_path", "read_text", "version",
]

#: The name the package is installed under (``pip install ev-knowledge-graph``).
DISTRIBUTION = "ev-knowledge-graph"
PACKAGE_DIR = Path(__file__).resolve().parent
_BUNDLED = PACKAGE_DIR / "_resources"
#: True when running from a source checkout (the top-level folders are used, not copies).
CHECKOUT = not _BUNDLED.is_dir()
_ROOT = PACKAGE_DIR.parent if CHECKOUT else _BUNDLED

#: The project's data folder: the article and its graph.
DATA_DIR = _ROOT / "data"
#: The named questions (``*.rq``).
QUERIES_DIR = _ROOT / "queries"
#: The viewer's template assets.
TEMPLATE_DIR = _ROOT / "viz" / "template"

TRIPLES = DATA_DIR / "triples.ttl"
ONTOLOGY = DATA_DIR / "ontology.ttl"
SHAPES = DATA_DIR / "shapes.ttl"
ARTICLE = DATA_DIR / "article.txt"
#: Sentences deliberately left without a statement, with the reason (tab-separated).
EXCLUSIONS = DATA_DIR / "coverage-exclusions.tsv"
#: What is read when no files are given: the claims and their vocabulary.
DEFAULT_FILES = (TRIPLES, ONTOLOGY)
#: Where ``viz`` writes the article's viewer: the committed copy in a checkout, else the current folder.
DEFAULT_VIEWER = (PACKAGE_DIR.parent / "viz" / "ev-knowledge-graph.html") if CHECKOUT else Path("ev-knowledge-graph.html")


def display_path(path):
    """``path`` as messages show it: relative to the current folder when inside it.

    Examples
    --------
    >>> import os
    >>> display_path(os.path.join(os.getcwd(), "data", "x.ttl")) == os.path.join("data", "x.ttl")
    True
    """
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except (ValueError, OSError):
        return str(path)


def read_text(path):
    """The UTF-8 text of the file ``path``; a :class:`~graph.errors.DataError` that names it otherwise."""
    try:
        with open(path, encoding="utf-8") as f:
            return f.read()
    except FileNotFoundError as e:
        raise DataError(f"{path}: no such file") from e
    except UnicodeDecodeError as e:
        raise DataError(f"{path}: not UTF-8 text ({e.reason})") from e
    except OSError as e:
        raise DataError(f"{path}: cannot read: {e.strerror}") from e


def version():
    """The package's version: the installed distribution's metadata, else (a checkout that was never
    installed) the ``version`` of ``pyproject.toml`` beside the package, else ``"unknown"``.

    Examples
    --------
    >>> import re
    >>> bool(re.fullmatch(r"\\d+(\\.\\d+)+.*", version()))
    True
    """
    from importlib import metadata  # lazy, as tomllib below: only --version needs them

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        pass
    import tomllib

    try:
        with open(PACKAGE_DIR.parent / "pyproject.toml", "rb") as f:
            return str(tomllib.load(f)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"
