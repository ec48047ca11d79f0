"""The WeChat channel's conversation logic, with a stand-in for the assistant:
retries answered once, a late reply kept for the next message, options, pages."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

from bot.channels.wechat import SUCCESS, WeChatInput
from bot.core import wording


def text_message(content: str, msg_id: int, user: str = "openid-1"):
    return SimpleNamespace(type="text", content=content, id=msg_id, source=user, time=1, event=None)


class Assistant:
    """Answers every message with its text and two buttons, after `delay` seconds."""

    def __init__(self, delay: float = 0.0, long: bool = False):
        self.delay, self.long = delay, long
        self.seen: list = []

    async def __call__(self, message) -> None:
        self.seen.append(message.text)
        await asyncio.sleep(self.delay)
        lines = [f"{n}. " + "材料很多的一行说明文字。" * 8 for n in range(40)]
        text = "\n".join(lines) if self.long else f"答：{message.text}"
        buttons = [{"title": "甲", "payload": "/choose_a"}, {"title": "乙", "payload": "/choose_b"}]
        message.output_channel.messages.append({"text": text, "buttons": buttons})


def channel(seconds: float = 1.0) -> WeChatInput:
    return WeChatInput("token", "", "", reply_seconds=seconds)


def test_a_retried_msg_id_is_processed_once_and_answered_alike():
    async def run():
        wechat, assistant = channel(), Assistant(delay=0.05)
        first, retry = await asyncio.gather(
            wechat.reply_text(text_message("你好", 7), assistant), wechat.reply_text(text_message("你好", 7), assistant)
        )
        return first, retry, assistant.seen

    first, retry, seen = asyncio.run(run())
    assert first == retry and "答：你好" in first
    assert seen == ["你好"]


def test_a_reply_that_misses_the_window_comes_with_the_next_answer():
    async def run():
        wechat, assistant = channel(seconds=0.05), Assistant(delay=0.2)
        missed = await wechat.reply_text(text_message("退休要什么材料", 1), assistant)
        await asyncio.sleep(0.3)
        assistant.delay = 0
        nxt = await wechat.reply_text(text_message("在哪办", 2), assistant)
        more = await wechat.reply_text(text_message("更多", 3), assistant)
        return missed, nxt, more

    missed, nxt, more = asyncio.run(run())
    assert missed == SUCCESS
    assert "答：退休要什么材料" in nxt and nxt.endswith(wording.WECHAT_NEXT_PAGE)
    assert "答：在哪办" in more


def test_a_number_sends_the_option_and_more_reads_on():
    async def run():
        wechat, assistant = channel(), Assistant(long=True)
        first = await wechat.reply_text(text_message("要什么材料", 1), assistant)
        second = await wechat.reply_text(text_message("更多", 2), assistant)
        await wechat.reply_text(text_message("2", 3), assistant)
        return first, second, assistant.seen

    first, second, seen = asyncio.run(run())
    assert first.endswith(wording.WECHAT_NEXT_PAGE) and second != first
    assert seen == ["要什么材料", "/choose_b"]


def test_two_users_keep_their_own_pages():
    async def run():
        wechat = channel()
        await wechat.reply_text(text_message("要什么材料", 1, "user-a"), Assistant(long=True))
        return await wechat.reply_text(text_message("更多", 2, "user-b"), Assistant())

    assert "答：更多" in asyncio.run(run())


def test_images_and_locations_get_a_polite_text_only_answer():
    image = SimpleNamespace(type="image", id=9, source="u", time=1, event=None)
    assert asyncio.run(channel().reply_text(image, Assistant())) == wording.WECHAT_TEXT_ONLY
