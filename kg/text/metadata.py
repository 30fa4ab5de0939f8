"""Page furniture: the dateline, source, headline and bylines around an article, and the boilerplate
lines (navigation, notices, share prompts, spam) that surround it.

Every pattern here is written in Simplified Chinese: lines are converted with `to_simplified` before
they are matched, so one pattern covers both scripts.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache, lru_cache

import opencc

from kg.model import Document
from kg.text.patterns import guarded

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han ideographs, as a character-class body

_CJK_CHAR = re.compile(f"[{CJK}]")
_NOT_CJK = re.compile(f"[^{CJK}]+")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HEAD_LINES = 8  # datelines, sources and headlines sit within this many non-empty lines of the top
_SHORT_LINE = 40  # promotion rules only apply to short lines without sentences: body text may mention an app
_LONG_LINE = 80  # datelines and headlines are shorter than this


@cache
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


# Variant characters t2s leaves alone but the gazetteer writes in their standard form (西坑畬族鎮).
_VARIANTS = {"畬": "畲"}


@lru_cache(maxsize=2048)  # normalizing converts each line of an article several times as it is cleaned
def to_simplified(text: str) -> str:
    """OpenCC t2s of `text`, aligned with it character by character (same length)."""
    try:
        converted = _converter().convert(text)
    except UnicodeError:  # lone surrogates cannot be encoded for the C++ library
        converted = ""
    if len(converted) != len(text):
        converted = "".join(_simplify_char(ch) for ch in text)
    for variant, standard in _VARIANTS.items():
        converted = converted.replace(variant, standard)
    return converted


def _simplify_char(ch: str) -> str:
    try:
        converted = _converter().convert(ch)
    except UnicodeError:
        return ch
    return converted if len(converted) == 1 else ch


# Boilerplate rules, matched against one Simplified line.
def _any_of(rules: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a list of rules: a line is searched once, not once per rule, and only at the
    characters a rule can start with (`guarded`)."""
    return guarded("|".join(f"(?:{rule})" for rule in rules))


class _AnyRule:
    """`_any_of` as two patterns, the rules anchored at the start (`^…`) and the others: a search of
    the union is the union of the searches, and the anchored ones no longer cost a try at every
    position (the line is searched in about half the time)."""

    def __init__(self, rules: tuple[str, ...]):
        groups = [tuple(r for r in rules if r.startswith("^") == anchored) for anchored in (True, False)]
        self._parts = [_any_of(group) for group in groups if group]  # an empty pattern matches anything

    def search(self, s: str) -> bool:
        return any(part.search(s) for part in self._parts)


