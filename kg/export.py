"""The built graph in other formats: RDF serializations, networks for Gephi, CSV tables.

RDF formats come straight from the store: Turtle, N-Triples, JSON-LD and RDF/XML carry the merged graph;
TriG and N-Quads carry the whole dataset, the merged graph as the default graph beside one named graph
per article (what that article asserted, named by the article's IRI).
"""

from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx
import pyoxigraph as ox
from networkx.readwrite.gexf import GEXFWriter

FP = "https://w3id.org/fupin/ontology#"
FPID = "https://w3id.org/fupin/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

# name → (file name, pyoxigraph format or None, whether the format keeps the named graphs)
FORMATS: dict[str, tuple[str, ox.RdfFormat | None, bool]] = {
    "turtle": ("graph.ttl", ox.RdfFormat.TURTLE, False),
    "ntriples": ("graph.nt", ox.RdfFormat.N_TRIPLES, False),
    "nquads": ("graph.nq", ox.RdfFormat.N_QUADS, True),
    "trig": ("graph.trig", ox.RdfFormat.TRIG, True),
    "jsonld": ("graph.jsonld", ox.RdfFormat.JSON_LD, False),
    "rdfxml": ("graph.rdf", ox.RdfFormat.RDF_XML, False),
    "graphml": ("graph.graphml", None, False),
    "gexf": ("graph.gexf", None, False),
    "csv": ("csv", None, False),
}
_PREFIXED = {ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML, ox.RdfFormat.JSON_LD}


def render(fmt: str, store: ox.Store, prefixes: dict[str, str], bom: bool = False) -> bytes:
    """The graph as one file of format `fmt` (csv: a zip of the tables, each after a byte-order mark
    with `bom`)."""
    _, rdf_format, dataset = FORMATS[fmt]
    if rdf_format is not None:
        # Entity IRIs stay whole: as fpid: names their slashes would need escaping (fpid:region\/140926).
        short = {name: iri for name, iri in prefixes.items() if iri != FPID}
        return store.dump(
            format=rdf_format,
            from_graph=None if dataset else ox.DefaultGraph(),
            prefixes=short if rdf_format in _PREFIXED else None,
        )
    if fmt == "csv":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in tables(store, prefixes, bom).items():
                archive.writestr(name, data)
        return buffer.getvalue()
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(network(store, prefixes), buffer)
    else:
        _gexf(network(store, prefixes)).write(buffer)
    return buffer.getvalue()


def _gexf(graph: nx.MultiDiGraph) -> GEXFWriter:
    """networkx' GEXF, with the same bytes every day and every edge's property as its `kind` (GEXF 1.3's
    edge kind, by which Gephi tells parallel edges apart instead of merging them: a lead who is also
    a participant). networkx stamps today's date as `lastmodifieddate` and writes an empty graph name:
    both are dropped, since the graph has no date of its own and no name."""
    for *_, key, data in graph.edges(keys=True, data=True):
        data["id"] = key  # the GraphML's edge ids, not a count of networkx' own
    writer = GEXFWriter()
    del writer.xml.find("meta").attrib["lastmodifieddate"]
    writer.add_graph(graph)
    del writer.graph_element.attrib["name"]
    for edge in writer.graph_element.iter("edge"):
        edge.set("kind", edge.get("label"))
    return writer


def network(store: ox.Store, prefixes: dict[str, str]) -> nx.MultiDiGraph:
    """The entities (IRIs under fpid:) as nodes and the links between them as edges, each with an id of
    its own (`e0`, `e1`, … in the order of subject, object and property) and the property as `label`
    and `kind` (`org:holds`); each node has its `type`, one class name (its class in the fp: ontology
    where it has one: `Program`, not skos:Concept too), a `label` and its literal values as attributes
    named after their property (`title`, `adcode`, `startDate`; other languages than Simplified Chinese
    get a suffix: `label_zh-hant`)."""
    attributes: dict[str, dict[str, set[str]]] = {}
    edges: set[tuple[str, str, str]] = set()
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        subject, predicate, obj = quad.subject.value, quad.predicate.value, quad.object
        if not (isinstance(quad.subject, ox.NamedNode) and subject.startswith(FPID)):
            continue
        found = attributes.setdefault(subject, {})
        if predicate == RDF_TYPE:
            found.setdefault("type", set()).add(obj.value)
        elif isinstance(obj, ox.Literal):
            language = obj.language or "zh-hans"
            key = _local(predicate) + ("" if language == "zh-hans" else f"_{language}")
            found.setdefault(key, set()).add(obj.value)
        elif isinstance(obj, ox.NamedNode) and obj.value.startswith(FPID):
            edges.add((subject, obj.value, _curie(predicate, prefixes)))
    graph = nx.MultiDiGraph()
    for node in sorted(attributes.keys() | {o for _, o, _ in edges}):
        found = attributes.get(node, {})
        classes = found.pop("type", set())
        values = {key: " | ".join(sorted(v)) for key, v in sorted(found.items())}
        fallback = next(
            (values[k] for k in ("prefLabel", "title", "headline") if k in values), node.rsplit("/", 1)[-1]
        )
        graph.add_node(node, iri=node, type=_class(classes), label=values.pop("label", fallback), **values)
    for n, (subject, obj, label) in enumerate(sorted(edges)):
        graph.add_edge(subject, obj, key=f"e{n}", label=label, kind=label)
    return graph


