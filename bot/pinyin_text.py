"""Pinyin typed in latin letters, for want of a Chinese keyboard, read as Chinese.

"gongshang rending yao sha cailiao" is 工伤认定要啥材料. Each latin word of a
message that spells pinyin syllables is written with the fewest known words
that sound like it: the guide's terms (the NLU's jieba dictionary, generated
from the knowledge base, and the words they are made of) and the everyday
words below. A word that is not pinyin ("card", "app"), or that no known
word spells, stays as it is.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

from bot.tools.tokens import DICTIONARY_DIR

# How people ask and whom they speak of; where two words sound alike, the
# first listed wins over the guide's terms ("shi" is 是, not 市).
EVERYDAY_WORDS = (
    "要 啥 咋 咋办 咋整 怎么 怎么办 怎么弄 怎么样 什么 哪 哪里 哪儿 在哪 在哪儿 多久 多长时间 多少 多少钱 几天 "
    "能 能不能 可以 吗 呢 吧 不 没 没有 是 是不是 的 了 得 还 也 都 就 才 在 再 去 来 上 到 住 带 交 办 领 退 转 停 补 查 "
    "报 开 改 换 丢 续 认 用 给 和 跟 有 我 你 他 她 俺 我们 咱 自己 家 家里 妈 爸 老妈 老爸 爹 娘 "
    "儿子 闺女 女儿 老伴 媳妇 丈夫 对象 爷爷 奶奶 老人 孩子 单位 公司 厂 厂里 老板 员工 工人 村 村里 "
    "手续 材料 资料 证明 手机 网上 电话 地址 时间 钱 卡 今年 去年 明年 每年 每月 现在 以前 以后 已经 "
    "退休 去世 没了 走了 住院 受伤 摔 撞 上班 下班 外地 老家 户口 身份证 社保 社保卡 医保 养老 养老金 "
    "工伤 失业 灵活就业 个体 认证 参保 缴费 转移 年审 加拿大 美国 日本 韩国 北京 沈阳 大连"
).split()
# Syllables of one letter (啊 a) or without a vowel (呣 m, 嗯 ng) would read
# English words as pinyin.
_MIN_SYLLABLE = 2
# Latin words standing alone: not a piece of a word, an address or a name
# ("…gov.cn/shebao", "zhang@…", "shebao_2023").
_LATIN_WORDS = re.compile(r"(?<![\w./@:\-])[a-z]+(?:\s+[a-z]+)*(?![\w./@\-])", flags=re.IGNORECASE | re.ASCII)
# A run of one syllable ("an", "he" among English words) is too little to call pinyin.
_MIN_RUN = 2
# Pinyin whose syllables are read this well (a share of them) is written in
# Chinese, a syllable no known word spells left in letters; less is not pinyin.
READ_SHARE = 2 / 3
_UNREAD = 100  # the cost of a syllable left in letters, against 1 for a word


@lru_cache(maxsize=1)
def _syllables() -> frozenset:
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    readings = (to_normal(r) for value in pinyin_dict.values() for r in value.split(","))
    return frozenset(r for r in readings if len(r) >= _MIN_SYLLABLE and any(v in r for v in "aeiouv"))


@lru_cache(maxsize=1024)
def as_syllables(word: str) -> Tuple[str, ...]:
    """A latin word as the fewest pinyin syllables, or () if it is not pinyin."""
    syllables = _syllables()
    longest = max(map(len, syllables))
    # fewest[i]: the fewest syllables spelling word[:i], None if none do
    fewest: List[Optional[Tuple[str, ...]]] = [()] + [None] * len(word)
    for end in range(1, len(word) + 1):
        options = [
            (*head, word[start:end])
            for start in range(max(0, end - longest), end)
            if (head := fewest[start]) is not None and word[start:end] in syllables
        ]
        fewest[end] = min(options, key=len, default=None)
    return fewest[-1] or ()


@lru_cache(maxsize=1)
def _words_by_sound() -> Dict[Tuple[str, ...], str]:
    from pypinyin import lazy_pinyin

    from bot.tools.tokens import words_within

    lines = [
        line for path in sorted(DICTIONARY_DIR.glob("*")) for line in path.read_text(encoding="utf-8").splitlines()
    ]
    terms = [line.split()[0] for line in lines if line.strip()]
    counts = Counter(w for term in terms for w in words_within(term) if re.fullmatch(r"[\u4e00-\u9fff]+", w))
    by_sound: Dict[Tuple[str, ...], str] = {}
    for word in [*EVERYDAY_WORDS, *(w for w, _ in counts.most_common())]:
        by_sound.setdefault(tuple(lazy_pinyin(word)), word)
    return by_sound


def _as_words(syllables: Sequence[str]) -> str:
    """The syllables as the fewest known words, those no word spells in letters."""
    words = _words_by_sound()
    longest = max(map(len, words))
    # cheapest[i]: (cost, syllables left in letters, text) of the best reading of syllables[:i]
    cheapest: List[Optional[Tuple[int, int, str]]] = [(0, 0, "")] + [None] * len(syllables)
    for end in range(1, len(syllables) + 1):
        options = []
        for start in range(max(0, end - longest), end):
            sound, before = tuple(syllables[start:end]), cheapest[start]
            if before is None:
                continue
            cost, unread, text = before
            if sound in words:
                options.append((cost + 1, unread, text + words[sound]))
            elif len(sound) == 1:
                options.append((cost + _UNREAD, unread + 1, f"{text} {sound[0]} "))
        cheapest[end] = min(options, default=None)
    reading = cheapest[-1]
    if reading is None or reading[1] > (1 - READ_SHARE) * len(syllables):
        return ""
    return reading[2].strip()


def read_pinyin(text: str) -> str:
    """The text with its latin words that are pinyin written in Chinese; a
    button's payload ("/choose_service{…}") is left as it is."""
    if text.startswith("/"):
        return text

    def reading(match: re.Match) -> str:
        pieces: List[str] = []
        pinyin: List[str] = []  # the words of the run of pinyin being read
        heard: List[str] = []  # their syllables
        for word in [*match.group().split(), ""]:
            syllables = as_syllables(word.lower())
            if syllables:
                pinyin.append(word)
                heard += syllables
                continue
            if pinyin:
                read = _as_words(heard) if len(heard) >= _MIN_RUN else ""
                pieces.append(read or " ".join(pinyin))
                pinyin, heard = [], []
            pieces.append(word)
        return " ".join(p for p in pieces if p)

    return _LATIN_WORDS.sub(reading, text)


def warm_up() -> None:
    """Load the known words now (about a second), not on a user's first message."""
    _words_by_sound()
