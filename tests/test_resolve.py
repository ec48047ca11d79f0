"""Layered service resolution: names, NLU mentions, similarity with pinyin."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    "text,expected",
    [
        ("企业社会保险登记需要什么材料", "enterprise_registration"),
        ("企业社保登记", "enterprise_registration"),  # 简称
        ("多交了社保怎么办", "contribution_refund"),  # alias
        ("工伤认定多久能办好", "injury_identification"),
        ("機關事業單位社會保險登記要什麼材料", "institution_registration"),  # traditional
        ("ＡＢＣ企业社保登记！！", "enterprise_registration"),  # full-width
    ],
)
def test_names_and_aliases(resolver, text, expected):
    resolution = resolver.resolve(text)
    assert resolution.decided.id == expected
    assert resolution.best.source == "name"


def test_a_long_name_wins_over_an_alias_inside_it(resolver):
    # "社会保险登记" is an alias of 企业社会保险登记 but sits inside this name.
    assert resolver.resolve("机关事业单位社会保险登记").decided.id == "institution_registration"


def test_two_services_named_asks(resolver):
    resolution = resolver.resolve("机关事业单位基本养老保险与城镇企业职工基本养老保险互转申请—转入")
    assert resolution.decided is None and resolution.ambiguous
    assert {s.id for s in resolution.top()} == {
        "institution_to_enterprise_pension_transfer",
        "institution_enterprise_transfer_in",
    }


def test_nlu_mentions_are_used_when_the_text_names_nothing(resolver):
    resolution = resolver.resolve("这个要多久", mentions=["injury_identification"])
    assert resolution.decided.id == "injury_identification" and resolution.best.source == "mention"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("社宝转到外省要啥材科", "pension_transfer_out_interprovincial"),  # homophone typos
        ("公伤认定要什么", "injury_identification"),
    ],
)
def test_homophone_typos(resolver, text, expected):
    resolution = resolver.resolve(text)
    assert resolution.decided is not None and resolution.decided.id == expected
    assert resolution.best.source == "similarity"


def test_scores_are_ranked(resolver):
    resolution = resolver.resolve("社保转移")
    scores = [c.score for c in resolution.candidates]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.parametrize("text", ["今天天气怎么样", "", "😀😀", "<script>alert(1)</script>", "x" * 5000])
def test_nothing_found_for_unrelated_or_bad_input(resolver, text):
    assert resolver.resolve(text).decided is None
