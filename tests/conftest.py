"""Shared fixtures: the shared corpus beside the repo, and a document built from a snippet."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.model import Document
from kg.pipeline import process

SHARED = Path(__file__).resolve().parents[2] / "shared"


def article(text: str, source: str = "t.txt", published: str | None = None) -> Document:
    """Run the whole pipeline on a snippet of article text."""
    doc = Document(source=source, raw=text)
    doc = process(doc)
    if published:  # a dateline in the snippet would set it; tests may also give it directly
        doc.published = published
    return doc


@pytest.fixture(scope="session")
def shared() -> Path:
    if not (SHARED / "gold").is_dir():
        pytest.skip("../shared is not beside the repository")
    return SHARED


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """The seed articles built once (graph.ttl and store, no page), for tests that only read a build."""
    from kg import api

    out = tmp_path_factory.mktemp("seed-build")
    api.build([Path(__file__).resolve().parents[1] / "seeds"], out, html=False)
    return out
