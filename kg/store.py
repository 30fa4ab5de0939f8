"""The on-disk Oxigraph store a build writes into OUT/store beside graph.ttl.

Its default graph is the merged graph (exactly graph.ttl: facts and ontology); each article's own
assertions are also a named graph, named by the article's IRI. `kg query` and the other readers open it
read-only (`api.load_store`) instead of parsing Turtle.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

STORE_DIR = "store"


def _term(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        return ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype)) if node.datatype else None)
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    raise TypeError(f"not an RDF term: {node!r}")


def to_rdflib(store: ox.Store) -> Graph:
    """The store's default graph copied into a plain in-memory rdflib Graph (for pyshacl, which does many
    small lookups: 10× faster there than through oxrdflib)."""
    cache: dict[ox.NamedNode | ox.BlankNode | ox.Literal, Node] = {}

    def term(node: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
        found = cache.get(node)
        if found is None:
            if isinstance(node, ox.NamedNode):
                found = URIRef(node.value)
            elif isinstance(node, ox.BlankNode):
                found = BNode(node.value)
            elif node.language:
                found = Literal(node.value, lang=node.language)
            else:
                found = Literal(node.value, datatype=URIRef(node.datatype.value))
            cache[node] = found
        return found

    graph = Graph()
    quads = store.quads_for_pattern(None, None, None, ox.DefaultGraph())
    graph.addN((term(q.subject), term(q.predicate), term(q.object), graph) for q in quads)
    return graph


def _quads(articles: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]]) -> Iterator[ox.Quad]:
    for article, triples in articles.items():
        graph = ox.NamedNode(str(article))
        for s, p, o in triples:
            yield ox.Quad(_term(s), _term(p), _term(o), graph)


@contextmanager
def staged(
    out_dir: Path, turtle: str, articles: Mapping[URIRef, Iterable[tuple[Node, Node, Node]]]
) -> Iterator[Path]:
    """Build the store in a temporary folder of `out_dir`; when the block ends without error, swap it in
    for OUT/store, otherwise delete it: a failed build never leaves a broken store (nor replaces a good one).

    `turtle` becomes the default graph, `articles` the named graphs. Call it under the build's lock.
    """
    for stale in out_dir.glob(f".{STORE_DIR}.*.part"):  # left by a build that was killed
        shutil.rmtree(stale, ignore_errors=True)
    tmp = Path(tempfile.mkdtemp(dir=out_dir, prefix=f".{STORE_DIR}.", suffix=".part"))
    try:
        store = ox.Store(str(tmp))
        store.bulk_load(input=turtle.encode("utf-8"), format=ox.RdfFormat.TURTLE)
        store.bulk_extend(_quads(articles))
        store.flush()
        del store  # closes the database before it is moved
        yield tmp
        _swap(tmp, out_dir / STORE_DIR)
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
