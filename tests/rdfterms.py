"""Comparing rdflib graphs with what Oxigraph gives back."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef

XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def _plain(term):
    """A literal as Oxigraph gives it back: a simple literal as xsd:string."""
    if isinstance(term, Literal) and not term.language:
        return Literal(str(term), datatype=term.datatype or XSD_STRING)
    return term


def comparable(graph: Graph) -> Graph:
    """`graph` with its literals in Oxigraph's form, for isomorphism checks."""
    out = Graph()
    for triple in graph:
        out.add(tuple(_plain(t) for t in triple))
    return out


def ground(graph: Graph) -> set:
    """The triples without blank nodes, literals in Oxigraph's form."""
    return {
        tuple(_plain(t) for t in triple) for triple in graph if not any(isinstance(t, BNode) for t in triple)
    }
