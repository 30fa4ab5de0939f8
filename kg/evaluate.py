"""Precision, recall and F1 against gold annotations (`gold/GUIDE.md`).

The definitions are those of the reference scorer (`shared/tools/score.py`): the graph is read
through the public vocabulary only, so the scores are what a SPARQL user of the graph gets.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.text.metadata import to_simplified

CATEGORIES = (
    "officials", "titles", "jurisdictions", "regions", "region_parents", "programs", "events", "participation",
)  # fmt: skip
_PREFIXES = """
PREFIX fp: <https://w3id.org/fupin/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX schema: <https://schema.org/>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
_REGION_CLASSES = "fp:Province fp:Prefecture fp:County fp:Township fp:Village"


@dataclass(slots=True)
class Score:
    hits: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.hits / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.hits / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class Report:
    scores: dict[str, Score]
    errors: list[tuple[str, str, list[str], list[str]]] = field(
        default_factory=list
    )  # doc, category, missing, extra

    @property
    def macro_f1(self) -> float:
        return sum(round(s.f1, 3) for s in self.scores.values()) / len(self.scores)


def _norm(value: object) -> str | None:
    return to_simplified(str(value)).strip() if value is not None else None


def _rows(store: ox.Store, body: str) -> list[list[str | None]]:
    rows = store.query(_PREFIXES + body)  # the default graph: the merged graph
    return [[(t.value if t is not None else None) for t in row] for row in rows]


def predicted(store: ox.Store, doc: str) -> dict[str, set]:
    """Everything the graph says about one article, keyed like the gold."""
    art = f'?a fp:sourceFile ?f . FILTER(STRENDS(STR(?f), "{doc}"))'
    out: dict[str, set] = {}
    out["officials"] = {
        _norm(r[0])
        for r in _rows(
            store,
            f"SELECT DISTINCT ?n WHERE {{ {art} ?a schema:mentions ?p . ?p a fp:Official ; rdfs:label ?n }}",
        )
    }
    rows = _rows(
        store,
        f"""SELECT DISTINCT ?n ?t ?jl WHERE {{ {art}
          ?p a fp:Official ; rdfs:label ?n ; org:holds ?post . ?post prov:wasDerivedFrom ?a .
          OPTIONAL {{ ?post fp:title ?t }} OPTIONAL {{ ?post fp:jurisdiction ?j . ?j rdfs:label ?jl }} }}""",
    )
    out["titles"] = {(_norm(n), _norm(t)) for n, t, _ in rows if t}
    out["jurisdictions"] = {(_norm(n), _norm(j)) for n, _, j in rows if j}
    rows = _rows(
        store,
        f"""SELECT DISTINCT ?l ?pl WHERE {{ {art} ?a schema:mentions ?r .
          VALUES ?c {{ {_REGION_CLASSES} }} ?r a ?c ; rdfs:label ?l .
          OPTIONAL {{ ?r schema:containedInPlace ?par . ?par rdfs:label ?pl }} }}""",
    )
    out["regions"] = {_norm(label) for label, _ in rows}
    out["region_parents"] = {(_norm(label), _norm(p)) for label, p in rows if p}
    out["programs"] = {
        _norm(r[0])
        for r in _rows(
            store,
            f"SELECT DISTINCT ?l WHERE {{ {art} ?a schema:mentions ?g . ?g a fp:Program ; skos:prefLabel ?l }}",
        )
    }
    rows = _rows(
        store,
        f"""SELECT DISTINCT ?e ?c ?d ?ll ?pn WHERE {{ {art} ?e prov:wasDerivedFrom ?a .
          VALUES ?c {{ fp:Meeting fp:Inspection }} ?e a ?c .
          OPTIONAL {{ ?e schema:startDate ?d }} OPTIONAL {{ ?e schema:location ?l . ?l rdfs:label ?ll }}
          OPTIONAL {{ ?e fp:participant ?pp . ?pp rdfs:label ?pn }} }}""",
    )
    kinds = {
        "https://w3id.org/fupin/ontology#Meeting": "meeting",
        "https://w3id.org/fupin/ontology#Inspection": "inspection",
    }
    out["events"] = {(kinds[c], d, _norm(loc)) for _, c, d, loc, _ in rows}
    out["participation"] = {(d, _norm(loc), _norm(pn)) for _, _, d, loc, pn in rows if pn}
    return out


def expected(gold: dict) -> dict[str, set]:
    officials = gold["officials"]
    events = gold["events"]
    return {
        "officials": {o["name"] for o in officials},
        "titles": {(o["name"], t) for o in officials for t in o.get("titles", [])},
        "jurisdictions": {(o["name"], o["jurisdiction"]) for o in officials if o.get("jurisdiction")},
        "regions": {r["name"] for r in gold["regions"]},
        "region_parents": {(r["name"], r["parent"]) for r in gold["regions"] if r.get("parent")},
        "programs": set(gold["programs"]),
        "events": {(e["type"], e.get("date"), e.get("location")) for e in events},
        "participation": {(e.get("date"), e.get("location"), p) for e in events for p in e["participants"]},
    }


def title_hits(pred: set, gold: set) -> int:
    """(name, title) pairs match when the names are equal and one title ends with the other (≥ 2 chars)."""
    used, hits = set(), 0
    for gold_name, gold_title in sorted(gold):
        for pair in sorted(pred):
            name, title = pair
            if pair in used or name != gold_name:
                continue
            short, long_ = sorted((title, gold_title), key=len)
            if title == gold_title or (len(short) >= 2 and long_.endswith(short)):
                used.add(pair)
                hits += 1
                break
    return hits


def gold_files(gold_dir: Path) -> list[Path]:
    """Gold JSON files in `gold_dir` and its subfolders (seeds/, corpus/)."""
    return sorted(gold_dir.rglob("*.json"), key=lambda p: p.name)


def evaluate(store: ox.Store, gold_dir: Path) -> Report:
    files = gold_files(gold_dir)
    if not files:
        raise FileNotFoundError(f"no gold *.json files in {gold_dir}")
    totals: dict[str, Score] = defaultdict(Score)
    report = Report(scores={})
    for path in files:
        gold = json.loads(path.read_text(encoding="utf-8"))
        exp, got = expected(gold), predicted(store, gold["doc"])
        for category in CATEGORIES:
            e, p = exp[category], got[category]
            score = totals[category]
            score.hits += title_hits(p, e) if category == "titles" else len(e & p)
            score.predicted += len(p)
            score.gold += len(e)
            if e != p:
                report.errors.append(
                    (gold["doc"], category, sorted(map(str, e - p)), sorted(map(str, p - e)))
                )
    report.scores = {c: totals[c] for c in CATEGORIES}
    return report
