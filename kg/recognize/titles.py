"""Official titles: the closed vocabulary of roles, and their canonical (GUIDE) form.

A title in the text is a prefix (place and body words: `山西省发改委`, `市`, `政府`) followed
by a role (`一级巡视员`, `县委副书记`, `常务副市长`). The canonical title keeps the role with
its level and drops the place and department words before it (`忻州市常务副市长` → `常务副市长`,
`市农委主任` → `主任`, `政府县长` → `县长`).
"""

from __future__ import annotations

import re

from kg.text.patterns import guarded

_LV = "(?:自治区|自治州|自治县|省|市|县|区|州|旗|盟|乡|镇|街道)"
_HEAD = "(?:省|市|县|区|州|旗|盟|乡|镇)"

# Roles, most specific first; each alternative is one role word with its own level words.
ROLE = guarded(
    "|".join(
        [
            r"总书记|国家主席|国务院总理|国务院副总理|国务委员|全国人大常委会委员长|全国政协主席",
            rf"{_LV}?(?:纪委监委|纪委|政法委|党委|党工委|委)(?:常务|第一)?副?书记",
            rf"{_LV}?委常委",
            rf"{_LV}?人大常委会(?:常务)?副?主任",
            rf"{_LV}?人大(?:常委会)?副?主任",
            rf"{_LV}?政协(?:常务)?副?主席",
            r"自治区(?:政府)?副?主席",
            rf"(?:常务|执行)?副?{_HEAD}长助理",
            rf"(?:常务|执行)?副?{_HEAD}长",
            rf"代理?{_HEAD}长",
            r"村(?:党支部|党总支|支部|党委|委会|委员会|民委员会)?副?(?:书记|主任)",
            r"(?:驻村)?第一书记|第一支书|村支书|支书",
            r"驻村工作队(?:队长|队员|员)|工作队(?:队长|队员)|(?:扶贫|驻村|帮扶)干部",
            rf"(?:全国|{_LV})?人大代表",
            r"(?:党支部|党总支)副?书记",
            r"(?:一级|二级)?(?:巡视员|调研员)|副巡视员|副调研员",
            r"[正副](?:省|厅|地|县|处|科)级(?:领导)?干部",
            rf"{_HEAD}(?:委)?领导",
            r"副?秘书长",
            r"副?(?:主任|局长|厅长|部长|处长|科长|所长|站长|院长|检察长|主委|组长|主席|书记|队长|"
            r"政委|司令员|专员|州长|盟长|旗长|委员)",
        ]
    )
)

# Roles that stand for a government or party head and may follow the name (`武国定副省长`).
POSTPOSED = re.compile(
    rf"^(?:总书记|副?总理|委员长|(?:常务)?副?{_HEAD}长|{_LV}?委?副?书记|(?:自治区)?副?主席)$"
)

# Roles that name no level of their own and so need a body before them (`市农委主任`).
GENERIC = re.compile(
    r"^副?(?:主任|局长|厅长|部长|处长|科长|所长|站长|院长|检察长|主委|组长|主席|书记|队长|"
    r"政委|司令员|专员|委员|秘书长)$"
)

# Body words that belong in the canonical title (政协副主席, 人大常委会主任) when the role is generic.
_KEPT_BODIES = re.compile(r"(政协|人大常委会|人大|纪委|党委|党支部|党总支)$")

_LEVEL_OF_CHAR = {
    "省": "province",
    "市": "prefecture",
    "州": "prefecture",
    "盟": "prefecture",
    "县": "county",
    "区": "county",
    "旗": "county",
    "乡": "township",
    "镇": "township",
    "街": "township",
    "村": "village",
}


def canonical(prefix: str, role: str) -> str:
    """The GUIDE's form of a title read as `prefix` + `role`."""
    role = re.sub(r"^(?:驻村)?(第一书记)$", r"\1", role)
    if role.startswith("自治区"):
        return role.replace("政府", "")
    if GENERIC.match(role):
        body = _KEPT_BODIES.search(prefix)
        if body:
            return body.group(1) + role
    return re.sub(rf"^{_LV}(?=政协|人大)", "", role)


def city_level(prefix: str, role: str) -> bool:
    """True when the title's level word is 市, which names prefectures and county-level cities alike."""
    head = re.sub(r"^(?:常务|执行|代理?)?副?", "", role)
    return head.startswith("市") or (level_of(prefix, role) == "prefecture" and "市" in prefix[-6:])


# Bodies whose chiefs hold no public post (a company's 主任 or a cooperative's 书记 is no official).
NON_PUBLIC = re.compile(
    r"(?:公司|集团|企业|合作社|协会|商会|银行|医院|学校|大学|学院|中学|小学|幼儿园|工厂|车间|基地)$"
)
_CENTRAL = re.compile(r"国务院|中共中央|党中央|中央|全国|国家")


def level_of(prefix: str, role: str) -> str | None:
    """The administrative level a title governs, read from its level word (县委书记 → county)."""
    if role in ("总书记", "国家主席", "总理", "副总理", "委员长") or role.startswith(("国务院", "全国")):
        return "country"
    if _CENTRAL.match(prefix):
        return "country"
    if role.startswith("自治区"):
        return "province"
    head = re.match(rf"^(?:常务|执行|代理?)?副?({_HEAD})长", role)
    if head:
        return _LEVEL_OF_CHAR[head.group(1)]
    for word, level in (
        ("自治区", "province"),
        ("自治州", "prefecture"),
        ("自治县", "county"),
        ("街道", "township"),
    ):
        if role.startswith(word):
            return level
    if role[0] in _LEVEL_OF_CHAR and (len(role) > 1 and role[1] in "委人政纪党领长"):
        return _LEVEL_OF_CHAR[role[0]]
    if role.startswith(("村", "第一书记", "第一支书", "支书", "驻村", "扶贫干部", "帮扶干部")):
        return "village"
    for ch in reversed(prefix):
        if ch in "省市州盟县区旗乡镇村":
            return _LEVEL_OF_CHAR[ch]
    return None
