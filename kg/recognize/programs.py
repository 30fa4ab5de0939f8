"""Programmes (`易地扶贫搬迁`, alias `易地搬迁`) and policy formulas (`两不愁三保障`).

Both vocabularies come from `ontology/programs.ttl` (generated from `kg/data/programs.tsv`):
a programme is matched by its canonical name or any alias, longest first, in the Simplified
text with punctuation inside formulas ignored (`两不愁,三保障`). A name that is part of an
office's name (`以工代赈办`) is not a reference to the programme.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pyoxigraph as ox

from kg.model import Document
from kg.text.search import Automaton, occurrences

ONTOLOGY = Path(__file__).resolve().parents[2] / "ontology"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_FP = "https://w3id.org/fupin/ontology#"
_OFFICE_AFTER = re.compile(r"(?:办公室|办|局|领导小组|指挥部|工作组|中心)")
_FORMULA_PUNCT = re.compile(r"[、,，·\s]")


@cache
def vocabulary() -> dict[str, tuple[str, str]]:
    """Surface form → (kind, canonical name), kind being `program` or `policy`."""
    store = ox.Store()
    store.load(path=str(ONTOLOGY / "programs.ttl"), format=ox.RdfFormat.TURTLE)
    query = f"""SELECT ?c ?pref ?label WHERE {{
        VALUES ?class {{ <{_FP}Program> <{_FP}Policy> }} ?c a ?class ; <{_SKOS}prefLabel> ?pref .
        {{ ?c <{_SKOS}prefLabel> ?label }} UNION {{ ?c <{_SKOS}altLabel> ?label }} }}"""
    table = {}
    for row in store.query(query):
        kind = "program" if "/program/" in row["c"].value else "policy"
        table[row["label"].value] = (kind, row["pref"].value)
    return dict(sorted(table.items()))


@cache
def _automaton(kind: str) -> tuple[Automaton, list[str]]:
    """The automaton over the surfaces of one kind, and each surface's canonical name."""
    table = {surface: canonical for surface, (k, canonical) in vocabulary().items() if k == kind}
    return Automaton(list(table)), list(table.values())


def find_programs(text: str) -> list[tuple[int, int, str, str]]:
    """Non-overlapping (start, end, kind, canonical) matches, longest first.

    Formulas are matched with their inner punctuation ignored (`两不愁,三保障`); programme
    names are not, so that a list (`扶智、扶志`) is not read as one name.
    """
    squeezed, offset = _squeeze(text)
    hits = []
    automaton, canonical = _automaton("program")
    for index, start, end in occurrences(automaton, text):
        if not _OFFICE_AFTER.match(text, end):
            hits.append((start, end, "program", canonical[index]))
    automaton, canonical = _automaton("policy")
    for index, start, end in occurrences(automaton, squeezed):
        hits.append((offset(start), offset(end - 1) + 1, "policy", canonical[index]))
    taken: list[tuple[int, int, str, str]] = []
    occupied: set[int] = set()
    for hit in sorted(hits, key=lambda h: (h[0] - h[1], h[0])):
        if occupied.isdisjoint(range(hit[0], hit[1])):
            taken.append(hit)
            occupied.update(range(hit[0], hit[1]))
    return sorted(taken)


def _squeeze(text: str) -> tuple[str, Callable[[int], int]]:
    """The text without formula punctuation, and the map from its offsets to the original's."""
    # kept[j]: how many characters are kept before the j-th removed one; a squeezed offset i lies
    # after every removed character whose kept count is at most i
    kept = array("q", (m.start() - j for j, m in enumerate(_FORMULA_PUNCT.finditer(text))))
    return _FORMULA_PUNCT.sub("", text), lambda i: i + bisect_right(kept, i)


def recognize_programs(doc: Document) -> Document:
    programs, policies = [], []
    for _, _, kind, canonical in find_programs(doc.text):
        target = programs if kind == "program" else policies
        if canonical not in target:
            target.append(canonical)
    doc.programs, doc.policies = programs, policies
    return doc
