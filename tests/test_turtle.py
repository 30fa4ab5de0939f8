import random

from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.graph.build import PREFIXES
from kg.graph.turtle import serialize

EX = "https://w3id.org/fupin/id/"
FP = PREFIXES["fp"]


def graph_of(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def sample() -> list[tuple]:
    s = URIRef(EX + "official/王昕-140926")
    return [
        (s, RDF.type, URIRef(FP + "Official")),
        (s, URIRef(PREFIXES["rdfs"] + "label"), Literal("王昕", lang="zh-Hans")),
        (s, URIRef(PREFIXES["rdfs"] + "label"), Literal("王昕", lang="zh-Hant")),
        (
            URIRef(EX + "event/a-1"),
            URIRef(PREFIXES["schema"] + "startDate"),
            Literal("--08-26", datatype=URIRef(PREFIXES["xsd"] + "gMonthDay")),
        ),
        (
            URIRef(EX + "event/a-1"),
            URIRef(FP + "evidence"),
            Literal('他说:"<script>alert(2)</script>"\n\\ 第二行\t'),
        ),
        (URIRef(EX + "region/x y{z}"), RDF.type, URIRef(FP + "Village")),
    ]


def test_round_trip_is_isomorphic_and_order_does_not_matter():
    triples = sample()
    text = serialize(triples, PREFIXES)
    g = Graph()
    for t in triples:
        g.add(t)
    g.remove((URIRef(EX + "region/x y{z}"), None, None))  # the unsafe IRI is percent-encoded on output
    parsed = graph_of(text)
    parsed.remove((URIRef(EX + "region/x%20y%7Bz%7D"), None, None))
    assert isomorphic(g, parsed)
    shuffled = triples[:]
    random.Random(7).shuffle(shuffled)
    assert serialize(shuffled, PREFIXES) == text


@given(st.text())
def test_any_literal_survives_the_round_trip(value):
    s = URIRef(EX + "event/a-1")
    text = serialize([(s, URIRef(FP + "evidence"), Literal(value))], PREFIXES)
    assert str(graph_of(text).value(s, URIRef(FP + "evidence"))) == value
