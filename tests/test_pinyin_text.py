"""Pinyin typed in latin letters is read as Chinese; English words are not."""

from __future__ import annotations

import pytest

from bot.core.message import UserMessage
from bot.pinyin_text import as_syllables, read_pinyin


@pytest.mark.parametrize(
    "typed,read",
    [
        ("gongshang rending yao sha cailiao", "工伤认定要啥材料"),
        ("linghuo jiuye canbao 要带啥", "灵活就业参保 要带啥"),
        ("wo zi ji jiao de shebao jilu zenme cha", "我自己交的社保记录怎么查"),  # words across spaces
        ("Shebao ka diu le", "社保卡丢了"),  # a phone's capital
        ("我的shebao ka diu le", "我的社保卡丢了"),
    ],
)
def test_pinyin_is_read_as_the_fewest_known_words(typed, read):
    assert read_pinyin(typed) == read


@pytest.mark.parametrize(
    "typed",
    [
        "社保 card 丢了",
        "app",
        "ok",
        "china",
        "hello",
        "HR",
        "wechat",
        "he is here",  # one syllable among English words
        "https://ggfw.lnrc.com.cn/shebao/chaxun",  # pieces of an address or a name
        "zhang@gmail.com",
        "shebao_2023",
    ],
)
def test_english_and_words_no_known_word_spells_stay_as_typed(typed):
    assert read_pinyin(typed) == typed


def test_a_buttons_payload_is_left_alone():
    payload = '/inform{"case":"shebao"}'
    assert read_pinyin(payload) == payload


def test_a_word_is_split_into_the_fewest_syllables():
    assert as_syllables("xian") == ("xian",)  # 县, not 西安
    assert as_syllables("gongshang") == ("gong", "shang")
    assert as_syllables("card") == ()


def test_every_channel_reads_pinyin_before_matching():
    assert UserMessage.read("gongshang rending 在哪办").key == "工伤认定在哪办"
