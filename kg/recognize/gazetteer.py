"""The national gazetteer: every division from province to village, with adcodes and hierarchy.

The data is jionlp's `china_location` (Apache-2.0), read straight from the installed
package's zip without importing jionlp (which prints a banner and is slow to import).
Provinces, prefectures and counties carry adcodes; townships and villages carry none,
so their keys extend the county's adcode with their names (`621022/车道镇`).
Villages are many (~600k), so they are held as a name → township index and turned into
`Region`s only when looked up. The parsed tables are cached with pickle.
"""

from __future__ import annotations

import hashlib
import importlib.util
import io
import re
import zipfile
from functools import cache
from pathlib import Path

from kg import pickles
from kg.datafiles import rows
from kg.model import Region
from kg.recognize.lexicon import is_common_word, jieba_words
from kg.text.metadata import to_simplified

COUNTRY = Region(key="100000", name="中国", level="country", parent=None, adcode="100000")

TOWNSHIP_SUFFIXES = ("街道", "苏木", "镇", "乡")
VILLAGE_SUFFIXES = ("嘎查", "社区", "村")
_PSEUDO_PREFECTURES = {"省直辖行政区划", "自治区直辖县级行政区划"}
# Suffixes whose removal gives the short form people write (镇巴县 → 镇巴, 紫云苗族布依族自治县 → 紫云).
_COUNTY_SUFFIXES = ("自治县", "自治旗", "县", "区", "市", "旗", "特区", "林区")


@cache
def variant_folding() -> dict[str, str]:
    """Variant characters that t2s leaves alone (瑯 → 琅, 邨 → 村): jionlp's
    traditional-to-simplified characters whose source is outside GB2312, so no standard Simplified
    character is ever changed; the gazetteer writes the standard ones."""
    table = {}
    path = _source().parent / "tra2sim_char.txt"
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            variant, _, standard = line.rstrip("\n").partition("\t")
            if len(variant) != 1 or len(standard) != 1 or _in_gb2312(variant) or not _in_gb2312(standard):
                continue
            if to_simplified(variant) == variant:
                table[variant] = standard
    return table


def _in_gb2312(char: str) -> bool:
    try:
        char.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _source() -> Path:
    spec = importlib.util.find_spec("jionlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jionlp is not installed: its gazetteer is needed (pip install jionlp)")
    return Path(spec.submodule_search_locations[0]) / "dictionary" / "china_location.zip"


