"""An interactive, fully offline HTML view of the knowledge graph (pyvis / vis-network).

`network_data` reads what the page needs from an Oxigraph store (or an rdflib graph) with a few SPARQL
queries, keeps the most connected nodes (or those nearest a focus) and returns vis-network nodes and
edges with plain-text tooltips; `render_html` writes them into a self-contained page with a legend,
type and region filters and a search box. Text from articles reaches the page only as JSON data shown
through `textContent`, canvas labels or `new Option(text)`: never as markup.
"""

from __future__ import annotations

import heapq
import html
import json
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import unquote

import pyoxigraph as ox

if TYPE_CHECKING:
    from rdflib import Graph

FP = "https://w3id.org/fupin/ontology#"
PREFIXES = {
    "fp": FP,
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}


def _iri(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return PREFIXES[prefix] + local


LABEL, PREF_LABEL, ALT_LABEL = _iri("rdfs:label"), _iri("skos:prefLabel"), _iri("skos:altLabel")
HOLDS, DERIVED, EVIDENCE = _iri("org:holds"), _iri("prov:wasDerivedFrom"), _iri("fp:evidence")
REPORTED_BY, REPORT_COUNT = _iri("fp:reportedBy"), _iri("fp:reportCount")
HEADLINE, SOURCE_FILE = _iri("schema:headline"), _iri("fp:sourceFile")


class _Style(NamedTuple):
    zh: str
    color: str
    shape: str
    size: int
    level: int | None = None


# First matching class wins; the order is also the legend's order.
GROUPS: dict[str, _Style] = {
    "Official": _Style("官员", "#1e88e5", "dot", 16),
    "Country": _Style("国家", "#1b5e20", "square", 34, 0),
    "Province": _Style("省", "#2e7d32", "square", 30, 1),
    "Prefecture": _Style("市", "#43a047", "square", 25, 2),
    "County": _Style("县", "#66bb6a", "square", 20, 3),
    "Township": _Style("乡镇", "#9ccc65", "square", 15, 4),
    "Village": _Style("村", "#c5e1a5", "square", 11, 5),
    "Meeting": _Style("会议", "#fb8c00", "triangle", 14),
    "Inspection": _Style("调研", "#e53935", "triangleDown", 14),
    "Program": _Style("扶贫项目", "#8e24aa", "star", 18),
    "Policy": _Style("政策", "#6d4c41", "hexagon", 15),
    "Organization": _Style("机构", "#00897b", "diamond", 14),
    "Article": _Style("文章", "#9e9e9e", "dot", 8),
}
EVENTS = ("Meeting", "Inspection")
REGIONS = tuple(g for g, s in GROUPS.items() if s.level is not None)
DEFAULT_TYPES = tuple(g for g in GROUPS if g != "Article")
MENU_LEVELS = ("Province", "Prefecture")  # the region menu; choosing one shows what is linked below it
# The links drawn, as SPARQL patterns binding ?s ?o and maybe ?label (else the default label).
_LINKS = [
    (
        "?s org:holds ?p . { ?p fp:jurisdiction ?o } UNION { ?p org:postIn ?o } OPTIONAL { ?p fp:title ?label }",
        "任职",
    ),
    ('?s fp:lead ?o . BIND(IF(EXISTS { ?s a fp:Meeting }, "主持", "带队") AS ?label)', ""),
    ("?s fp:participant ?o . FILTER NOT EXISTS { ?s fp:lead ?o }", "参加"),
    ("?s schema:location ?o", "地点"),
    ("?s fp:program ?o", "项目"),
    ("?s schema:containedInPlace ?o", "属于"),
]
# Tooltip lines: (predicate, caption) per group or kind of group.
_FIELDS: dict[str, list[tuple[str, str]]] = {
    "event": [
        (_iri("schema:startDate"), "日期"),
        (_iri("schema:location"), "地点"),
        (_iri("fp:lead"), "主持/带队"),
        (_iri("fp:participant"), "参加"),
        (_iri("fp:program"), "项目"),
    ],
    "region": [(_iri("fp:adcode"), "区划代码")],
    "Program": [(ALT_LABEL, "别名")],
    "Policy": [(ALT_LABEL, "别名")],
    "Article": [(HEADLINE, "标题"), (_iri("schema:datePublished"), "日期"), (SOURCE_FILE, "文件")],
}
MAX_EVIDENCE, MAX_LIST, MAX_LABEL = 5, 8, 24


class Network(NamedTuple):
    """What a page draws: vis-network nodes and edges, and the data of its menus."""

    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    regions: list[list[Any]]  # the region menu: [iri, label, level], provinces each before their prefectures
    members: dict[str, list[int]]  # node id → indexes in `regions` the node is linked to
    names: dict[str, str]  # node id → every name it goes by (simplified, traditional, aliases), for search
    focus: list[str]  # the focused node ids, if any
    total: int  # nodes the page could have drawn before bounding to `top`


class _Term(NamedTuple):
    value: str
    lang: str
    iri: bool


_Facts = dict[str, dict[str, list[_Term]]]


def _rows(store: ox.Store, sparql: str) -> Iterator[tuple[str | None, ...]]:
    for row in store.query(sparql, prefixes=PREFIXES):  # the default graph: per-article graphs repeat it
        yield tuple(None if term is None else term.value for term in row)


def _values(iris: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(i)) for i in iris)


