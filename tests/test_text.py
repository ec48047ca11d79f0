"""Text normalisation, and the NLU component that applies it to every message."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.nlu.normalizer import ChineseTextNormalizer
from bot.numerals import counts_in_digits
from bot.text import compact, normalize_user_text, strip_enumerators


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("工伤认定需要什么材料？", "工伤认定需要什么材料?"),  # full-width punctuation
        ("ＡＢＣ１２３", "ABC123"),  # full-width letters and digits
        ("養老金認證怎麼辦", "养老金认证怎么办"),  # traditional
        ("工伤 认定  要 多久", "工伤认定要多久"),  # stray spaces between Chinese
        ("社保😀怎么交👍🏻", "社保怎么交"),  # emoji with skin tone
        ("  hello   world  ", "hello world"),
        ("①年金备案要啥 ②变更几天", "1、年金备案要啥2、变更几天"),  # circled numbers still number a list
        ("", ""),
    ],
)
def test_normalize_user_text(raw, expected):
    assert normalize_user_text(raw) == expected


def test_compact_ignores_layout_numbering_and_punctuation():
    assert compact("1.现场反馈；2.短信反馈") == compact("现场反馈 短信反馈")
    assert compact("（一）省内重复缴费退费：") == "省内重复缴费退费"
    assert compact("①房产证复印件") == "房产证复印件"
    assert compact("2020.6.30（含）前") == "2020630含前"  # a date is not numbering


def test_strip_enumerators_keeps_ranges_and_dates():
    assert strip_enumerators("工伤1-4级") == "工伤1-4级"
    assert strip_enumerators("（3）上下班途中") == "上下班途中"


def test_component_normalises_messages_but_not_annotated_examples():
    component = ChineseTextNormalizer()
    plain = Message(data={"text": "養老金認證怎麼辦？"})
    annotated = Message(data={"text": "養老金認證", "entities": [{"start": 0, "end": 5, "entity": "service"}]})
    only_emoji = Message(data={"text": "😀"})
    component.process([plain, annotated, only_emoji])
    assert plain.get("text") == "养老金认证怎么办?"
    assert annotated.get("text") == "養老金認證"
    assert only_emoji.get("text") == "😀"


def test_counts_in_chinese_numerals_are_read_as_digits():
    assert counts_in_digits("下井干了九年 三十天 十二个月 两年 评了十级") == ["9年", "30天", "12个月", "2年", "10级"]
    # A month's name and "一次性" count nothing.
    assert counts_in_digits("去年十月份领的一次性补助") == []
