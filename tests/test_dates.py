import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg.recognize.dates import find_dates


def test_range_keeps_its_end_with_or_without_a_second_month():
    [one, two] = find_dates("6月3日至5日到乡里，7月30日至8月2日回到县城")
    assert (one.month, one.day, one.until) == (6, 3, (6, 5))
    assert one.resolve_end("2021-06-09") == "2021-06-05"
    assert two.resolve_end(None) == "--08-02"
    assert find_dates("5月14至16日")[0].until == (5, 16)


def test_range_across_the_new_year_ends_in_the_next_year():
    [date] = find_dates("2019年12月30日至1月2日")
    assert (date.resolve(None), date.resolve_end(None)) == ("2019-12-30", "2020-01-02")


def test_day_alone_takes_the_month_of_the_date_before_it():
    text = "3月8日至9日，考察组在乡里走访。9日在县城召开座谈会，12日、13日又到村里。"
    dates = find_dates(text)
    assert [(d.month, d.day, d.until) for d in dates] == [(3, 8, (3, 9)), (3, 9, None), (3, 12, (3, 13))]


def test_day_alone_takes_the_month_of_publication_else_is_no_date():
    assert find_dates("，5日上午召开会议") == []
    [date] = find_dates("，5日上午召开会议", published="2020-11-07")
    assert date.resolve("2020-11-07") == "2020-11-05"
    [late] = find_dates("，28日召开会议", published="2021-01-03")  # a day still to come: last month
    assert late.resolve("2021-01-03") == "2020-12-28"


def test_a_length_of_time_or_a_counted_day_is_no_date():
    published = "2020-11-07"
    assert find_dates("要在5日内完成，近3日降雨，第2日出发，3号楼", published=published) == []


@given(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)), st.integers(0, 20))
def test_any_written_range_reads_back(start, length):
    end = start + dt.timedelta(days=length)
    month = f"{end.month}月" if end.month != start.month else ""
    text = f"会议于{start.year}年{start.month}月{start.day}日至{month}{end.day}日举行"
    [date] = find_dates(text)
    assert (date.resolve(None), date.resolve_end(None)) == (start.isoformat(), end.isoformat())


def test_day_alone_after_a_word_needs_a_verb_of_holding_after_it():
    text = "11月7日电 全体会议6日、7日在拉萨召开,推进会8日上午举行,共18日工作量"
    assert [(d.day, d.until) for d in find_dates(text)] == [(7, None), (6, (11, 7)), (8, None)]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("2019 年 11 月 24 日，", [(2019, 11, 24, None)]),
        ("11 月 24 日至 25 日", [(None, 11, 24, (11, 25))]),
        ("11月24日～25日", [(None, 11, 24, (11, 25))]),
        ("共有 3 人，24 个村", []),
    ],
)
def test_spaced_units_and_wide_tildes(text: str, found: list) -> None:
    assert [(d.year, d.month, d.day, d.until) for d in find_dates(text)] == found


DATE_PIECES = ["2018年", "5月", "17日", "至", "25日", "号", "0", "3", "12", "31", "2020", "-", "、", "在", "县",
               "０", "٣", "第", " ", "～"]  # fmt: skip


@settings(max_examples=300)
@given(st.lists(st.sampled_from(DATE_PIECES), max_size=12).map("".join), st.integers(0, 5))
def test_the_digit_led_scan_finds_what_the_plain_scan_finds(text: str, start: int) -> None:
    from kg.recognize import dates

    expected = [m.span() for m in dates._DATE.finditer(text, start, len(text))]
    assert [m.span() for m in dates._date_matches(text, start, len(text))] == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("省委书记林铎24日到东乡县调研", 24),
        ("林铎24日上午主持召开会议", 24),
        ("林铎24日率队督查", 24),
        ("林铎24日深入东乡县", 24),
        ("近3日到乡里", None),
        ("每月5日召开例会", None),
        ("第 2 日到村里", None),
        ("林铎24个村", None),
    ],
)
def test_a_day_said_alone_after_a_name_is_a_date_before_a_verb_of_the_event(
    text: str, day: int | None
) -> None:
    found = find_dates(text, published="2019-11-26")
    assert [(d.month, d.day) for d in found] == ([(11, day)] if day else [])