def as_store(graph: ox.Store | Graph) -> ox.Store:
    """An Oxigraph store of `graph` (itself when it already is one)."""
    if isinstance(graph, ox.Store):
        return graph
    store = ox.Store()
    store.load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    return store


class _Skeleton:
    """Every node's group and every link of the graph, without text: cheap on a 10,000-article build."""

    def __init__(self, store: ox.Store) -> None:
        rank = {FP + g: i for i, g in enumerate(GROUPS)}
        self.group: dict[str, str] = {}
        for s, c in _rows(store, f"SELECT ?s ?c WHERE {{ VALUES ?c {{ {_values(rank)} }} ?s a ?c }}"):
            if s not in self.group or rank[c] < rank[FP + self.group[s]]:
                self.group[s] = c.removeprefix(FP)
        self.links: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.adjacent: dict[str, set[str]] = defaultdict(set)
        self.parent: dict[str, str] = {}
        self.activity: dict[str, int] = defaultdict(int)  # links other than the region hierarchy
        for pattern, default in _LINKS:
            for s, o, label in _rows(store, f"SELECT ?s ?o ?label WHERE {{ {pattern} }}"):
                if s in self.group and o in self.group and s != o:
                    self.links[(s, o)].add(label or default)
                    self.adjacent[s].add(o)
                    self.adjacent[o].add(s)
                    if default == "属于":
                        self.parent[s] = o
                    elif len(self.links[(s, o)]) == 1:
                        self.activity[s] += 1
                        self.activity[o] += 1
        self.mentions: dict[str, set[str]] = defaultdict(set)  # article → what it names or reports, and back
        self.mentioned_by: dict[str, set[str]] = defaultdict(set)
        sparql = "SELECT ?a ?o WHERE { { ?a schema:mentions ?o } UNION { ?o prov:wasDerivedFrom ?a } }"
        for a, o in _rows(store, sparql):
            if a in self.group and o in self.group:
                self.mentions[a].add(o)
                self.mentioned_by[o].add(a)

    def score(self, n: str) -> int:
        """Degree centrality in the news: links (the region hierarchy aside) and mentions by articles."""
        return self.activity.get(n, 0) + len(self.mentioned_by.get(n, ())) + len(self.mentions.get(n, ()))

    def linked(self, n: str) -> bool:
        return bool(self.adjacent.get(n) or self.mentioned_by.get(n) or self.mentions.get(n))

    def neighbours(self, n: str, articles: bool) -> set[str]:
        near = self.adjacent.get(n, set())
        if articles:
            near = near | self.mentioned_by.get(n, set()) | self.mentions.get(n, set())
        return near

    def ancestry(self, region: str) -> list[str]:
        chain = [region]
        while (up := self.parent.get(chain[-1])) and up not in chain:
            chain.append(up)
        return chain

    def places(self, n: str) -> set[str]:
        """The regions, with their ancestors, a node is linked to: directly or through its officials and
        events. Nodes without any (programmes, formulas, bodies) are placed by the articles naming them."""
        if self.group[n] in REGIONS:
            return set(self.ancestry(n))

        def direct(m: str) -> set[str]:
            near = self.adjacent.get(m, set()) | self.mentions.get(m, set())
            return {a for r in near if self.group[r] in REGIONS for a in self.ancestry(r)}

        out = direct(n)
        for m in self.adjacent.get(n, ()):
            if self.group[m] == "Official" or self.group[m] in EVENTS:
                out |= direct(m)
        if not out:
            for article in self.mentioned_by.get(n, ()):
                out |= direct(article)
        return out


