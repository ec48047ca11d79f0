import asyncio

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

from bot.channels.limits import MAX_MESSAGE_CHARS
from bot.channels.pacing import LEAST_COST_CHARS, Pacer
from bot.core import wording


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_long_conversation_of_ordinary_questions_never_waits():
    pacer = Pacer(clock=Clock())
    assert all(pacer.reserve("a", len("退休了要办什么手续呢")) == 0 for _ in range(50))


def test_long_messages_in_a_loop_wait_then_are_refused():
    clock = Clock()
    pacer = Pacer(budget=2000, refill_per_second=100, longest_wait=10, clock=clock)
    waits = [pacer.reserve("flood", MAX_MESSAGE_CHARS) for _ in range(7)]
    # 2000 characters go at once, then each 500 waits five seconds more.
    assert waits[:4] == [0, 0, 0, 0]
    assert waits[4:6] == [5.0, 10.0]
    assert waits[6] == -1  # fifteen seconds: not taken, and not charged
    clock.now += 10
    assert pacer.reserve("flood", MAX_MESSAGE_CHARS) == 5.0


def test_one_sender_waiting_holds_nobody_else_up():
    pacer = Pacer(budget=1000, refill_per_second=100, clock=Clock())
    for _ in range(3):
        pacer.reserve("flood", MAX_MESSAGE_CHARS)
    assert pacer.reserve("flood", MAX_MESSAGE_CHARS) > 0
    assert pacer.reserve("someone else", 12) == 0


def test_tiny_messages_cost_the_least_cost():
    pacer = Pacer(budget=10 * LEAST_COST_CHARS, refill_per_second=LEAST_COST_CHARS, clock=Clock())
    assert [pacer.reserve("a", 1) for _ in range(11)][-2:] == [0, 1.0]


def test_the_budget_comes_back_with_time():
    clock = Clock()
    pacer = Pacer(budget=1000, refill_per_second=100, clock=clock)
    pacer.reserve("a", 1000)
    clock.now += 10
    assert pacer.reserve("a", 1000) == 0


def turn(pacer: Pacer, text: str, sender: str = "s"):
    handled = []

    async def on_new_message(message: UserMessage) -> None:
        handled.append(message.text)
        await message.output_channel.send_text_message(message.sender_id, "答")

    output = CollectingOutputChannel()
    asyncio.run(pacer.paced(on_new_message)(UserMessage(text, output, sender)))
    return handled, [m["text"] for m in output.messages]


def test_a_paced_turn_is_answered_after_its_wait():
    pacer = Pacer(budget=100, refill_per_second=1000, longest_wait=1)
    turn(pacer, "x" * 100)
    assert turn(pacer, "问题" * 25) == (["问题" * 25], ["答"])


def test_a_refused_turn_is_told_to_slow_down_and_not_read():
    pacer = Pacer(budget=100, refill_per_second=1, longest_wait=1)
    turn(pacer, "x" * 100)
    assert turn(pacer, "问题" * 25) == ([], [wording.TOO_FAST])
