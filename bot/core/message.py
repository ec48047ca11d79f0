"""The user's message, read once per turn: what every matcher of the turn works on."""

from __future__ import annotations

from dataclasses import dataclass

from bot.text import compact, normalize_user_text


@dataclass(frozen=True)
class UserMessage:
    raw: str  # as received (a button payload carries an id here)
    text: str  # normalised: half-width, simplified, no emoji or stray spaces
    key: str  # comparison key: no punctuation, numbering or whitespace

    @classmethod
    def read(cls, raw: str | None) -> UserMessage:
        text = normalize_user_text(raw or "")
        return cls(raw=raw or "", text=text, key=compact(text))
