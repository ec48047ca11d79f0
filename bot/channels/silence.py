"""No turn ends in silence: when the assistant produced nothing (its action
server unreachable, an error inside Rasa), the channel apologises and gives
the hall's phones."""

from __future__ import annotations

from typing import Dict, List

from bot.core import replies, wording
from bot.core.knowledge import get_knowledge_base


def apology() -> Dict[str, str]:
    phones = "；".join(replies.contact_lines(get_knowledge_base()))
    return {"text": wording.SORRY_NO_ANSWER.format(phones=phones)}


def never_silent(messages: List[Dict]) -> List[Dict]:
    return messages or [apology()]
