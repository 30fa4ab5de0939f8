"""A synthetic graph shaped like a build of N articles, for measuring and testing big graphs.

About 80 triples per article (the seeds have about 120): officials shared across articles (a few
very often), posts with evidence (and its reports), events with leads, participants and programmes, a region hierarchy
down to townships.

    .venv/bin/python tests/synthetic.py 10000 /tmp/kg-big    # writes /tmp/kg-big/graph.ttl (N-Triples)
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

FP = "https://w3id.org/fupin/ontology#"
ID = "https://w3id.org/fupin/id/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
S = "https://schema.org/"
HOLDS, POST_IN = "http://www.w3.org/ns/org#holds", "http://www.w3.org/ns/org#postIn"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
CHARS = "安宝昌城达德东丰福高广和华吉江金康乐林龙宁平庆仁山泰文武西祥新兴阳永云长正中"
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
TITLES = "县委书记 县长 副县长 市委书记 市长 副市长 省委书记 副省长 乡长 镇党委书记".split()
PROGRAMS = "易地扶贫搬迁 产业扶贫 光伏扶贫 就业扶贫 教育扶贫 健康扶贫 消费扶贫 电商扶贫".split()
POLICIES = ["两不愁三保障", "五个一批", "六个精准", "一县一策"]


def _lit(text: str, lang: str = "zh-Hans") -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"@' + lang


def synthetic_triples(articles: int, seed: int = 7) -> list[str]:
    """N-Triples lines of a graph like a build of `articles` articles (deterministic for a seed)."""
    rnd = random.Random(seed)
    out: list[str] = []

    def add(s: str, p: str, o: str) -> None:
        out.append(f"<{s}> <{p}> {o} .")

    def name(k: int) -> str:
        return "".join(rnd.choice(CHARS) for _ in range(k))

    levels = [("Province", "省", 31), ("Prefecture", "市", 11), ("County", "县", 9), ("Township", "镇", 8)]
    regions: list[list[str]] = [[] for _ in levels]

    def region(level: int, code: str, parent: str | None) -> None:
        cls, suffix, children = levels[level]
        iri = f"{ID}region/{code}"
        add(iri, RDF_TYPE, f"<{FP}{cls}>")
        add(iri, LABEL, _lit(name(2) + suffix))
        add(iri, f"{FP}adcode", f'"{code}"')
        if parent:
            add(iri, f"{S}containedInPlace", f"<{parent}>")
        regions[level].append(iri)
        if level + 1 < len(levels):
            for i in range(1, levels[level + 1][2] + 1):
                region(level + 1, f"{code}{i:02d}", iri)

    for p in range(11, 11 + levels[0][2]):
        region(0, str(p), None)
    for kind, names in (("program", PROGRAMS), ("policy", POLICIES)):
        for n in names:
            add(f"{ID}{kind}/{n}", RDF_TYPE, f"<{FP}{kind.title()}>")
            add(f"{ID}{kind}/{n}", PREF, _lit(n))

    def attest(fact: str, article: str, sentence: str) -> None:
        report = article.replace("/article/", "/report/") + "-1"  # every fact of an article from one sentence
        for s in (fact, report):
            add(s, DERIVED, f"<{article}>")
            add(s, f"{FP}evidence", _lit(sentence))
        add(fact, f"{FP}reportedBy", f"<{report}>")
        add(report, RDF_TYPE, f"<{FP}Report>")

    officials: dict[int, str] = {}

    def official(article: str, sentence: str) -> str:
        k = rnd.randrange(100) if rnd.random() < 0.1 else rnd.randrange(100, 100 + articles * 3)  # a few hubs
        if k not in officials:
            level = rnd.choices(range(len(levels)), weights=[1, 4, 20, 10])[0]
            officials[k] = f"{rnd.choice(SURNAMES)}{name(rnd.choice((1, 2)))}", rnd.choice(regions[level])
        person, where = officials[k]
        iri = f"{ID}official/{person}-{k}"
        post = f"{ID}post/{person}-{k}-{TITLES[k % len(TITLES)]}"
        add(iri, RDF_TYPE, f"<{FP}Official>")
        add(iri, LABEL, _lit(person))
        add(iri, HOLDS, f"<{post}>")
        add(post, RDF_TYPE, f"<{FP}Post>")
        add(post, f"{FP}title", f'"{TITLES[k % len(TITLES)]}"')
        add(post, f"{FP}jurisdiction", f"<{where}>")
        attest(post, article, sentence)
        return iri

    for a in range(articles):
        article = f"{ID}article/syn_{a:05d}"
        county = rnd.choice(regions[2])
        add(article, RDF_TYPE, f"<{FP}Article>")
        add(article, f"{FP}sourceFile", f'"syn_{a:05d}.txt"')
        add(article, f"{S}headline", _lit(f"{name(4)}脱贫攻坚工作会议召开"))
        date = f"20{rnd.randint(16, 21)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
        add(article, f"{S}datePublished", f'"{date}"^^<http://www.w3.org/2001/XMLSchema#date>')
        sentence = f"{date}，{name(3)}县召开脱贫攻坚推进会，{name(6)}出席会议并讲话，强调{name(8)}。"
        people = [official(article, sentence) for _ in range(8)]
        org = f"{ID}organization/{name(2)}县扶贫开发办公室"
        add(org, RDF_TYPE, f"<{FP}Organization>")
        add(org, LABEL, _lit(org.rsplit("/", 1)[1]))
        add(f"{ID}post/{people[0].rsplit('/', 1)[1]}-主任", POST_IN, f"<{org}>")
        programs = rnd.sample(PROGRAMS, 2)
        for target in [county, *people, org, *(f"{ID}program/{p}" for p in programs)]:
            add(article, f"{S}mentions", f"<{target}>")
        add(article, f"{S}mentions", f"<{ID}policy/{rnd.choice(POLICIES)}>")
        for e in range(1 + (a % 5 == 0)):
            event = f"{ID}event/syn_{a:05d}-{e + 1}"
            add(event, RDF_TYPE, f"<{FP}{'Meeting' if e == 0 else 'Inspection'}>")
            add(event, LABEL, _lit(f"{date} {name(4)}会议"))
            add(event, f"{S}startDate", f'"{date}"^^<http://www.w3.org/2001/XMLSchema#date>')
            add(event, f"{S}location", f"<{rnd.choice([county, rnd.choice(regions[3])])}>")
            add(event, f"{FP}lead", f"<{people[0]}>")
            for person in people[1:]:
                add(event, f"{FP}participant", f"<{person}>")
            add(event, f"{FP}program", f"<{ID}program/{programs[0]}>")
            attest(event, article, sentence)
    return sorted(set(out))


def write_synthetic(articles: int, out: Path) -> Path:
    """Write `out/graph.ttl` (N-Triples, which is Turtle) for `articles` synthetic articles."""
    out.mkdir(parents=True, exist_ok=True)
    path = out / "graph.ttl"
    path.write_text("\n".join(synthetic_triples(articles)) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    written = write_synthetic(int(sys.argv[1]), Path(sys.argv[2]))
    print(written, sum(1 for _ in written.open(encoding="utf-8")), "triples")
