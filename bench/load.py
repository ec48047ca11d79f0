"""Load benchmark: simulated users holding multi-turn conversations through
the REST channel, for a bounded time, on one action server + one Rasa server
(SQLite), or on the several-server layout (nginx, two Rasa servers,
PostgreSQL, Redis).

    PYTHONPATH=. .venv/bin/python -m bench.load [--seconds 60] [--layout cluster]

Conversations are drawn from the development situations (bench/dev/); each
user plays one after another, closed loop (the next message as soon as the
reply comes) or with a think time (on average; each user starts within one
think time and thinks between half and one and a half of it). Prints, per scenario: turns per second,
latency p50/p95/p99, errors, and the peak resident memory of each process;
the NLU parse time of the same run; turn 1 against turn 50 of one long
conversation; and other users' latency while one sender posts
20,000-character messages in a loop.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import random
import statistics
import threading
import time
import uuid
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import requests

from bot.tools import heldout
from bot.tools.local_services import ensure_postgresql, ensure_redis
from bot.tools.servers import Assistant, ensure_model, running_assistant, running_cluster

DEV_SITUATIONS = Path(__file__).parent / "dev" / "situations"
SCENARIOS = ((1, 0.0), (8, 0.0), (32, 2.0))  # (users, think seconds)
FLOOD_USERS, FLOOD_THINK = 8, 1.0  # the others, while one sender floods
HUGE = "我想问一下退休的事情" * 2_000  # 20,000 characters
TIMEOUT = 60


def conversations() -> List[List[str]]:
    found = []
    for data in heldout.situation_sets(DEV_SITUATIONS).values():
        found += [[t["text"] for t in c["turns"]] for c in data["conversations"]]
    return found


def rss_mb(pid: int) -> float:
    """Resident memory of a process (the servers fork none that matter)."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


@contextlib.contextmanager
def peak_memory(pids: Dict[str, int]) -> Iterator[Dict[str, float]]:
    """Samples each process's resident memory while the block runs; the dict
    holds the peaks (and, under 'start', the figures before)."""
    peaks = {name: rss_mb(pid) for name, pid in pids.items()}
    peaks.update({f"start {name}": value for name, value in list(peaks.items())})
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            for name, pid in pids.items():
                peaks[name] = max(peaks[name], rss_mb(pid))

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        yield peaks
    finally:
        done.set()
        sampler.join()


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


def scenario(
    assistant: Assistant, users: int, think: float, seconds: float, flood: Optional[str] = None
) -> Dict[str, float]:
    """Figures of `users` talking for `seconds`; with `flood`, one more sender
    posts it in a loop meanwhile (its own turns are not counted)."""
    talks = conversations()
    latencies: List[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def user(seed: int) -> None:
        chooser = random.Random(seed)
        # People who think do not start or type in step: each starts within one
        # think time and thinks between half and one and a half of it.
        time.sleep(chooser.uniform(0, think))
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
                    time.sleep(chooser.uniform(0.5, 1.5) * think)

    def flooder(text: str) -> None:
        sender = uuid.uuid4().hex
        while time.monotonic() < deadline:
            with contextlib.suppress(requests.RequestException):
                post(assistant, sender, text)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    if flood:
        threads.append(threading.Thread(target=flooder, args=(flood,)))
    with peak_memory(assistant.pids) as memory:
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
    figures.update({f"{name} MB": memory[name] for name in assistant.pids})
    figures["growth MB"] = max(memory[name] - memory[f"start {name}"] for name in assistant.pids)
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
    """Mean ms of turns 1–5 and of the last five turns of one conversation; the
    last five repeat the first five messages, so that only the length differs."""
    texts = list(itertools.islice(itertools.cycle(itertools.chain(*conversations()[:10])), turns - 5))
    texts += texts[:5]
    sender = uuid.uuid4().hex
    took = [1000 * post(assistant, sender, text) for text in texts]
    return statistics.mean(took[:5]), statistics.mean(took[-5:])


@contextlib.contextmanager
def deployment(layout: str) -> Iterator[Assistant]:
    if layout == "single":
        with running_assistant() as assistant:
            yield assistant
        return
    env = {"ASSISTANT_DATABASE_URL": ensure_postgresql(), "ASSISTANT_REDIS_URL": ensure_redis()}
    stores = (
        "tracker_store:\n  type: bot.stores.ProjectTrackerStore\nlock_store:\n  type: bot.stores.ProjectLockStore\n"
    )
    with running_cluster(stores, env) as cluster:
        yield cluster


def row(users: int, think: float, f: Dict[str, float], names: List[str]) -> str:
    rss = " / ".join(f"{f[f'{n} MB']:.0f}" for n in names)
    return (
        f"| {users} | {think:.0f} s | {f['turns/s']:.1f} | {f['p50 ms']:.0f} | {f['p95 ms']:.0f} "
        f"| {f['p99 ms']:.0f} | {f['turns']:.0f} | {f['errors']:.0f} | {rss} |"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--layout", choices=("single", "cluster"), default="single")
    args = parser.parse_args()
    ensure_model()
    with deployment(args.layout) as assistant:
        names = list(assistant.pids)
        texts = [t for c in conversations()[:10] for t in c]
        parse_ms(assistant, texts[:5])  # warm up
        print(f"NLU parse (median of {len(texts)}): {parse_ms(assistant, texts):.1f} ms")
        print(
            f"| users | think | turns/s | p50 ms | p95 ms | p99 ms | turns | errors | peak RSS {' / '.join(names)} MB |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for users, think in SCENARIOS:
            print(row(users, think, scenario(assistant, users, think, args.seconds), names), flush=True)
        first, fiftieth = long_conversation(assistant)
        print(f"One conversation: turns 1–5 {first:.0f} ms, turns 46–50 {fiftieth:.0f} ms ({fiftieth / first:.2f} ×)")
        calm = scenario(assistant, FLOOD_USERS, FLOOD_THINK, args.seconds)
        flooded = scenario(assistant, FLOOD_USERS, FLOOD_THINK, args.seconds, flood=HUGE)
        print(row(FLOOD_USERS, FLOOD_THINK, calm, names) + " without a flood")
        print(row(FLOOD_USERS, FLOOD_THINK, flooded, names) + " while one sender posts 20,000 characters in a loop")
        print(
            f"Flood: others' p95 {flooded['p95 ms']:.0f} ms against {calm['p95 ms']:.0f} ms "
            f"({flooded['p95 ms'] / calm['p95 ms']:.2f} ×); largest memory growth {flooded['growth MB']:.0f} MB"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
