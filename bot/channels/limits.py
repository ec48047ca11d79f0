"""The one length limit of every channel, applied before the NLU.

A question needs no more than this; DIET's cost grows with the square of the
length, so a 20,000-character message would hold every other user up. What is
cut is said: the note goes before the answer.
"""

from __future__ import annotations

from typing import Optional, Tuple

from bot.core import wording

MAX_MESSAGE_CHARS = 500


def bounded(text: str) -> Tuple[str, Optional[str]]:
    """The text the assistant reads, and the note to show when it was cut."""
    if len(text) <= MAX_MESSAGE_CHARS:
        return text, None
    return text[:MAX_MESSAGE_CHARS], wording.MESSAGE_CUT.format(limit=MAX_MESSAGE_CHARS)