_COPYRIGHT = (
    r"版权",
    r"[Cc](?i:opyright)",  # a first letter of either case, not (?i:…): `guarded` can read it
    r"©",
    r"未经.{0,15}(?:授权|许可|同意)",
    r"非经授权",
    r"不得(?:转载|复制|摘编)",
    r"^\d{1,2}[、.]\s*(?:凡|如|本网|本站)",  # numbered disclaimer: 1、凡本网注明…
    r"仅代表作者",
)
_CREDITS = (
    r"^[(（]?\s*(?:责任编辑|责编|编辑|编|审核|审|校对|监制|主编|作者|来源|原标题|通讯员|摄影)\s*[:：]",
    r"(?:责任编辑|责编)\s*[:：]",
)
_SHARE = (r"分享到", r"扫一扫", r"微信.{0,12}添加", r"(?:关注|订阅).{0,8}(?:微信|公众号|微博)")
_NAVIGATION = (
    r"^首页\s*[>›»/]",
    r">>|»|›",
    r"^(?:您的|您现在的|当前)位置\s*[:：]",
    r"^[•·▪●◦◆■►▶]\s*.{1,20}$",  # bulleted menu item
)
_MARKERS = (
    r"^[【\[]?(?:推荐|推荐阅读|相关稿件|相关新闻|相关阅读|相关链接|延伸阅读|热点推荐|关闭|打印|返回|返回顶部|"
    r"文章图片|图片|视频|收藏|点赞|评论)[】\]]?\s*[:：]?$",
    r"^(?:上一篇|下一篇)\s*[:：]",
    r"^(?:【[^【】]*】\s*)+$",  # tag-only line
)
_CONTACT = (
    r"ICP",
    r"公网安备",
    r"备案号",
    r"网站标识码",
    r"(?:电话|传真|热线)\s*[:：]\s*[\d(（+]",
    r"(?:邮箱|[Ee](?i:-?mail))\s*[:：]",
    r"@[\w-]+\.[a-z]{2,}",  # e-mail address
    r"地址\s*[:：]",
    r"隐私(?:权|政策|声明|条款|规范)",
    r"[Cc](?i:ookie)",
)
_PROMOTION = (
    r"(?i:(?<![a-z])(?:app|ios|android)(?![a-z]))",
    r"客户端",
    r"二维码",
    r"^下载|下载$",
)
_SPAM = re.compile(r"丝袜|无码|一区二区|少妇|人妻|熟女|偷拍|乱码|字幕|在线观看|午夜|欧美|日韩|三级片")
_ALWAYS = _AnyRule(_COPYRIGHT + _CREDITS + _SHARE + _NAVIGATION + _MARKERS + _CONTACT)
_PROMOTION_ANY = _any_of(_PROMOTION)
_MENU_SPLIT = re.compile(r"\s*[|｜]\s*|\s+")
_ALNUM = re.compile(r"[^\W_]")  # what str.isalnum accepts
_SENTENCE_PUNCT = re.compile(r"[。，,；;！？!?]")

_YMD = r"(?P<y>(?:19|20)\d{2})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})\s*日?"
_DMY = r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d{2})"  # 15.08.2016
_TIME = r"\d{1,2}(?::\d{2}|时\d{1,2}分?)"  # 09:14, 10时20分
_COUNTER = r"阅读|浏览|点击|访问"  # 2019-03-29 阅读量: page counters sit beside the dateline
_POSTED = r"(?:发布|更新|发表|上传|录入|添加|发稿|刊发|出版)"
# what follows a dateline: a time, a page label (来源, 作者, 字号, 打印 …), a medium's name (2019年11月26日
# 甘肃日报), 讯, a bracketed label
_DATELINE_AFTER = (
    rf"{_TIME}|(?:信息|文章)?来源|稿源|出处|供稿|来自|作者|编辑|责编|发布者|字号|字体|打印|分享|{_POSTED}|"
    rf"星期|周[一二三四五六日天]|{_COUNTER}|讯|第\S{{1,3}}版|[0-9A-Z]{{1,3}}\s?版|[【\[]|"
    rf"[{CJK}]{{1,8}}(?:日报|晚报|报|网|电视台|广播电视台|频道)(?:\s|$)"
)
_DATELINE_STARTS = tuple(
    re.compile(
        rf"^(?:{_POSTED}?(?:时间|日期)\s*[:：]\s*|{_POSTED}于\s*)?{date}(?=\s*(?:{_DATELINE_AFTER}|$))"
    )
    for date in (_YMD, _DMY)
)
# Within a line (15.08.2016 only at its start: a version number looks the same), after a space, a label
# or a medium's name (甘肃日报2019-11-26); not after `/`: a date in a URL; `第2018-10-16期`: a newspaper's issue
_DATELINES = (
    *_DATELINE_STARTS,
    re.compile(
        rf"(?:(?<=[\s:：】\]报网台（(])|{_POSTED}(?:时间|日期|于)\s*[:：]?\s*){_YMD}(?=\s*(?:{_DATELINE_AFTER}|$))"
    ),
    re.compile(rf"第{_YMD}期"),
)
# Weaker: a date between the page's separators and labels (`【发布时间:2020-08-26】`, `| 15.08.2016 |`,
# `时间:2020-08-26 作者:…`), read only when no line of the head has a dateline above: a page's banner
# of today's date (`2018年1月5日| 联系热线`) stands above the article's own dateline.
_SEPARATED = r"[|｜】\])）]|来源|作者|编辑|责编|字号|字体|星期|周[一二三四五六日天]"
_LOOSE_DATELINES = tuple(
    re.compile(rf"(?:^|(?<=[\s:：【\[（(|｜])){date}(?=\s*(?:{_DATELINE_AFTER}|{_SEPARATED}|$))")
    for date in (_YMD, r"(?<![\d.])(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<y>(?:19|20)\d{2})(?![\d.])")
)

