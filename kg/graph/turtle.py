"""Canonical Turtle: the same triples give the same bytes, fast and in bounded memory.

Subjects are written in sorted order, each with `a` first and then its predicates sorted, objects
sorted within a predicate. No blank nodes are expected in the facts (IRIs are minted for
everything), so no relabelling is needed. A build writes graph.ttl from its store one subject at a
time (`write_store`): memory holds the subjects' names, never the graph. Language tags are written
in their conventional case (`zh-Hans`); Oxigraph keeps them in lower case, which RDF allows.
"""

from __future__ import annotations

import re
from collections import defaultdict
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


def language_tag(tag: str) -> str:
    """A language tag in the case BCP 47 recommends: `zh-Hans`, `zh-CN`, `en`."""
    first, *rest = tag.split("-")
    cased = [first.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            cased.append(part.title())
        elif len(part) == 2 and part.isalpha():
            cased.append(part.upper())
        else:
            cased.append(part.lower())
    return "-".join(cased)


class _Writer:
    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def term(self, node: Term) -> str:
        if isinstance(node, ox.NamedNode):
            value = node.value
            for prefix, namespace in self.prefixes:
                if value.startswith(namespace) and _LOCAL.fullmatch(value[len(namespace) :]):
                    return f"{prefix}:{value[len(namespace) :]}"
            return f"<{value}>"  # Oxigraph has checked it is a valid IRI
        if isinstance(node, ox.Literal):
            text = f'"{_escape(node.value)}"'
            if node.language:
                return f"{text}@{language_tag(node.language)}"
            if node.datatype != _XSD_STRING:
                return f"{text}^^{self.term(node.datatype)}"
            return text
        if isinstance(node, ox.BlankNode):
            raise ValueError("blank nodes have no canonical form here: mint an IRI")
        raise TypeError(f"not an RDF term: {node!r}")

    def block(self, subject: Term, predicates: dict[ox.NamedNode, list[Term]]) -> str:
        """One subject's statements, its predicates and objects in order."""
        lines = [self.term(subject)]
        keys = sorted(predicates, key=lambda p: (p != _RDF_TYPE, p.value))
        for i, predicate in enumerate(keys):
            terms = [self.term(o) for o in sorted(set(predicates[predicate]), key=_order)]
            objects = terms[0] if len(terms) == 1 else "\n        " + ",\n        ".join(terms)
            verb = "a" if predicate == _RDF_TYPE else self.term(predicate)
            lines.append(f"    {verb} {objects} {'.' if i == len(keys) - 1 else ';'}")
        return "\n" + "\n".join(lines)


def _order(node: Term) -> tuple[int, str, str, str]:
    if isinstance(node, ox.Literal):
        return (1, node.value, node.language or "", node.datatype.value)
    return (0, node.value, "", "")


def _header(prefixes: dict[str, str]) -> str:
    return "\n".join(f"@prefix {name}: <{namespace}> ." for name, namespace in sorted(prefixes.items()))


def serialize(triples: Iterable[tuple[Term, ox.NamedNode, Term]], prefixes: dict[str, str]) -> str:
    """Turtle for `triples`, byte-identical for the same set whatever its order."""
    writer = _Writer(prefixes)
    subjects: dict[Term, dict[ox.NamedNode, list[Term]]] = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        subjects[s][p].append(o)
    blocks = [writer.block(subject, subjects[subject]) for subject in sorted(subjects, key=_order)]
    return "\n".join([_header(prefixes), *blocks]) + "\n"


def write_store(
    store: ox.Store, subjects: Iterable[ox.NamedNode], prefixes: dict[str, str], out: TextIO
) -> int:
    """Write the default graph of `store` to `out` as `serialize` would, one subject at a time; `subjects`
    must be every subject of that graph. Returns the number of triples written."""
    writer = _Writer(prefixes)
    out.write(_header(prefixes))
    count = 0
    for subject in sorted(subjects, key=_order):
        predicates: dict[ox.NamedNode, list[Term]] = defaultdict(list)
        for quad in store.quads_for_pattern(subject, None, None, ox.DefaultGraph()):
            predicates[quad.predicate].append(quad.object)
            count += 1
        out.write("\n")
        out.write(writer.block(subject, predicates))
    out.write("\n")
    return count
