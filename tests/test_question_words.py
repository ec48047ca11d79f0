"""What a message names beyond its question."""

import pytest

from bot.core.message import UserMessage
from bot.core.question_words import named_words, names_something


@pytest.mark.parametrize(
    "text, named",
    [
        ("宇宙飞船驾驶证需要什么材料", "宇宙飞船驾驶证"),
        ("护照怎么办？", "护照"),
        ("ＡＢＣ证在哪办", "abc证"),
    ],
)
def test_the_thing_asked_about_is_left(text, named):
    assert named_words(UserMessage.read(text)) == named
    assert names_something(UserMessage.read(text))


@pytest.mark.parametrize(
    "text", ["要什么材料", "我想问一下需要准备什么东西", "那要多久？", "电话呢", "网上能办吗", "", "办那个证要多久"]
)
def test_a_bare_question_names_nothing(text):
    assert not names_something(UserMessage.read(text))
