import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.recognize.titles import ROLE, canonical, expand, level_of, title, trie_pattern

WORDS = st.lists(st.text(alphabet="县委书记副长市", min_size=1, max_size=5), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(words=WORDS, text=st.text(alphabet="县委书记副长市，", max_size=30))
def test_the_trie_matches_the_longest_word_at_each_position(words, text):
    pattern = re.compile(trie_pattern(words))
    for at in range(len(text)):
        found = pattern.match(text, at)
        longest = max((w for w in set(words) if text.startswith(w, at)), key=len, default=None)
        assert (found.group() if found else None) == longest


def test_templates_combine_word_groups():
    groups = {"place": [("县", "county"), ("盟", "prefecture")], "rank": [("书记", None), ("副书记", None)]}
    roles = {"".join(w for w, _ in choice.values()) for choice in expand("{place?}委{rank}", groups)}
    assert roles == {"县书记", "县副书记", "盟书记", "盟副书记", "书记", "副书记"}
    with pytest.raises(ValueError, match="no word group"):
        expand("{missing}长", groups)


@pytest.mark.parametrize(
    ("role", "level"),
    [
        ("州委副书记", "prefecture"),
        ("盟委书记", "prefecture"),
        ("旗委书记", "county"),
        ("旗长", "county"),
        ("盟长", "prefecture"),
        ("州长", "prefecture"),
        ("乡党委书记", "township"),
        ("自治区党委常委", "province"),
        ("自治区主席", "province"),
        ("全国人大常委会副委员长", "country"),
        ("全国政协副主席", "country"),
        ("村党支部书记", "village"),
        ("驻村工作队队长", "village"),
        ("二级巡视员", None),
        ("三级调研员", None),
        ("嘎查党支部书记", "village"),
        ("嘎查达", "village"),
        ("社区主任", "village"),
        ("苏木党委书记", "township"),
        ("地委书记", "prefecture"),
        ("党组成员", None),
        ("工作队员", None),
        ("驻村工作队员", "village"),
        ("居委会主任", "village"),
        ("社区居委会副主任", "village"),
        ("网格员", "village"),
        ("团县委书记", "county"),
        ("团市委副书记", "prefecture"),
        ("团委书记", None),
        ("残联理事长", None),
        ("村委主任", "village"),
        ("村文书", "village"),
        ("村会计", "village"),
        ("村委会委员", "village"),
        ("县级领导", "county"),
        ("驻村工作队长", "village"),
        ("驻村队员", "village"),
        ("帮扶责任人", None),
        ("党校常务副校长", None),
    ],
)
def test_generated_titles_and_their_levels(role, level):
    assert ROLE.fullmatch(role)
    assert title(role).level == level


def test_canonical_forms_drop_place_and_government_words():
    assert canonical("", "全国政协副主席") == "政协副主席"
    assert canonical("", "自治区政府副主席") == "自治区副主席"
    assert canonical("", "驻村第一书记") == "第一书记"
    assert canonical("镇巴县政协", "副主席") == "政协副主席"
    assert canonical("县", "政协主席") == "政协主席"
    assert canonical("县纪委监委", "主任") == "监委主任"


def test_a_generic_title_takes_its_level_from_the_body_that_heads_the_prefix():
    assert level_of("市委农村工作领导小组", "常务副组长") == "prefecture"
    assert level_of("国务院扶贫办社会扶贫司", "处长") == "country"
    assert level_of("民盟中央社会服务部", "部长") == "country"
    assert level_of("扶贫办", "主任") is None
    assert level_of("规划财务司", "副司长") == "country"  # a ministry's department: provinces have none
    assert level_of("开发指导司扶贫处", "处长") == "country"
    assert level_of("县司法局", "局长") == "county"
    assert level_of("扶贫开发公司", "主任") is None
