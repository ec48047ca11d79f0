"""Load benchmark: simulated users holding multi-turn conversations through
the REST channel, for a bounded time, on one action server + one Rasa server.

    PYTHONPATH=. .venv/bin/python -m bench.load [--seconds 60]

Conversations are drawn from the development situations (bench/dev/); each
user plays one after another, closed loop (the next message as soon as the
reply comes) or with a think time. Prints, per scenario: turns per second,
latency p50/p95/p99, errors, and the resident memory of each process; the
NLU parse time of the same run; and turn 1 against turn 50 of one long
conversation.
"""

from __future__ import annotations

import argparse
import itertools
import random
import statistics
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, List, Tuple

import requests

from bot.tools import heldout
from bot.tools.servers import Assistant, ensure_model, running_assistant

DEV_SITUATIONS = Path(__file__).parent / "dev" / "situations"
SCENARIOS = ((1, 0.0), (8, 0.0), (32, 2.0))  # (users, think seconds)
TIMEOUT = 60


def conversations() -> List[List[str]]:
    found = []
    for data in heldout.situation_sets(DEV_SITUATIONS).values():
        found += [[t["text"] for t in c["turns"]] for c in data["conversations"]]
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (the servers fork none that matter)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def percentile(values: List[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def post(assistant: Assistant, sender: str, text: str) -> float:
    start = time.perf_counter()
    response = requests.post(
        f"{assistant.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=TIMEOUT
    )
    response.raise_for_status()
    return time.perf_counter() - start


def scenario(assistant: Assistant, users: int, think: float, seconds: float) -> Dict[str, float]:
    talks = conversations()
    latencies: List[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(seed: int) -> None:
        chooser = random.Random(seed)
        while time.monotonic() < deadline:
            sender = uuid.uuid4().hex
            for text in chooser.choice(talks):
                if time.monotonic() >= deadline:
                    return
                try:
                    took = post(assistant, sender, text)
                    with lock:
                        latencies.append(took)
                except requests.RequestException:
                    with lock:
                        errors[0] += 1
                if think:
                    time.sleep(think)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    figures = {
        "turns/s": len(latencies) / elapsed,
        "p50 ms": 1000 * percentile(latencies, 0.5),
        "p95 ms": 1000 * percentile(latencies, 0.95),
        "p99 ms": 1000 * percentile(latencies, 0.99),
        "turns": float(len(latencies)),
        "errors": float(errors[0]),
    }
    figures.update({f"{name} MB": rss_mb(pid) for name, pid in assistant.pids.items()})
    return figures


def parse_ms(assistant: Assistant, texts: List[str]) -> float:
    took = []
    for text in texts:
        start = time.perf_counter()
        requests.post(
            f"{assistant.url}/model/parse", params={"token": assistant.token}, json={"text": text}, timeout=TIMEOUT
        )
        took.append(time.perf_counter() - start)
    return 1000 * statistics.median(took)


def long_conversation(assistant: Assistant, turns: int = 50) -> Tuple[float, float]:
    """Mean ms of turns 1–5 and of the last five turns of one conversation."""
    texts = list(itertools.islice(itertools.cycle(itertools.chain(*conversations()[:10])), turns))
    sender = uuid.uuid4().hex
    took = [1000 * post(assistant, sender, text) for text in texts]
    return statistics.mean(took[:5]), statistics.mean(took[-5:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    args = parser.parse_args()
    ensure_model()
    with running_assistant() as assistant:
        texts = [t for c in conversations()[:10] for t in c]
        parse_ms(assistant, texts[:5])  # warm up
        print(f"NLU parse (median of {len(texts)}): {parse_ms(assistant, texts):.1f} ms")
        print("| users | think | turns/s | p50 ms | p95 ms | p99 ms | turns | errors | RSS actions / rasa / web MB |")
        print("|---|---|---|---|---|---|---|---|---|")
        for users, think in SCENARIOS:
            f = scenario(assistant, users, think, args.seconds)
            rss = " / ".join(f"{f[f'{n} MB']:.0f}" for n in ("actions", "rasa", "web"))
            print(
                f"| {users} | {think:.0f} s | {f['turns/s']:.1f} | {f['p50 ms']:.0f} | {f['p95 ms']:.0f} "
                f"| {f['p99 ms']:.0f} | {f['turns']:.0f} | {f['errors']:.0f} | {rss} |",
                flush=True,
            )
        first, fiftieth = long_conversation(assistant)
        print(f"One conversation: turns 1–5 {first:.0f} ms, turns 46–50 {fiftieth:.0f} ms ({fiftieth / first:.2f} ×)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
