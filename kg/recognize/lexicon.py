"""Word lists the recognizers share: jieba's dictionary, Chinese surnames."""

from __future__ import annotations

from functools import cache
from importlib.util import find_spec
from pathlib import Path

from kg import pickles

# Parts of speech in jieba's dictionary that mark an ordinary word rather than a name.
_WORD_TAGS = {
    "v",
    "vn",
    "vd",
    "a",
    "ad",
    "an",
    "d",
    "f",
    "s",
    "m",
    "c",
    "p",
    "t",
    "b",
    "q",
    "r",
    "u",
    "l",
    "i",
    "y",
}


@cache
def jieba_words() -> dict[str, tuple[int, str]]:
    """jieba's dictionary (word → frequency, part of speech), read without loading jieba's model;
    cached with pickle beside the gazetteer (a third of the parse's time)."""
    spec = find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed")
    source = Path(spec.submodule_search_locations[0]) / "dict.txt"
    info = source.stat()
    cached = pickles.cache_dir() / f"jieba-words-{info.st_size}-{info.st_mtime_ns}.pickle"
    words = pickles.load(cached)
    if isinstance(words, dict):
        return words
    words = {}
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3 and 2 <= len(parts[0]) <= 4:
                words[parts[0]] = (int(parts[1]), parts[2])
    pickles.save(cached, words)
    return words


@cache
def common_words() -> frozenset[str]:
    """Two-character words that are ordinary vocabulary (a region's short form that is one needs context)."""
    return frozenset(
        w
        for w, (freq, tag) in jieba_words().items()
        if len(w) == 2 and (tag in _WORD_TAGS or (freq >= 3000 and tag != "ns"))
    )


def is_common_word(word: str, min_freq: int = 50) -> bool:
    """True for dictionary words that are not person names (相关, 低头, 负责)."""
    entry = jieba_words().get(word)
    return entry is not None and entry[1] not in ("nr", "nrfg", "nrt") and entry[0] >= min_freq


def find_all(text: str, word: str) -> list[int]:
    """Start offsets of the non-overlapping occurrences of `word` in `text`."""
    found, at = [], text.find(word)
    while at != -1:
        found.append(at)
        at = text.find(word, at + len(word))
    return found


SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦"
    "戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻"
    "苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练"
    "廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿"
    "习鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由贠扶"
    "蔚计綦瞿仉郗钮洪丘凤寿弓旷桓汝牧竺荀蓬邴郦靖骞伦宓宦巢苍甫羿訾钭郇咸厍琚傅赖阎鄂庹蹇谯禤隗汲"
    "纳撒拜刀岩"  # Hui and Dai surnames (纳, 撒, 拜; 刀, 岩)
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 端木 西门 南宫 独孤 万俟 闻人 "
    "澹台 公冶 呼延 赫连 百里 东郭 拓跋 完颜".split()
)
