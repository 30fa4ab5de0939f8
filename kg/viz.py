"""An interactive, fully offline HTML view of the knowledge graph (pyvis / vis-network).

`network_data` turns the RDF graph into vis-network node and edge dicts (pure, deterministic);
`render_html` writes them into a self-contained page with a legend, a group filter and a search box.
"""

from __future__ import annotations

import html
import json
import os
import re
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import unquote

import networkx as nx
from rdflib import RDF, RDFS, SKOS, Graph, Namespace, URIRef
from rdflib.namespace import ORG, PROV

FP = Namespace("https://w3id.org/fupin/ontology#")
SCHEMA = Namespace("https://schema.org/")


class _Style(NamedTuple):
    cls: URIRef
    zh: str
    color: str
    shape: str
    size: int
    level: int | None = None


# First matching class wins; the order is also the legend's order.
GROUPS: dict[str, _Style] = {
    "Official": _Style(FP.Official, "官员", "#1e88e5", "dot", 16),
    "Country": _Style(FP.Country, "国家", "#1b5e20", "square", 34, 0),
    "Province": _Style(FP.Province, "省", "#2e7d32", "square", 30, 1),
    "Prefecture": _Style(FP.Prefecture, "市", "#43a047", "square", 25, 2),
    "County": _Style(FP.County, "县", "#66bb6a", "square", 20, 3),
    "Township": _Style(FP.Township, "乡镇", "#9ccc65", "square", 15, 4),
    "Village": _Style(FP.Village, "村", "#c5e1a5", "square", 11, 5),
    "Meeting": _Style(FP.Meeting, "会议", "#fb8c00", "triangle", 14),
    "Inspection": _Style(FP.Inspection, "调研", "#e53935", "triangleDown", 14),
    "Program": _Style(FP.Program, "扶贫项目", "#8e24aa", "star", 18),
    "Policy": _Style(FP.Policy, "政策", "#6d4c41", "hexagon", 15),
    "Organization": _Style(FP.Organization, "机构", "#00897b", "diamond", 14),
    "Article": _Style(FP.Article, "文章", "#9e9e9e", "dot", 8),
}
EVENTS = ("Meeting", "Inspection")
# Tooltip lines: (predicate, caption) per group or kind of group.
_FIELDS: dict[str, list[tuple[URIRef, str]]] = {
    "event": [
        (SCHEMA.startDate, "日期"),
        (SCHEMA.location, "地点"),
        (FP.lead, "主持/带队"),
        (FP.participant, "参加"),
        (FP.program, "项目"),
    ],
    "region": [(FP.adcode, "区划代码"), (SCHEMA.containedInPlace, "上级")],
    "Program": [(SKOS.altLabel, "别名")],
    "Article": [(SCHEMA.headline, "标题"), (SCHEMA.datePublished, "日期"), (FP.sourceFile, "文件")],
}
MAX_EVIDENCE, MAX_LINE = 5, 200


