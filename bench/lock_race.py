"""Two messages of one user at two Rasa servers at the same moment.

Starts the several-server layout (bot.tools.servers.running_cluster) with a
lock store, sends pairs of messages of one conversation to both servers at
once, and counts the conversations the tracker store holds broken: a message
lost, or a turn started before the previous one ended (RasaHQ/rasa#9213).

    PYTHONPATH=. .venv/bin/python -m bench.lock_race --pairs 30 --lock project
    PYTHONPATH=. .venv/bin/python -m bench.lock_race --pairs 30 --lock rasa
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import time
import uuid
from typing import Dict, List, Sequence

import requests
import sqlalchemy as sa

from bot.tools.local_services import ensure_postgresql, ensure_redis
from bot.tools.servers import Cluster, ensure_model, running_cluster

PAIR = ("多缴的社保怎么退", "在哪办")
LOCK_STORES = {
    # Ours: every change of a ticket lock is one Redis transaction.
    "project": "lock_store:\n  type: bot.stores.ProjectLockStore\n",
    # Rasa's own, configured as its documentation shows.
    "rasa": "lock_store:\n  type: redis\n  url: 127.0.0.1\n  port: 6379\n  db: 2\n",
}
TRACKER_STORE = "tracker_store:\n  type: bot.stores.ProjectTrackerStore\n"


def broken(events: Sequence[Dict], sent: int) -> bool:
    """True when a message was lost, or a user message came in before the
    previous turn ended with action_listen."""
    users, in_turn = 0, False
    for event in events:
        if event["event"] == "user":
            if in_turn:
                return True
            users, in_turn = users + 1, True
        elif event["event"] == "action" and event.get("name") == "action_listen":
            in_turn = False
    return users != sent


def stored_events(database_url: str, sender: str) -> List[Dict]:
    """The events the tracker store holds, in the order it will replay them."""
    engine = sa.create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                sa.text("SELECT data FROM events WHERE sender_id = :s ORDER BY id"), {"s": sender}
            ).all()
    finally:
        engine.dispose()
    return [json.loads(data) for (data,) in rows]


def send_pair_at_once(cluster: Cluster, sender: str, messages: Sequence[str] = PAIR) -> List[List[Dict]]:
    """One message to each server, both posted at the same moment."""

    def post(url: str, message: str) -> List[Dict]:
        reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=120)
        reply.raise_for_status()
        return reply.json()

    with concurrent.futures.ThreadPoolExecutor(len(messages)) as pool:
        futures = [pool.submit(post, url, m) for url, m in zip(cluster.instances, messages, strict=False)]
        return [future.result() for future in futures]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=30)
    parser.add_argument("--lock", choices=sorted(LOCK_STORES), default="project")
    args = parser.parse_args()
    ensure_model()
    database, redis = ensure_postgresql(), ensure_redis()
    env = {"ASSISTANT_DATABASE_URL": database, "ASSISTANT_REDIS_URL": redis}
    with running_cluster(TRACKER_STORE + LOCK_STORES[args.lock], env) as cluster:
        failures, started = 0, time.monotonic()
        for _ in range(args.pairs):
            sender = f"race-{uuid.uuid4().hex[:10]}"
            send_pair_at_once(cluster, sender)
            failures += broken(stored_events(database, sender), len(PAIR))
        seconds = time.monotonic() - started
    print(f"lock store {args.lock}: {failures} of {args.pairs} conversations broken ({seconds:.0f} s)")


if __name__ == "__main__":
    main()
