"""Reading the held-out sets (tests/heldout/): measured on, never trained on."""

from __future__ import annotations

from pathlib import Path
from typing import Dict, Iterator, List

import yaml

from bot.paths import ROOT

HELDOUT_DIR = ROOT / "tests" / "heldout"
SITUATIONS_DIR = HELDOUT_DIR / "situations"


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def situation_sets(directory: Path = SITUATIONS_DIR) -> Dict[str, dict]:
    """Each voice's singles and conversations, by file name (elderly_bereaved, …)."""
    return {path.stem: _load(path) for path in sorted(directory.glob("*.yml"))}


def detail_questions() -> List[dict]:
    return _load(HELDOUT_DIR / "detail_questions.yml")["questions"]


def multi_questions() -> List[dict]:
    return _load(HELDOUT_DIR / "multi_questions.yml")["messages"]


def first_set() -> List[dict]:
    return _load(HELDOUT_DIR / "nlu_heldout.yml")


def every_text() -> Iterator[str]:
    """Every user text of every held-out set."""
    yield from (item["text"] for item in first_set())
    for data in situation_sets().values():
        yield from (item["text"] for item in data["singles"])
        yield from (turn["text"] for c in data["conversations"] for turn in c["turns"])
    yield from (item["text"] for item in detail_questions())
    yield from (item["text"] for item in multi_questions())