def network_data(
    graph: Graph, *, top: int = 300, include_articles: bool = False
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """vis-network nodes and edges for `graph`, at most `top` nodes, sorted by id."""
    groups: dict[URIRef, str] = {}
    for group, style in GROUPS.items():
        if group != "Article" or include_articles:
            for s in graph.subjects(RDF.type, style.cls):
                if isinstance(s, URIRef):
                    groups.setdefault(s, group)
    edges = _edges(graph, groups)
    if len(groups) > top:
        keep = _most_central(groups, edges, top)
        groups = {n: g for n, g in groups.items() if n in keep}
        edges = {k: v for k, v in edges.items() if k[0] in keep and k[1] in keep}
    nodes = [_node(graph, n, groups[n]) for n in sorted(groups)]
    return nodes, [
        {"from": str(s), "to": str(o), "label": "、".join(sorted(v))} for (s, o), v in sorted(edges.items())
    ]


def _edges(graph: Graph, groups: dict[URIRef, str]) -> dict[tuple[URIRef, URIRef], set[str]]:
    edges: dict[tuple[URIRef, URIRef], set[str]] = {}

    def add(s: Any, o: Any, label: str) -> None:
        if s in groups and o in groups and s != o:
            edges.setdefault((s, o), set()).add(label)

    for n, group in groups.items():
        if group == "Official":  # posts are folded into edges labelled with the post's title
            for post in graph.objects(n, ORG.holds):
                title = _pick(graph, post, FP.title) or "任职"
                for target in [*graph.objects(post, FP.jurisdiction), *graph.objects(post, ORG.postIn)]:
                    add(n, target, title)
        elif group in EVENTS:
            leads = set(graph.objects(n, FP.lead))
            for o in graph.objects(n, SCHEMA.location):
                add(n, o, "地点")
            for o in leads:
                add(n, o, "主持" if group == "Meeting" else "带队")
            for o in set(graph.objects(n, FP.participant)) - leads:
                add(n, o, "参加")
            for o in graph.objects(n, FP.program):
                add(n, o, "项目")
        elif GROUPS[group].level is not None:
            for o in graph.objects(n, SCHEMA.containedInPlace):
                add(n, o, "属于")
        elif group == "Article":
            for o in graph.objects(n, SCHEMA.mentions):
                add(n, o, "提及")
    return edges


def _most_central(groups: dict[URIRef, str], edges: dict, top: int) -> set[URIRef]:
    g = nx.Graph()
    g.add_nodes_from(sorted(groups))
    g.add_edges_from(sorted(edges))
    try:
        score = nx.pagerank(g)
    except (ImportError, nx.PowerIterationFailedConvergence):  # networkx 3.x pagerank needs scipy
        score = nx.degree_centrality(g)
    return set(sorted(g, key=lambda n: (-round(score[n], 12), str(n)))[: max(top, 0)])


def _node(graph: Graph, n: URIRef, group: str) -> dict[str, Any]:
    style = GROUPS[group]
    node = {"id": str(n), "label": _label(graph, n), "group": group, "title": _tooltip(graph, n, group)}
    node |= {"color": style.color, "shape": style.shape, "size": style.size}
    if style.level is not None:
        node["level"] = style.level
    return node


def _pick(graph: Graph, s: Any, p: URIRef) -> str:
    """One value of `s p`, preferring @zh-Hans; deterministic."""
    values = sorted(graph.objects(s, p), key=lambda o: (_lang(o) != "zh-hans", str(o)))
    return str(values[0]) if values else ""


def _lang(o: Any) -> str:
    return (getattr(o, "language", None) or "").lower()


def _label(graph: Graph, n: Any) -> str:
    if any(_lang(o) == "zh-hans" for o in graph.objects(n, RDFS.label)):
        return _pick(graph, n, RDFS.label)
    return _pick(graph, n, SKOS.prefLabel) or _pick(graph, n, RDFS.label) or _tail(n)


def _tail(n: Any) -> str:
    return unquote(re.split(r"[/#]", str(n).rstrip("/#"))[-1])


def _tooltip(graph: Graph, n: URIRef, group: str) -> str:
    style = GROUPS[group]
    lines, facts = [f"{_label(graph, n)} · {style.zh}（{group}）"], [n]
    kind = "event" if group in EVENTS else "region" if style.level is not None else group
    for p, caption in _FIELDS.get(kind, []):
        values = sorted(_label(graph, o) if isinstance(o, URIRef) else str(o) for o in graph.objects(n, p))
        if values:
            lines.append(f"{caption}：{'、'.join(values)}")
    if group == "Official":
        for post in sorted(graph.objects(n, ORG.holds)):
            where = [*graph.objects(post, FP.jurisdiction), *graph.objects(post, ORG.postIn)]
            place = "、".join(sorted(_label(graph, o) for o in where))
            lines.append(f"职务：{_pick(graph, post, FP.title) or '?'}" + (f"（{place}）" if place else ""))
            facts.append(post)
    evidence = _evidence(graph, facts)
    return "\n".join(lines + (["依据："] + evidence if evidence else []))


def _evidence(graph: Graph, facts: list[Any]) -> list[str]:
    out: list[str] = []
    for fact in facts:
        srcs = sorted(
            _pick(graph, a, FP.sourceFile) or _tail(a) for a in graph.objects(fact, PROV.wasDerivedFrom)
        )
        suffix = f" ——{'、'.join(srcs)}" if srcs else ""
        for sentence in sorted(str(e) for e in graph.objects(fact, FP.evidence)):
            room = MAX_LINE - len(suffix)
            if len(sentence) > room:
                sentence = sentence[: max(room - 1, 0)] + "…"
            out.append((sentence + suffix)[:MAX_LINE])
    return list(dict.fromkeys(out))[:MAX_EVIDENCE]


def _js_json(obj: Any, **kwargs: Any) -> str:
    """JSON safe inside <script>: no `</script>`, no line separators, nothing that looks like a URL load."""
    text = json.dumps(obj, ensure_ascii=False, **kwargs)
    for ch in "<>&@(\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


_OPTIONS = json.loads("""{"layout": {"randomSeed": 7},
 "physics": {"solver": "forceAtlas2Based", "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 110,
   "avoidOverlap": 0.3}, "stabilization": {"enabled": true, "iterations": 300, "updateInterval": 25, "fit": true}},
 "edges": {"arrows": {"to": {"enabled": true, "scaleFactor": 0.5}}, "smooth": false,
   "color": {"color": "#b0b0b0", "highlight": "#444444"}, "font": {"size": 10, "color": "#555555", "strokeWidth": 3}},
 "nodes": {"font": {"size": 13}, "borderWidth": 1}, "interaction": {"hover": true, "tooltipDelay": 150}}""")
_CSS = """<title>{title}</title><style>
body{{margin:0;font-family:system-ui,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}}
#fp-bar{{display:flex;gap:12px;align-items:center;height:44px;padding:0 12px;border-bottom:1px solid #ddd}}
#fp-bar h1{{font-size:17px;margin:0}} #fp-hits{{color:#666;font-size:13px}}
#fp-legend{{position:absolute;top:56px;right:12px;z-index:5;background:#fffe;border:1px solid #ddd;
  border-radius:6px;padding:6px 10px;font-size:13px}} #fp-legend label{{display:block;cursor:pointer}}
.fp-sw{{display:inline-block;width:11px;height:11px;border-radius:2px;margin:0 5px;vertical-align:middle}}
#mynetwork{{float:none!important;border:0!important}} div.vis-tooltip{{max-width:520px;font-size:12px}}
</style>"""
_JS = """<script>
const FP_TITLES = %s;
function fpText(s) { const d = document.createElement('div'); d.style.whiteSpace = 'pre-wrap'; d.textContent = s; return d; }
function fpFilter() {
  const off = new Set(Array.from(document.querySelectorAll('#fp-legend input')).filter(c => !c.checked).map(c => c.dataset.group));
  const gone = new Set(nodes.get({filter: n => off.has(n.group)}).map(n => n.id));
  nodes.update(nodes.get().map(n => ({id: n.id, hidden: gone.has(n.id)})));
  edges.update(edges.get().map(e => ({id: e.id, hidden: gone.has(e.from) || gone.has(e.to)})));
}
function fpBefore() { nodes.update(Object.keys(FP_TITLES).map(id => ({id: id, title: fpText(FP_TITLES[id])}))); fpFilter(); }
function fpAfter(net) { net.once('stabilizationIterationsDone', () => net.setOptions({physics: {enabled: false}})); }
let fpHitIds = [], fpAt = 0;
function fpSearch(next) {
  const q = document.getElementById('fp-q').value.trim().toLowerCase(), info = document.getElementById('fp-hits');
  if (next && fpHitIds.length) { fpAt = (fpAt + 1) %% fpHitIds.length; } else {
    fpAt = 0;
    fpHitIds = q ? nodes.get({filter: n => !n.hidden && String(n.label).toLowerCase().includes(q)}).map(n => n.id).sort() : [];
  }
  if (!fpHitIds.length) { info.textContent = q ? '无匹配' : ''; network.unselectAll(); return; }
  network.selectNodes([fpHitIds[fpAt]]);
  network.focus(fpHitIds[fpAt], {scale: 1.2, animation: {duration: 400}});
  info.textContent = (fpAt + 1) + ' / ' + fpHitIds.length;
}
</script>"""
_ANCHOR = "network = new vis.Network(container, data, options);"
_EXTERNAL = re.compile(
    r"""<link\b|<script\b[^>]*\bsrc\s*=|(?:src|href)\s*=\s*["']?https?:|@import|url\(\s*["']?https?:"""
)


def _controls(nodes: list[dict[str, Any]], title: str) -> str:
    counts = {g: sum(n["group"] == g for n in nodes) for g in GROUPS}
    rows = "".join(
        f'<label><input type="checkbox" data-group="{g}" onchange="fpFilter()"{"" if g == "Article" else " checked"}>'
        f'<span class="fp-sw" style="background:{s.color}"></span>{s.zh} {g} ({counts[g]})</label>'
        for g, s in GROUPS.items()
        if counts[g]
    )
    search = (
        '<input id="fp-q" type="search" placeholder="搜索名称…" oninput="fpSearch(false)" '
        "onkeydown=\"if (event.key === 'Enter' &amp;&amp; !event.isComposing) fpSearch(true)\">"
    )
    return f'<div id="fp-bar"><h1>{html.escape(title)}</h1>{search}<span id="fp-hits"></span></div><div id="fp-legend">{rows}</div>'


def _sub_once(page: str, old: str, new: str) -> str:
    if page.count(old) != 1:
        raise RuntimeError(f"unexpected pyvis template: {old!r} found {page.count(old)} times")
    return page.replace(old, new)


def render_html(
    graph: Graph, path: Path, *, top: int = 300, include_articles: bool = False, title: str = "fupin-kg"
) -> int:
    """Write the offline page to `path` atomically; return the number of nodes drawn."""
    from pyvis.network import Network  # lazy: pyvis pulls in IPython

    nodes, edges = network_data(graph, top=top, include_articles=include_articles)
    net = Network(height="calc(100vh - 46px)", width="100%", directed=True, cdn_resources="in_line")
    net.templateEnv.policies["json.dumps_function"] = _js_json  # used by the template's `tojson`
    net.nodes = [{k: v for k, v in n.items() if k != "title"} for n in nodes]  # titles: set as text below
    net.edges = edges
    net.options = _OPTIONS
    page = net.generate_html()
    page = re.sub(r"<link\b[^>]*>", "", page)  # Bootstrap CSS (and a commented-out local vis CSS)
    page = re.sub(r"<script\b[^>]*\bsrc\s*=[^>]*>\s*</script>", "", page)  # Bootstrap JS, commented vis JS
    page = re.sub(r"<center>\s*<h1>\s*</h1>\s*</center>", "", page)  # the empty pyvis headings
    page = "<!DOCTYPE html>\n" + _sub_once(page, "<html>", '<html lang="zh-Hans">')
    head = _CSS.format(title=html.escape(title))
    page = _sub_once(page, '<meta charset="utf-8">', '<meta charset="utf-8">' + head)
    titles = _js_json({n["id"]: n["title"] for n in nodes}, sort_keys=True)
    page = _sub_once(page, "<body>", "<body>" + _controls(nodes, title) + _JS % titles)
    page = _sub_once(page, _ANCHOR, f"fpBefore();\n{_ANCHOR}\nfpAfter(network);")
    if match := _EXTERNAL.search(page):
        raise RuntimeError(f"external resource left in page: {match.group(0)!r}")
    path = Path(path)
    tmp = path.with_suffix(".html.tmp")
    try:
        tmp.write_text(page, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return len(nodes)