_SOURCE = re.compile(
    r"来源\s*[:：]\s*(.+?)(?=\s|$|责任编辑|责编|编辑|作者|记者|浏览|点击|发布|时间|日期|[|【】\[\](（)）“”\"「」,，;；])"
)
_SOURCE_LINE = re.compile(r"^[(（\[【]?来源")

_ENDS_SENTENCE = re.compile(r"[。！？!?；;…][”’\"'」』）)】》]*$")

_NAME = re.compile(f"[{CJK}]{{2,4}}")
_NAME_SPLIT = re.compile(r"[\s、,，/;；]+")
_ROLE_PREFIX = re.compile(r"^(?:见习记者|特约记者|实习记者|记者|通讯员|实习生|摄影|摄像)")
_NOT_NAMES = frozenset(
    "采访 报道 了解 获悉 表示 介绍 看到 发现 注意到 一行 走访 组图 图片 视频 全文 原创 供图 "
    "本报 本台 本网 编辑 责编 来源".split()
)
_MEDIA_SUFFIX = re.compile(r"[社网报台]$")
_REPORTER = re.compile(r"记者[:：]?\s*([^()（）]*?)\s*(?:摄|报道)?\s*(?:[)）]|$)")
_LABEL = re.compile(r"(责任编辑|责编|编辑|编|审核|审|校对|作者|撰稿|撰文|监制|主编|来源)\s*[:：]")
_LABEL_VALUE_END = re.compile(r"[)）|【\[]")
_TRAILING_CREDIT = re.compile(r"(?:^|[。！？!?”\"」])\s*[(（]([^()（）]+)[)）]\s*$")
_BYLINE_LINE = re.compile(rf"^[{CJK}]{{0,12}}?记者[:：]?\s*(.+?)\s*(?:摄|报道)?$")


def is_boilerplate(line: str) -> bool:
    """True for a line that is page furniture rather than article text."""
    s = to_simplified(line.strip())
    if not s:
        return False
    return (
        _ALWAYS.search(s)
        or (_is_caption(s) and _PROMOTION_ANY.search(s) is not None)
        or len(set(_SPAM.findall(s))) >= 2
        or not _ALNUM.search(s)
        or _is_menu(s)
        or _is_foreign(s)
        or (len(s) < _LONG_LINE and any(p.match(s) for p in _DATELINE_STARTS))
        or _is_byline(s)
    )


def _is_caption(s: str) -> bool:
    return len(s) <= _SHORT_LINE and not _SENTENCE_PUNCT.search(s)


def _is_menu(s: str) -> bool:
    """Many short segments separated by `|` or spaces: a navigation bar."""
    if _SENTENCE_PUNCT.search(s):  # most lines: no need to split them
        return False
    segments = [seg for seg in _MENU_SPLIT.split(s) if seg]
    enough = len(segments) >= (3 if "|" in s or "｜" in s else 5)
    return enough and max(map(len, segments)) <= 8


def _is_foreign(s: str) -> bool:
    """Mostly letters of other scripts (English or Japanese page text)."""
    cjk = len(_NOT_CJK.sub("", s))
    # other letters outnumber the Chinese characters only where those are under half the line
    if 2 * cjk < len(s) and sum(map(str.isalpha, s)) - cjk > cjk:
        return True
    return len(_KANA.findall(s)) >= 2


def _is_byline(s: str) -> bool:
    m = _BYLINE_LINE.match(s)
    return m is not None and bool(_names(m.group(1)))


