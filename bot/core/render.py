"""Turns structured answers into channel-neutral messages (text + buttons)."""

from __future__ import annotations

import json
from typing import Dict, List, Optional, Sequence, cast

from bot.config import public_url
from bot.core import wording
from bot.core.answers import Answer, Section
from bot.core.checklist import path_for
from bot.core.details import Choice, FollowUp
from bot.intents import BY_KEY

# Long cards are split between sections (or between items of one long
# section) so that each message fits a phone screen; channels may split further.
MAX_MESSAGE_CHARS = 350

Message = Dict[str, object]


def payload(intent: str, entity: str, value: str, **more: str) -> str:
    """Button payload that sends an intent with its entities, e.g. /choose{"case":"x"}."""
    return f"/{intent}" + json.dumps({entity: value, **more}, ensure_ascii=False, separators=(",", ":"))


def buttons(entity: str, choices: Sequence[Choice], intent: str = "choose") -> List[Dict[str, str]]:
    return [{"title": c.title, "payload": payload(intent, entity, c.value)} for c in choices]


def section_lines(section: Section) -> List[str]:
    # Some of the guide's group titles already end with a colon.
    lines = [section.heading.rstrip("：:") + "："] if section.heading else []
    if section.intro:
        lines.append(section.intro)
    for number, item in enumerate(section.items, start=1):
        numbered = section.numbered and len(section.items) > 1
        lines.append(f"{number}. {item}" if numbered else item)
    return lines


def title_line(answer: Answer) -> str:
    """【所需材料】service name · chosen case · district"""
    parts = [answer.service.name]
    parts += [option.button_title for option in answer.case_path]
    if answer.district and answer.service.has_district_offices:
        parts.append(answer.district)
    return f"【{answer.heading}】" + " · ".join(parts)


def _pack(blocks: List[List[str]], limit: int) -> List[str]:
    """Joins blocks of lines into texts of at most `limit` characters where possible."""
    texts: List[str] = []
    current: List[str] = []
    for block in blocks:
        for line in block:
            candidate = "\n".join(current + [line])
            if current and len(candidate) > limit:
                texts.append("\n".join(current))
                current = []
            current.append(line)
        # Prefer to break between sections once a message is half full.
        if current and len("\n".join(current)) > limit // 2:
            texts.append("\n".join(current))
            current = []
    if current:
        texts.append("\n".join(current))
    return texts


def render_follow_up(follow_up: FollowUp, intro: Optional[str] = None) -> Message:
    lines = [line for line in (intro, follow_up.note, follow_up.question) if line]
    choices = follow_up.choices
    numbered = [f"{n}. {choice.title}" for n, choice in enumerate(choices, start=1)]
    text = "\n".join(lines + numbered + [wording.HOW_TO_CHOOSE])
    return {"text": text, "buttons": buttons(follow_up.slot, choices)}


def render_answer(answer: Answer, limit: int = MAX_MESSAGE_CHARS) -> List[Message]:
    """Messages for an answer card, split where it is long."""
    blocks = [[title_line(answer)]] + [section_lines(s) for s in answer.sections]
    checklist = path_for(answer)
    if checklist:
        blocks.append([wording.CHECKLIST.format(url=public_url() + checklist)])
    messages: List[Message] = [{"text": text} for text in _pack(blocks, limit)]
    more = [{"title": wording.FULL_TEXT[key], "payload": f"/{BY_KEY[key].intent}"} for key in answer.shortened]
    if answer.offers or more:
        messages[-1]["buttons"] = buttons("case", answer.offers) + more
    return messages


def in_brief(messages: List[Message]) -> List[Message]:
    """The first message of an answer ("简单说"), with the way to the rest."""
    if len(messages) < 2:
        return messages
    first = dict(messages[0])
    kept = cast(List[Dict[str, str]], messages[-1].get("buttons") or [])
    first["buttons"] = kept + [{"title": wording.TELL_ME_MORE, "payload": wording.TELL_ME_MORE}]
    return [first]
