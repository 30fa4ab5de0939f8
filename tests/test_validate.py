"""`kg validate`: the SHACL shapes of ontology/shapes.ttl on a clean and on a deliberately broken build."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
from typer.testing import CliRunner

from kg import api
from kg.cli import app
from kg.store import STORE_DIR

runner = CliRunner()
BREAK = """
PREFIX fp: <https://w3id.org/fupin/ontology#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX org: <http://www.w3.org/ns/org#>
DELETE WHERE { <https://w3id.org/fupin/id/post/王昕-140926-县长> fp:title ?title } ;
DELETE WHERE { <https://w3id.org/fupin/id/official/魏茹生-140000> rdfs:label ?name } ;
DELETE WHERE { <https://w3id.org/fupin/id/event/inspection-08-26-140926-魏茹生> schema:startDate ?d ; schema:location ?l } ;
DELETE WHERE { <https://w3id.org/fupin/id/event/inspection-08-26-140926-魏茹生> fp:reportCount ?n } ;
INSERT DATA {
  <https://w3id.org/fupin/id/region/140926/某村> a fp:Village ; rdfs:label "某村"@zh-Hans ;
    schema:containedInPlace <https://w3id.org/fupin/id/region/140926> .
  <https://w3id.org/fupin/id/post/无主> a fp:Post ; fp:title "县长" .
  <https://w3id.org/fupin/id/report/无文> a fp:Report ; fp:evidence "县长参加。"@zh-Hans, "县长讲话。"@zh-Hans .
  <https://w3id.org/fupin/id/post/王昕-140926-县长> org:postIn <https://w3id.org/fupin/id/organization/无名> ;
    fp:attestedFrom "2020-01-02"^^<http://www.w3.org/2001/XMLSchema#date> ;
    fp:attestedUntil "2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date> .
}
"""


def test_the_seed_build_conforms(seed_build):
    report = api.validate(seed_build)
    assert report.conforms and report.violations == []
    result = runner.invoke(app, ["validate", "-o", str(seed_build)])
    assert result.exit_code == 0
    assert result.stdout.startswith("conforms to ")


def test_a_broken_graph_fails_with_one_readable_line_per_violation(seed_build, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(seed_build, broken)
    store = ox.Store(str(broken / STORE_DIR))
    store.update(BREAK)
    store.flush()
    del store
    report = api.validate(broken)
    assert not report.conforms
    lines = [str(v) for v in report.violations]
    expected = [
        "Violation: fpid:event/inspection-08-26-140926-魏茹生: 每个活动是会议或调研，并有日期或地点 / every Event is an "
        "fp:Meeting or fp:Inspection and has a schema:startDate or a schema:location",
        "Violation: fpid:event/inspection-08-26-140926-魏茹生 fp:reportCount: 每个活动有且只有一个报道篇数 / every Event "
        "has exactly one fp:reportCount, an xsd:integer",
        "Violation: fpid:official/魏茹生-140000 rdfs:label: 每位官员有简体中文姓名 / every Official has an "
        "rdfs:label in zh-Hans",
        "Violation: fpid:organization/无名: 职务所属的机构是 fp:Organization / the body a post is in (org:postIn) "
        "is an fp:Organization",
        "Violation: fpid:organization/无名 rdfs:label: 每个机构有简体中文名称 / every fp:Organization has an "
        "rdfs:label in zh-Hans",
        "Violation: fpid:post/无主 ^org:holds: 每个职务由一位官员担任 / every Post has exactly one holder, an "
        "fp:Official (org:holds)",
        "Violation: fpid:post/无主 fp:evidence: 每个职务附有原句 / every Post has fp:evidence (the sentence it "
        "was read from)",
        "Violation: fpid:post/无主 fp:reportCount: 每个职务有且只有一个报道篇数 / every Post has exactly one "
        "fp:reportCount, an xsd:integer",
        "Violation: fpid:post/无主 fp:reportedBy: 每个职务见于至少一处报道 / every Post has an fp:reportedBy, an "
        "fp:Report (its sentence with its article)",
        "Violation: fpid:post/无主 prov:wasDerivedFrom: 每个职务注明出处文章 / every Post has a source "
        "(prov:wasDerivedFrom an fp:Article)",
        "Violation: fpid:post/王昕-140926-县长 fp:attestedFrom: 任职最早日期至多一个，为 xsd:date，不晚于最晚日期 / a Post "
        "has at most one fp:attestedFrom, an xsd:date not after its fp:attestedUntil (value: 2020-01-02)",
        "Violation: fpid:post/王昕-140926-县长 fp:title: 每个职务有且只有一个名称 / every Post has exactly one "
        "fp:title",
        "Violation: fpid:region/140926/某村 schema:containedInPlace: 村级区划位于乡级区划之内（无法定位的村可无上级） / "
        "a Village is contained in a Township (one that could not be placed has none) (value: fpid:region/140926)",
        "Violation: fpid:report/无文 fp:evidence: 每处报道有且只有一个原句 / every Report has exactly one fp:evidence "
        "(its sentence)",
        "Violation: fpid:report/无文 prov:wasDerivedFrom: 每处报道出自且只出自一篇文章 / every Report has exactly one "
        "prov:wasDerivedFrom, an fp:Article",
    ]
    assert lines == expected
    result = runner.invoke(app, ["validate", "-o", str(broken)])
    assert result.exit_code == 6
    assert result.stdout.splitlines() == expected
    assert result.stderr.splitlines() == [
        f"kg: error: the graph does not conform: {len(expected)} violations of {api.SHAPES}"
    ]


def test_missing_shapes_or_build_is_one_line(seed_build, tmp_path):
    for args in (
        ["validate", "-o", str(tmp_path)],
        ["validate", "-o", str(seed_build), "--shapes", "nope.ttl"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert len(result.output.strip().splitlines()) == 1 and result.output.startswith("kg: error: ")