def _find(store: ox.Store, sk: _Skeleton, name: str) -> list[str]:
    """Nodes named `name` (any label, any script, or the IRI), else those whose name contains it."""
    if name in sk.group:
        return [name]
    literal = str(ox.Literal(name))
    names = "rdfs:label|skos:prefLabel|skos:altLabel"
    for test in ("STR(?l) = ?q", "CONTAINS(STR(?l), ?q)"):
        sparql = f"SELECT DISTINCT ?s WHERE {{ VALUES ?q {{ {literal} }} ?s {names} ?l FILTER({test}) }}"
        found = sorted({s for (s,) in _rows(store, sparql) if s in sk.group})
        if found:
            return found
    raise ValueError(f"no node named {name!r} in the graph")


def _choose(sk: _Skeleton, types: set[str], top: int, focus: list[str], hops: int) -> tuple[list[str], int]:
    """The ids to draw and how many there were before bounding."""
    if focus:
        distance = dict.fromkeys(focus, 0)
        frontier = list(focus)
        for step in range(1, hops + 1):
            frontier = sorted(
                {m for n in frontier for m in sk.neighbours(n, "Article" in types) if m not in distance}
            )
            distance |= dict.fromkeys(frontier, step)
        wanted = [n for n in distance if n in focus or sk.group[n] in types]
        return sorted(wanted, key=lambda n: (distance[n], -sk.score(n), n))[:top], len(wanted)
    # linkless nodes are the scheme's programmes and formulas no article names
    wanted = {n for n, g in sk.group.items() if g in types and sk.linked(n)}
    return _grow(sk, wanted, top, "Article" in types), len(wanted)


