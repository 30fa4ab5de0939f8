"""The accuracy gate: the scorer's definitions on ../shared/gold (seeds, corpus and dev, all built),
with floors that only rise."""

import json
from pathlib import Path

import pytest

from kg import api

FLOORS = json.loads((Path(__file__).parent / "accuracy_floor.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report(shared, tmp_path_factory):
    out = tmp_path_factory.mktemp("accuracy")
    api.build([shared / "seeds", shared / "corpus", shared / "dev"], out, html=False)
    return api.evaluate(shared / "gold", out)


@pytest.mark.slow
@pytest.mark.parametrize("category", sorted(FLOORS["categories"]))
def test_category_f1_holds_its_floor(report, category):
    assert report.scores[category].f1 >= FLOORS["categories"][category], report.scores[category]


@pytest.mark.slow
def test_macro_f1_holds_its_floor(report):
    assert report.macro_f1 >= FLOORS["macro_f1"]
