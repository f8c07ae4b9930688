"""data/article.txt is the article, byte for byte."""

import hashlib
from pathlib import Path

from graph.resources import ARTICLE

# SHA-256 of ../shared/source/article.txt, for machines where the shared folder is absent.
ARTICLE_SHA256 = "22e727276fb077a566c3d17ed4184abc109d697ced2fb6207cb664d718e03be6"
SHARED = Path(__file__).resolve().parents[2] / "shared" / "source" / "article.txt"


def test_article_is_the_source_byte_for_byte():
    ours = hashlib.sha256(ARTICLE.read_bytes()).hexdigest()
    expected = hashlib.sha256(SHARED.read_bytes()).hexdigest() if SHARED.exists() else ARTICLE_SHA256
    assert ours == expected


def test_constant_matches_the_shared_source_when_present():
    if SHARED.exists():
        assert hashlib.sha256(SHARED.read_bytes()).hexdigest() == ARTICLE_SHA256
