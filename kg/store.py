"""The on-disk Oxigraph store a build writes into OUT/store beside graph.ttl.

Its default graph is the merged graph (exactly graph.ttl: facts and ontology); each article's own
assertions are also a named graph, named by the article's IRI. `kg query` and the other readers open it
read-only (`api.load_store`) instead of parsing Turtle.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

STORE_DIR = "store"
T = TypeVar("T")
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def rdflib_term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """The rdflib form of an Oxigraph term."""
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return BNode(node.value)
    if node.language:
        return Literal(node.value, lang=node.language)
    if node.datatype.value == _XSD_STRING:
        return Literal(node.value)  # the same literal in RDF 1.1, and how rdflib users write it
    return Literal(node.value, datatype=URIRef(node.datatype.value))


def to_rdflib(store: ox.Store) -> Graph:
    """The store's default graph copied into a plain in-memory rdflib Graph (for pyshacl, which does many
    small lookups: 10× faster there than through oxrdflib)."""
    cache: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        found = cache.get(node)
        if found is None:
            found = cache[node] = rdflib_term(node)
        return found

    graph = Graph()
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in quads)
    return graph


class _Texts(dict):
    """Each term's N-Quads text, made once (articles repeat terms a lot)."""

    def __missing__(self, node: ox.NamedNode | ox.Literal) -> str:
        text = self[node] = str(node)  # Oxigraph writes a term as N-Triples
        return text


def nquads(articles: Iterable[tuple[ox.NamedNode, set[tuple]]], merged: set[tuple]) -> bytes:
    """N-Quads of each article's triples in the article's named graph, and of `merged` (the union of
    the articles' triples, with any that belong to no one article) in the default graph."""
    text = _Texts()
    lines = []
    for article, triples in articles:
        graph = f" {text[article]} .\n"
        lines += [f"{text[s]} {text[p]} {text[o]}{graph}" for s, p, o in triples]
    lines += [f"{text[s]} {text[p]} {text[o]} .\n" for s, p, o in merged]
    return "".join(lines).encode()


def staged(out_dir: Path, fill: Callable[[ox.Store], T]) -> T:
    """Build a store in a temporary folder of `out_dir` with `fill(store)`; when it returns, swap the store
    in for OUT/store; when it raises, delete it: a failed build never leaves a broken store (nor replaces
    a good one). Call it under the build's lock; `fill` must not keep the store."""
    for stale in out_dir.glob(f".{STORE_DIR}.*.part"):  # left by a build that was killed
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{STORE_DIR}.", suffix=".part"))
    try:
        store = ox.Store(str(tmp))
        result = fill(store)
        store.flush()
        del store  # closes the database before it is moved
        _swap(tmp, out_dir / STORE_DIR)
        return result
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _swap(new: Path, target: Path) -> None:
    """Put the folder `new` at `target`; the folder that was there is moved aside, then deleted."""
    old = new.with_suffix(".old.part")
    if target.exists():
        os.rename(target, old)
    try:
        os.rename(new, target)
    except OSError:
        if old.exists():
            os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
