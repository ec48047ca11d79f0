"""The same jieba segmentation the NLU pipeline uses, for checks outside Rasa."""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable, List, Tuple

from bot.paths import DATA_DIR

DICTIONARY_DIR = DATA_DIR / "jieba"


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(60)  # silence the "Building prefix dict" chatter
    tokenizer = jieba.Tokenizer()
    for path in sorted(DICTIONARY_DIR.glob("*")):
        with path.open("rb") as dictionary:  # jieba leaves a file it opened itself unclosed
            tokenizer.load_userdict(dictionary)
    return tokenizer


def token_spans(text: str) -> List[Tuple[int, int]]:
    """(start, end) of each token, as Rasa's JiebaTokenizer produces them."""
    return [(start, end) for _, start, end in _tokenizer().tokenize(text)]


def misaligned(text: str, spans: Iterable[Tuple[int, int]]) -> List[Tuple[int, int]]:
    """Entity spans that do not start and end on token boundaries."""
    tokens = token_spans(text)
    starts = {start for start, _ in tokens}
    ends = {end for _, end in tokens}
    return [(s, e) for s, e in spans if s not in starts or e not in ends]


def reload() -> None:
    """Forget the loaded dictionary (after it was regenerated)."""
    _tokenizer.cache_clear()


def words_within(text: str) -> List[str]:
    """The text's words and the shorter words inside its compounds
    ("工伤认定申请" → 工伤, 认定, 申请, 工伤认定申请)."""
    return list(_tokenizer().cut_for_search(text))
