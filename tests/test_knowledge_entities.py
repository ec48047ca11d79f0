"""Entities found by the knowledge base's words: the same whatever the models learned."""

from __future__ import annotations

from bot.nlu.knowledge_entities import find_entities, vocabulary


def found(kb, text):
    return [(text[e["start"] : e["end"]], e["entity"], e["value"]) for e in find_entities(text, vocabulary(kb))]


def test_services_districts_and_cases_are_found_with_their_values(kb):
    assert found(kb, "我在北票,工伤认定去哪办") == [
        ("北票", "district", "北票市"),
        ("工伤认定", "service", "injury_identification"),
    ]
    assert found(kb, "我们家是低保户") == [("低保户", "case", "低保户")]


def test_a_longer_name_wins_over_words_inside_it(kb):
    text = "城镇职工基本养老保险关系转移接续申请—省内转入需要什么材料"
    assert found(kb, text)[0] == (text[:-6], "service", "pension_transfer_in_province")


def test_a_name_of_two_services_keeps_the_words(kb):
    title = "机关事业单位基本养老保险与城镇企业职工基本养老保险互转申请—转入"
    assert found(kb, title + "要什么") == [(title, "service", title)]
    assert len(kb.lookup(title)) == 2


def test_nothing_is_found_in_unrelated_text(kb):
    assert found(kb, "今天天气怎么样") == []
