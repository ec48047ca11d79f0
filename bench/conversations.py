"""Conversation benchmark: the blind held-out situations against the real servers.

    .venv/bin/python -m bench.conversations [--limit N] [--dev [--errors]]

Starts the action server and Rasa with the trained model, sends every single
question (each in a conversation of its own) and plays every conversation
turn by turn through the REST channel, reading the tracker after each turn.
Prints, per voice, per failure group (1–8 of the situations issue) and per
kind of move: the share of turns that were right (service and case, or the
right clarifying question), with the question type too, how often a stated
case was asked again, phones or addresses not found in the guide, reply
lengths, identical consecutive replies and turn latency. It lists no single
item of the held-out set: that set is for measuring, never for tuning. With
--dev it plays the development set (bench/dev/situations/) instead, which
may be tuned on, and --errors lists its wrong turns.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path
from typing import Dict, List, Tuple

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bench.scoring import Observed, Score, invented_facts, score, share  # noqa: E402
from bot.core.knowledge import get_knowledge_base  # noqa: E402
from bot.paths import KNOWLEDGE_DIR, ROOT  # noqa: E402
from bot.tools import heldout  # noqa: E402
from bot.tools.servers import Assistant, ensure_model, running_assistant  # noqa: E402

LONG_REPLY = 500


class Tally:
    def __init__(self) -> None:
        self.scores: Dict[str, List[Score]] = defaultdict(list)

    def add(self, keys: List[str], result: Score) -> None:
        for key in keys:
            self.scores[key].append(result)

    def lines(self, prefix: str) -> List[str]:
        rows = []
        for key in sorted(k for k in self.scores if k.startswith(prefix)):
            results = self.scores[key]
            rows.append(
                f"  {key[len(prefix):]:<24} right {share([r.right for r in results]):<22}"
                f" with question type {share([r.question_right for r in results])}"
            )
        return rows


def play(assistant: Assistant, sender: str, text: str) -> Tuple[Observed, float]:
    started = time.perf_counter()
    replies = assistant.send(text, sender=sender)
    seconds = time.perf_counter() - started
    tracker = assistant.tracker(sender)
    intent = ((tracker.get("latest_message") or {}).get("intent") or {}).get("name") or ""
    return Observed(slots=tracker.get("slots") or {}, intent=intent, replies=replies), seconds


DEV_SITUATIONS = ROOT / "bench" / "dev" / "situations"


def run(limit: int | None, directory: Path, errors: bool) -> int:
    kb = get_knowledge_base()
    guide_text = (KNOWLEDGE_DIR / "guide.txt").read_text(encoding="utf-8")
    tally = Tally()
    latencies: List[float] = []
    lengths: List[int] = []
    invented: List[str] = []
    repeats = 0
    turns_after_first = 0
    ensure_model()
    with running_assistant() as assistant:
        for voice, data in heldout.situation_sets(directory).items():
            for item in data["singles"][:limit]:
                observed, seconds = play(assistant, uuid.uuid4().hex, item["text"])
                latencies.append(seconds)
                lengths += [len(r.get("text") or "") for r in observed.replies]
                invented += invented_facts(observed.text, guide_text, assistant.web_url)
                result = score(kb, item["expect"], observed)
                if errors and not result.right:
                    print(f"single ✗ {item['text']} | expected {item['expect']} | got {_got(observed)}")
                groups = [f"single group {g}" for g in item.get("groups") or []]
                tally.add(["single all", f"single voice {voice}", *groups], result)
                if item.get("situational"):
                    tally.add(["single situational"], result)
            for conversation in data["conversations"][:limit]:
                sender, previous = uuid.uuid4().hex, None
                for index, turn in enumerate(conversation["turns"]):
                    observed, seconds = play(assistant, sender, turn["text"])
                    latencies.append(seconds)
                    lengths += [len(r.get("text") or "") for r in observed.replies]
                    invented += invented_facts(observed.text, guide_text, assistant.web_url)
                    if index:
                        turns_after_first += 1
                        repeats += observed.text == previous
                    previous = observed.text
                    result = score(kb, turn["expect"], observed)
                    if errors and not result.right:
                        print(f"turn {index} ✗ {turn['text']} | expected {turn['expect']} | got {_got(observed)}")
                    groups = [f"turn group {g}" for g in turn.get("groups") or []]
                    move = f"turn move {turn.get('move', 'stay')}"
                    tally.add(["turn all", f"turn voice {voice}", move, *groups], result)

    singles, turns = tally.scores["single all"], tally.scores["turn all"]
    stated = [r for r in singles + turns if r.case_stated]
    print(f"Conversation benchmark on {directory.relative_to(ROOT)}/")
    print(f"single questions right: {share([r.right for r in singles])}")
    print(f"  with the question type too: {share([r.question_right for r in singles])}")
    print(f"  situational (no service named): {share([r.right for r in tally.scores['single situational']])}")
    print(f"conversation turns right: {share([r.right for r in turns])}")
    print(f"  with the question type too: {share([r.question_right for r in turns])}")
    print(f"stated case asked again: {share([r.case_asked_again for r in stated])} of the stated cases")
    print("single questions by voice:")
    print("\n".join(tally.lines("single voice ")))
    print("conversation turns by voice:")
    print("\n".join(tally.lines("turn voice ")))
    print("single questions by group:")
    print("\n".join(tally.lines("single group ")))
    print("conversation turns by group:")
    print("\n".join(tally.lines("turn group ")))
    print("conversation turns by move:")
    print("\n".join(tally.lines("turn move ")))
    long_share = share([n > LONG_REPLY for n in lengths])
    print(f"replies: {len(lengths)}, over {LONG_REPLY} characters {long_share}, longest {max(lengths, default=0)}")
    print(f"identical consecutive replies: {repeats} of {turns_after_first} later turns")
    print(f"phones or web addresses not in the guide: {len(invented)} {sorted(set(invented))[:5]}")
    cuts = statistics.quantiles(latencies, n=100)
    print(f"turn latency p50 / p95: {1000 * statistics.median(latencies):.0f} / {1000 * cuts[94]:.0f} ms")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="items per voice and kind (a quick look)")
    parser.add_argument("--dev", action="store_true", help="the development set instead of the held-out set")
    parser.add_argument("--errors", action="store_true", help="list wrong turns (development set only)")
    args = parser.parse_args()
    if args.errors and not args.dev:
        parser.error("--errors lists mistakes of the development set only; the held-out set is never tuned on")
    return run(args.limit, DEV_SITUATIONS if args.dev else heldout.SITUATIONS_DIR, args.errors)


def _got(observed: Observed) -> str:
    keys = ("service", "case", "case_branch", "question", "offered_services", "requested_slot", "life_event")
    return str({k: observed.slots.get(k) for k in keys if observed.slots.get(k)})


if __name__ == "__main__":
    sys.exit(main())
