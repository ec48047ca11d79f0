"""Layered service resolution: names, NLU mentions, similarity with pinyin."""

from __future__ import annotations

import pytest

from bot.core.message import UserMessage


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
    resolution = resolver.resolve(UserMessage.read(text))
    assert resolution.decided.id == expected
    assert resolution.best.source == "name"


def test_a_sure_classifier_outweighs_a_name_that_is_only_part_of_the_message(resolver):
    text = "辅助器具配置的费用报销要带什么票据"  # names 辅助器具配置, asks about the expense claim
    assert resolver.resolve(UserMessage.read(text)).decided.id == "assistive_device_fitting"
    ranking = [("assistive_device_expense_claim", 0.97), ("assistive_device_fitting", 0.01)]
    assert resolver.resolve(UserMessage.read(text), ranking=ranking).decided.id == "assistive_device_expense_claim"


def test_an_unsure_classifier_is_backed_up_by_a_name(resolver):
    ranking = [("work_capacity_assessment", 0.4), ("work_capacity_reassessment", 0.35)]
    resolution = resolver.resolve(UserMessage.read("劳动能力复查鉴定要什么"), ranking=ranking)
    assert resolution.decided.id == "work_capacity_reassessment"


def test_a_long_name_wins_over_an_alias_inside_it(resolver):
    # "社会保险登记" is an alias of 企业社会保险登记 but sits inside this name.
    assert resolver.resolve(UserMessage.read("机关事业单位社会保险登记")).decided.id == "institution_registration"


def test_two_services_named_asks(resolver):
    resolution = resolver.resolve(UserMessage.read("机关事业单位基本养老保险与城镇企业职工基本养老保险互转申请—转入"))
    assert resolution.decided is None and len(resolution.candidates) > 1
    assert {s.id for s in resolution.top()} == {
        "institution_to_enterprise_pension_transfer",
        "institution_enterprise_transfer_in",
    }


def test_nlu_mentions_are_used_when_the_text_names_nothing(resolver):
    resolution = resolver.resolve(UserMessage.read("这个要多久"), mentions=["injury_identification"])
    assert resolution.decided.id == "injury_identification" and resolution.best.source == "mention"


def test_a_sure_classifier_decides_a_situation(resolver):
    ranking = [("employer_info_change", 0.9), ("enterprise_registration", 0.03)]
    resolution = resolver.resolve(UserMessage.read("公司搬家了,办公地址和开户行都变了,社保这边怎么改"), ranking=ranking)
    assert resolution.decided.id == "employer_info_change" and resolution.best.source == "classifier"


def test_close_classifier_readings_ask(resolver):
    ranking = [("resident_pension_enrollment", 0.4), ("resident_pension_transfer", 0.38)]
    resolution = resolver.resolve(UserMessage.read("村里的养老保险"), ranking=ranking)
    assert resolution.decided is None and len(resolution.candidates) > 1
    assert {s.id for s in resolution.top()[:2]} == {"resident_pension_enrollment", "resident_pension_transfer"}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("社宝转到外省要啥材科", "pension_transfer_out_interprovincial"),  # homophone typos
        ("公伤认定要什么", "injury_identification"),
    ],
)
def test_homophone_typos(resolver, text, expected):
    assert resolver.by_similarity(UserMessage.read(text).key)[0].service.id == expected


@pytest.mark.parametrize(
    "text,expected",
    [
        ("gongshang rending yao sha cailiao", "injury_identification"),  # pinyin typed for want of characters
        ("linghuo jiuye canbao 要带啥", "flexible_employment_enrollment"),
    ],
)
def test_pinyin_written_in_latin_letters(resolver, text, expected):
    assert resolver.resolve(UserMessage.read(text)).decided.id == expected


@pytest.mark.parametrize("text", ["今天天气怎么样", "", "😀😀", "<script>alert(1)</script>", "x" * 5000])
def test_nothing_found_for_unrelated_or_bad_input(resolver, text):
    assert resolver.resolve(UserMessage.read(text)).decided is None


def test_services_named_in_the_message_are_offered_even_if_the_classifier_prefers_another(resolver):
    title = "机关事业单位基本养老保险与城镇企业职工基本养老保险互转申请—转入"
    ranking = [("institution_enterprise_transfer_out", 0.6), ("institution_enterprise_transfer_in", 0.3)]
    resolution = resolver.resolve(UserMessage.read(title), ranking=ranking)
    offered = {s.id for s in resolution.top()}
    assert {"institution_to_enterprise_pension_transfer", "institution_enterprise_transfer_in"} <= offered


def test_a_name_followed_by_书_is_a_paper_not_the_service(resolver):
    papers = resolver.papers_in(UserMessage.read("工伤认定书丢了").key)
    assert [s.id for s in papers] == ["injury_identification"]
    assert "injury_identification" not in [s.id for s in resolver.by_name(UserMessage.read("工伤认定书丢了").key)]
    assert resolver.papers_in(UserMessage.read("工伤认定书丢了 工伤认定申请要啥").key) == []


def test_a_case_word_that_only_says_how_it_is_done_names_no_service(resolver):
    # 网上申请 tells a case of 跨省转入 apart, but anyone asks it of any service.
    for text in ("网上申报是哪个网址", "能不能在网上申报"):
        found = [c.service.id for c in resolver.by_similarity(UserMessage.read(text).key)]
        assert "pension_transfer_in_interprovincial" not in found, text