def read_metadata(doc: Document, lines: list[str]) -> None:
    """Set `doc.published`, `publisher`, `headline` and `authors` from the article's lines."""
    simple = [s for s in (to_simplified(line.strip()) for line in lines) if s]
    head = simple[:_HEAD_LINES]
    doc.published = next((d for d in map(_dateline, head) if d), None) or next(
        (d for s in head if len(s) < _LONG_LINE and (d := _dateline(s, _LOOSE_DATELINES))), None
    )
    doc.publisher = _publisher(head, simple)
    doc.headline = _headline(head)
    doc.authors = _authors(simple)


_CN_DIGIT = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"零": "0", "○": "0", "Ｏ": "0"}
_CN_DIGITS = "".join(_CN_DIGIT)
_CN_NUMBER = rf"(?:[{_CN_DIGITS}]?十[{_CN_DIGITS}]?|[{_CN_DIGITS}])"
_CN_DATE = re.compile(rf"([{_CN_DIGITS}]{{4}})年({_CN_NUMBER})月({_CN_NUMBER})日")


def _cn_number(text: str) -> str:
    """`二十六` → `26`, `十一` → `11`, `三十` → `30`, `九` → `9`."""
    if "十" not in text:
        return _CN_DIGIT[text]
    tens, _, ones = text.partition("十")
    return str(int(_CN_DIGIT.get(tens, "1")) * 10 + int(_CN_DIGIT.get(ones, "0")))


def _arabic_date(m: re.Match[str]) -> str:
    """二〇一九年十一月二十六日 → 2019年11月26日 (official documents write dates in Chinese numerals)."""
    year = "".join(_CN_DIGIT[ch] for ch in m.group(1))
    return f"{year}年{_cn_number(m.group(2))}月{_cn_number(m.group(3))}日"


def _dateline(s: str, patterns: tuple[re.Pattern[str], ...] = _DATELINES) -> str | None:
    if "年" in s:
        s = _CN_DATE.sub(_arabic_date, s)
    for pattern in patterns:
        m = pattern.search(s)
        if m is not None:
            try:
                return date(int(m["y"]), int(m["m"]), int(m["d"])).isoformat()
            except ValueError:
                return None
    return None


def _publisher(head: list[str], lines: list[str]) -> str | None:
    """The `来源:` near the top, else on a line of its own anywhere (not inside a notice)."""
    candidates = head + [s for s in lines if _SOURCE_LINE.match(s)]
    for s in candidates:
        m = _SOURCE.search(s)
        if m:
            return m.group(1)
    return None


def _headline(head: list[str]) -> str | None:
    """The first line with some Chinese text, unless it reads as a body paragraph."""
    for s in head:
        if is_boilerplate(s) or len(_CJK_CHAR.findall(s)) < 6:
            continue
        return s if len(s) < _LONG_LINE and not _ENDS_SENTENCE.search(s) else None
    return None


def _authors(lines: list[str]) -> list[str]:
    found: list[str] = []
    for s in lines:
        for m in _REPORTER.finditer(s):
            found += _names(m.group(1)) or []
        labels = list(_LABEL.finditer(s))
        for i, m in enumerate(labels):
            if m.group(1) == "来源":
                continue
            end = labels[i + 1].start() if i + 1 < len(labels) else len(s)
            value = _LABEL_VALUE_END.split(s[m.end() : end], maxsplit=1)[0]
            found += [token for token in _NAME_SPLIT.split(value) if _is_name(token)]
        m = _TRAILING_CREDIT.search(s)
        if m:
            found += _names(m.group(1)) or []
    return list(dict.fromkeys(found))


def _names(text: str) -> list[str] | None:
    """The names in a credit made only of names (and role words), else None."""
    names = []
    for token in _NAME_SPLIT.split(text.strip()):
        token = _ROLE_PREFIX.sub("", token)
        if not token:
            continue
        if not _is_name(token):
            return None
        names.append(token)
    return names or None


def _is_name(token: str) -> bool:
    return (
        _NAME.fullmatch(token) is not None and token not in _NOT_NAMES and _MEDIA_SUFFIX.search(token) is None
    )
