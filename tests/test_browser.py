"""The graph page in real headless Chromium (Debian's `chromium`, driven by Playwright).

Skipped when /usr/bin/chromium or Playwright is missing, except on CI (the CI variable set), where that
fails: scripts/system-deps.sh installs Chromium and `pip install -e '.[test]'` Playwright. Screenshots
are saved in out/browser/ and their paths printed (`pytest -s` shows them).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest

from kg import api, viz
from tests.synthetic import synthetic_triples

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "out" / "browser"
try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser fixture skips (or fails on CI) with a message
    PlaywrightTimeout = TimeoutError
IMG, SCRIPT = "<img src=x onerror=alert(1)>", "<script>alert(2)</script>"
# Our own hostile article: markup in the sentences, right after a name, and in the headline.
HOSTILE = (
    f"静乐县召开脱贫攻坚推进会{SCRIPT}\n"
    f"8月26日，静乐县召开脱贫攻坚推进会，县委书记王昕主持会议，县长李永成{SCRIPT}出席会议{IMG}。"
    "会议强调，要抓好易地扶贫搬迁后续扶持工作。\n"
)


@dataclass
class Visit:
    """A loaded page, with every request, error and dialog it caused."""

    page: Any
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def drawn(self) -> int:
        """The number of nodes the page says it draws."""
        return int(self.page.get_attribute("#fp-count", "data-drawn"))

    def hover(self, node_id: str) -> str:
        """Point at a node (centred first) and return the tooltip's text as the reader sees it."""
        self.page.wait_for_timeout(500)  # let a search's zoom animation end: it would move the node away
        for _ in range(3):
            x, y = self.js(
                """id => { network.moveTo({position: network.getPositions([id])[id], scale: 1.2});
                           const box = network.body.container.getBoundingClientRect();
                           return [box.left + box.width / 2, box.top + box.height / 2]; }""",
                node_id,
            )
            self.page.mouse.move(x - 40, y - 40)
            self.page.mouse.move(x, y, steps=4)
            try:
                return self.page.wait_for_selector(
                    "div.vis-tooltip", state="visible", timeout=5_000
                ).inner_text()
            except PlaywrightTimeout:
                continue
        raise AssertionError(f"no tooltip for {node_id}")

    def visible_ids(self) -> list[str]:
        return self.js("nodes.get({filter: n => !n.hidden}).map(n => n.id)")

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / name
        self.page.screenshot(path=str(path))
        print(f"screenshot: {path}")
        return path

    def assert_clean(self) -> None:
        assert self.dialogs == [], self.dialogs  # nothing from the articles ran
        assert self.errors == [], self.errors
        outside = [u for u in self.requests if not u.startswith(("file://", "data:"))]
        assert outside == [], outside
        assert self.js("document.querySelectorAll('img, iframe, object, embed').length") == 0


