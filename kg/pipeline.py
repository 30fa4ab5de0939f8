"""The stages in order, each `(Document) -> Document`; an error names the stage and the file."""

from __future__ import annotations

from collections.abc import Callable

from kg.extract.events import extract_events
from kg.model import Document
from kg.recognize.lexicon import find_all
from kg.recognize.officials import recognize_officials
from kg.recognize.programs import recognize_programs
from kg.recognize.regions import recognize_regions
from kg.text.normalize import normalize


class StageError(Exception):
    """A stage failed on one document."""


def recognize_people(doc: Document) -> Document:
    """Officials, then regions again without the ones read inside their names (叶长春 is not 长春)."""
    recognize_officials(doc)
    blocked = frozenset(
        i
        for person in doc.people
        for start in find_all(doc.text, person.name)
        for i in range(start, start + len(person.name))
    )
    if any(blocked.intersection(range(m.start, m.end)) for m in doc.regions):
        recognize_regions(doc, blocked=blocked)
        recognize_officials(doc)
    return doc


STAGES: list[tuple[str, Callable[[Document], Document]]] = [
    ("normalize", normalize),
    ("regions", recognize_regions),
    ("officials", recognize_people),
    ("programs", recognize_programs),
    ("events", extract_events),
]


def process(doc: Document) -> Document:
    for name, stage in STAGES:
        try:
            doc = stage(doc)
        except Exception as exc:  # noqa: BLE001 - reported with the stage and file, never swallowed
            raise StageError(f"{doc.source}: stage {name} failed: {type(exc).__name__}: {exc}") from exc
    return doc
