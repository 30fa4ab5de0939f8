import random

import pyoxigraph as ox
from hypothesis import given
from hypothesis import strategies as st
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.graph.build import PREFIXES
from kg.graph.turtle import serialize
from kg.store import rdflib_term

EX = "https://w3id.org/fupin/id/"
FP = PREFIXES["fp"]
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def graph_of(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def sample() -> list[tuple]:
    s = ox.NamedNode(EX + "official/王昕-140926")
    return [
        (s, RDF_TYPE, ox.NamedNode(FP + "Official")),
        (s, ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("王昕", language="zh-Hans")),
        (s, ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("王昕", language="zh-Hant")),
        (
            ox.NamedNode(EX + "event/a-1"),
            ox.NamedNode(PREFIXES["schema"] + "startDate"),
            ox.Literal("--08-26", datatype=ox.NamedNode(PREFIXES["xsd"] + "gMonthDay")),
        ),
        (
            ox.NamedNode(EX + "event/a-1"),
            ox.NamedNode(FP + "evidence"),
            ox.Literal('他说:"<script>alert(2)</script>"\n\\ 第二行\t'),
        ),
        (ox.NamedNode(EX + "region/x"), RDF_TYPE, ox.NamedNode(FP + "Village")),
    ]


def test_round_trip_is_isomorphic_and_order_does_not_matter():
    triples = sample()
    text = serialize(triples, PREFIXES)
    g = Graph()
    for t in triples:
        g.add(tuple(map(rdflib_term, t)))
    parsed = graph_of(text)
    assert isomorphic(g, parsed)
    shuffled = triples[:]
    random.Random(7).shuffle(shuffled)
    assert serialize(shuffled, PREFIXES) == text


@given(st.text())
def test_any_literal_survives_the_round_trip(value):
    s = ox.NamedNode(EX + "event/a-1")
    text = serialize([(s, ox.NamedNode(FP + "evidence"), ox.Literal(value))], PREFIXES)
    assert str(graph_of(text).value(rdflib_term(s), rdflib_term(ox.NamedNode(FP + "evidence")))) == value


def test_language_tags_are_written_as_the_store_keeps_them():
    text = serialize(sample()[:3], PREFIXES)
    assert '"王昕"@zh-hans' in text and '"王昕"@zh-hant' in text
    store = ox.Store()
    store.load(text.encode(), ox.RdfFormat.TURTLE)
    assert store.dump(
        format=ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES
    ).decode().count("@zh-han") == text.count("@zh-han")
