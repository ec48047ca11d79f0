"""The numbers that tell a case are checked against the guide's words."""

from __future__ import annotations

import pytest

from bot.core.case_numbers import CaseNumbers, get_case_numbers, number_hit, numbers_read, validate


def test_every_cue_names_an_option_and_the_guide_words_of_its_bound(kb):
    assert validate(get_case_numbers(), kb).cues


@pytest.mark.parametrize(
    "change, message",
    [
        ({"option": "no_such_case"}, "has no case"),
        ({"words": "超五年"}, "not the guide's words"),
        ({"below": None, "at_least": None}, "sets no bound"),
    ],
)
def test_a_wrong_cue_is_refused(kb, change, message):
    cue = {**get_case_numbers().cues[0].dict(), **change}
    with pytest.raises(ValueError, match=message):
        validate(CaseNumbers(version=1, cues=[cue]), kb)


def test_numbers_are_read_in_digits_and_in_chinese():
    assert numbers_read("一次给补了四年")["years_paid_at_once"][0] == 4
    assert numbers_read("补缴过12年")["years_paid_at_once"][0] == 12
    assert numbers_read("是15年补的")["year_paid"][0] == 2015
    assert numbers_read("1998年那会儿补的")["year_paid"][0] == 1998
    assert numbers_read("交了十五年 2018年开始交的") == {}


def test_nothing_paid_at_once_is_no_years():
    assert numbers_read("厂里都是按月给交的 没补缴过")["years_paid_at_once"][0] == 0
    assert numbers_read("没有一下补好几年那种")["years_paid_at_once"][0] == 0
    assert number_hit("pension_transfer_in_interprovincial", "no_lump_sum", "也没补缴啥的 就正常交的")
    assert "years_paid_at_once" not in numbers_read("还没补齐呢")  # not yet complete is no count
