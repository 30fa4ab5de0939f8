"""Precision, recall and F1 against gold annotations (`gold/GUIDE.md`).

The definitions are those of the reference scorer (`shared/tools/score.py`): the graph is read
through the public vocabulary only, so the scores are what a SPARQL user of the graph gets.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
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


Item = str | tuple  # a fact as the gold and the scorer key it: a name, or a tuple such as (name, title)
# The place in each category's tuple: a miss and a false hit differing only there are a wrong jurisdiction
# (the region a post governs, a region's parent, an event's location).
_PLACE = {"jurisdictions": 1, "region_parents": 1, "events": 2, "participation": 1}
# The names and titles in each category's tuple: where an overlapping value is a wrong boundary.
_NAMES = {"officials": (0,), "titles": (0, 1), "jurisdictions": (0,), "regions": (0,), "region_parents": (0,)}
_NAMES |= {"participation": (2,)}
KINDS = ("missed", "false", "wrong boundary", "wrong jurisdiction")


@dataclass(slots=True)
class Report:
    scores: dict[str, Score]
    errors: list[tuple[str, str, list[Item], list[Item]]] = field(
        default_factory=list
    )  # doc, category, missing, extra
    scored: list[Path] = field(default_factory=list)  # the gold files scored
    left_out: list[tuple[Path, str, str]] = field(default_factory=list)  # gold files not scored: why, detail

    @property
    def macro_f1(self) -> float:
        return sum(round(s.f1, 3) for s in self.scores.values()) / len(self.scores)

    def by_kind(self) -> dict[str, dict[str, list[tuple[str, Item | None, Item | None]]]]:
        """The errors per category and kind (`KINDS`), each as (doc, gold item, predicted item): a miss
        and a false hit of one article that differ only in the place are a wrong jurisdiction, that
        differ only in a name or title overlapping the gold one a wrong boundary."""
        out = {c: {k: [] for k in KINDS} for c in CATEGORIES}
        for doc, category, missing, extra in self.errors:
            kinds = out[category]
            extra = list(extra)
            for gold in missing:
                kind, found = _near_miss(category, gold, extra)
                if found is None:
                    kinds["missed"].append((doc, gold, None))
                else:
                    extra.remove(found)
                    kinds[kind].append((doc, gold, found))
            kinds["false"] += [(doc, None, item) for item in extra]
        return out


def _near_miss(category: str, gold: Item, extra: list[Item]) -> tuple[str, Item | None]:
    """The false hit that is this miss with a wrong place (first) or a wrong boundary, if any."""
    parts = gold if isinstance(gold, tuple) else (gold,)
    place = _PLACE.get(category)
    boundary = None
    for item in extra:
        other = item if isinstance(item, tuple) else (item,)
        differ = [i for i, (a, b) in enumerate(zip(parts, other, strict=True)) if a != b]
        if len(differ) != 1:
            continue
        if differ[0] == place:
            return "wrong jurisdiction", item
        if (
            boundary is None
            and differ[0] in _NAMES.get(category, ())
            and _overlap(parts[differ[0]], other[differ[0]])
        ):
            boundary = item
    return "wrong boundary", boundary


def _overlap(a: object, b: object) -> bool:
    """One string inside the other, or the end of one the start of the other (王昕 / 王昕及, 县长王 / 王昕)."""
    if not (isinstance(a, str) and isinstance(b, str) and a and b):
        return False
    return (
        a in b or b in a or any(a.endswith(b[:k]) or b.endswith(a[:k]) for k in range(1, min(len(a), len(b))))
    )


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


def title_matches(pred: set, gold: set) -> tuple[set, set]:
    """(name, title) pairs match when the names are equal and one title ends with the other (≥ 2 chars).
    The gold pairs matched and the predicted pairs that matched them."""
    used, hit = set(), set()
    for gold_name, gold_title in sorted(gold):
        for pair in sorted(pred):
            name, title = pair
            if pair in used or name != gold_name:
                continue
            short, long_ = sorted((title, gold_title), key=len)
            if title == gold_title or (len(short) >= 2 and long_.endswith(short)):
                used.add(pair)
                hit.add((gold_name, gold_title))
                break
    return hit, used


def gold_files(paths: Iterable[Path]) -> list[Path]:
    """The gold JSON files named, and those in the folders named and their subfolders (seeds/, corpus/),
    in the order given, each folder's by file name."""
    found: dict[Path, None] = {}
    for path in paths:
        found |= dict.fromkeys(
            sorted(path.rglob("*.json"), key=lambda p: (p.name, p)) if path.is_dir() else [path]
        )
    return list(found)


def built_articles(store: ox.Store) -> set[str]:
    """The file names of the articles in the build."""
    return {row[0] for row in _rows(store, "SELECT ?f WHERE { ?a a fp:Article ; fp:sourceFile ?f }")}


def evaluate(store: ox.Store, gold: Path | Iterable[Path]) -> Report:
    """Score the articles of the build that have gold; the other gold files are `left_out`, with why."""
    paths = [gold] if isinstance(gold, Path) else list(gold)
    files = gold_files(paths)
    if not files:
        raise FileNotFoundError(f"no gold *.json files in {', '.join(map(str, paths))}")
    built = built_articles(store)
    totals: dict[str, Score] = defaultdict(Score)
    report = Report(scores={})
    seen: dict[str, Path] = {}
    for path in files:
        try:
            gold_doc = json.loads(path.read_text(encoding="utf-8"))
            doc, exp = gold_doc["doc"], expected(gold_doc)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:  # not a gold file
            report.left_out.append((path, "not a gold file", f"{type(exc).__name__}: {exc}"))
            continue
        if doc in seen:
            report.left_out.append((path, "a second gold file for one article", f"the first: {seen[doc]}"))
            continue
        if doc not in built:
            report.left_out.append((path, "article not in the build", doc))
            continue
        seen[doc] = path
        report.scored.append(path)
        got = predicted(store, doc)
        for category in CATEGORIES:
            e, p = exp[category], got[category]
            hit, used = title_matches(p, e) if category == "titles" else (e & p, e & p)
            score = totals[category]
            score.hits += len(hit)
            score.predicted += len(p)
            score.gold += len(e)
            if hit != e or used != p:
                report.errors.append((doc, category, sorted(e - hit, key=str), sorted(p - used, key=str)))
    if not report.scored:
        if len(report.left_out) == 1:
            ((path, why, detail),) = report.left_out
            raise LookupError(f"the gold file {path} could not be scored: {why} ({detail})")
        reasons = sorted({why for _, why, _ in report.left_out})
        raise LookupError(f"none of the {len(files)} gold files could be scored: {'; '.join(reasons)}")
    report.scores = {c: totals[c] for c in CATEGORIES}
    return report
