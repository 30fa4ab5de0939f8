"""Shared fixtures: the shared corpus beside the repo, a document built from a snippet, headless Chromium."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kg.model import Document
from kg.pipeline import process

SHARED = Path(__file__).resolve().parents[2] / "shared"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARGS += ["--disable-sync"]


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


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (its own browser downloads are never used)."""
    missing = [
        what
        for what, ok in (
            (str(CHROMIUM), CHROMIUM.exists()),
            ("the playwright package", importlib.util.find_spec("playwright") is not None),
        )
        if not ok
    ]
    if missing:
        message = f"{' and '.join(missing)} missing: run scripts/system-deps.sh and make install-test"
        if os.environ.get("CI"):
            pytest.fail(message + " (CI must not skip the browser tests)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
