"""Answer benchmark: detail questions and multi-question messages against the real servers.

    .venv/bin/python -m bench.answers [--dev [--errors]]

Sends each detail question (tests/heldout/detail_questions.yml) and each
multi-question message (tests/heldout/multi_questions.yml) in a conversation
of its own through the REST channel (where the assistant asks which service
a detail question is about and offers the expected one, the user clicks it),
and prints: the share of detail
questions answered by quoting the expected sentence of the guide, the share of
those the guide does not answer that were told so, the share of messages
whose every question was answered, and reply lengths. With --dev it plays the
development sets (bench/dev/details*.yml, bench/dev/multi_questions*.yml),
which may be tuned on, with the figures of each file too; --errors lists
their misses.
"""

from __future__ import annotations

import argparse
import sys
import uuid
from collections import defaultdict
from typing import Dict, List, Tuple

import yaml

from bench.scoring import answers_part, quotes_the_sentence, says_the_guide_is_silent, share
from bot.core.knowledge import get_knowledge_base
from bot.paths import ROOT
from bot.tools import heldout
from bot.tools.servers import Assistant, ensure_model, running_assistant

DEV = ROOT / "bench" / "dev"
LONG_REPLY = 500


def _load(pattern: str, key: str) -> List[Tuple[str, dict]]:
    """(file name, item) of every development file matching the pattern, in file-name order."""
    items: List[Tuple[str, dict]] = []
    for path in sorted(DEV.glob(pattern)):
        items += [(path.stem, item) for item in yaml.safe_load(path.read_text(encoding="utf-8"))[key]]
    return items


def ask(assistant: Assistant, text: str, service: str) -> List[Dict]:
    """The replies to a question; where the assistant asks which service is meant
    and offers the expected one, the user clicks it (one click, as a user would)."""
    sender = uuid.uuid4().hex
    replies = assistant.send(text, sender=sender)
    for reply in replies:
        for button in reply.get("buttons") or []:
            if f'"service":"{service}"' in str(button.get("payload")):
                return replies + assistant.send(str(button["payload"]), sender=sender)
    return replies


def run(dev: bool, errors: bool) -> int:
    kb = get_knowledge_base()
    if dev:
        details, multi = _load("details*.yml", "questions"), _load("multi_questions*.yml", "messages")
    else:
        details = [("detail_questions", item) for item in heldout.detail_questions()]
        multi = [("multi_questions", item) for item in heldout.multi_questions()]
    quoted: List[bool] = []
    silent: List[bool] = []
    complete: List[bool] = []
    parts: List[bool] = []
    by_file: Dict[str, List[bool]] = defaultdict(list)  # each file's items right or not
    lengths: List[int] = []
    ensure_model()
    with running_assistant() as assistant:
        for name, item in details:
            replies = ask(assistant, item["text"], item["service"])
            text = "\n".join(str(r.get("text") or "") for r in replies)
            lengths += [len(r.get("text") or "") for r in replies]
            right = quotes_the_sentence(text, item["sentence"]) if item["sentence"] else says_the_guide_is_silent(text)
            (quoted if item["sentence"] else silent).append(right)
            by_file[f"{name}, {'answered' if item['sentence'] else 'not answered'} by the guide"].append(right)
            if errors and not right:
                print(f"detail ✗ {item['text']} | expected {item['sentence']} | got {text[:160]!r}")
        for name, item in multi:
            replies = assistant.send(item["text"], sender=uuid.uuid4().hex)
            text = "\n".join(str(r.get("text") or "") for r in replies)
            lengths += [len(r.get("text") or "") for r in replies]
            answered = [answers_part(text, kb, part) for part in item["parts"]]
            parts += answered
            complete.append(all(answered))
            by_file[name].append(all(answered))
            if errors and not all(answered):
                missed = [p for p, a in zip(item["parts"], answered, strict=True) if not a]
                print(f"multi ✗ {item['text']} | missed {missed} | got {text[:160]!r}")
    source = "development sets" if dev else "held-out sets"
    print(f"Answer benchmark on the {source}")
    print(f"detail questions answered with the guide's sentence: {share(quoted)}")
    print(f"detail questions the guide does not answer, told so: {share(silent)}")
    print(f"multi-question messages with every question answered: {share(complete)}")
    print(f"  questions within them answered: {share(parts)}")
    print(f"replies: {len(lengths)}, over {LONG_REPLY} characters {share([n > LONG_REPLY for n in lengths])}")
    if dev:
        print("by file:")
        for name, results in sorted(by_file.items()):
            print(f"  {name}: {share(results)}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dev", action="store_true", help="the development sets instead of the held-out sets")
    parser.add_argument("--errors", action="store_true", help="list misses (development sets only)")
    args = parser.parse_args()
    if args.errors and not args.dev:
        parser.error("--errors lists misses of the development sets only; the held-out sets are never tuned on")
    return run(args.dev, args.errors)


if __name__ == "__main__":
    sys.exit(main())