def _grow(sk: _Skeleton, wanted: set[str], top: int, articles: bool) -> list[str]:
    """The `top` most central nodes as a connected picture: four fifths by centrality, then again and
    again the node with most links to those chosen (the more central first), such as the events that
    join officials and programmes; centrality alone gives a scatter of hubs without what links them."""
    ranked = sorted(wanted, key=lambda n: (-sk.score(n), n))
    chosen: set[str] = set()
    touching: dict[str, int] = defaultdict(int)
    frontier: list[tuple[int, int, str]] = []

    def choose(n: str) -> None:
        chosen.add(n)
        for m in sk.neighbours(n, articles):
            if m in wanted and m not in chosen:
                touching[m] += 1
                heapq.heappush(frontier, (-touching[m], -sk.score(m), m))

    for n in ranked[: max(1, top * 4 // 5)]:
        choose(n)
    rest = iter(ranked)
    while len(chosen) < min(top, len(wanted)):
        while frontier and (frontier[0][2] in chosen or -frontier[0][0] != touching[frontier[0][2]]):
            heapq.heappop(frontier)  # chosen meanwhile, or pushed again with more links
        choose(heapq.heappop(frontier)[2] if frontier else next(n for n in rest if n not in chosen))
    return sorted(chosen)


def _describe(store: ox.Store, subjects: Iterable[str], facts: _Facts, only: Iterable[str] = ()) -> None:
    """Add the triples of `subjects` (those of the `only` predicates, if given) to `facts`.

    Index lookups, not SPARQL: Oxigraph joins a long `VALUES ?s` list by scanning every triple."""
    predicates = [ox.NamedNode(p) for p in only] or [None]
    for s in sorted(set(subjects) - facts.keys()):
        found = facts[s] = {}
        for p in predicates:
            for quad in store.quads_for_pattern(ox.NamedNode(s), p, None, ox.DefaultGraph()):
                o = quad.object
                term = _Term(
                    o.value, (getattr(o, "language", None) or "").lower(), isinstance(o, ox.NamedNode)
                )
                found.setdefault(quad.predicate.value, []).append(term)


class _Text:
    """Labels and tooltips, from the facts of the drawn nodes and what they point to."""

    def __init__(self, sk: _Skeleton, facts: _Facts) -> None:
        self.sk, self.facts = sk, facts

    def get(self, s: str, p: str) -> list[_Term]:
        return self.facts.get(s, {}).get(p, [])

    def pick(self, s: str, p: str) -> str:
        """One value of `s p`, preferring @zh-hans; deterministic."""
        values = sorted(self.get(s, p), key=lambda t: (t.lang != "zh-hans", t.value))
        return values[0].value if values else ""

    def label(self, n: str) -> str:
        if any(t.lang == "zh-hans" for t in self.get(n, LABEL)):
            return _no_year(self.pick(n, LABEL))
        return _no_year(self.pick(n, PREF_LABEL) or self.pick(n, LABEL) or _tail(n))

    def names(self, n: str) -> str:
        found = [self.label(n)] + sorted(
            {t.value for p in (LABEL, PREF_LABEL, ALT_LABEL) for t in self.get(n, p)}
        )
        return " ".join(dict.fromkeys(found))

    def show(self, t: _Term) -> str:
        return self.label(t.value) if t.iri else _no_year(t.value)

    def tooltip(self, n: str) -> str:
        group = self.sk.group[n]
        style = GROUPS[group]
        lines, facts = [f"{self.label(n)} · {style.zh}（{group}）"], [n]
        kind = "event" if group in EVENTS else "region" if group in REGIONS else group
        for p, caption in _FIELDS.get(kind, []):
            if values := sorted(self.show(t) for t in self.get(n, p)):
                lines.append(f"{caption}：{_some(values)}")
        if group in REGIONS and (above := self.sk.ancestry(n)[1:]):
            lines.append("上级：" + " › ".join(self.label(a) for a in reversed(above)))
        if group in EVENTS and (count := self.pick(n, REPORT_COUNT)):
            articles = sorted(t.value for t in self.get(n, DERIVED))
            more = f"；… 共 {len(articles)} 篇" if len(articles) > MAX_LIST else ""
            lines.append(f"报道：{count} 篇文章")
            lines.append("文章：" + "；".join(self.source(a) for a in articles[:MAX_LIST]) + more)
        if group == "Official":
            posts = sorted(
                ((self.pick(t.value, _iri("fp:attestedFrom")), t.value) for t in self.get(n, HOLDS)),
                key=lambda post: (not post[0], post),  # in the order of their first attested days
            )
            for first, post in posts:
                where = [*self.get(post, _iri("fp:jurisdiction")), *self.get(post, _iri("org:postIn"))]
                place = "、".join(sorted(self.show(t) for t in where))
                former = "原" if self.pick(post, _iri("fp:former")) == "true" else ""
                title = former + (self.pick(post, _iri("fp:title")) or "?")
                last, count = self.pick(post, _iri("fp:attestedUntil")), self.pick(post, REPORT_COUNT)
                seen = ([first if first == last else f"{first} 至 {last}"] if first else []) + (
                    [f"{count} 篇报道"] if count else []
                )
                lines.append(
                    f"职务：{title}"
                    + (f"（{place}）" if place else "")
                    + (f" {'，'.join(seen)}" if seen else "")
                )
                facts.append(post)
            events = [e for e in self.sk.adjacent.get(n, ()) if self.sk.group[e] in EVENTS]
            if events:
                lines.append(f"活动：{_some(sorted((self.label(e) for e in events), reverse=True), '；')}")
        if mentioned := len(self.sk.mentioned_by.get(n, ())):
            lines.append(f"提及：{mentioned} 篇文章")
        evidence = self.evidence(facts)
        return "\n".join(lines + (["依据："] + evidence if evidence else []))

    def evidence(self, facts: list[str]) -> list[str]:
        """Each report's whole sentence with the article it is in (the first few reports)."""
        reports = _reports(self.facts, facts)
        out = [
            f"{self.pick(r, EVIDENCE)} ——{self.source(self.pick(r, DERIVED))}" for r in reports[:MAX_EVIDENCE]
        ]
        return out + ([f"…… 共 {len(reports)} 处报道"] if len(reports) > MAX_EVIDENCE else [])

    def source(self, article: str) -> str:
        """An article as a reader knows it: its file and headline."""
        headline = self.pick(article, HEADLINE)
        return (self.pick(article, SOURCE_FILE) or _tail(article)) + (f"《{headline}》" if headline else "")


def _reports(facts: _Facts, subjects: Iterable[str]) -> list[str]:
    """The reports of `subjects` in the order of their articles, each article's by sentence number."""

    def order(report: str) -> tuple[str, int]:
        article, _, number = report.rpartition("-")
        return article, int(number) if number.isdigit() else 0

    return sorted({t.value for s in subjects for t in facts.get(s, {}).get(REPORTED_BY, [])}, key=order)


def _some(values: list[str], sep: str = "、") -> str:
    return sep.join(values[:MAX_LIST]) + (f"{sep}… 共 {len(values)} 项" if len(values) > MAX_LIST else "")


_MONTH_DAY = re.compile(r"(?<![\w-])--(\d\d)-(\d\d)(?![\w-])")  # an xsd:gMonthDay: the year is not known


def _no_year(text: str) -> str:
    """`--08-26` as a reader says it: 8月26日（年份不详）. The graph keeps the typed value."""
    return _MONTH_DAY.sub(lambda m: f"{int(m[1])}月{int(m[2])}日（年份不详）", text)


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _tail(n: str) -> str:
    return unquote(re.split(r"[/#]", n.rstrip("/#"))[-1])


def network_data(
    graph: ox.Store | Graph,
    *,
    top: int = 300,
    types: Iterable[str] | None = None,
    focus: str | None = None,
    hops: int = 2,
) -> Network:
    """The nodes to draw, at most `top`: the most connected ones of the chosen `types` (all but articles
    by default), or, with `focus`, the nodes within `hops` links of the nodes so named, nearest first."""
    chosen = set(DEFAULT_TYPES if types is None else types)
    if unknown := chosen - GROUPS.keys():
        raise ValueError(f"unknown type {', '.join(sorted(unknown))}: use {', '.join(GROUPS)}")
    if top < 1 or hops < 0:
        raise ValueError("--top must be at least 1 and --hops at least 0")
    store = as_store(graph)
    sk = _Skeleton(store)
    seeds = _find(store, sk, focus) if focus else []
    keep, total = _choose(sk, chosen, top, seeds, hops)
    kept = set(keep)

    facts: _Facts = {}
    _describe(store, kept, facts)
    posts = {t.value for n in kept for t in facts[n].get(HOLDS, [])}
    _describe(store, posts, facts)
    # the menu lists the regions on the page: those drawn and those above them (a programme is placed
    # by every article naming it, which would bring in provinces nothing on the page is in); a page
    # drawing no region lists where its nodes are
    drawn = {a for n in kept if sk.group[n] in REGIONS for a in sk.ancestry(n)}
    members = {
        n: {r for r in sk.places(n) if sk.group[r] in MENU_LEVELS and (r in drawn or not drawn)} for n in kept
    }
    menu = sorted({r for rs in members.values() for r in rs}, key=lambda r: sk.ancestry(r)[::-1])
    reports = {
        r
        for n in kept
        for r in _reports(facts, [n, *(t.value for t in facts[n].get(HOLDS, []))])[:MAX_EVIDENCE]
    }
    _describe(store, reports, facts, only=(EVIDENCE, DERIVED))
    skip = (DERIVED, REPORTED_BY)
    named = {
        t.value for s in kept | posts for p, ts in facts[s].items() if p not in skip for t in ts if t.iri
    }
    named |= {a for n in kept for a in sk.ancestry(n)} | set(menu)
    named |= {e for n in kept if sk.group[n] == "Official" for e in sk.adjacent.get(n, ())}
    articles = {t.value for r in reports for t in facts[r].get(DERIVED, [])}
    articles |= {  # the first articles reporting each event (a thousand reports list a few)
        a
        for n in kept
        if sk.group[n] in EVENTS
        for a in sorted(t.value for t in facts[n].get(DERIVED, []))[:MAX_LIST]
    }
    _describe(store, named | articles, facts, only=(LABEL, PREF_LABEL, HEADLINE, SOURCE_FILE))
    text = _Text(sk, facts)

    nodes = [_node(n, sk.group[n], text, n in seeds) for n in sorted(kept)]
    edges = [
        (s, o, "、".join(sorted(labels))) for (s, o), labels in sk.links.items() if s in kept and o in kept
    ]
    if "Article" in chosen:
        edges += [
            (a, o, "报道" if sk.group[o] in EVENTS else "提及")
            for a in kept
            for o in sk.mentions.get(a, ())
            if o in kept
        ]
    index = {r: i for i, r in enumerate(menu)}
    return Network(
        nodes=nodes,
        edges=[{"from": s, "to": o, "label": label} for s, o, label in sorted(edges)],
        regions=[[r, text.label(r), GROUPS[sk.group[r]].level] for r in menu],
        members={n: sorted(index[r] for r in rs) for n, rs in sorted(members.items()) if rs},
        names={n: text.names(n) for n in sorted(kept)},
        focus=sorted(set(seeds) & kept),
        total=total,
    )


def _node(n: str, group: str, text: _Text, focused: bool) -> dict[str, Any]:
    style = GROUPS[group]
    node = {"id": n, "label": _cut(text.label(n), MAX_LABEL), "group": group, "title": text.tooltip(n)}
    node |= {"color": style.color, "shape": style.shape, "size": style.size}
    if style.level is not None:
        node["level"] = style.level
    if focused:
        node |= {"size": round(style.size * 1.6), "borderWidth": 4, "font": {"size": 18}}
    return node


def script_json(obj: Any, **kwargs: Any) -> str:
    """JSON safe inside <script>: no `</script>`, no line separators, nothing that looks like a URL load."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    for ch in "<>&@(\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


_OPTIONS = json.loads("""{"layout": {"randomSeed": 7, "improvedLayout": false},
 "physics": {"solver": "forceAtlas2Based", "forceAtlas2Based": {"gravitationalConstant": -90, "centralGravity": 0.015, "springLength": 100,
   "avoidOverlap": 0.3}, "stabilization": {"enabled": true, "iterations": 300, "updateInterval": 25, "fit": true}},
 "edges": {"arrows": {"to": {"enabled": true, "scaleFactor": 0.5}}, "smooth": false,
   "color": {"color": "#b0b0b0", "highlight": "#444444"}, "font": {"size": 10, "color": "#555555", "strokeWidth": 3}},
 "nodes": {"font": {"size": 16}, "borderWidth": 1}, "interaction": {"hover": true, "tooltipDelay": 150}}""")
# vis-network's own stylesheet is not inlined by pyvis: the tooltip rules it needs are here.
_CSS = """<title>{title}</title><style>
body{{margin:0;font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif}}
#fp-bar{{display:flex;gap:12px;align-items:center;height:44px;padding:0 12px;border-bottom:1px solid #ddd}}
#fp-bar h1{{font-size:17px;margin:0;white-space:nowrap}} #fp-hits,#fp-count{{color:#666;font-size:13px}}
#fp-count{{margin-left:auto}} #fp-bar input,#fp-bar select{{font-size:14px;padding:3px 6px}}
#fp-legend{{position:absolute;top:56px;right:12px;z-index:5;background:#fffe;border:1px solid #ddd;
  border-radius:6px;padding:6px 10px;font-size:13px}} #fp-legend label{{display:block;cursor:pointer}}
