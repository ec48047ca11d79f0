"""Cases the guide sets by a number, read from the numbers in a message
("一次补过四年" is a lump sum of three years or more, "2018年补的" one paid after
2016-11-28). The cues live in knowledge/case_numbers.yml."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, Literal, Optional, Tuple

import yaml
from pydantic import Field

from bot.core.knowledge import KnowledgeBase, get_knowledge_base
from bot.core.schema import Strict
from bot.numerals import count_value
from bot.paths import KNOWLEDGE_DIR
from bot.text import compact

CASE_NUMBERS_PATH = KNOWLEDGE_DIR / "case_numbers.yml"
_NUMBER = r"([0-9]{1,2}|[一二两三四五六七八九十]{1,2})"
# "补了四年", "一次给补过5年", "一次性补缴了三年": years paid at once.
_YEARS_PAID = re.compile(r"补(?:缴|交)?(?:了|过)?(?:有)?" + _NUMBER + r"年")
# "没补缴过", "没有一下补好几年那种": no years paid at once.
_NONE_PAID = re.compile(r"没有?(?:(?:一下|一次性?)给?补|给?补(?:缴|交|过)过?)")
# "2018年补的", "15年补的", "那是2015年一次性补的": the year they were paid.
_YEAR_PAID = re.compile(r"(?<![0-9])((?:19|20)?[0-9]{2})年(?:的时候|那会儿?|那年)?(?:一次性|一次)?(?:给)?补")


class Cue(Strict):
    service: str
    option: str
    reads: Literal["years_paid_at_once", "year_paid"]
    below: Optional[int] = None
    at_least: Optional[int] = None
    words: str = Field(min_length=1)

    def fits(self, number: int) -> bool:
        return (self.below is None or number < self.below) and (self.at_least is None or number >= self.at_least)


class CaseNumbers(Strict):
    version: int
    cues: List[Cue]


def _year(token: str) -> int:
    return int(token) if len(token) == 4 else 2000 + int(token) if int(token) < 50 else 1900 + int(token)


def numbers_read(key: str) -> Dict[str, Tuple[int, str]]:
    """What the message's numbers say, by kind: the number and the words that say it."""
    read: Dict[str, Tuple[int, str]] = {}
    if match := _YEARS_PAID.search(key):
        read["years_paid_at_once"] = (count_value(match.group(1)), match.group(0))
    elif match := _NONE_PAID.search(key):
        read["years_paid_at_once"] = (0, match.group(0))
    if match := _YEAR_PAID.search(key):
        read["year_paid"] = (_year(match.group(1)), match.group(0))
    return read


def number_hit(service_id: str, option_id: str, key: str) -> int:
    """How long the words are whose number tells this option (0: none does)."""
    cues = [cue for cue in get_case_numbers().cues if (cue.service, cue.option) == (service_id, option_id)]
    read = numbers_read(key) if cues else {}  # most options have no cue: nothing to read
    for cue in cues:
        if cue.reads in read and cue.fits(read[cue.reads][0]):
            return len(read[cue.reads][1])
    return 0


def validate(numbers: CaseNumbers, kb: KnowledgeBase) -> CaseNumbers:
    for cue in numbers.cues:
        service = kb.get(cue.service)
        option = next((o for o in service.case_options if o.id == cue.option), None) if service else None
        if option is None:
            raise ValueError(f"case numbers: {cue.service} has no case {cue.option}")
        if compact(cue.words) not in compact(option.label + option.button_title):
            raise ValueError(f"case numbers: {cue.option}: '{cue.words}' is not the guide's words")
        if cue.below is None and cue.at_least is None:
            raise ValueError(f"case numbers: {cue.option} sets no bound")
    return numbers


@lru_cache(maxsize=1)
def get_case_numbers() -> CaseNumbers:
    raw = yaml.safe_load(CASE_NUMBERS_PATH.read_text(encoding="utf-8"))
    return validate(CaseNumbers.parse_obj(raw), get_knowledge_base())
