"""Turns the assistant's messages into WeChat passive replies.

A passive reply is one text message of at most 2048 bytes: longer answers are
split into pages that the user reads on with “更多”; buttons become numbered
options, and a reply with the number picks the option.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from bot.core import wording

MAX_REPLY_BYTES = 2048
# Words that ask for the next page ("更多" as the footer says; people also write these).
MORE_WORDS = frozenset({"更多", "更多内容", "下一页", "继续", "more"})


@dataclass
class Reply:
    pages: List[str]
    options: List[str] = field(default_factory=list)  # button payloads, option n at n-1


def _size(text: str) -> int:
    return len(text.encode("utf-8"))


def _options_lines(text: str, titles: Sequence[str]) -> List[str]:
    """Numbered options not already listed, numbered as they are in the text."""
    already = 0
    while already < len(titles) and f"{already + 1}. {titles[already]}" in text:
        already += 1
    missing = [f"{n}. {title}" for n, title in enumerate(titles, start=1) if n > already]
    return [wording.WECHAT_PICK, *missing] if missing else []


def _split_long_line(line: str, limit: int) -> List[str]:
    parts, current = [], ""
    for char in line:
        if _size(current + char) > limit:
            parts.append(current)
            current = ""
        current += char
    return parts + ([current] if current else [])


def with_next_page(page: str) -> str:
    return page + "\n" + wording.WECHAT_NEXT_PAGE


def paginate(text: str, limit: int = MAX_REPLY_BYTES) -> List[str]:
    """Pages of at most `limit` bytes, split between lines, each but the last
    ending with the way to the next (every page has room for it)."""
    room = limit - _size(with_next_page(""))
    lines: List[str] = []
    for line in text.split("\n"):
        lines += _split_long_line(line, room) if _size(line) > room else [line]
    pages: List[str] = []
    current: List[str] = []
    for line in lines:
        if current and _size("\n".join(current + [line])) > room:
            pages.append("\n".join(current).strip("\n"))
            current = []
        current.append(line)
    if current:
        pages.append("\n".join(current).strip("\n"))
    pages = [p for p in pages if p] or [""]
    return [with_next_page(p) for p in pages[:-1]] + [pages[-1]]


def reply_of(messages: Sequence[Dict]) -> Reply:
    """The assistant's messages of one turn as one paged reply with numbered options."""
    texts = [str(m.get("text") or "").strip() for m in messages]
    buttons = [b for m in messages for b in (m.get("buttons") or [])]
    body = "\n\n".join(t for t in texts if t)
    titles = [str(b.get("title") or "") for b in buttons]
    extra = _options_lines(body, titles)
    if extra:
        body = body + "\n\n" + "\n".join(extra)
    return Reply(paginate(body), [str(b.get("payload") or b.get("title") or "") for b in buttons])


def _half_width(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().lower()


def asks_for_more(text: str) -> bool:
    return re.sub(r"[\s。.!！]", "", _half_width(text)) in MORE_WORDS


def picked_option(text: str, options: Sequence[str]) -> Optional[str]:
    """The payload of the option a bare number picks ("2", "２", "2."), else None."""
    match = re.fullmatch(r"(\d{1,2})[.。、]?", _half_width(text))
    if not match:
        return None
    number = int(match.group(1))
    return options[number - 1] if 1 <= number <= len(options) else None
