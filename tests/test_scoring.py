"""The conversation benchmark's scoring rules."""

from __future__ import annotations

from bench.scoring import Observed, answers_part, invented_facts, says_the_guide_is_silent, score
from bot.core import wording


def observed(intent="ask_materials", replies=(), **slots):
    return Observed(slots=slots, intent=intent, replies=list(replies))


def test_service_and_stated_case_must_both_be_right(kb):
    expect = {"service": "pension_account_lump_sum", "case": "death_in_service/employee_illness", "ask": "materials"}
    right = observed(service="pension_account_lump_sum", case="employee_illness", question="materials")
    assert score(kb, expect, right).right and score(kb, expect, right).question_right
    asked_again = observed(service="pension_account_lump_sum", question="materials", requested_slot="case")
    result = score(kb, expect, asked_again)
    assert not result.right and result.case_stated and result.case_asked_again
    overview = observed(service="pension_account_lump_sum", case="employee_illness", question="overview")
    assert score(kb, expect, overview).right and not score(kb, expect, overview).question_right


def test_the_sub_question_of_a_stated_branch_is_no_case_asked_again(kb):
    expect = {"service": "pension_account_lump_sum", "case": "death_in_service", "ask": "materials"}
    sub_question = observed(
        service="pension_account_lump_sum", case_branch="death_in_service", question="materials", requested_slot="case"
    )
    result = score(kb, expect, sub_question)
    assert result.right and result.case_stated and not result.case_asked_again
    leaf = {**expect, "case": "death_in_service/employee_illness"}
    assert score(kb, leaf, sub_question).case_asked_again


def test_no_case_stated_means_ask_not_guess(kb):
    expect = {"service": "contribution_refund", "ask": "materials"}
    assert score(kb, expect, observed(service="contribution_refund", requested_slot="case")).right
    assert not score(kb, expect, observed(service="contribution_refund", case="imprisonment")).right
    assert not score(kb, expect, observed(service="contribution_refund", question="materials")).right


def test_conditions_need_no_case_but_take_no_guess(kb):
    expect = {"service": "contribution_refund", "ask": "conditions"}
    answered = observed(service="contribution_refund", question="conditions")
    assert score(kb, expect, answered).right
    guessed = observed(service="contribution_refund", question="conditions", case="imprisonment")
    assert not score(kb, expect, guessed).right


def test_a_clarifying_question_must_offer_the_candidates(kb):
    expect = {"candidates": ["pension_transfer_in_province", "pension_transfer_out_interprovincial"]}
    buttons = [{"title": "x", "payload": '/choose{"service":"pension_transfer_in_province"}'}]
    offered = observed(
        offered_services=["pension_transfer_out_interprovincial"], replies=[{"text": "", "buttons": buttons}]
    )
    assert score(kb, expect, offered).right
    assert not score(kb, expect, observed(service="pension_transfer_in_province")).right


def test_out_of_scope_is_read_so_or_told_that_the_guide_has_no_such_service(kb):
    expect = {"ask": "out_of_scope"}
    assert score(kb, expect, observed(intent="out_of_scope")).right
    not_found = [{"text": wording.NOT_FOUND + "\n您可以换个说法"}]
    assert score(kb, expect, observed(replies=not_found, requested_slot="service")).right
    assert not score(kb, expect, observed(service="flexible_employment_enrollment", question="materials")).right
    assert not score(kb, expect, observed(replies=[{"text": "您问的是下面哪一项业务？"}])).right


def test_facts_not_in_the_guide_are_found(kb):
    guide = "电话：0421-2638875 网址：https；//ggfw.lnrc.com.cn/ehrss/login/"
    assert invented_facts("请拨打0421-2638875，或上 https://ggfw.lnrc.com.cn/ehrss/login/", guide) == []
    assert invented_facts("请拨打0421-1234567", guide) == ["0421-1234567"]
    assert invented_facts("清单：http://127.0.0.1:5/checklist/x", guide, own_url="http://127.0.0.1:5") == []
    assert invented_facts("清单：http://127.0.0.1:5/checklist/x", guide) == ["http://127.0.0.1:5/checklist/x"]
    assert invented_facts("https://example.cn/x", guide) == ["https://example.cn/x"]


def test_optional_cases_need_no_question(kb):
    expect = {"service": "injury_identification", "ask": "materials"}
    assert score(kb, expect, observed(service="injury_identification", question="materials")).right


def test_a_part_is_answered_by_its_card_or_the_question_it_waits_for(kb):
    service = kb.get("injury_identification")
    where = {"service": service.id, "ask": "location"}
    district_asked = f"“{service.name}”\n{wording.WHICH_DISTRICT}\n1. 市本级"
    assert answers_part(f"【办理地点】{service.name}\n…", kb, where)
    assert answers_part(district_asked, kb, where)
    # Asking the district does not answer how long it takes.
    assert not answers_part(district_asked, kb, {"service": service.id, "ask": "time_limit"})
    assert not answers_part(f"【办理地点】{service.name}", kb, {"service": "employee_enrollment", "ask": "location"})


def test_a_detail_of_a_message_is_answered_by_the_guide_or_its_silence(kb):
    service, other = kb["normal_retirement"], kb["employee_enrollment"]
    detail = {"service": service.id, "ask": "detail"}
    quoted = wording.GUIDE_SAYS.format(service=service.name) + wording.QUOTE.format(sentence="…")
    assert answers_part(quoted, kb, detail)
    assert answers_part(wording.GUIDE_SILENT.format(service=service.name), kb, detail)
    assert not answers_part(wording.GUIDE_SAYS.format(service=other.name), kb, detail)
    assert not answers_part(f"【所需材料】{service.name}", kb, detail)


def test_the_guide_is_silent_when_it_says_so_and_quotes_nothing(kb):
    service = kb["normal_retirement"]
    assert says_the_guide_is_silent(wording.GUIDE_SILENT.format(service=service.name))
    assert says_the_guide_is_silent(wording.GUIDE_SILENT_ANYWHERE)
    quoted = wording.GUIDE_SILENT_ANYWHERE + wording.QUOTE.format(sentence="…")
    assert not says_the_guide_is_silent(quoted)
    assert not says_the_guide_is_silent(wording.NOT_UNDERSTOOD)
