"""The ontology (ontology/fupin.ttl) and the programme/policy schemes (ontology/programs.ttl)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "fupin.ttl"
PROGRAMS_TTL = ROOT / "ontology" / "programs.ttl"
GENERATOR = ROOT / "ontology" / "make_programs.py"
PROGRAMS_TSV = ROOT / "kg" / "data" / "programs.tsv"
VOCABULARY = Path(__file__).resolve().parents[2] / "shared" / "VOCABULARY.md"

FP = Namespace("https://w3id.org/fupin/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
XSD = Namespace(
    "http://www.w3.org/2001/XMLSchema#"
)  # rdflib.XSD (a closed namespace) trips pytest collection
PROGRAM = "https://w3id.org/fupin/id/program/"
POLICY = "https://w3id.org/fupin/id/policy/"

# Every fp: term of VOCABULARY.md plus the project's additions, by kind.
FP_CLASSES = [
    "Article",
    "Official",
    "Post",
    "Organization",
    "Region",
    "Country",
    "Province",
    "Prefecture",
    "County",
    "Township",
    "Village",
    "Program",
    "Policy",
    "Event",
    "Meeting",
    "Inspection",
    "Report",
]
FP_OBJECT_PROPERTIES = ["jurisdiction", "lead", "participant", "program", "policy", "reportedBy"]
FP_DATATYPE_PROPERTIES = [
    "sourceFile", "title", "adcode", "evidence", "former", "attestedFrom", "attestedUntil", "reportCount",
]  # fmt: skip
FP_TERMS = FP_CLASSES + FP_OBJECT_PROPERTIES + FP_DATATYPE_PROPERTIES

SUBCLASS_OF = [
    (FP.Article, SCHEMA.NewsArticle),
    (FP.Official, SCHEMA.Person),
    (FP.Post, ORG.Post),
    (FP.Organization, ORG.Organization),
    (FP.Region, SCHEMA.AdministrativeArea),
    (FP.Country, FP.Region),
    (FP.Province, FP.Region),
    (FP.Prefecture, FP.Region),
    (FP.County, FP.Region),
    (FP.Township, FP.Region),
    (FP.Village, FP.Region),
    (FP.Program, SKOS.Concept),
    (FP.Policy, SKOS.Concept),
    (FP.Event, SCHEMA.Event),
    (FP.Meeting, FP.Event),
    (FP.Inspection, FP.Event),
    (FP.Report, URIRef("http://www.w3.org/ns/prov#Entity")),
]

# property -> (domain, range); a domain of None is a union checked separately.
DOMAIN_RANGE = {
    "sourceFile": (FP.Article, XSD.string),
    "title": (FP.Post, XSD.string),
    "jurisdiction": (FP.Post, FP.Region),
    "former": (FP.Post, XSD.boolean),
    "adcode": (FP.Region, XSD.string),
    "lead": (FP.Event, FP.Official),
    "participant": (FP.Event, FP.Official),
    "program": (FP.Event, FP.Program),
    "policy": (FP.Event, FP.Policy),
    "evidence": (None, XSD.string),
    "reportedBy": (None, FP.Report),
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


@pytest.fixture(scope="module")
def schemes() -> Graph:
    return Graph().parse(PROGRAMS_TTL, format="turtle")


def read_tsv(path: Path) -> dict[str, set[str]]:
    rows: dict[str, set[str]] = {}
    lines = path.read_text(encoding="utf-8").splitlines()
    for line in lines[1:]:  # the first line is the header
        if not line.strip():
            continue
        canonical, _, aliases = line.partition("\t")
        rows[canonical.strip()] = {a.strip() for a in aliases.split(",") if a.strip()}
    return rows


def vocabulary_fp_terms(text: str) -> set[str]:
    """The fp: local names used in the term table of VOCABULARY.md."""
    table = [line for line in text.splitlines() if line.lstrip().startswith("|")]
    return {m.group(1) for line in table for m in re.finditer(r"\bfp:([A-Za-z][A-Za-z0-9_]*)", line)}


def labels(g: Graph, term: URIRef, prop: URIRef = RDFS.label) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for o in g.objects(term, prop):
        assert isinstance(o, Literal), f"{term} {prop} {o!r} is not a literal"
        out.setdefault(o.language or "", []).append(str(o))
    return out


def assert_documented(g: Graph, name: str) -> None:
    term = FP[name]
    kinds = set(g.objects(term, RDF.type))
    assert kinds & {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}, f"fp:{name} is not defined"
    for prop in (RDFS.label, RDFS.comment):
        found = labels(g, term, prop)
        for lang in ("zh-hans", "en"):
            assert len(found.get(lang, [])) == 1, f"fp:{name} needs one {prop.n3(g.namespace_manager)}@{lang}"
            assert found[lang][0].strip(), f"fp:{name} has an empty {lang} {prop}"


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ONTOLOGY, PROGRAMS_TTL], ids=lambda p: p.name)
def test_parses(path: Path) -> None:
    g = Graph().parse(path, format="turtle")
    assert len(g) > 0


def test_ontology_header(onto: Graph) -> None:
    iri = URIRef("https://w3id.org/fupin/ontology")
    assert (iri, RDF.type, OWL.Ontology) in onto
    assert set(labels(onto, iri)) >= {"zh-hans", "en"}


# --- terms -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FP_TERMS)
def test_fixed_terms_documented(onto: Graph, name: str) -> None:
    assert_documented(onto, name)


def test_term_kinds(onto: Graph) -> None:
    for name in FP_CLASSES:
        assert (FP[name], RDF.type, OWL.Class) in onto, name
    for name in FP_OBJECT_PROPERTIES:
        assert (FP[name], RDF.type, OWL.ObjectProperty) in onto, name
    for name in FP_DATATYPE_PROPERTIES:
        assert (FP[name], RDF.type, OWL.DatatypeProperty) in onto, name


def test_vocabulary_terms_documented(onto: Graph) -> None:
    if not VOCABULARY.exists():
        pytest.skip(f"{VOCABULARY} not present")
    terms = vocabulary_fp_terms(VOCABULARY.read_text(encoding="utf-8"))
    assert len(terms) >= 20, f"table parse found too few fp: terms: {sorted(terms)}"
    for name in sorted(terms):
        assert_documented(onto, name)


def test_no_undocumented_fp_terms(onto: Graph) -> None:
    """Every fp: IRI the ontology mentions is one of its defined terms (no typos such as fp:Progam)."""
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and t.startswith(str(FP))}
    assert {str(t)[len(str(FP)) :] for t in used} == set(FP_TERMS)


@pytest.mark.parametrize(("sub", "sup"), SUBCLASS_OF, ids=lambda t: t.split("/")[-1].split("#")[-1])
def test_subclass_links(onto: Graph, sub: URIRef, sup: URIRef) -> None:
    assert (sub, RDFS.subClassOf, sup) in onto


def test_lead_is_a_participant(onto: Graph) -> None:
    assert (FP.lead, RDFS.subPropertyOf, FP.participant) in onto


@pytest.mark.parametrize("name", sorted(DOMAIN_RANGE))
def test_domain_and_range(onto: Graph, name: str) -> None:
    domain, range_ = DOMAIN_RANGE[name]
    assert list(onto.objects(FP[name], RDFS.range)) == [range_]
    domains = list(onto.objects(FP[name], RDFS.domain))
    assert len(domains) == 1
    if domain is not None:
        assert domains == [domain]


@pytest.mark.parametrize(
    ("name", "domain"),
    [("evidence", {FP.Post, FP.Event, FP.Report}), ("reportedBy", {FP.Post, FP.Event})],
)
def test_union_domains(onto: Graph, name: str, domain: set[URIRef]) -> None:
    (union_class,) = onto.objects(FP[name], RDFS.domain)
    (union,) = onto.objects(union_class, OWL.unionOf)
    assert set(onto.items(union)) == domain


def test_external_terms_only_annotated(onto: Graph) -> None:
    """External terms get labels and comments here, never new domains, ranges or types."""
    external = {
        ORG.holds,
        ORG.postIn,
        SCHEMA.containedInPlace,
        SCHEMA.mentions,
        SCHEMA.headline,
        SCHEMA.datePublished,
        SCHEMA.publisher,
        SCHEMA.author,
        SCHEMA.startDate,
        SCHEMA.location,
        URIRef("http://www.w3.org/ns/prov#wasDerivedFrom"),
        URIRef("http://www.w3.org/ns/prov#Activity"),
        URIRef("http://www.w3.org/ns/prov#wasAssociatedWith"),
        URIRef("http://www.w3.org/ns/prov#used"),
        SCHEMA.SoftwareApplication,
        SCHEMA.softwareVersion,
        SKOS.prefLabel,
        SKOS.altLabel,
    }
    for term in external:
        assert set(onto.predicates(term)) == {RDFS.label, RDFS.comment}, term
        assert set(labels(onto, term)) == {"zh-hans", "en"}, term


# --- programmes and policies -------------------------------------------------------------------


def test_programs_match_tsv(schemes: Graph) -> None:
    rows = read_tsv(PROGRAMS_TSV)
    assert rows, "kg/data/programs.tsv is empty"
    programs = set(schemes.subjects(RDF.type, FP.Program))
    assert len(programs) == len(rows)
    scheme = URIRef(PROGRAM + "scheme")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in schemes
    for canonical, aliases in rows.items():
        iri = URIRef(PROGRAM + canonical)
        assert iri in programs, canonical
        assert (iri, RDF.type, SKOS.Concept) in schemes
        assert list(schemes.objects(iri, SKOS.prefLabel)) == [Literal(canonical, lang="zh-hans")]
        assert set(schemes.objects(iri, SKOS.altLabel)) == {Literal(a, lang="zh-hans") for a in aliases}
        assert list(schemes.objects(iri, SKOS.inScheme)) == [scheme]


def test_policies(schemes: Graph) -> None:
    scheme = URIRef(POLICY + "scheme")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in schemes
    policies = set(schemes.subjects(RDF.type, FP.Policy))
    names = set()
    for iri in policies:
        assert str(iri).startswith(POLICY)
        assert (iri, RDF.type, SKOS.Concept) in schemes
        (pref,) = schemes.objects(iri, SKOS.prefLabel)
        assert pref.language == "zh-hans"
        assert str(iri) == POLICY + str(pref)
        assert list(schemes.objects(iri, SKOS.inScheme)) == [scheme]
        names.add(str(pref))
    # The examples VOCABULARY.md gives for fp:Policy.
    assert names >= {"两不愁三保障", "五个一批", "一县一策"}


def test_labels_unique_across_concepts(schemes: Graph) -> None:
    """A surface form names one concept only, so the matcher cannot be ambiguous."""
    owner: dict[str, URIRef] = {}
    for s, _, o in schemes.triples((None, SKOS.prefLabel, None)):
        if o.language != "zh-hans":
            continue
        assert str(o) not in owner, f"{o} labels both {owner[str(o)]} and {s}"
        owner[str(o)] = s
    for s, _, o in schemes.triples((None, SKOS.altLabel, None)):
        assert str(o) not in owner or owner[str(o)] == s, f"{o} labels both {owner[str(o)]} and {s}"
        owner[str(o)] = s


def test_generator_reproduces_programs_ttl(tmp_path: Path) -> None:
    out = tmp_path / "programs.ttl"
    subprocess.run([sys.executable, str(GENERATOR), str(PROGRAMS_TSV), "-o", str(out)], check=True)
    assert out.read_bytes() == PROGRAMS_TTL.read_bytes(), "run ontology/make_programs.py kg/data/programs.tsv"


def test_generator_ignores_row_order(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_programs", GENERATOR)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = PROGRAMS_TSV.read_text(encoding="utf-8").splitlines()
    shuffled = tmp_path / "programs.tsv"
    shuffled.write_text("\n".join([lines[0], *reversed(lines[1:])]) + "\n", encoding="utf-8")
    assert module.render(module.read_programs(shuffled)) == PROGRAMS_TTL.read_text(encoding="utf-8")
