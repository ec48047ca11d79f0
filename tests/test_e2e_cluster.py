"""End to end: the production layout on one machine. nginx (Debian's) in
front of two Rasa servers, one action server, conversations in PostgreSQL,
turn order in Redis. Context survives turns that alternate between servers,
two messages of one user at both servers at once, and a server killed
mid-conversation."""

from __future__ import annotations

import re
import uuid
from typing import Dict, List

import pytest
import requests

from bench.lock_race import LOCK_STORES, TRACKER_STORE, broken, send_pair_at_once, stored_events
from bot.tools.local_services import ensure_postgresql, ensure_redis
from bot.tools.servers import Cluster, ensure_model, running_cluster

pytestmark = pytest.mark.e2e

# Pension certification: where the user lives asked and chosen, then how
# long, then where (the district asked and chosen).
SERVICE = "pension_eligibility_certification"
CONVERSATION = [
    "养老待遇资格认证要什么材料",
    '/choose{"case":"living_abroad"}',
    "要多久",
    "在哪里办",
    '/choose{"district":"凌源市"}',
]
EXPECTED_SLOTS = [
    {"service": SERVICE},
    {"service": SERVICE, "case": "living_abroad"},
    {"service": SERVICE, "case": "living_abroad", "question": "time_limit"},
    {"service": SERVICE, "case": "living_abroad", "question": "location"},
    {"service": SERVICE, "case": "living_abroad", "district": "凌源市"},
]


@pytest.fixture(scope="module")
def database() -> str:
    return ensure_postgresql()


@pytest.fixture(scope="module")
def cluster(database: str):
    ensure_model()
    env = {"ASSISTANT_DATABASE_URL": database, "ASSISTANT_REDIS_URL": ensure_redis()}
    with running_cluster(TRACKER_STORE + LOCK_STORES["project"], env) as running:
        yield running


def post(url: str, sender: str, message: str) -> List[Dict]:
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=120)
    reply.raise_for_status()
    return reply.json()


def tracker(cluster: Cluster, url: str, sender: str) -> Dict:
    reply = requests.get(f"{url}/conversations/{sender}/tracker", params={"token": cluster.token}, timeout=30)
    reply.raise_for_status()
    return reply.json()


def user_messages(database: str, sender: str) -> List[str]:
    return [e["text"] for e in stored_events(database, sender) if e["event"] == "user"]


def upstreams_of(cluster: Cluster, count: int) -> List[str]:
    """The servers nginx sent the last `count` webhook requests to."""
    lines = (cluster.log_dir / "nginx-access.log").read_text().splitlines()
    return [re.search(r"upstream=(\S+)", line).group(1) for line in lines if "webhook" in line][-count:]


def test_turns_alternating_between_servers_keep_service_case_and_district(cluster, database, kb):
    sender = f"alternate-{uuid.uuid4().hex[:8]}"
    for turn, (message, expected) in enumerate(zip(CONVERSATION, EXPECTED_SLOTS, strict=True)):
        here, other = cluster.instances[turn % 2], cluster.instances[(turn + 1) % 2]
        assert post(here, sender, message), f"turn {turn + 1} got no reply"
        for url in (here, other):  # both servers see the same conversation
            slots = tracker(cluster, url, sender)["slots"]
            assert {name: slots[name] for name in expected} == expected, (turn + 1, url)
    reply = "\n".join(r.get("text", "") for r in post(cluster.instances[1], sender, "电话多少"))
    (lingyuan,) = [o for o in kb[SERVICE].offices if o.district == "凌源市"]
    assert lingyuan.phones[0] in reply
    assert user_messages(database, sender) == [*CONVERSATION, "电话多少"]


def test_nginx_sends_the_turns_of_one_conversation_to_both_servers(cluster, database):
    sender = f"round-robin-{uuid.uuid4().hex[:8]}"
    for message in CONVERSATION[:4]:
        assert post(cluster.url, sender, message)
    assert set(upstreams_of(cluster, 4)) == {url.removeprefix("http://") for url in cluster.instances}
    assert tracker(cluster, cluster.url, sender)["slots"]["question"] == "location"
    assert user_messages(database, sender) == CONVERSATION[:4]


def test_two_messages_of_one_user_at_both_servers_at_once_are_taken_in_turn(cluster, database):
    failures = []
    for _ in range(8):
        sender = f"race-{uuid.uuid4().hex[:8]}"
        replies = send_pair_at_once(cluster, sender)
        assert all(replies), "each message gets its reply"
        if broken(stored_events(database, sender), 2):
            failures.append(sender)
    assert failures == []


def test_killing_a_server_mid_conversation_loses_nothing(cluster, database):
    sender = f"failover-{uuid.uuid4().hex[:8]}"
    for message in CONVERSATION[:2]:
        assert post(cluster.url, sender, message)
    cluster.kill_instance(0)
    for message in CONVERSATION[2:]:
        assert post(cluster.url, sender, message), "the other server answers"
    slots = tracker(cluster, cluster.instances[1], sender)["slots"]
    assert (slots["case"], slots["district"]) == ("living_abroad", "凌源市")
    assert user_messages(database, sender) == CONVERSATION
