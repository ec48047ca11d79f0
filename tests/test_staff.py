"""The staff console's parts without a browser: ranking with reasons, the full
card, and the hand-over queue read from a real SQL tracker store."""

from __future__ import annotations

import asyncio
from pathlib import Path

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.core.handoff_code import conversation_code
from bot.paths import ROOT
from bot.staff import queue
from bot.staff.card import card
from bot.staff.search import rank


def test_without_the_nlu_the_knowledge_base_is_still_searched(resolver):
    results = rank(resolver, "工伤认定在哪办", None)
    assert results[0].service_id == "injury_identification"
    assert results[0].reasons
    wording_only = rank(resolver, "职工受到事故伤害单位要申请认定", None)
    assert any(r.kind == "text" and r.reasons[0].startswith("办事指南原文") for r in wording_only)


def test_the_nlu_ranking_is_used_and_shown_as_a_reason(resolver):
    parsed = {"entities": [], "service_ranking": [{"service": "contribution_refund", "confidence": 0.9}]}
    best = rank(resolver, "钱交多了", parsed)[0]
    assert best.service_id == "contribution_refund"
    assert any("语义分类器" in reason for reason in best.reasons)


def test_the_card_expands_every_case_and_puts_the_district_office_first(kb):
    refund = kb.get("contribution_refund")
    full = card(refund, None)
    materials = next(p for p in full["parts"] if p["question"] == "materials")
    text = "\n".join(materials["lines"])
    assert all(m in text for o in refund.materials.cases.options for m in o.materials)
    assert full["materials_text"].startswith(refund.name)
    service = next(s for s in kb.services if len(s.offices) > 2 and s.has_district_offices)
    location = next(p for p in card(service, "北票市")["parts"] if p["question"] == "location")
    assert location["lines"][0].startswith("北票市")


def test_the_queue_lists_conversations_that_asked_for_a_person(tmp_path: Path):
    db = tmp_path / "conversations.db"
    store = SQLTrackerStore(Domain.from_path(ROOT / "domain.yml"), dialect="sqlite", db=str(db))
    asked = DialogueStateTracker.from_events(
        "citizen-1",
        [
            UserUttered("多缴的社保怎么退"),
            BotUttered("您申请退费是因为哪种情况？"),
            SlotSet("service", "contribution_refund"),
            UserUttered("转人工"),
            SlotSet("handoff", True),
        ],
    )
    other = DialogueStateTracker.from_events("citizen-2", [UserUttered("你好"), BotUttered("您好！")])
    asyncio.run(store.save(asked))
    asyncio.run(store.save(other))
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f'tracker_store:\n  type: {queue.PROJECT_STORE}\n  db: "{db}"\n', encoding="utf-8")
    found = queue.handoffs(sa.create_engine(queue.store_url(endpoints)))
    assert [h.sender_id for h in found] == ["citizen-1"]
    assert found[0].code == conversation_code("citizen-1")
    assert found[0].service == "contribution_refund"
    assert [t.text for t in found[0].transcript] == ["多缴的社保怎么退", "您申请退费是因为哪种情况？", "转人工"]


def test_an_empty_store_has_an_empty_queue(tmp_path: Path):
    assert queue.handoffs(sa.create_engine(f"sqlite:///{tmp_path / 'none.db'}")) == []
