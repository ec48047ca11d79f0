"""NLU benchmark on the hand-written held-out set (tests/heldout/nlu_heldout.yml).

    .venv/bin/python -m bench.nlu_benchmark [--model models/assistant.tar.gz] [--train]

Prints intent accuracy, service top-1 accuracy, correct clarifying questions,
out-of-scope detection, NLU parse latency percentiles and, in the same run, the
service top-1 accuracy of a plain BM25 search over the guide's 86 sections
(jieba + rank_bm25). With --train it first trains a model from scratch into a
temporary directory and reports the training time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import yaml

ROOT = Path(__file__).resolve().parent.parent
HELDOUT = ROOT / "tests" / "heldout" / "nlu_heldout.yml"
# TensorFlow's C++ start-up chatter would bury the figures.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
sys.path.insert(0, str(ROOT))

from bot.core.dialogue import choose_service, entity_values  # noqa: E402
from bot.core.knowledge import get_knowledge_base  # noqa: E402
from bot.core.message import UserMessage  # noqa: E402
from bot.core.resolve import get_resolver  # noqa: E402
from bot.parse_result import classifier_ranking  # noqa: E402
from bot.text import normalize_user_text  # noqa: E402
from bot.tools.guide import load_guide  # noqa: E402


@dataclass
class Outcome:
    item: Dict
    intent: str
    decided: Optional[str]
    offered: List[str]
    bm25: Optional[str]
    seconds: float


class Bm25Baseline:
    """Top-1 service of a BM25 search over the guide's sections."""

    def __init__(self) -> None:
        import jieba
        from rank_bm25 import BM25Okapi

        jieba.setLogLevel(60)
        self._cut = lambda text: [w for w in jieba.lcut(text) if w.strip()]
        sections = load_guide()
        kb = get_knowledge_base()
        self._ids = [service.id for service in kb.services]
        documents = [
            section.title
            + (section.short_name or "")
            + "".join(line for lines in section.lines.values() for line in lines)
            for section in sections
        ]
        self._bm25 = BM25Okapi([self._cut(doc) for doc in documents])

    def top1(self, text: str) -> Optional[str]:
        scores = self._bm25.get_scores(self._cut(normalize_user_text(text)))
        best = max(range(len(scores)), key=lambda i: scores[i])
        return self._ids[best] if scores[best] > 0 else None


def train_model(out_dir: str) -> float:
    """Seconds to train from scratch: a new, empty training cache, everything trained."""
    started = time.perf_counter()
    subprocess.run(
        [str(ROOT / ".venv" / "bin" / "rasa"), "train", "--force", "--out", out_dir, "--fixed-model-name", "benchmark"],
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT), "RASA_CACHE_DIRECTORY": str(Path(out_dir) / "cache")},
    )
    return time.perf_counter() - started


