"""The intents YAML must list are the ones the registry (bot/intents.py) derives."""

from __future__ import annotations

import pytest
import yaml

from bot import intents
from bot.paths import DATA_DIR, ROOT
from bot.tools.nlu_data import QUESTION_TEMPLATES


def _domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def _not_intent(slot: str) -> set:
    mappings = _domain()["slots"][slot]["mappings"]
    return {i for m in mappings for i in m.get("not_intent") or []}


def _rule_intents(rule_name: str) -> set:
    rules = yaml.safe_load((DATA_DIR / "rules" / "questions.yml").read_text(encoding="utf-8"))["rules"]
    rule = next(r for r in rules if r["rule"] == rule_name)
    return {step["intent"] for step in rule["steps"][0]["or"]}


def intent_mismatches(domain: dict) -> set:
    """Intents listed on only one side: domain.yml or the registry."""
    return set(domain["intents"]) ^ set(intents.ALL_INTENTS)


def test_domain_intents_are_the_registry():
    assert intent_mismatches(_domain()) == set()


@pytest.mark.parametrize(
    "slot, expected",
    [
        ("service", intents.NOT_A_SERVICE),
        ("case", intents.NOT_A_CASE_OR_DISTRICT),
        ("district", intents.NOT_A_CASE_OR_DISTRICT),
    ],
)
def test_form_replies_exclude_the_registry_lists(slot, expected):
    assert _not_intent(slot) == set(expected)


def test_rules_start_the_form_with_the_registry_intents():
    assert _rule_intents("a question starts the details form") == set(intents.STARTS_THE_FORM)
    assert _rule_intents("a new question while the form waits is read, then the form goes on") == set(
        intents.RESTARTS_THE_FORM
    )


def test_every_question_has_templates_and_a_cue():
    cues = yaml.safe_load((DATA_DIR / "nlu" / "cues.yml").read_text(encoding="utf-8"))["nlu"]
    assert set(QUESTION_TEMPLATES) == set(intents.QUESTION_INTENTS)
    assert {q.cue for q in intents.QUESTION_TYPES} <= {block["regex"] for block in cues}


def test_an_intent_on_one_side_only_is_caught(monkeypatch):
    domain = _domain()
    assert intent_mismatches({**domain, "intents": domain["intents"] + ["ask_fees"]}) == {"ask_fees"}
    monkeypatch.setattr(intents, "ALL_INTENTS", (*intents.ALL_INTENTS, "ask_opening_hours"))
    assert intent_mismatches(domain) == {"ask_opening_hours"}