def visit(browser: Any, page: Path) -> Visit:
    tab = browser.new_page(viewport={"width": 1400, "height": 900})
    seen = Visit(tab)
    tab.on("request", lambda r: seen.requests.append(r.url))
    tab.on("pageerror", lambda e: seen.errors.append(f"page error: {e}"))
    tab.on(
        "console", lambda m: seen.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None
    )
    tab.on("dialog", lambda d: (seen.dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
    start = time.monotonic()
    tab.goto(page.as_uri())
    tab.wait_for_function("document.body.dataset.settled === 'true'", timeout=60_000)  # physics stopped
    seen.seconds = time.monotonic() - start
    tab.wait_for_timeout(600)  # pyvis' loading bar fades out
    return seen


@pytest.fixture(scope="module")
def seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("seeds")
    api.build([ROOT / "seeds"], out)
    return out


def official(v: Visit, name: str) -> str:
    return v.js("name => nodes.get({filter: n => n.label === name && n.group === 'Official'})[0].id", name)


def test_seed_page_is_offline_draws_what_it_promises_and_shows_tooltips(browser: Any, seeds: Path) -> None:
    v = visit(browser, seeds / "graph.html")
    v.assert_clean()
    drawn = v.drawn()
    assert drawn > 50
    assert v.js("network.body.data.nodes.length") == drawn
    assert len(v.js("Object.keys(network.getPositions())")) == drawn
    assert v.js("network.physics.options.enabled") is False  # the layout settled and stays put
    v.screenshot("graph-seeds.png")
    tip = v.hover(official(v, "魏茹生"))
    assert tip.startswith("魏茹生 · 官员（Official）") and "职务：一级巡视员" in tip and "依据：" in tip
    v.screenshot("graph-seeds-tooltip.png")
    print(f"seed page settled in {v.seconds:.1f} s")


def test_a_date_without_year_reads_as_such(browser: Any, seeds: Path) -> None:
    v = visit(browser, seeds / "graph.html")
    event = v.js(
        "nodes.get({filter: n => n.group === 'Inspection' && n.label.startsWith('8月26日（年份不详）')})[0].id"
    )
    tip = v.hover(event)
    assert "日期：8月26日（年份不详）" in tip.splitlines() and "--08-26" not in tip
    v.assert_clean()


def test_chinese_text_has_a_font(browser: Any, seeds: Path) -> None:
    """Without a CJK font every character is the same empty box: two different ones draw alike."""
    v = visit(browser, seeds / "graph.html")
    same = v.js(
        """() => {
          const draw = ch => { const c = document.createElement('canvas'); c.width = c.height = 40;
            const x = c.getContext('2d'); x.font = '32px ' + getComputedStyle(document.body).fontFamily;
            x.fillText(ch, 2, 34); return Array.from(x.getImageData(0, 0, 40, 40).data).join(); };
          return draw('静') === draw('乐');
        }"""
    )
    assert same is False, "no CJK font for the page: scripts/system-deps.sh installs fonts-wqy-microhei"


def test_search_finds_chinese_names_in_either_script(browser: Any, seeds: Path) -> None:
    v = visit(browser, seeds / "graph.html")
    v.page.fill("#fp-q", "王昕")
    assert v.page.inner_text("#fp-hits") == "1 / 1：王昕"
    assert v.js("network.getSelectedNodes()") == [official(v, "王昕")]
    v.page.fill("#fp-q", "靜樂")  # traditional, as the article wrote it
    assert v.page.inner_text("#fp-hits").endswith("：静乐县")
    v.page.fill("#fp-q", "没有这个")
    assert v.page.inner_text("#fp-hits") == "无匹配"
    v.assert_clean()


def test_type_and_region_filters(browser: Any, seeds: Path) -> None:
    v = visit(browser, seeds / "graph.html")
    everything = set(v.visible_ids())
    officials = set(v.js("nodes.get({filter: n => n.group === 'Official'}).map(n => n.id)"))
    v.page.uncheck('#fp-legend input[data-group="Official"]')
    assert set(v.visible_ids()) == everything - officials
    v.page.check('#fp-legend input[data-group="Official"]')
    menu = v.js("Array.from(document.querySelectorAll('#fp-region option')).map(o => o.textContent)")
    assert menu[0] == "全部地区" and "山西省" in menu and "\u3000忻州市" in menu
    v.page.select_option("#fp-region", label="\u3000忻州市")
    shown = set(v.visible_ids())
    assert (
        official(v, "王昕") in shown and official(v, "王东峰") not in shown
    )  # 静乐县 is in 忻州; 衡水 is not
    assert v.page.inner_text("#fp-shown") == str(len(shown))
    v.page.select_option("#fp-region", label="全部地区")
    assert set(v.visible_ids()) == everything
    v.assert_clean()


STYLES = """() => Object.fromEntries(nodes.getIds().map(id => {
  const o = network.body.nodes[id].options;
  return [id, [o.color.background, o.shape, o.size]];
}))"""


def assert_legend_styles(v: Visit, sizes: dict[str, int]) -> None:
    """Every node drawn in its legend colour and shape (and at the size it was drawn with)."""
    groups = dict(v.js("nodes.get().map(n => [n.id, n.group])"))
    styles = v.js(STYLES)
    for node, (colour, shape, size) in styles.items():
        style = viz.GROUPS[groups[node]]
        assert (colour, shape, size) == (style.color, style.shape, sizes[node]), (node, groups[node])


def test_filters_search_and_focus_keep_the_legend_colours(browser: Any, seeds: Path) -> None:
    v = visit(browser, seeds / "graph.html")
    sizes = {node: size for node, (_, _, size) in v.js(STYLES).items()}
    assert_legend_styles(v, sizes)
    for group in ("Official", "Inspection", "County"):
        v.page.uncheck(f'#fp-legend input[data-group="{group}"]')
        assert_legend_styles(v, sizes)
        v.page.check(f'#fp-legend input[data-group="{group}"]')
    v.page.select_option("#fp-region", label="\u3000忻州市")
    assert_legend_styles(v, sizes)
    v.page.select_option("#fp-region", label="全部地区")
    v.page.fill("#fp-q", "王昕")
    assert_legend_styles(v, sizes)
    v.screenshot("graph-after-filters.png")
    v.assert_clean()
    focused = visit(browser, api.render(seeds, focus="王昕", hops=1).path)
    sizes = {node: size for node, (_, _, size) in focused.js(STYLES).items()}
    wang = official(focused, "王昕")
    assert sizes[wang] > viz.GROUPS["Official"].size  # the focus stands out, and still after a filter
    focused.page.uncheck('#fp-legend input[data-group="County"]')
    assert_legend_styles(focused, sizes)


def test_hostile_article_shows_its_markup_as_text_and_runs_nothing(browser: Any, tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "out"
    api.build([tmp_path / "in"], out)
    v = visit(browser, out / "graph.html")
    tip = v.hover(official(v, "李永成"))
    assert f"县长李永成{SCRIPT}出席会议{IMG}。" in tip  # the evidence, literally
    v.screenshot("graph-hostile.png")
    v.assert_clean()
    focused = api.render(out, focus="李永成", hops=1).path
    v = visit(browser, focused)
    assert SCRIPT in v.hover(official(v, "李永成"))
    v.assert_clean()


def test_each_evidence_sentence_names_its_own_article_in_full(browser: Any, tmp_path: Path) -> None:
    articles = {  # one post shown by three articles, each in its own words, under a long headline
        f"c{i:03d}.txt": (
            f"静乐县第{i}次脱贫攻坚推进会召开：易地扶贫搬迁后续扶持与产业发展、就业帮扶工作全面推进",
            sentence,
        )
        for i, sentence in enumerate(
            [
                "8月26日，静乐县召开脱贫攻坚推进会，县委书记王昕主持会议，要求各乡镇对照目标任务逐项抓好落实。",
                "9月3日，县委书记王昕到鹅城镇调研易地扶贫搬迁后续扶持工作，看望搬迁群众。",
                "会上，县委书记王昕就做好下一阶段产业扶贫和就业扶贫工作作了具体部署。",
            ],
            1,
        )
    }
    (tmp_path / "in").mkdir()
    for file, (headline, sentence) in articles.items():
        (tmp_path / "in" / file).write_text(f"{headline}\n{sentence}\n", encoding="utf-8")
    out = tmp_path / "out"
    api.build([tmp_path / "in"], out)
    v = visit(browser, out / "graph.html")
    lines = v.hover(official(v, "王昕")).splitlines()
    evidence = lines[lines.index("依据：") + 1 :]
    assert evidence == [
        f"{sentence} ——{file}《{headline}》" for file, (headline, sentence) in articles.items()
    ]
    v.screenshot("graph-evidence.png")
    v.assert_clean()


HOSTILE_GRAPH = f"""PREFIX fp: <https://w3id.org/fupin/ontology#>
BASE <https://w3id.org/fupin/id/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
<region/990000> a fp:Province ; rdfs:label "{SCRIPT}省"@zh-Hans .
<region/990100> a fp:Prefecture ; rdfs:label "{IMG}市"@zh-Hans ; schema:containedInPlace <region/990000> .
<official/x> a fp:Official ; rdfs:label "{IMG}王五"@zh-Hans ; org:holds <post/x> .
<post/x> a fp:Post ; fp:title "{SCRIPT}书记" ; fp:jurisdiction <region/990100> ;
    prov:wasDerivedFrom <article/a> ; fp:evidence "{IMG}王五{SCRIPT}主持会议。" ; fp:reportedBy <report/a-1> .
<report/a-1> a fp:Report ; prov:wasDerivedFrom <article/a> ; fp:evidence "{IMG}王五{SCRIPT}主持会议。" .
<article/a> a fp:Article ; fp:sourceFile "{SCRIPT}.txt" ; schema:headline "{IMG}标题"@zh-Hans ;
    schema:mentions <official/x>, <program/p> .
<program/p> a fp:Program ; skos:prefLabel "{SCRIPT}扶贫"@zh-Hans ; skos:altLabel "{IMG}"@zh-Hans .
"""


def test_hostile_names_stay_text_in_labels_menus_tooltips_and_search(browser: Any, tmp_path: Path) -> None:
    store = ox.Store()
    store.load(HOSTILE_GRAPH.encode(), format=ox.RdfFormat.TURTLE)
    page = tmp_path / "graph.html"
    viz.render_html(store, page, types=["Official", "Province", "Prefecture", "Program", "Article"])
    v = visit(browser, page)
    assert v.drawn() == 5
    menu = v.js("Array.from(document.querySelectorAll('#fp-region option')).map(o => o.textContent)")
    assert menu == ["全部地区", f"{SCRIPT}省", f"\u3000{IMG}市"]
    v.page.fill("#fp-q", "王五")
    assert v.page.inner_text("#fp-hits") == f"1 / 1：{(IMG + '王五')[: viz.MAX_LABEL - 1]}…"  # the label, cut
    tip = v.hover("https://w3id.org/fupin/id/official/x")
    assert tip.startswith(f"{IMG}王五 · 官员") and f"职务：{SCRIPT}书记（{IMG}市）" in tip
    assert f"{IMG}王五{SCRIPT}主持会议。 ——{SCRIPT}.txt《{IMG}标题》" in tip
    assert SCRIPT in v.hover("https://w3id.org/fupin/id/program/p")
    v.page.select_option("#fp-region", label=f"{SCRIPT}省")
    v.assert_clean()


def test_focused_page(browser: Any, seeds: Path) -> None:
    page = api.render(seeds, focus="王昕", hops=2).path
    assert page == seeds / "graph-王昕.html"
    v = visit(browser, page)
    v.assert_clean()
    wang = official(v, "王昕")
    assert v.js("network.getSelectedNodes()") == [wang]
    assert (
        v.js("network.body.data.nodes.length")
        == v.drawn()
        == len(v.js("Object.keys(network.getPositions())"))
    )
    assert "职务：县长" in v.hover(wang)
    assert "王昕" in v.page.title()
    v.screenshot("graph-focus.png")


def test_big_graph_page_is_bounded_and_settles(browser: Any, tmp_path: Path) -> None:
    store = ox.Store()
    store.load("\n".join(synthetic_triples(2000)).encode(), format=ox.RdfFormat.N_TRIPLES)
    start = time.monotonic()
    data = viz.render_html(store, tmp_path / "graph.html", top=300)
    rendered = time.monotonic() - start
    assert len(data.nodes) == 300 and data.total > 10_000
    v = visit(browser, tmp_path / "graph.html")
    v.assert_clean()
    assert v.js("network.body.data.nodes.length") == v.drawn() == 300
    assert v.seconds < 30
    v.screenshot("graph-synthetic-2000.png")
    print(
        f"synthetic 2,000 articles: page written in {rendered:.1f} s, settled in the browser in {v.seconds:.1f} s"
    )