def evaluate(model: Path, items: Sequence[Dict]) -> List[Outcome]:
    import logging

    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)  # no per-message debug lines
    logging.getLogger("rasa").setLevel(logging.WARNING)

    agent = Agent.load(str(model))
    resolver = get_resolver()
    baseline = Bm25Baseline()
    loop = asyncio.new_event_loop()
    loop.run_until_complete(agent.parse_message("你好"))  # warm up
    outcomes = []
    for item in items:
        started = time.perf_counter()
        parsed = loop.run_until_complete(agent.parse_message(item["text"]))
        seconds = time.perf_counter() - started
        mentions = entity_values(parsed.get("entities"), "service")
        chosen = choose_service(
            resolver.resolve(UserMessage.read(item["text"]), mentions, classifier_ranking(parsed)), current=None
        )
        decided = chosen.id if chosen is not None and not isinstance(chosen, list) else None
        offered = [s.id for s in chosen] if isinstance(chosen, list) else []
        outcomes.append(Outcome(item, parsed["intent"]["name"], decided, offered, baseline.top1(item["text"]), seconds))
    return outcomes


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(outcomes: Sequence[Outcome], training_seconds: Optional[float]) -> Dict[str, float]:
    total = len(outcomes)
    with_service = [o for o in outcomes if o.item.get("service")]
    out_of_scope = [o for o in outcomes if o.item["intent"] == "out_of_scope"]
    in_scope = [o for o in outcomes if o.item["intent"] != "out_of_scope"]
    top1 = sum(o.decided == o.item["service"] for o in with_service)
    clarified = sum(o.decided is None and o.item["service"] in o.offered for o in with_service)
    bm25 = sum(o.bm25 == o.item["service"] for o in with_service)
    figures = {
        "utterances": total,
        "intent_accuracy": sum(o.intent == o.item["intent"] for o in outcomes) / total,
        "service_top1": top1 / len(with_service),
        "service_clarified": clarified / len(with_service),
        "service_top1_or_clarified": (top1 + clarified) / len(with_service),
        "out_of_scope_recall": sum(o.intent == "out_of_scope" for o in out_of_scope) / len(out_of_scope),
        "in_scope_taken_as_out_of_scope": sum(o.intent == "out_of_scope" for o in in_scope) / len(in_scope),
        "bm25_service_top1": bm25 / len(with_service),
        "parse_p50_ms": 1000 * percentile([o.seconds for o in outcomes], 0.50),
        "parse_p95_ms": 1000 * percentile([o.seconds for o in outcomes], 0.95),
        "parse_p99_ms": 1000 * percentile([o.seconds for o in outcomes], 0.99),
    }
    errors = 1 - figures["service_top1"]
    bm25_errors = 1 - figures["bm25_service_top1"]
    figures["top1_error_vs_bm25"] = errors / bm25_errors if bm25_errors else float("inf")
    if training_seconds is not None:
        figures["training_seconds"] = training_seconds

    print(f"Held-out set: {total} hand-written utterances, {len(with_service)} naming a service")
    print(f"  intent accuracy                    {figures['intent_accuracy']:.1%}")
    print(f"  service top-1 (assistant)          {figures['service_top1']:.1%}")
    print(f"  correct clarifying question        {figures['service_clarified']:.1%}")
    print(f"  top-1 + correct clarification      {figures['service_top1_or_clarified']:.1%}")
    print(f"  service top-1 (BM25 over guide)    {figures['bm25_service_top1']:.1%}")
    print(f"  top-1 error, assistant / BM25      {figures['top1_error_vs_bm25']:.2f}")
    print(f"  out-of-scope recognised            {figures['out_of_scope_recall']:.1%} of {len(out_of_scope)}")
    print(f"  in-scope taken as out-of-scope     {figures['in_scope_taken_as_out_of_scope']:.1%}")
    print(
        f"  NLU parse latency p50/p95/p99      {figures['parse_p50_ms']:.1f} / "
        f"{figures['parse_p95_ms']:.1f} / {figures['parse_p99_ms']:.1f} ms"
    )
    if training_seconds is not None:
        print(f"  training from scratch              {training_seconds / 60:.1f} min")
    print("  by kind of utterance (intent / service top-1 where one is named):")
    for kind in sorted({o.item.get("kind", "-") for o in outcomes}):
        group = [o for o in outcomes if o.item.get("kind", "-") == kind]
        named = [o for o in group if o.item.get("service")]
        intents = sum(o.intent == o.item["intent"] for o in group) / len(group)
        services = f"{sum(o.decided == o.item['service'] for o in named) / len(named):.0%}" if named else "-"
        print(f"    {kind:<14} {len(group):>4}   {intents:.0%} / {services}")
    return figures


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "models" / "assistant.tar.gz")
    parser.add_argument("--train", action="store_true", help="train from scratch first and time it")
    parser.add_argument("--errors", action="store_true", help="list the utterances that went wrong")
    parser.add_argument("--utterances", type=Path, default=HELDOUT, help="another set in the same format")
    args = parser.parse_args(argv)
    if args.errors and args.utterances == HELDOUT:
        parser.error("--errors lists mistakes of a development set; the held-out set only gives figures")
    items = yaml.safe_load(args.utterances.read_text(encoding="utf-8"))
    training_seconds = None
    with tempfile.TemporaryDirectory() as tmp:
        model = args.model
        if args.train:
            training_seconds = train_model(tmp)
            model = Path(tmp) / "benchmark.tar.gz"
        outcomes = evaluate(model, items)
    report(outcomes, training_seconds)
    if args.errors:
        for o in outcomes:
            wrong_service = o.item.get("service") and o.decided != o.item["service"]
            if o.intent != o.item["intent"] or wrong_service:
                print(
                    f"- {o.item['text']} | intent {o.intent} (want {o.item['intent']}) | "
                    f"service {o.decided or o.offered} (want {o.item.get('service')})"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
