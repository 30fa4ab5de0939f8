"""Sorted runs on disk: graph.ttl's body written in parts is the body written at once."""

import heapq
import io
from unittest import mock

import pyoxigraph as ox
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import runs
from kg.graph import turtle
from kg.graph.build import PREFIXES

EX = "https://w3id.org/fupin/id/"
PREDICATES = [
    ox.NamedNode(PREFIXES["rdfs"] + "label"),
    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
]

triples = st.tuples(
    st.sampled_from([ox.NamedNode(f"{EX}article/a{n}") for n in range(12)]),
    st.sampled_from(PREDICATES),
    st.one_of(
        st.sampled_from([ox.NamedNode(f"{EX}region/r{n}") for n in range(4)]),
        st.text(alphabet='县乡村 \n"', max_size=4).map(lambda text: ox.Literal(text, language="zh-Hans")),
    ),
)


def body(statements) -> tuple[str, int]:
    out = io.StringIO()
    count = turtle.write_subjects(statements, out)
    return out.getvalue(), count


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(triples, max_size=40), min_size=1, max_size=5), st.integers(1, 5))
def test_parts_put_end_to_end_are_the_merge_of_all_runs(tmp_path_factory, chunks, parts):
    folder = tmp_path_factory.mktemp("runs")
    writer = turtle.Writer(PREFIXES)
    sorted_chunks = [sorted(writer.statement(*t) for t in chunk) for chunk in chunks]
    with mock.patch.object(runs, "_BLOCK", 3):  # many blocks, so parts start inside runs
        written = [runs.write_run(folder, chunk) for chunk in sorted_chunks]
    expected = body(heapq.merge(*sorted_chunks))
    bounds = runs.split_points(written, parts)
    assert len(bounds) <= parts + 1 and bounds[0] is None and bounds[-1] is None
    texts, counts = [], []
    for low, high in zip(bounds[:-1], bounds[1:], strict=True):
        out = io.StringIO()
        counts.append(runs.write_part(written, low, high, out))
        texts.append(out.getvalue())
    assert ("".join(texts), sum(counts)) == expected
    assert list(runs.read_run(written[0])) == sorted_chunks[0]
