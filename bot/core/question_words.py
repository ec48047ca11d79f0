"""What a message names beyond its question.

Removes the question phrasing (the regex cues the NLU uses, `data/nlu/cues.yml`)
and filler words; what is left is the thing the user asked about. Tells "要什么材料"
(no service named yet) from "宇宙飞船驾驶证要什么材料" (a service the guide does
not have).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Dict, List, Optional

import yaml

from bot.core.message import UserMessage
from bot.intents import BY_KEY
from bot.nlu_yaml import block_examples
from bot.paths import DATA_DIR

CUES = DATA_DIR / "nlu" / "cues.yml"
FILLER = (
    "你好|您好|请问|问一下|问问|咨询|麻烦|一下|我们|我|您|你|想|要|需要|应该|该|得|"
    "办理|办|准备|业务|事情|东西|什么|啥|哪些|哪个|那个|这个|那|这|还|都|有|去|在|是|"
    "能|可以|给|个|下|吗|呢|吧|啊|呀|的|了|和|跟|与"
)


# A deadline to apply ("得多少天内报", "要提前多久申请"): the guide's conditions
# and notes say it, not its time limit (how long the bureau takes).
# "几天内能办好" asks the time limit.
DEADLINE = re.compile(
    r"(?:多长时间|多少天|几天|多久|多少个?工作日)内(?!能|可以|就|办好|办完|出|下来|到)|提前(?:多久|多长时间|几天)"
)


@lru_cache(maxsize=1)
def _cue_blocks() -> Dict[str, List[str]]:
    blocks = yaml.safe_load(CUES.read_text(encoding="utf-8"))["nlu"]
    return {block["regex"]: block_examples(block) for block in blocks}


@lru_cache(maxsize=1)
def _question_phrasing() -> re.Pattern:
    cues = [pattern for patterns in _cue_blocks().values() for pattern in patterns]
    return re.compile("|".join(cues + [FILLER]), flags=re.IGNORECASE)


@cache
def question_cue(question: str) -> re.Pattern:
    """The words that ask this type of question (materials, time_limit, …)."""
    return re.compile("|".join(_cue_blocks()[BY_KEY[question].cue]), flags=re.IGNORECASE)


@lru_cache(maxsize=1)
def how_cue() -> re.Pattern:
    """ "怎么/咋/如何": how to do it, which asks what to bring and do."""
    return re.compile("|".join(_cue_blocks()["cue_how"]), flags=re.IGNORECASE)


def named_words(message: UserMessage) -> str:
    """The message without its question phrasing and filler ("宇宙飞船驾驶证")."""
    return _question_phrasing().sub("", message.key)


def names_something(message: UserMessage) -> bool:
    """True if the message names a thing (two characters or more) besides asking."""
    return len(named_words(message)) >= 2


# Asking for the same answer shorter or longer ("简单说一下", "详细说说").
_LENGTH = {
    "brief": re.compile(r"简单说|简单点|说简单|简短|太长|长话短说|说重点|挑重点|简单讲"),
    "full": re.compile(r"详细说|详细点|说详细|详细讲|具体说|具体点|完整|全部内容|原文|都列出来"),
}


def asked_length(message: UserMessage) -> Optional[str]:
    """ "brief" or "full" when the message asks for the answer shorter or longer."""
    return next((length for length, words in _LENGTH.items() if words.search(message.text)), None)


def only_asks_length(message: UserMessage) -> bool:
    """True for "简单说一下" and the like: a length asked for, and nothing else named."""
    length = asked_length(message)
    if not length:
        return False
    rest = _LENGTH[length].sub("", message.key)
    return len(named_words(UserMessage.read(rest))) < 2
