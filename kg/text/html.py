"""The article text of an HTML page: one line per paragraph, without markup, scripts or page furniture.

Parsed with the standard library's tolerant `html.parser` (unclosed and stray tags are fine). Scripts,
styles, navigation, headers, footers, asides, forms and hidden elements are dropped. The article is the
largest `<article>` or `<main>` when the page has one, else the densest text block: each paragraph's
Chinese characters outside links count for the container that holds it and half for that container's
parent, as in Readability. The headline (`<h1>`) and the lines between it and the article (dateline,
source) are kept in front; the normalizer then drops what is still page furniture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

_SKIP = frozenset(
    "script style noscript template head title nav header footer aside form select button iframe "
    "object svg canvas map audio video".split()
)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
# Blocks start and end a line: paragraphs hold text, containers hold paragraphs.
_PARAGRAPHS = frozenset("p h1 h2 h3 h4 h5 h6 li dt dd pre blockquote figcaption caption td th".split())
_CONTAINERS = frozenset(
    "html body div section article main center table tbody thead tfoot tr ul ol dl figure details".split()
)
_BLOCKS = _PARAGRAPHS | _CONTAINERS
_CLOSES_ITSELF = frozenset("p li dt dd tr td th option".split())  # <p>a<p>b: the second closes the first
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MIN_ARTICLE = 20  # Chinese characters an <article> or <main> needs to be taken as the article


@dataclass(slots=True)
class _Element:
    tag: str
    parent: int | None  # index into _Page.elements
    container: int | None  # innermost container at or above this element
    block: int | None  # innermost block at or above this element
    skip: bool  # dropped, or inside a dropped element
    link: bool  # inside <a>
    first: int  # index of its first line
    end: int = -1  # index after its last line; -1 while open


@dataclass(slots=True)
class _Line:
    text: str
    element: int | None  # innermost block that holds it
    han: int  # Chinese characters
    link_han: int  # Chinese characters inside links


class _Page(HTMLParser):
    """Collects the page's text lines and the elements that hold them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[_Element] = []
        self.lines: list[_Line] = []
        self.open: list[int] = []  # indices of the open elements, outermost first
        self.open_count: dict[str, int] = {}
        self.parts: list[str] = []  # text of the line being read
        self.link_parts: list[str] = []

    def _top(self) -> _Element | None:
        return self.elements[self.open[-1]] if self.open else None

    def _flush(self) -> None:
        text = _SPACES.sub(" ", "".join(self.parts)).strip()
        if text:
            top = self._top()
            han, link_han = _HAN.subn("", text)[1], _HAN.subn("", "".join(self.link_parts))[1]
            self.lines.append(_Line(text, top.block if top else None, han, link_han))
        self.parts.clear()
        self.link_parts.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        top = self._top()
        if tag in _CLOSES_ITSELF and top is not None and top.tag == tag:
            self.handle_endtag(tag)
            top = self._top()
        if tag in _BLOCKS or tag == "br":
            self._flush()
        if tag in _VOID:
            return
        values = dict(attrs)
        hidden = "hidden" in values or _HIDDEN_STYLE.search(values.get("style") or "") is not None
        index = len(self.elements)
        self.elements.append(
            _Element(
                tag,
                parent=self.open[-1] if self.open else None,
                container=index if tag in _CONTAINERS else (top.container if top else None),
                block=index if tag in _BLOCKS else (top.block if top else None),
                skip=(top is not None and top.skip) or tag in _SKIP or hidden,
                link=(top is not None and top.link) or tag == "a",
                first=len(self.lines),
            )
        )
        self.open.append(index)
        self.open_count[tag] = self.open_count.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        """Close the latest open element of this name and those opened inside it; else ignore the tag."""
        if not self.open_count.get(tag):
            return
        depth = len(self.open) - 1
        while self.elements[self.open[depth]].tag != tag:
            depth -= 1
        self._flush()
        for index in self.open[depth:]:
            element = self.elements[index]
            element.end = len(self.lines)
            self.open_count[element.tag] -= 1
        del self.open[depth:]

    def handle_data(self, data: str) -> None:
        top = self._top()
        if top is not None and top.skip:
            return
        self.parts.append(data)
        if top is not None and top.link:
            self.link_parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        for index in self.open:
            self.elements[index].end = len(self.lines)


def html_text(page: str) -> str:
    """The article text of an HTML page, one paragraph per line."""
    parser = _Page()
    parser.feed(page)
    parser.close()
    lines, elements = parser.lines, parser.elements
    root = _article_root(parser)
    if root is None:
        root = _densest_block(parser)
    if root is None:
        return "\n".join(line.text for line in lines)
    first, end = elements[root].first, elements[root].end
    heading = next((i for i in range(first - 1, -1, -1) if _tag(parser, lines[i]) == "h1"), None)
    lead = (
        [] if heading is None else [heading, *(i for i in range(heading + 1, first) if _not_links(lines[i]))]
    )
    return "\n".join(lines[i].text for i in [*lead, *range(first, end)])


def _tag(page: _Page, line: _Line) -> str | None:
    return page.elements[line.element].tag if line.element is not None else None


def _one_line(element: _Element) -> bool:
    return element.end - element.first == 1 and element.parent is not None


def _not_links(line: _Line) -> bool:
    return line.link_han * 2 <= line.han


def _article_root(page: _Page) -> int | None:
    """The <article> or <main> that holds the most Chinese text, when one holds enough."""
    totals = [0]
    for line in page.lines:
        totals.append(totals[-1] + line.han)
    best, most = None, _MIN_ARTICLE - 1
    for index, element in enumerate(page.elements):
        if element.tag in ("article", "main") and totals[element.end] - totals[element.first] > most:
            best, most = index, totals[element.end] - totals[element.first]
    return best


def _densest_block(page: _Page) -> int | None:
    """The container whose paragraphs hold the most Chinese text outside links (Readability's scoring)."""
    scores: dict[int, float] = {}
    for line in page.lines:
        weight = line.han - line.link_han
        if weight <= 0 or line.element is None:
            continue
        container = page.elements[line.element].container
        while container is not None and _one_line(page.elements[container]):
            parent = page.elements[container].parent  # a container of one line is a paragraph
            container = page.elements[parent].container if parent is not None else None
        if container is None:
            continue
        scores[container] = scores.get(container, 0.0) + weight
        parent = page.elements[container].parent
        if parent is not None:
            scores[parent] = scores.get(parent, 0.0) + weight / 2
    return max(scores, key=lambda i: (scores[i], -i)) if scores else None
