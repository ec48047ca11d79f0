"""Counts written in Chinese numerals, read as the guide writes them ("九年" → "9年")."""

from __future__ import annotations

import re
from typing import List

CHINESE_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# A count in Chinese numerals and its unit ("九年", "三十天", "十二个月"; not "十月份").
_CHINESE_COUNT = re.compile(
    r"([一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])(年|个?月(?!份)|天|日|级|岁|周岁|份|张)"
)


def count_value(numeral: str) -> int:
    """The value of a count in digits or in Chinese numerals ("四", "十二", "12")."""
    if numeral.isdigit():
        return int(numeral)
    if "十" not in numeral:
        return CHINESE_DIGITS[numeral]
    tens, _, ones = numeral.partition("十")
    return CHINESE_DIGITS.get(tens, 1) * 10 + CHINESE_DIGITS.get(ones, 0)


def counts_in_digits(text: str) -> List[str]:
    """The counts the text writes in Chinese numerals, in digits as the guide
    writes them: "下井九年" → ["9年"]."""
    return [f"{count_value(number)}{unit}" for number, unit in _CHINESE_COUNT.findall(text)]
