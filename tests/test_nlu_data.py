"""Training data: generated files current, entities aligned, text normalised, synonyms unique."""

from __future__ import annotations

import re
import subprocess
from collections import defaultdict

import pytest
import yaml

from bot.nlu_yaml import block_examples
from bot.paths import ROOT  # noqa: E402
from bot.text import normalize_user_text
from bot.tools import heldout as heldout_sets
from bot.tools import nlu_data
from bot.tools.tokens import misaligned

NLU_FILES = sorted((ROOT / "data" / "nlu").glob("*.yml"))
HELDOUT = ROOT / "tests" / "heldout" / "nlu_heldout.yml"
ANNOTATION = re.compile(r'\[([^\]]+)\](?:\((\w+)\)|\{"entity": "(\w+)"(?:, "value": "([^"]+)")?\})')


def examples():
    """(file, intent, example markup) of every training example, in either YAML form."""
    for path in NLU_FILES:
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
            if "intent" not in block:
                continue  # regex cues
            for text in block_examples(block):
                yield path.name, block["intent"], text


def parse(example):
    """Plain text, entity spans and (text, entity, value) annotations of one example."""
    plain, spans, annotations, position = "", [], [], 0
    for match in ANNOTATION.finditer(example):
        plain += example[position : match.start()]
        start = len(plain)
        plain += match.group(1)
        spans.append((start, len(plain)))
        annotations.append((match.group(1), match.group(2) or match.group(3), match.group(4)))
        position = match.end()
    return plain + example[position:], spans, annotations


def test_generated_files_are_current(kb):
    stale = nlu_data.stale_files(kb)
    assert not stale, f"run `python -m bot.tools.nlu_data`: {stale}"


def test_every_entity_starts_and_ends_on_a_token():
    bad = [(f, e) for f, _, e in examples() if misaligned(*parse(e)[:2])]
    assert not bad, bad


def test_training_text_is_written_as_the_normaliser_presents_it():
    bad = [(f, e) for f, _, e in examples() if normalize_user_text(parse(e)[0]) != parse(e)[0]]
    assert not bad, bad


def test_no_word_is_a_synonym_of_two_values_or_two_entity_types():
    types, values = defaultdict(set), defaultdict(set)
    for _, _, example in examples():
        for text, entity, value in parse(example)[2]:
            types[text].add(entity)
            if value:
                values[text].add(value)
    assert not {t: v for t, v in values.items() if len(v) > 1}
    assert not {t: types[t] for t in values if len(types[t]) > 1}


def test_every_service_is_in_the_training_data(kb):
    values = {a[2] for _, _, e in examples() for a in parse(e)[2] if a[1] == "service"}
    assert {s.id for s in kb.services if len(kb.lookup(s.name)) == 1} <= values


def test_held_out_utterances_are_never_trained_on():
    heldout = {normalize_user_text(text) for text in heldout_sets.every_text()}
    assert len(heldout) > 1000
    trained = {parse(e)[0] for _, _, e in examples()}
    # Replies of up to five characters ("谢谢", "第2个", "打哪个电话") are bound to coincide.
    assert not {text for text in heldout & trained if len(text) > 5}


def test_held_out_set_covers_every_service_twice(kb):
    items = yaml.safe_load(HELDOUT.read_text(encoding="utf-8"))
    assert len(items) >= 300
    counts = defaultdict(int)
    for item in items:
        if item.get("service"):
            counts[item["service"]] += 1
    assert all(counts[s.id] >= 2 for s in kb.services)


def test_jieba_dictionary_keeps_names_whole():
    from bot.tools.tokens import token_spans

    assert token_spans("灵活就业参保登记要什么材料")[0] == (0, 8)


@pytest.mark.slow
def test_rasa_data_validate_reports_no_errors_or_warnings():
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "rasa"), "data", "validate", "--fail-on-warnings"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
