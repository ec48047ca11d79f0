"""Which case of a service a message describes (refund reason, death case…)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from bot.core.case_numbers import number_hit
from bot.core.details import ALL, NONE
from bot.core.message import UserMessage
from bot.core.schema import CaseOption, Cases, Service
from bot.numerals import CHINESE_DIGITS
from bot.text import compact

_ALL_WORDS = ("全部", "所有情况", "都列出来", "全部列出", "每种情况", "都看看", "各种情况")
_NONE_WORDS = ("都不是", "以上都不是", "都不属于", "不属于", "没有特殊", "没有这些", "都没有", "普通情况", "一般情况")
_ORDINAL_NUMBERS = {**CHINESE_DIGITS, "十": 10}
# A title this long names its case and nothing else.
MIN_TITLE = 4
# "不是社保卡 是工行那张卡", "是在锦州 不是外省": the words after 不是 name what
# the case is not ("是不是", "还不是" ask or concede, and deny nothing).
_DENIED = re.compile(r"(?<![是还])不是[^是，,。；;！!？?\s他她俺我]{1,8}")
_ORDINAL = re.compile(r"^(?:第|选|选择|选第)?\s*([0-9]{1,2}|[一二两三四五六七八九十])\s*(?:个|项|种|条|号)?(?:吧|的)?$")


@dataclass(frozen=True)
class CaseMatch:
    option: Optional[CaseOption]  # None with `special` set, or when nothing matched
    special: Optional[str] = None  # ALL or NONE

    @property
    def value(self) -> Optional[str]:
        return self.special or (self.option.id if self.option else None)


def ordinal(message: UserMessage) -> Optional[int]:
    """1-based number of a reply such as "2", "第二个", "选3"."""
    match = _ORDINAL.match(message.key)
    if not match:
        return None
    token = match.group(1)
    return int(token) if token.isdigit() else _ORDINAL_NUMBERS[token]


def _option_hits(service_id: str, option: CaseOption, key: str) -> int:
    """How specifically the message names this option: the longest matching
    keyword, or the words whose number tells it ("一次补过四年")."""
    words = [*option.keywords, option.label, option.button_title]
    said = max((len(compact(w)) for w in words if compact(w) and compact(w) in key), default=0)
    return max(said, number_hit(service_id, option.id, key))


def _subtree_hits(service_id: str, option: CaseOption, key: str) -> int:
    best = _option_hits(service_id, option, key)
    if option.cases:
        best = max([best] + [_subtree_hits(service_id, child, key) for child in option.cases.options])
    return best


def _choose(service_id: str, cases: Cases, key: str) -> Optional[CaseOption]:
    """The option whose words the message uses most specifically, if unique."""
    scored = [(_subtree_hits(service_id, option, key), option) for option in cases.options]
    scored = [(score, option) for score, option in scored if score]
    if not scored:
        return None
    scored.sort(key=lambda pair: pair[0], reverse=True)
    if len(scored) > 1 and scored[0][0] == scored[1][0]:
        return None
    chosen = scored[0][1]
    if chosen.cases:
        # Go deeper while the message also tells the sub-cases apart.
        return _choose(service_id, chosen.cases, key) or chosen
    return chosen


def match_case(service: Service, message: UserMessage, asked: Optional[Cases] = None) -> CaseMatch:
    """The case a message names, answering `asked` (a case question) or unprompted.

    Replies to a question may be a number or "全部"; unprompted messages are
    matched by the options' keywords and labels only.
    """
    top = service.materials.cases
    if not top or not message.raw:
        return CaseMatch(None)
    value = message.raw.strip()  # a button payload carries the id itself
    if value in (ALL, NONE):
        return CaseMatch(None, value)
    for option in top.walk():
        if value == option.id:
            return CaseMatch(option)
    key = message.key
    if asked is not None:
        number = ordinal(message)
        if number is not None and 1 <= number <= len(asked.options):
            return CaseMatch(asked.options[number - 1])
        if asked.optional and any(word in key for word in _NONE_WORDS):
            return CaseMatch(None, NONE)
    if any(word in key for word in _ALL_WORDS):
        return CaseMatch(None, ALL)
    key = affirmed(message).key
    chosen = _choose(service.id, asked or top, key)
    if chosen is None and asked is not None:
        chosen = _named_by_part(asked, key)
    return CaseMatch(chosen)


def affirmed(message: UserMessage) -> UserMessage:
    """The message without what it denies ("不是社保卡")."""
    return UserMessage.read(_DENIED.sub(" ", message.raw)) if "不是" in message.raw else message


def titled_case(service: Service, message: UserMessage) -> Optional[str]:
    """The case whose own title the message writes, where that title is also a
    name of the service ("先说一次性伤残补助金"), if only one."""
    top = service.materials.cases
    titles = [(compact(o.button_title), o) for o in top.walk()] if top else []
    titled = [o for title, o in titles if len(title) >= MIN_TITLE and title in message.key]
    return titled[0].id if len(titled) == 1 else None


def _named_by_part(cases: Cases, key: str) -> Optional[CaseOption]:
    """A reply that repeats part of one option's wording ("护理费"), if only one has it."""
    if len(key) < 2:
        return None
    having = [o for o in cases.options if any(key in compact(w) for w in (o.label, o.button_title, *o.keywords))]
    return having[0] if len(having) == 1 else None
