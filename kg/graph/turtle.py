"""Canonical Turtle: the same triples give the same bytes, fast.

Subjects are written in sorted order, each with `a` first and then its predicates sorted, objects
sorted within a predicate. No blank nodes are expected in the facts (IRIs are minted for
everything), so no relabelling is needed. rdflib's serializers are ~40× slower on large graphs and
order their output by their own rules; this writer is the one place that decides the bytes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from rdflib import RDF, BNode, Literal, URIRef
from rdflib.term import Node

_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}
_STRING_UNSAFE = re.compile(r'[\\"\n\r\t\b\f]|[\x00-\x1f\x7f]')


def _iri(value: str) -> str:
    return "<" + _IRI_UNSAFE.sub(lambda m: f"%{ord(m.group()):02X}", value) + ">"


def _escape(value: str) -> str:
    return _STRING_UNSAFE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04X}"), value)


class _Writer:
    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def term(self, node: Node) -> str:
        if isinstance(node, URIRef):
            value = str(node)
            for prefix, namespace in self.prefixes:
                if value.startswith(namespace) and _LOCAL.fullmatch(value[len(namespace) :]):
                    return f"{prefix}:{value[len(namespace) :]}"
            return _iri(value)
        if isinstance(node, Literal):
            text = f'"{_escape(str(node))}"'
            if node.language:
                return f"{text}@{node.language}"
            if node.datatype is not None:
                return f"{text}^^{self.term(node.datatype)}"
            return text
        if isinstance(node, BNode):
            raise ValueError("blank nodes have no canonical form here: mint an IRI")
        raise TypeError(f"not an RDF term: {node!r}")


def _order(node: Node) -> tuple:
    if isinstance(node, Literal):
        return (1, str(node), node.language or "", str(node.datatype or ""))
    return (0, str(node), "", "")


def serialize(triples: Iterable[tuple[Node, Node, Node]], prefixes: dict[str, str]) -> str:
    """Turtle for `triples`, byte-identical for the same set whatever its order."""
    writer = _Writer(prefixes)
    subjects: dict[Node, dict[Node, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        subjects[s][p].add(o)
    out = [f"@prefix {name}: <{namespace}> ." for name, namespace in sorted(prefixes.items())]
    for subject in sorted(subjects, key=_order):
        predicates = subjects[subject]
        lines = [writer.term(subject)]
        keys = sorted(predicates, key=lambda p: (p != RDF.type, str(p)))
        for i, predicate in enumerate(keys):
            terms = [writer.term(o) for o in sorted(predicates[predicate], key=_order)]
            objects = terms[0] if len(terms) == 1 else "\n        " + ",\n        ".join(terms)
            verb = "a" if predicate == RDF.type else writer.term(predicate)
            lines.append(f"    {verb} {objects} {'.' if i == len(keys) - 1 else ';'}")
        out.append("\n" + "\n".join(lines))
    return "\n".join(out) + "\n"
