"""The Redis lock store of several Rasa servers, against a real Redis: no two
servers hold one conversation's turn at once. And the check the cluster test
and bench/lock_race.py apply to a stored conversation."""

from __future__ import annotations

import threading
import uuid
from urllib.parse import urlparse

import pytest

from bench.lock_race import broken
from bot.stores import AtomicRedisLockStore


def listen() -> dict:
    return {"event": "action", "name": "action_listen"}


def user(text: str) -> dict:
    return {"event": "user", "text": text}


def answer() -> dict:
    return {"event": "action", "name": "action_answer"}


def test_a_conversation_whose_turns_followed_each_other_is_whole():
    assert not broken([listen(), user("a"), answer(), listen(), user("b"), answer(), listen()], sent=2)


def test_a_lost_message_or_a_turn_inside_a_turn_is_broken():
    assert broken([listen(), user("a"), answer(), listen()], sent=2)
    assert broken([listen(), user("a"), user("b"), answer(), listen()], sent=2)


@pytest.fixture
def servers():
    """Two lock stores on one Redis, as two Rasa servers would have."""
    from bot.tools.local_services import ensure_redis

    url = urlparse(ensure_redis())
    return [AtomicRedisLockStore(host=url.hostname, port=url.port, db=3) for _ in range(2)]


@pytest.mark.services
def test_tickets_issued_by_two_servers_at_once_are_all_different(servers):
    conversation, issued = f"c-{uuid.uuid4().hex}", []

    def issue(store: AtomicRedisLockStore) -> None:
        for _ in range(150):
            issued.append(store.issue_ticket(conversation))

    threads = [threading.Thread(target=issue, args=(store,)) for store in servers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(issued) == list(range(300))


@pytest.mark.services
def test_the_lock_goes_with_its_last_ticket(servers):
    first, second = servers
    conversation = f"c-{uuid.uuid4().hex}"
    a, b = first.issue_ticket(conversation), second.issue_ticket(conversation)
    assert second.get_lock(conversation).now_serving == a  # the second waits for the first
    first.cleanup(conversation, a)
    assert second.get_lock(conversation).now_serving == b
    second.cleanup(conversation, b)
    assert first.get_lock(conversation) is None
