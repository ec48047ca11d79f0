"""What a message names beyond its question.

Removes the question phrasing (the regex cues the NLU uses, `data/nlu/cues.yml`)
and filler words; what is left is the thing the user asked about. Tells "要什么材料"
(no service named yet) from "宇宙飞船驾驶证要什么材料" (a service the guide does
not have).
"""

from __future__ import annotations

import re
from functools import lru_cache

import yaml

from bot.core.message import UserMessage
from bot.nlu_yaml import block_examples
from bot.paths import DATA_DIR

CUES = DATA_DIR / "nlu" / "cues.yml"
FILLER = (
    "你好|您好|请问|问一下|问问|咨询|麻烦|一下|我们|我|您|你|想|要|需要|应该|该|得|"
    "办理|办|准备|业务|事情|东西|什么|啥|哪些|哪个|那个|这个|那|这|还|都|有|去|在|是|"
    "能|可以|给|个|下|吗|呢|吧|啊|呀|的|了|和|跟|与"
)


@lru_cache(maxsize=1)
def _question_phrasing() -> re.Pattern:
    blocks = yaml.safe_load(CUES.read_text(encoding="utf-8"))["nlu"]
    cues = [pattern for block in blocks for pattern in block_examples(block)]
    return re.compile("|".join(cues + [FILLER]), flags=re.IGNORECASE)


def named_words(message: UserMessage) -> str:
    """The message without its question phrasing and filler ("宇宙飞船驾驶证")."""
    return _question_phrasing().sub("", message.key)


def names_something(message: UserMessage) -> bool:
    """True if the message names a thing (two characters or more) besides asking."""
    return len(named_words(message)) >= 2
