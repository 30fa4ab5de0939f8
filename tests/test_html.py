from __future__ import annotations

from kg.text.html import html_text

BODY = "8月26日，山西省发改委一级巡视员魏茹生来静乐县调研易地扶贫搬迁后续产业扶持。"
MORE = "忻州市常务副市长赵志坚，静乐县县委副书记、政府县长王昕参加。"
SPEECH = "王昕表示，今年以来，我县聚焦脱贫摘帽政治任务。"


def test_a_portal_page_yields_headline_dateline_and_paragraphs_only() -> None:
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>标题_静乐县人民政府</title>
    <style>.x {{ color: red }}</style><script>var leader = "省委书记王某";</script></head>
    <body><div id="top"><nav><a href="/">首页</a> | <a>政务公开</a> | <a>新闻中心</a></nav></div>
    <header>静乐县人民政府门户网站</header>
    <div class="wrap"><h1>山西省发改委来静乐县调研易地扶贫搬迁</h1>
    <div class="info">发布时间：2019-08-28 来源：静乐县人民政府</div>
    <div class="share"><a>分享到微信</a> <a>分享到微博</a></div>
    <div id="zoom"><p>{BODY}</p><p>{MORE}<br>魏茹生先后来到河西小康苑易地扶贫搬迁安置点。
    <p style="display: none">隐藏的段落</p><div>{SPEECH}</div></div>
    <div class="related"><ul><li><a>静乐县召开脱贫攻坚推进会议</a></li><li><a>忻州市领导调研扶贫工作</a></li></ul></div>
    </div><aside>热点推荐</aside><footer>版权所有 静乐县人民政府 晋ICP备123号</footer></body></html>"""
    assert html_text(page).splitlines() == [
        "山西省发改委来静乐县调研易地扶贫搬迁",
        "发布时间：2019-08-28 来源：静乐县人民政府",
        BODY,
        MORE,
        "魏茹生先后来到河西小康苑易地扶贫搬迁安置点。",
        SPEECH,
    ]


def test_article_or_main_is_preferred_to_denser_text_elsewhere() -> None:
    sidebar = "".join(f"<p>{BODY}{n}</p>" for n in range(5))
    page = f"<body><div>{sidebar}</div><main><p>{MORE}</p></main></body>"
    assert html_text(page) == MORE
    teaser = f"<body><article><p>短讯</p></article><div><p>{BODY}</p><p>{MORE}</p></div></body>"
    assert html_text(teaser) == f"{BODY}\n{MORE}"  # an <article> with too little text is not the article


def test_the_densest_block_holds_paragraphs_written_as_divs() -> None:
    page = (
        "<body><div class='menu'><div><a>首页</a></div><div><a>扶贫动态</a></div></div>"
        f"<div class='content'><div>{BODY}</div><div>{MORE}</div><div>{SPEECH}</div></div>"
        "<div class='links'><a>相关新闻：静乐县召开脱贫攻坚推进会议</a></div></body>"
    )
    assert html_text(page).splitlines() == [BODY, MORE, SPEECH]


def test_entities_spaces_and_broken_markup() -> None:
    assert html_text("<p>县长&nbsp;王昕&amp;县委书记</p>") == "县长 王昕&县委书记"
    assert html_text("<p>a<p>b<li>c<li>d</ul></span></div>e") == "a\nb\nc\nde"  # stray end tags ignored
    assert (
        html_text("<div><nav>menu<p>lost?</div><p>kept</p>") == "kept"
    )  # an unclosed nav ends with its parent
    assert html_text("<p>open <b>bold <i>italic</p>after") == "open bold italic\nafter"
    assert html_text("") == ""
    assert html_text("plain text, no markup") == "plain text, no markup"
    assert html_text("<<<>>> &&& <!-- comment -->") == "<<<>>> &&&"
    assert html_text("<script>unclosed") == ""


def test_deep_nesting_is_fine() -> None:
    page = "<div>" * 5000 + f"<p>{BODY}</p>" + "</div>" * 5000 + "</span>" * 5000
    assert html_text(page) == BODY