.fp-sw{{display:inline-block;width:11px;height:11px;border-radius:2px;margin:0 5px;vertical-align:middle}}
#mynetwork{{float:none!important;border:0!important}}
div.vis-tooltip{{position:absolute;visibility:hidden;pointer-events:none;z-index:10;max-width:520px;padding:6px 8px;
  font-size:12px;line-height:1.45;background:#fffef5;border:1px solid #999;border-radius:4px;box-shadow:2px 2px 8px #0003}}
</style>"""
_JS = """<script>
const FP = %s;
function fpText(s) { const d = document.createElement('div'); d.style.whiteSpace = 'pre-wrap'; d.textContent = s; return d; }
function fpMenu() {
  const menu = document.getElementById('fp-region');
  FP.regions.forEach(([id, label, level], i) => menu.add(new Option((level > 1 ? '\\u3000' : '') + label, String(i))));
}
function fpFilter(fit) {
  const off = new Set(Array.from(document.querySelectorAll('#fp-legend input')).filter(c => !c.checked).map(c => c.dataset.group));
  const region = document.getElementById('fp-region').value;
  const inRegion = id => region === '' || (FP.members[id] || []).includes(Number(region));
  const shown = new Set(nodes.get({filter: n => !off.has(n.group) && inRegion(n.id)}).map(n => n.id));
  // whole items: vis-network restyles an updated node from its group, dropping the focus' own size
  nodes.update(nodes.get().map(n => ({...n, hidden: !shown.has(n.id)})));
  edges.update(edges.get().map(e => ({id: e.id, hidden: !shown.has(e.from) || !shown.has(e.to)})));
  document.getElementById('fp-shown').textContent = shown.size;
  if (fit && shown.size) network.fit({nodes: Array.from(shown), animation: {duration: 400}});
}
function fpBefore() { fpMenu(); nodes.update(Object.keys(FP.titles).map(id => ({id: id, title: fpText(FP.titles[id])}))); fpFilter(false); }
function fpAfter(net) {
  net.once('stabilizationIterationsDone', () => {
    net.setOptions({physics: {enabled: false}});
    if (FP.focus.length) net.selectNodes(FP.focus);
    document.body.dataset.settled = 'true';
  });
}
let fpHitIds = [], fpAt = 0;
function fpSearch(next) {
  const q = document.getElementById('fp-q').value.trim().toLowerCase(), info = document.getElementById('fp-hits');
  if (next && fpHitIds.length) { fpAt = (fpAt + 1) %% fpHitIds.length; } else {
    fpAt = 0;
    fpHitIds = q ? nodes.get({filter: n => !n.hidden && (FP.names[n.id] || '').toLowerCase().includes(q)}).map(n => n.id).sort() : [];
  }
  if (!fpHitIds.length) { info.textContent = q ? '无匹配' : ''; network.unselectAll(); return; }
  const id = fpHitIds[fpAt];
  network.selectNodes([id]);
  network.focus(id, {scale: 1.2, animation: {duration: 400}});
  info.textContent = (fpAt + 1) + ' / ' + fpHitIds.length + '：' + nodes.get(id).label;
}
</script>"""
_ANCHOR = "network = new vis.Network(container, data, options);"
_EXTERNAL = re.compile(
    r"""<link\b|<script\b[^>]*\bsrc\s*=|(?:src|href)\s*=\s*["']?https?:|@import|url\(\s*["']?https?:"""
)


def _controls(data: Network, title: str) -> str:
    counts = {g: sum(n["group"] == g for n in data.nodes) for g in GROUPS}
    rows = "".join(
        f'<label><input type="checkbox" data-group="{g}" onchange="fpFilter(false)" checked>'
        f'<span class="fp-sw" style="background:{s.color}"></span>{s.zh} {g} ({counts[g]})</label>'
        for g, s in GROUPS.items()
        if counts[g]
    )
    search = (
        '<input id="fp-q" type="search" placeholder="搜索名称…" oninput="fpSearch(false)" '
        "onkeydown=\"if (event.key === 'Enter' &amp;&amp; !event.isComposing) fpSearch(true)\">"
    )
    regions = '<select id="fp-region" onchange="fpFilter(true)"><option value="">全部地区</option></select>'
    how = "每类节点按连接度取前若干个；用 kg viz --focus 名称 --hops 2 看某个节点的周边"
    count = (
        f'<span id="fp-count" data-drawn="{len(data.nodes)}" data-total="{data.total}" title="{how}">'
        f'显示 <span id="fp-shown">{len(data.nodes)}</span> / {len(data.nodes)} 个节点'
        f"（共 {data.total:,} 个）</span>"
    )
    return (
        f'<div id="fp-bar"><h1>{html.escape(title)}</h1>{search}{regions}<span id="fp-hits"></span>{count}</div>'
        f'<div id="fp-legend">{rows}</div>'
    )


def _sub_once(page: str, old: str, new: str) -> str:
    if page.count(old) != 1:
        raise RuntimeError(f"unexpected pyvis template: {old!r} found {page.count(old)} times")
    return page.replace(old, new)


def render_html(
    graph: ox.Store | Graph,
    path: Path,
    *,
    top: int = 300,
    types: Iterable[str] | None = None,
    focus: str | None = None,
    hops: int = 2,
    title: str = "fupin-kg",
) -> Network:
    """Write the offline page to `path` atomically; return what it draws (see `network_data`)."""
    from pyvis.network import Network as PyvisNetwork  # lazy: pyvis pulls in IPython

    data = network_data(graph, top=top, types=types, focus=focus, hops=hops)
    net = PyvisNetwork(height="calc(100vh - 46px)", width="100%", directed=True, cdn_resources="in_line")
    net.templateEnv.policies["json.dumps_function"] = script_json  # used by the template's `tojson`
    net.nodes = [{k: v for k, v in n.items() if k != "title"} for n in data.nodes]  # titles: set as text
    net.edges = data.edges
    # vis-network restyles a node from its group on any update (a filter's `hidden`), with its own palette
    # for groups it was not given: so the groups carry the legend's style, not only the nodes
    groups = {g: {"color": s.color, "shape": s.shape, "size": s.size} for g, s in GROUPS.items()}
    net.options = _OPTIONS | {"groups": groups}
    page = net.generate_html()
    page = re.sub(r"<link\b[^>]*>", "", page)  # Bootstrap CSS (and a commented-out local vis CSS)
    page = re.sub(r"<script\b[^>]*\bsrc\s*=[^>]*>\s*</script>", "", page)  # Bootstrap JS, commented vis JS
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)  # the empty pyvis headings
    page = "<!DOCTYPE html>\n" + _sub_once(page, "<html>", '<html lang="zh-Hans">')
    page = _sub_once(
        page, '<meta charset="utf-8">', '<meta charset="utf-8">' + _CSS.format(title=html.escape(title))
    )
    script = _JS % script_json(
        {
            "titles": {n["id"]: n["title"] for n in data.nodes},
            "names": data.names,
            "regions": data.regions,
            "members": data.members,
            "focus": data.focus,
        },
        sort_keys=True,
    )
    page = _sub_once(page, "<body>", "<body>" + _controls(data, title) + script)
    page = _sub_once(page, _ANCHOR, f"fpBefore();\n{_ANCHOR}\nfpAfter(network);")
    if match := _EXTERNAL.search(page):
        raise RuntimeError(f"external resource left in page: {match.group(0)!r}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return data


def page_name(focus: str | None = None, types: Iterable[str] | None = None) -> str:
    """`graph.html`, or `graph-<focus>-<types>.html` for a focused or filtered page."""
    parts = ([focus] if focus else []) + sorted(types or [])
    slug = re.sub(r"[^\w.-]+", "_", "-".join(parts)).strip("._")[:80]
    return f"graph-{slug}.html" if slug else "graph.html"
