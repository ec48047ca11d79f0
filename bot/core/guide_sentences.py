"""The guide's own sentences of a service, and the ones that answer a detail question.

A question no field answers directly ("单位要提前多久申请退休", "发票丢了咋办",
"能委托别人办吗") is answered by quoting the sentence or two of the service's
text that share the most telling words with it. Words that occur in many
sentences of the guide (材料, 提供, 复印件) tell little; rare ones (委托, 遗失,
两个月) tell much. People's words for the guide's terms
(knowledge/plain_words.yml) are added to the question before it is compared.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Dict, List, Optional, Set, Tuple

import yaml

from bot.core.knowledge import KnowledgeBase, get_knowledge_base
from bot.core.message import UserMessage
from bot.core.question_words import DEADLINE
from bot.core.record import record_texts
from bot.core.schema import Service
from bot.numerals import counts_in_digits
from bot.paths import KNOWLEDGE_DIR
from bot.text import compact

PLAIN_WORDS = KNOWLEDGE_DIR / "plain_words.yml"
# A text is cut into sentences at these, and before its numbered items.
_SENTENCE_BREAK = re.compile(
    r"(?<=[。；;！？!?])|(?=(?:[0-9]+[.、．]|[①②③④⑤⑥⑦⑧⑨]|[（(][0-9一二三四五六七八九]+[)）])(?!\d))"
)
MIN_SENTENCE_CHARS = 6
# The headings whose sentences answer detail questions (not the addresses).
QUOTED_HEADINGS = ("conditions", "materials", "time_limit", "feedback", "tips")
# How a question that wants a detail is put: an exception, a deadline, a
# document lost, someone else doing it, an order, a call instead of a visit,
# when one may apply ("丢了", "提前多久", "能委托别人吗", "先办哪个")…
DETAIL_WORDS = re.compile(
    r"丢|找不着|找不到|委托|替|代办|别人|提前|超过|过了|晚了|逾期|截止|期限|有效|复印|"
    r"几张|几份|照片|像片|电子版|截图|app|刷脸|才算|要求|先办|先弄|哪个先|顺序|哪开|哪儿开|哪里开|谁给开|找谁开|"
    r"打个?电话(?:报|备案|好使|行|可以|就行)|(?:啥|什么)时候(?:能|可以|才能)(?:重新|再)?(?:申请|鉴定|复查|评|领)|"
    r"(?:最晚|最迟)(?:啥|什么)时候|(?:最晚|最迟).{0,4}(?:得|要|必须)|开(?:啥|什么)证明|(?:还得|还要|额外|另外)开|"
    r"(?:满|够)几年|(?:多长时间|多久|几天)之内|(?:啥|什么)时候(?:去|得|要|该)(?:报|办|申请|申报|备案)|"
    + DEADLINE.pattern,
    flags=re.IGNORECASE,
)
# …or a yes or no ("能…不", "非得…吗"), unless it plainly asks a question of a
# type the answer cards answer ("网上能办吗" wants the online card).
YES_OR_NO = re.compile(
    r"行不|行吗|行吧|可以吧|好使|管用|能不能|不能|用不用|还用|是不是|必须|非得|一定要|吗|算不算|够不够|管不管|"
    r"[能要用还得需].{0,12}不(?:$|[\s，,。？?])|有.{0,8}没|啥时候"
)
# Questions that ask for a kind of fact, and how a sentence that gives it looks:
# a sentence without it does not answer ("一个月能领多少钱" needs an amount).
# The guide gives no amounts of benefits, pay days, rates, opening hours,
# parking, interest, appeals or e-mail addresses for most services.
ASKED_FOR = (
    (
        re.compile(r"多少钱|(?:[领给开交报涨补少差]|补贴)多少(?![年个天份张次])|少拿|少领|几个.{0,4}档"),
        re.compile(r"元|档次|[0-9一二三四五六七八九十]+档(?!案)"),
    ),
    # How long at most a period or an extension lasts ("停工留薪期最长能给多久").
    (
        re.compile(r"(?:最长|最多)[^，,。？?]{0,8}(?:多久|多长时间|几个月|几年)"),
        re.compile(r"[0-9一二三四五六七八九十两]+个?(?:月|年|天|日)"),
    ),
    (re.compile(r"几个月的|领几个月|给几个月|发几个月"), re.compile(r"\d+个月")),
    (re.compile(r"收钱|要钱|收费|花钱|掏钱|免费|[要得用]交钱(?:不|吗)"), re.compile(r"收费|免费|不收取|元")),
    (re.compile(r"几号|哪天|几月份|哪个月|(?:什么|啥)时候[^，,。？?]{0,3}(?:发|到账|打)"), re.compile(r"\d+[日号月]")),
    (re.compile(r"百分之|比例|几成"), re.compile(r"%|％|百分")),
    (re.compile(r"利息"), re.compile(r"利息")),
    (re.compile(r"停车"), re.compile(r"停车")),
    (
        re.compile(r"周六|周日|周末|星期|几点|上班时间|节假日|开门"),
        re.compile(r"周[一二三四五六日]|星期|节假日|\d+[:：]\d+"),
    ),
    (re.compile(r"邮箱|邮件地址"), re.compile(r"@")),
    (re.compile(r"复议|起诉|不服|申诉"), re.compile(r"复议|诉讼|不服")),
    (re.compile(r"分期|分几回|分几次"), re.compile(r"分期|分次")),
    # How often something recurs ("认证多长时间认证一回", "取暖费一年报几回").
    (
        re.compile(r"(?:多久|多长时间)[^，,。？?]{0,6}一[回次]|一年[^，,。？?]{0,3}几[回次]|季度"),
        re.compile(r"每年|每月|每[0-9一二两三]+[年月]|周期|按月|季度"),
    ),
    # A bank by name: only a sentence that names the banks answers it.
    (
        re.compile(
            r"农行|农业银行|中行|中国银行|邮政|邮储|信用社|交行|交通银行|工商银行|建设银行|外地开户|别的银行|其他银行"
        ),
        re.compile(r"工行|建行|朝阳银行|农行|中国银行|邮政|信用社|交行"),
    ),
    # Things of a visit or a payment that the guide names where it deals with them.
    (re.compile(r"预约|挂号"), re.compile(r"预约")),
    (re.compile(r"排队|排多久|人多不"), re.compile(r"排队")),
    (re.compile(r"投诉|举报"), re.compile(r"投诉|举报")),
    (re.compile(r"模板|样表|范本|现成的表"), re.compile(r"模板|样表|范本|下载")),
    (re.compile(r"翻译"), re.compile(r"翻译")),
    (re.compile(r"试用期"), re.compile(r"试用期|转正")),
    (re.compile(r"罚款|罚钱|滞纳金"), re.compile(r"罚款|滞纳金")),
    (re.compile(r"个税|所得税|交税|纳税|扣税"), re.compile(r"所得税|纳税|扣税|免税")),
    (re.compile(r"微信|支付宝"), re.compile(r"微信|支付宝")),
    (re.compile(r"有效期"), re.compile(r"有效期")),
    (re.compile(r"医保(?:能|也|一[块起]|咋|怎么|在哪)|医疗保险"), re.compile(r"医保|医疗保险")),
    (re.compile(r"有没有个?名单|名单在哪|哪些医院|哪几家医院"), re.compile(r"名单|名录")),
    (re.compile(r"结算|垫付|[先自]己?垫"), re.compile(r"结算|垫付")),
    (re.compile(r"上门|来家里|到家里"), re.compile(r"上门|入户|家中")),
)
# Ranking (BM25 over pairs of characters) and how sure the best must be: the
# share of the question's telling words it has. Tuned on bench/dev/details.yml.
K1, B = 1.2, 0.0
DETAIL_SCORE = 0.15
# A sentence of any service answers a question about no service only when it
# shares more of its words: "一个月能开多少钱" shares 退休 with the heating
# subsidy's amounts, and no more.
ANYWHERE_SCORE = 0.3
QUOTED = 2  # the best sentence, and the next: the answer is often split between them


@dataclass(frozen=True)
class Quote:
    text: str  # as the guide writes it, after the case it belongs to ("…退费：")
    key: str  # its comparison key
    sentence: str  # the guide's sentence alone


@dataclass(frozen=True)
class Match:
    quote: Quote
    rank: float  # how well it answers, against the service's other sentences
    score: float  # the share of the question's telling words the sentence has


def sentences_of(service: Service) -> List[Quote]:
    """The service's sentences; one of a case's own says which case it is about
    ("在职死亡后多缴：无需提供材料" means nothing without its case)."""
    texts = record_texts(service)
    options = service.case_options
    own = {t for o in options for t in (o.label, *o.conditions, *o.materials)}  # a case's name answers nothing
    found = [(t, "") for heading in QUOTED_HEADINGS for t in texts[heading] if t not in own]
    found += [(t, o.label.rstrip("：:")) for o in options for t in (*o.conditions, *o.materials)]
    seen: Set[str] = set()
    quotes: List[Quote] = []
    for text, case in found:
        for piece in _pieces(text):
            quoted = f"{case}：{piece}" if case else piece
            key = compact(quoted)
            if len(compact(piece)) >= MIN_SENTENCE_CHARS and key not in seen:
                seen.add(key)
                quotes.append(Quote(quoted, key, piece))
    return quotes


def _pieces(text: str) -> List[str]:
    """The sentences of a text; a lead-in ("…可办理注销：") keeps the list it leads to."""
    pieces: List[str] = []
    listing = False  # after a lead-in, the rest of the text is its list
    for piece in (p.strip() for p in _SENTENCE_BREAK.split(text)):
        if listing:
            pieces[-1] += piece
        elif piece:
            pieces.append(piece)
            listing = piece.endswith(("：", ":"))
    return pieces


def grams(key: str) -> Set[str]:
    """Pairs of adjacent characters: Chinese words without a word list."""
    return {key[i : i + 2] for i in range(len(key) - 1)}


@lru_cache(maxsize=1)
def plain_words() -> List[Tuple[re.Pattern, str]]:
    """(people's words, the guide's words) pairs from knowledge/plain_words.yml."""
    entries = yaml.safe_load(PLAIN_WORDS.read_text(encoding="utf-8"))["words"]
    return [(re.compile("|".join(map(re.escape, e["people"]))), "".join(e["guide"])) for e in entries]


def in_guide_words(key: str) -> str:
    """The question with the guide's terms for the people's words it uses added,
    and its counts in digits ("下井九年" → "…9年")."""
    added = counts_in_digits(key) + [guide for people, guide in plain_words() if people.search(key)]
    return key + compact("".join(added))


def asks_a_detail(message: UserMessage, plain_question: bool = False, case_told: bool = False) -> bool:
    """True if the message asks something only the guide's sentences answer;
    `plain_question` when it also plainly asks a question of an answer card's
    type, `case_told` when it describes a case (a yes or no then asks whether
    that case qualifies: the card of the case answers it)."""
    # As typed: the spaces that end a "能…不" are gone from the normalised text.
    typed = f"{message.raw} {message.text}"
    if DETAIL_WORDS.search(typed) or asks_for_a_kind(typed):
        return True
    return not plain_question and not case_told and bool(YES_OR_NO.search(typed))


def gives_what_is_asked(words: str, sentence: str) -> bool:
    """False if the question asks for a kind of fact the sentence does not give."""
    return all(given.search(sentence) for asked, given in ASKED_FOR if asked.search(words))


def asks_for_a_kind(words: str) -> bool:
    """True if the question asks for a kind of fact (an amount, a date, a share…)."""
    return any(asked.search(words) for asked, _ in ASKED_FOR)


class SentenceIndex:
    """Every service's sentences, with how telling each pair of characters is."""

    def __init__(self, kb: KnowledgeBase):
        self._sentences: Dict[str, List[Tuple[Quote, Set[str]]]] = {
            s.id: [(q, grams(q.key)) for q in sentences_of(s)] for s in kb.services
        }
        counts: Counter = Counter()
        sizes: List[int] = []
        for sentences in self._sentences.values():
            for _, pairs in sentences:
                counts.update(pairs)
                sizes.append(len(pairs))
        self._idf = {gram: math.log(1 + len(sizes) / n) for gram, n in counts.items()}
        self._mean_size = sum(sizes) / len(sizes)

    def best(self, service_id: str, words: str, count: Optional[int] = QUOTED) -> List[Match]:
        """The service's sentences that best answer `words` (a key), best first;
        all of them when `count` is None."""
        asked = {g for g in grams(in_guide_words(words)) if g in self._idf}  # pairs the guide never uses tell nothing
        total = sum(self._idf[g] for g in asked)
        if not total:
            return []
        matches = []
        for quote, pairs in self._sentences.get(service_id, []):
            shared = asked & pairs
            length = 1 - B + B * len(pairs) / self._mean_size
            rank = sum(self._idf[g] * (K1 + 1) / (1 + K1 * length) for g in shared)
            matches.append(Match(quote, rank, sum(self._idf[g] for g in shared) / total))
        matches.sort(key=lambda m: m.rank, reverse=True)
        return matches[:count]

    def services_for(self, words: str, count: int) -> List[Tuple[str, Match]]:
        """(service id, its best sentence) for the services whose guide text best
        matches `words` (a key), best first: a search without the NLU."""
        found = [(service_id, self.best(service_id, words, 1)) for service_id in self._sentences]
        ranked = sorted(((sid, m[0]) for sid, m in found if m and m[0].score > 0), key=lambda f: -f[1].rank)
        return ranked[:count]

    def answering(self, service_id: str, words: str) -> List[Match]:
        """The sentences that answer a detail question (its words, as a key); empty if none does."""
        every = self.best(service_id, words, count=None)
        matches = [m for m in every if gives_what_is_asked(words, m.quote.text)][:QUOTED]
        return matches if matches and matches[0].score >= DETAIL_SCORE else []

    def silent_on(self, words: str) -> bool:
        """True if the question (a key) asks for a kind of fact that no sentence
        of the guide gives ("退休了一个月能开多少钱"): whichever service it is about,
        the guide does not say."""
        if not asks_for_a_kind(words):
            return False
        found = (self.answering(service_id, words) for service_id in self._sentences)
        return not any(matches and matches[0].score >= ANYWHERE_SCORE for matches in found)


@lru_cache(maxsize=1)
def get_sentence_index() -> SentenceIndex:
    return SentenceIndex(get_knowledge_base())


def quoted(matches: List[Match]) -> List[str]:
    return [m.quote.text for m in matches]