class Gazetteer:
    """Lookups by name and key over the national divisions."""

    def __init__(
        self, regions: dict[str, Region], townships: list[str], villages: dict[str, tuple[int, ...]]
    ):
        self.regions = regions
        self._townships = townships  # township keys, indexed by the village table
        self._villages = villages
        self._by_township: dict[str, set[str]] | None = None
        self._towns_by_county: dict[str, dict[str, Region]] | None = None
        self._ancestors: dict[str, tuple[str, ...]] = {}
        self.by_name: dict[str, list[str]] = {}
        self.aliases: dict[str, list[str]] = {}  # short form → keys (province to county)
        self.township_forms: dict[str, list[str]] = {}  # 后坪乡 → the key of 后坪苗族土家族乡
        for region in regions.values():
            self.by_name.setdefault(region.name, []).append(region.key)
        for region in regions.values():
            for alias in _short_forms(region):
                if alias not in self.by_name or region.level in ("province", "prefecture", "county"):
                    self.aliases.setdefault(alias, []).append(region.key)
            if region.level == "township":
                for form in _township_short_forms(region.name):
                    self.township_forms.setdefault(form, []).append(region.key)
        former: dict[str, list[str]] = {}
        for region in regions.values():
            for alias in _former_forms(region):
                former.setdefault(alias, []).append(region.key)
        for alias, keys in former.items():  # a current name or short form beats a former name (东乡县)
            if alias not in self.by_name and alias not in self.aliases:
                self.aliases[alias] = keys
        self._add_simplified_forms()

    def _add_simplified_forms(self) -> None:
        """Names as t2s writes them (乾安县 → 干安县, 於潜镇 → 于潜镇): the text is read after t2s (the
        villages' are added when the data is parsed)."""
        for table in (self.by_name, self.aliases):
            _add_written_forms(table)

    def add_aliases(self, aliases: list[tuple[str, str, str]]) -> None:
        """Conventional abbreviations (莫旗, 博州): (alias, full name, a division that contains it)."""
        for alias, name, within in aliases:
            region = self._by_path([within, name])
            if region is None:
                raise ValueError(f"region_aliases.tsv: {alias}: no {name} within {within} in the gazetteer")
            keys = self.aliases.setdefault(alias, [])
            if region.key not in keys:
                keys.append(region.key)

    def add_former_names(self, changes: list[tuple[str, list[str]]]) -> None:
        """Old names of renamed divisions (盘县 → 盘州市) as aliases of the current division."""
        for old, new_path in changes:
            current = self._by_path(new_path)
            keys = (
                self.aliases.setdefault(old, []) if current is not None and old not in self.by_name else None
            )
            if keys is not None and current.key not in keys:
                keys.append(current.key)

    def _by_path(self, names: list[str]) -> Region | None:
        """The division named by a province-to-county path of full names."""
        candidates = [self.regions[k] for k in self.by_name.get(names[-1], ())]
        for region in candidates:
            chain = [region.name, *(self.regions[k].name for k in self.ancestors(region.key))]
            if all(n in chain for n in names[:-1]):
                return region
        return None

    def get(self, key: str) -> Region:
        if key == COUNTRY.key:
            return COUNTRY
        region = self.regions.get(key)
        if region is None and key.startswith("?/"):  # a village or township the gazetteer could not place
            above, _, name = key[2:].rpartition("/")  # ?/城关镇/X村: a village under such a township
            level = "township" if name.endswith(TOWNSHIP_SUFFIXES) else "village"
            region = Region(key=key, name=name, level=level, parent=f"?/{above}" if above else None)
        if region is None and key.count("/") == 2:
            town, _, name = key.rpartition("/")
            region = Region(key=key, name=name, level="village", parent=town)
        if region is None and key.count("/") == 1 and key.partition("/")[0] in self.regions:
            county, _, name = key.partition(
                "/"
            )  # a township (or village) the gazetteer lacks, under the text's county
            level = "village" if name.endswith(VILLAGE_SUFFIXES) else "township"
            region = Region(key=key, name=name, level=level, parent=county)
        if region is None:
            raise KeyError(key)
        return region

    def lookup(self, name: str) -> list[Region]:
        """Divisions whose full name is `name` (villages included), townships written without their
        ethnic words (后坪乡 for 后坪苗族土家族乡) and gacha as texts write them (乌兰嘎查 for 乌兰嘎查村)."""
        keys, forms, towns = self.by_name.get(name), self.township_forms.get(name), self._villages.get(name)
        village = name
        if towns is None and name.endswith("嘎查"):
            village = name + "村"
            towns = self._villages.get(village)
        if not (keys or forms or towns):
            return []  # most names tried are none: the scans try every length before a suffix
        found = [self.regions[k] for k in (*(keys or ()), *(forms or ()))]
        for town in towns or ():
            tkey = self._townships[town]
            found.append(Region(key=f"{tkey}/{village}", name=village, level="village", parent=tkey))
        return found

    def villages_of(self, township: str) -> set[str]:
        """Names of the villages under a township (the reverse index is built on first use)."""
        if self._by_township is None:
            index: dict[str, set[str]] = {}
            for name, towns in self._villages.items():
                for town in towns:
                    index.setdefault(self._townships[town], set()).add(name)
            self._by_township = index
        return self._by_township.get(township, set())

    def townships_of(self, county: str) -> dict[str, Region]:
        """The townships directly under a county, by their name and by their name without its suffix
        (`小吕寨` for 小吕寨镇); the index is built on first use."""
        if self._towns_by_county is None:
            index: dict[str, dict[str, Region]] = {}
            for key in self._townships:
                town = self.regions[key]
                names = index.setdefault(town.parent, {})
                names[town.name] = town
                suffix = next((s for s in TOWNSHIP_SUFFIXES if town.name.endswith(s)), "")
                names.setdefault(town.name.removesuffix(suffix), town)
            self._towns_by_county = index
        return self._towns_by_county.get(county, {})

    def ancestors(self, key: str) -> tuple[str, ...]:
        """Keys above `key`, nearest first (the country excluded)."""
        found = self._ancestors.get(key)
        if found is not None:
            return found
        parent = self.get(key).parent
        if key not in self.regions:  # made up on lookup (there is no end of those): its parent's is kept
            return (parent, *(k for k in self.ancestors(parent) if k != parent)) if parent else ()
        out: list[str] = []
        while parent and parent not in out:  # a cycle in the data must not hang a build
            out.append(parent)
            parent = self.get(parent).parent  # a township the gazetteer lacks holds a village too
        found = self._ancestors[key] = tuple(out)
        return found

    def is_within(self, key: str, other: str) -> bool:
        return key == other or other in self.ancestors(key)

    def common_parent(self, keys: list[str]) -> str | None:
        """The most specific division containing every key."""
        if not keys:
            return None
        chains = [[k, *self.ancestors(k)] for k in keys]
        for candidate in chains[0]:
            if all(candidate in chain for chain in chains[1:]):
                return candidate
        return None

    def province_of(self, key: str) -> str:
        return ([key, *self.ancestors(key)])[-1]


