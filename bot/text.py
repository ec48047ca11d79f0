"""Chinese text normalisation shared by NLU, matching and the fidelity checks."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from bot.pinyin_text import read_pinyin

# Circled numbers must go before NFKC, which would turn "①" into a bare "1".
_CIRCLED = re.compile("[\u2460-\u2473\u2776-\u277f]")
_ENUMERATORS = re.compile(
    r"[(（][一二三四五六七八九十]{1,3}[)）]"  # （一）
    r"|[一二三四五六七八九十]{1,3}、"  # 一、
    r"|[(（]\d{1,2}[)）]"  # （1）
    r"|(?<![\d.])\d{1,2}[.、．]"  # 1.  2、  (not the 6. of 2020.6.30)
)
_NON_WORD = re.compile(r"[\W_]+")
_SPACE_BETWEEN_CJK = re.compile(r"(?<=[^\x00-\x7f])\s+|\s+(?=[^\x00-\x7f])")
_SPACES = re.compile(r"\s+")
# Emoji, pictographs, variation selectors and zero-width joiners carry no meaning here.
_EMOJI = re.compile(
    "[\U0001f000-\U0001faff\U00002600-\U000027bf\U0001fb00-\U0001fbff" "\ufe0e\ufe0f\u200b-\u200d\u2060\ufeff]"
)


@lru_cache(maxsize=1)
def _converter():
    # Imported lazily: the table loads in ~0.1 s and only user text needs it.
    from zhconv import convert

    return convert


def to_simplified(text: str) -> str:
    """Traditional (and Taiwan/Hong Kong variant) characters to simplified."""
    return _converter()(text, "zh-cn")


def normalize_user_text(text: str) -> str:
    """What every channel's message goes through before tokenisation.

    Full-width letters/digits/punctuation become half-width, pinyin typed in
    latin letters becomes Chinese, traditional characters become simplified,
    emoji disappear, whitespace around Chinese characters is dropped (jieba
    would keep it as tokens) and other runs of whitespace collapse to one space.
    """
    if not text:
        return ""
    text = _EMOJI.sub("", text)
    # "①…②…" numbers a list as "1、…2、…" does; NFKC would leave a bare digit.
    text = _CIRCLED.sub(lambda number: f"{int(unicodedata.numeric(number.group()))}、", text)
    text = read_pinyin(unicodedata.normalize("NFKC", text))
    text = to_simplified(text)
    text = _SPACE_BETWEEN_CJK.sub("", text)
    return _SPACES.sub(" ", text).strip()


def strip_enumerators(text: str) -> str:
    """Remove list numbering such as 1. / 2、 / （一） / （1） / ①."""
    return _ENUMERATORS.sub("", _CIRCLED.sub("", text))


def compact(text: str) -> str:
    """Comparison key: no numbering, whitespace or punctuation, half-width.

    Two texts that differ only in layout, list numbering or full/half-width
    punctuation get the same key.
    """
    text = strip_enumerators(text)
    text = unicodedata.normalize("NFKC", text)
    return _NON_WORD.sub("", strip_enumerators(text)).lower()


@lru_cache(maxsize=4096)
def pinyin_syllables(text: str) -> tuple:
    """Toneless pinyin of each character; other runs (digits, latin) stay as they are."""
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(text))
