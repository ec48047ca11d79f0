"""No sender takes more than a person's share of the assistant.

Each sender has a budget of characters that refills at a steady rate (a
token bucket). A person asking questions never runs out of it; a sender who
posts long messages in a loop waits before each turn, so the others are not
held up. A message that would have to wait too long is not read: the sender
is told to slow down, and the conversation stays as it was.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any, Awaitable, Callable, Dict, Tuple

from rasa.core.channels.channel import UserMessage

from bot.core import wording

# Characters a sender may send at once, and how fast that budget comes back.
# A 50-turn conversation of ordinary questions stays inside it; messages cut
# to the channels' limit (500 characters) come about one every five seconds.
BUDGET_CHARS = 4000.0
REFILL_CHARS_PER_SECOND = 100.0
# Even "嗯" costs this much, so that a flood of tiny messages is paced too.
LEAST_COST_CHARS = 50
# A turn never waits longer than this; beyond it the sender is asked to slow down.
LONGEST_WAIT_SECONDS = 10.0
# Senders with a full budget are forgotten once this many are remembered.
REMEMBERED_SENDERS = 10000

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class Pacer:
    def __init__(
        self,
        budget: float = BUDGET_CHARS,
        refill_per_second: float = REFILL_CHARS_PER_SECOND,
        longest_wait: float = LONGEST_WAIT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.budget = budget
        self.refill_per_second = refill_per_second
        self.longest_wait = longest_wait
        self.clock = clock
        self.levels: Dict[str, Tuple[float, float]] = {}  # sender → (level, when)

    def reserve(self, sender: str, chars: int) -> float:
        """Seconds the sender's turn must wait, or -1 when it is not taken."""
        now = self.clock()
        level, when = self.levels.get(sender, (self.budget, now))
        level = min(self.budget, level + (now - when) * self.refill_per_second)
        after = level - max(chars, LEAST_COST_CHARS)
        wait = max(0.0, -after / self.refill_per_second)
        if wait > self.longest_wait:
            self.levels[sender] = (level, now)
            return -1.0
        if len(self.levels) >= REMEMBERED_SENDERS:
            self._forget_full(now)
        self.levels[sender] = (after, now)
        return wait

    def _forget_full(self, now: float) -> None:
        full_after = self.budget / self.refill_per_second
        self.levels = {s: (lv, t) for s, (lv, t) in self.levels.items() if now - t < full_after}

    def paced(self, on_new_message: OnNewMessage) -> OnNewMessage:
        """`on_new_message`, reached only after the sender's wait."""

        async def handle(message: UserMessage) -> Any:
            wait = self.reserve(str(message.sender_id), len(message.text or ""))
            if wait < 0:
                await message.output_channel.send_text_message(message.sender_id, wording.TOO_FAST)
                return None
            if wait:
                await asyncio.sleep(wait)
            return await on_new_message(message)

        return handle