def _class(classes: set[str]) -> str:
    """One class name for a node: its fp: class (the graph's own vocabulary) before any other."""
    if not classes:
        return ""
    return _local(min(classes, key=lambda iri: (not iri.startswith(FP), iri)))


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def _curie(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, namespace in prefixes.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


_LABEL = 'FILTER(langMatches(lang(?{0}), "zh-Hans"))'
TABLES = {
    "officials.csv": f"""
SELECT ?official ?name
       (GROUP_CONCAT(DISTINCT ?hant; separator="|") AS ?name_zh_hant)
       (COUNT(DISTINCT ?post) AS ?posts) (COUNT(DISTINCT ?article) AS ?articles)
WHERE {{
  ?official a fp:Official ; rdfs:label ?name . {_LABEL.format("name")}
  OPTIONAL {{ ?official rdfs:label ?hant FILTER(langMatches(lang(?hant), "zh-Hant")) }}
  OPTIONAL {{ ?official org:holds ?post }}
  OPTIONAL {{ ?article schema:mentions ?official }}
}} GROUP BY ?official ?name ORDER BY ?name ?official""",
    "posts.csv": f"""
SELECT ?post ?official ?name ?title ?jurisdiction ?jurisdiction_name ?organization ?organization_name
       ?former ?article ?source_file ?evidence
WHERE {{
  ?official org:holds ?post ; rdfs:label ?name . {_LABEL.format("name")}
  ?post fp:title ?title .
  OPTIONAL {{ ?post fp:jurisdiction ?jurisdiction .
             OPTIONAL {{ ?jurisdiction rdfs:label ?jurisdiction_name {_LABEL.format("jurisdiction_name")} }} }}
  OPTIONAL {{ ?post org:postIn ?organization . OPTIONAL {{ ?organization rdfs:label ?organization_name }} }}
  OPTIONAL {{ ?post fp:former ?former }}
  GRAPH ?article {{ ?post fp:evidence ?evidence }}
  OPTIONAL {{ ?article fp:sourceFile ?source_file }}
}} ORDER BY ?name ?post ?source_file ?evidence""",
    "events.csv": f"""
SELECT ?event ?type ?label ?date ?end_date ?location ?location_name
       (GROUP_CONCAT(DISTINCT ?lead_name; separator="|") AS ?leads)
       (GROUP_CONCAT(DISTINCT ?programme; separator="|") AS ?programmes)
       ?article ?source_file ?evidence
WHERE {{
  VALUES ?class {{ fp:Meeting fp:Inspection }}
  ?event a ?class ; fp:reportedBy ?report .
  ?report prov:wasDerivedFrom ?article ; fp:evidence ?evidence .
  BIND(STRAFTER(STR(?class), "#") AS ?type)
  OPTIONAL {{ ?event rdfs:label ?label }}
  OPTIONAL {{ ?event schema:startDate ?date }}
  OPTIONAL {{ ?event schema:endDate ?end_date }}
  OPTIONAL {{ ?event schema:location ?location .
             OPTIONAL {{ ?location rdfs:label ?location_name {_LABEL.format("location_name")} }} }}
  OPTIONAL {{ ?event fp:lead ?lead . ?lead rdfs:label ?lead_name {_LABEL.format("lead_name")} }}
  OPTIONAL {{ ?event fp:program ?p . ?p skos:prefLabel ?programme }}
  OPTIONAL {{ ?article fp:sourceFile ?source_file }}
}} GROUP BY ?event ?type ?label ?date ?end_date ?location ?location_name ?article ?source_file ?evidence
ORDER BY ?source_file ?event""",
    "participation.csv": f"""
SELECT DISTINCT ?event ?official ?name ?lead
WHERE {{
  {{ ?event fp:participant ?official }} UNION {{ ?event fp:lead ?official }}
  ?official rdfs:label ?name . {_LABEL.format("name")}
  BIND(EXISTS {{ ?event fp:lead ?official }} AS ?lead)
}} ORDER BY ?event ?name ?official""",
}


def tables(store: ox.Store, prefixes: dict[str, str], bom: bool = False) -> dict[str, bytes]:
    """Officials, posts (one row per post and article, with its sentence), events and participation
    (one row per event and official, `lead` true or false) as UTF-8 CSV files with a header row; with
    `bom`, each starts with a byte-order mark, by which Excel knows it is UTF-8 (without one it reads
    the system's code page and garbles the Chinese)."""
    files = {}
    for name, sparql in TABLES.items():
        result = store.query(sparql, prefixes=prefixes)
        variables = [v.value for v in result.variables]
        text = io.StringIO()
        writer = csv.writer(text, lineterminator="\n")
        writer.writerow(variables)
        writer.writerows([["" if term is None else term.value for term in row] for row in result])
        files[name] = text.getvalue().encode("utf-8-sig" if bom else "utf-8")
    return files
