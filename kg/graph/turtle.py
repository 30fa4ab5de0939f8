"""Canonical Turtle: the same triples give the same bytes, fast and in bounded memory.

Subjects are written in sorted order, each with `a` first and then its predicates sorted, objects
sorted within a predicate. No blank nodes are expected in the facts (IRIs are minted for
everything), so no relabelling is needed. Triples become sortable statements (`Writer.statement`);
`write_sorted` writes any sorted stream of them: the prefixes, the subjects (`write_subjects`, which a
build runs on ranges of its sorted runs from disk, in parts, never holding the graph), a line end. Language tags are written as Oxigraph keeps them, in lower case
(`zh-hans`, as RDF 1.2 normalises them), so graph.ttl, the store and every export carry the same form.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from typing import TextIO

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_STRING_UNSAFE = re.compile(r'[\\"\n\r\t\b\f]|[\x00-\x1f\x7f]')


def _escape(value: str) -> str:
    return _STRING_UNSAFE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), value)


class Writer:
    """Turtle text for terms and statements; remembers how it wrote each IRI (they repeat a lot)."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self._iris: dict[str, str] = {}
        self._subjects: dict[Term, tuple[str, str]] = {}  # term → its part of a statement
        self._predicates: dict[ox.NamedNode, tuple[bool, str, str]] = {}
        self._objects: dict[Term, tuple[int, str, str, str, str]] = {}

    def term(self, node: Term) -> str:
        if isinstance(node, ox.NamedNode):
            value = node.value
            text = self._iris.get(value)
            if text is None:
                text = self._iris[value] = self._iri(value)
            return text
        if isinstance(node, ox.Literal):
            text = f'"{_escape(node.value)}"'
            if node.language:
                return f"{text}@{node.language}"
            if node.datatype != _XSD_STRING:
                return f"{text}^^{self.term(node.datatype)}"
            return text
        if isinstance(node, ox.BlankNode):
            raise ValueError("blank nodes have no canonical form here: mint an IRI")
        raise TypeError(f"not an RDF term: {node!r}")

    def _iri(self, value: str) -> str:
        for prefix, namespace in self.prefixes:
            if value.startswith(namespace) and _LOCAL.fullmatch(value[len(namespace) :]):
                return f"{prefix}:{value[len(namespace) :]}"
        return f"<{value}>"  # Oxigraph has checked it is a valid IRI

    def statement(self, s: ox.NamedNode, p: ox.NamedNode, o: Term) -> Statement:
        """A triple as a sortable row: each term's keys of the canonical order followed by its text. A
        text follows from the keys before it, so it never decides an order. Each term's part of the row is
        made once (a chunk of articles repeats its terms a lot)."""
        subject = self._subjects.get(s)
        if subject is None:
            subject = self._subjects[s] = (s.value, self.term(s))
        predicate = self._predicates.get(p)
        if predicate is None:
            verb = "a" if p == _RDF_TYPE else self.term(p)
            predicate = self._predicates[p] = (verb != "a", p.value, verb)
        obj = self._objects.get(o)
        if obj is None:
            obj = self._objects[o] = (*_order(o), self.term(o))
        return subject + predicate + obj


# (subject, its text; not rdf:type, predicate, its text; object kind, value, language, datatype, its text)
Statement = tuple[str, str, bool, str, str, int, str, str, str, str]


def _order(node: Term) -> tuple[int, str, str, str]:
    if isinstance(node, ox.Literal):
        return (1, node.value, node.language or "", node.datatype.value)
    return (0, node.value, "", "")


def write_sorted(statements: Iterable[Statement], prefixes: dict[str, str], out: TextIO) -> int:
    """Write sorted statements as Turtle, one subject at a time (repeats are written once); returns the
    number of triples written."""
    write_prefixes(prefixes, out)
    count = write_subjects(statements, out)
    out.write("\n")
    return count


def write_prefixes(prefixes: dict[str, str], out: TextIO) -> None:
    """The head of the Turtle `write_sorted` writes."""
    out.write("\n".join(f"@prefix {name}: <{ns}> ." for name, ns in sorted(prefixes.items())))


def write_subjects(statements: Iterable[Statement], out: TextIO) -> int:
    """The body of the Turtle `write_sorted` writes: a block per subject, each after an empty line.
    Statements split at subjects give bodies that put end to end are the body of them all."""
    count = 0
    previous = None
    subject = verb = None
    objects: list[str] = []
    lines: list[str] = []

    def close_predicate() -> None:
        if objects:
            listed = objects[0] if len(objects) == 1 else "\n        " + ",\n        ".join(objects)
            lines.append(f"    {verb} {listed}")
            objects.clear()

    def close_subject() -> None:
        close_predicate()
        if lines:
            out.write("\n\n" + lines[0] + "\n" + " ;\n".join(lines[1:]) + " .")
            lines.clear()

    for row in statements:
        if row == previous:
            continue
        previous = row
        count += 1
        if row[1] != subject:
            close_subject()
            subject, verb = row[1], row[4]
            lines.append(subject)
        elif row[4] != verb:
            close_predicate()
            verb = row[4]
        objects.append(row[9])
    close_subject()
    return count


def serialize(triples: Iterable[tuple[ox.NamedNode, ox.NamedNode, Term]], prefixes: dict[str, str]) -> str:
    """Turtle for `triples`, byte-identical for the same set whatever its order."""
    writer = Writer(prefixes)
    out = io.StringIO()
    write_sorted(sorted(writer.statement(*t) for t in triples), prefixes, out)
    return out.getvalue()