def _short_forms(region: Region) -> list[str]:
    if region.level not in ("province", "prefecture", "county"):
        return []
    name = region.name
    forms = []
    if region.level == "province":
        for suffix in ("维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "特别行政区", "省", "市"):
            if name.endswith(suffix):
                forms.append(name[: -len(suffix)])
                break
    elif region.level == "prefecture":
        if "自治州" in name:
            forms.append(_strip_ethnic(name[: -len("自治州")]))
            forms.append(_strip_ethnic(name[: -len("自治州")]) + "州")
        for suffix in ("地区", "市", "盟"):
            if name.endswith(suffix):
                forms.append(name[: -len(suffix)])
                break
    else:
        for suffix in _COUNTY_SUFFIXES:
            if name.endswith(suffix):
                base = _strip_ethnic(name[: -len(suffix)])
                forms.append(base)
                if suffix.startswith("自治"):
                    forms += [base + suffix[-1], base + suffix]  # 紫云县, 紫云自治县; 莫力达瓦旗
                break
        if name.endswith("旗"):
            forms += _banner_abbreviations(name[:-1])
    return [f for f in dict.fromkeys(forms) if len(f) >= 2 and f != name]


# The suffixes a division had before it became a district or city (撤县设区, 撤县设市, 撤地设市).
_FORMER_SUFFIXES = {
    ("county", "区"): ("县", "市"),
    ("county", "市"): ("县",),
    ("prefecture", "市"): ("地区",),
}


def _former_forms(region: Region) -> list[str]:
    """乐都区 → 乐都县, 商州区 → 商州市, 哈密市 → 哈密地区: the division under its former suffix, as older
    texts name it (none where the base is an ordinary word that makes a phrase of `市`: 新城市, 光明市;
    a place name such as 商州 does not)."""
    base, suffix = region.name[:-1], region.name[-1:]
    forms = [base + former for former in _FORMER_SUFFIXES.get((region.level, suffix), ())]
    word = is_common_word(base, 100) and jieba_words()[base][1] != "ns"
    return [f for f in forms if len(base) >= 2 and not (f.endswith("市") and word)]


_WING = re.compile("(.).*?([左右])翼([前中后])")
_SIDE = re.compile("(.).+?([左右前中后])")


def _banner_abbreviations(base: str) -> list[str]:
    """科尔沁右翼前旗 → 科右前旗, 土默特左旗 → 土左旗: the first syllable, the wing and the position."""
    wing = _WING.fullmatch(base)
    if wing:
        return ["".join(wing.groups()) + "旗"]
    side = _SIDE.fullmatch(base)
    return ["".join(side.groups()) + "旗"] if side else []


def _township_short_forms(name: str) -> list[str]:
    """后坪苗族土家族乡 → 后坪乡: a township's name without its ethnic words, as texts often write it;
    阿尔巴斯苏木乡 → 阿尔巴斯苏木: a sumu as texts name it (the gazetteer adds 乡 or 镇 to a few)."""
    if name.endswith(("苏木乡", "苏木镇")) and len(name) >= 5:
        return [name[:-1]]
    for suffix in ("乡", "镇", "苏木"):
        if name.endswith(suffix):
            base = without_ethnic_words(name[: -len(suffix)])
            return [base + suffix] if base != name[: -len(suffix)] and len(base) >= 2 else []
    return []


_ETHNIC = (
    "各族", "土家族", "苗族", "布依族", "侗族", "瑶族", "壮族", "彝族", "藏族", "回族", "蒙古族", "哈萨克族",
    "傣族", "白族", "哈尼族", "傈僳族", "纳西族", "拉祜族", "佤族", "景颇族", "怒族", "独龙族", "普米族",
    "羌族", "土族", "撒拉族", "东乡族", "保安族", "裕固族", "满族", "朝鲜族", "达斡尔族", "鄂温克族",
    "鄂伦春族", "锡伯族", "仫佬族", "毛南族", "仡佬族", "水族", "畲族", "黎族", "京族", "塔吉克族",
    "柯尔克孜族", "维吾尔族", "门巴族", "珞巴族", "布朗族", "阿昌族", "德昂族", "基诺族",
    "蒙古", "哈萨克", "柯尔克孜", "锡伯",  # 博尔塔拉蒙古自治州, 伊犁哈萨克自治州: without 族
)  # fmt: skip
# Ethnic words as the names of townships write them (后坪苗族土家族乡, 西坑畲族镇, 兴隆民族乡).
_TOWNSHIP_ETHNIC = (*_ETHNIC, "民族")


def without_ethnic_words(base: str) -> str:
    """西坑民族 → 西坑, 后坪苗族土家族 → 后坪: a township's or village's name as texts write it."""
    return _strip_ethnic(base, _TOWNSHIP_ETHNIC)


def _strip_ethnic(base: str, words: tuple[str, ...] = _ETHNIC) -> str:
    """大化瑶族 → 大化; 湘西土家族苗族 → 湘西; 东乡族 → 东乡 (the ethnic words of an autonomous area's name)."""
    changed = True
    while changed:
        changed = False
        for word in words:
            if base.endswith(word) and len(base) > len(word):
                base, changed = base[: -len(word)], True
    if base.endswith("族") and len(base) > 2:  # the area is named after its people: 东乡族, 鄂温克族
        base = base[:-1]
    return base


def _parse(text: str) -> tuple[dict[str, Region], list[str], dict[str, tuple[int, ...]]]:
    regions: dict[str, Region] = {}
    townships: list[str] = []
    villages: dict[str, list[int]] = {}
    province = prefecture = county = town = None
    for line in text.split("\n"):
        depth = len(line) - len(line.lstrip("\t"))
        fields = line.strip().split("\t")
        name = fields[0]
        if not name:
            continue
        code = fields[1] if len(fields) == 3 else None
        if depth == 0:
            province = Region(code, name, "province", None, code)
            regions[code] = province
            prefecture = county = town = None
        elif depth == 1:
            if name in _PSEUDO_PREFECTURES or name == province.name or code == province.key:
                prefecture = province  # municipalities and province-administered counties
            else:
                prefecture = Region(code, name, "prefecture", province.key, code)
                regions[code] = prefecture
        elif depth == 2:
            county = None
            if code == prefecture.key:  # 东莞市's 市直辖行政区划: its towns sit right under the city
                county = prefecture
            elif code:  # Taiwan's districts carry no code and are left out
                county = Region(code, name, "county", prefecture.key, code)
                regions[code] = county
        elif depth == 3 and county is not None:
            name = _without_county(name, county.name)
            key = f"{county.key}/{name}"
            town = Region(key, name, "township", county.key)
            regions[key] = town
            townships.append(key)
        elif depth == 4 and county is not None and town is not None:
            villages.setdefault(name, []).append(len(townships) - 1)
    village_table = {k: tuple(v) for k, v in villages.items()}
    _add_written_forms(village_table)
    return regions, townships, village_table


def _add_written_forms(table: dict) -> None:
    """Each name of `table` also under the form t2s gives it, where that differs (乾安村 → 干安村)."""
    names = list(table)
    for name, written in zip(names, to_simplified("\n".join(names)).split("\n"), strict=True):
        if written != name and written not in table:
            table[written] = table[name]


def _without_county(name: str, county: str) -> str:
    """四子王旗吉生太镇 → 吉生太镇: the data writes some counties' townships after the county's name."""
    rest = name.removeprefix(county)
    if rest != name and len(rest) >= 3 and rest.endswith(TOWNSHIP_SUFFIXES):
        return rest
    return name


def source_signature() -> str:
    """Identifies the gazetteer data and this parser's version (the caches' key)."""
    src = _source()
    return f"{src}:{src.stat().st_size}:{src.stat().st_mtime_ns}:5"


@cache
def load() -> Gazetteer:
    """The gazetteer, parsed once per process and cached on disk between processes."""
    src = _source()
    digest = hashlib.sha1(source_signature().encode()).hexdigest()[:16]
    cached = pickles.cache_dir() / f"gazetteer-{digest}.pickle"
    tables = pickles.load(cached)
    if not isinstance(tables, tuple):
        with zipfile.ZipFile(src) as zf:
            text = io.TextIOWrapper(zf.open("china_location.txt"), encoding="utf-8").read()
        tables = _parse(text)
        pickles.save(cached, tables)
    gazetteer = Gazetteer(*tables)
    gazetteer.add_former_names(_changes(src.parent / "china_location_change.txt"))
    gazetteer.add_aliases([(alias, name, within) for alias, name, within in rows("region_aliases.tsv")])
    return gazetteer


def _changes(path: Path) -> list[tuple[str, list[str]]]:
    """(old full name, new province-to-county path) from jionlp's record of renamed divisions."""
    changes = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return changes
    for line in lines:
        old, _, new = line.partition("=>")
        old_fields, new_path = old.split("\t"), [n for n in new.strip().split("\t") if n]
        if len(old_fields) >= 6 and new_path:
            changes.append((old_fields[-2], new_path))
    return changes
