"""Structured answers and their rendering, straight from the knowledge base."""

from __future__ import annotations

import pytest

from bot.core import replies
from bot.core.answers import answer
from bot.core.details import ALL, NONE, UnknownCase, case_follow_up, case_path, needed_details, pending_cases
from bot.core.knowledge import get_knowledge_base
from bot.core.render import MAX_MESSAGE_CHARS, in_brief, render_answer
from bot.intents import QUESTION_KEYS


def text_of(messages):
    return "\n".join(m["text"] for m in messages)


@pytest.mark.parametrize("question", QUESTION_KEYS)
def test_every_question_type_answers_every_service(kb, question):
    for service in kb.services:
        messages = render_answer(answer(service, question))
        assert messages and all(m["text"] for m in messages)
        assert all(len(m["text"]) <= MAX_MESSAGE_CHARS or "\n" not in m["text"] for m in messages)


def test_materials_without_cases_list_every_item_and_note(kb):
    service = kb.get("construction_project_injury_registration")
    text = text_of(render_answer(answer(service, "materials")))
    for item in service.materials.common + service.materials.notes:
        assert item in text
    assert text.startswith("【所需材料】工程建设项目办理工伤保险参保登记")


def test_materials_with_cases_need_the_case_first(kb):
    service = kb.get("contribution_refund")
    assert needed_details(service, "materials") == ["case"]
    assert needed_details(service, "time_limit") == []
    follow_up = case_follow_up(pending_cases(service, None))
    assert follow_up.slot == "case"
    assert [c.value for c in follow_up.choices] == [o.id for o in service.materials.cases.options] + [ALL]


def test_a_case_adds_its_own_materials_to_the_common_ones(kb):
    service = kb.get("contribution_refund")
    text = text_of(render_answer(answer(service, "materials", case_id="imprisonment")))
    assert "判决书及释放证明复印件" in text
    assert service.materials.common[1] in text
    assert "退休审批表复印件" not in text  # another reason's material
    assert "服刑期间违规缴费" in text.splitlines()[0]  # the case is named in the title


def test_a_case_with_conditions_of_its_own_gives_them_with_its_materials(kb):
    service = kb.get("injury_benefit_claim")
    case = next(o for o in service.case_options if o.id == "medical_lump_sum")
    text = text_of(render_answer(answer(service, "materials", case_id="medical_lump_sum")))
    assert case.conditions[0] in text
    others = text_of(render_answer(answer(service, "materials", case_id="death_lump_sum")))
    assert case.conditions[0] not in others


def test_online_names_the_items_the_guide_keeps_to_the_window(kb):
    service = kb.get("employee_info_change")
    window = text_of(render_answer(answer(service, "online", case_id="first_insured_date")))
    assert "因补费变更的提供补费申请表原件和身份证复印件（仅窗口办）" in window
    assert "仅窗口办" not in text_of(render_answer(answer(service, "online", case_id="birth_date")))


def test_nested_case_asks_the_sub_question_then_lists_branch_items_after_the_leaf(kb):
    service = kb.get("pension_account_lump_sum")
    assert pending_cases(service, "death_in_service") is not None  # the branch asks again
    sub_question = case_follow_up(pending_cases(service, "death_in_service"))
    assert [c.value for c in sub_question.choices][:3] == [
        "flexible_illness",
        "employee_illness",
        "employee_work_related",
    ]
    leaf = text_of(render_answer(answer(service, "materials", case_id="employee_work_related")))
    assert leaf.index("工亡认定表复印件") < leaf.index("以上还需同时提供")
    assert "在职死亡 · 企业职工因工死亡" in leaf.splitlines()[0]


def test_all_cases_lists_every_case(kb):
    service = kb.get("injury_benefit_claim")
    text = text_of(render_answer(answer(service, "materials", case_id=ALL)))
    for option in service.case_options:
        assert option.label in text


def test_optional_cases_offer_none_of_these(kb):
    service = kb.get("injury_identification")
    assert [c.value for c in case_follow_up(pending_cases(service, None)).choices][-2:] == [NONE, ALL]
    assert pending_cases(service, NONE) is None
    assert "辅助材料" in text_of(render_answer(answer(service, "materials", case_id=NONE)))


def test_unknown_case_is_an_error(kb):
    with pytest.raises(UnknownCase):
        case_path(kb.get("contribution_refund"), "no_such_case")


def test_district_offices_ask_then_give_that_office(kb):
    service = kb.get("injury_identification")
    assert needed_details(service, "location") == ["district"]
    offices = {o.district: o for o in service.offices}
    text = text_of(render_answer(answer(service, "location", district="北票市")))
    assert offices["北票市"].address in text and offices["北票市"].phones[0] in text
    assert offices["凌源市"].phones[0] not in text  # another district's office is not mixed in
    everywhere = text_of(render_answer(answer(service, "phone", district=ALL)))
    assert all(o.phones[0] in everywhere for o in service.offices)


def test_phone_missing_from_the_guide_is_said_not_invented(kb):
    text = text_of(render_answer(answer(kb.get("enterprise_annuity_filing"), "phone")))
    assert "没有列出" in text and "0421" not in text


def test_time_limit_and_online(kb):
    assert "60日" in text_of(render_answer(answer(kb.get("injury_identification"), "time_limit")))
    online = text_of(render_answer(answer(kb.get("employer_deregistration"), "online")))
    assert "https://ggfw.lnrc.com.cn/ehrss/login/" in online
    offline = text_of(render_answer(answer(kb.get("pension_calculation"), "online")))
    assert "没有列出" in offline


def test_no_online_address_is_said_before_the_tips(kb):
    service = kb.get("injury_identification")
    text = text_of(render_answer(answer(service, "online")))
    assert text.index("没有列出") < text.index(service.tips[0])


@pytest.mark.parametrize("service", get_knowledge_base().services, ids=lambda s: s.id)
def test_headings_end_with_one_colon(service):
    for question in QUESTION_KEYS:
        text = text_of(render_answer(answer(service, question, case_id=ALL)))
        assert "：：" not in text and ":：" not in text


def test_conditions_of_a_case(kb):
    service = kb.get("injury_benefit_claim")
    text = text_of(render_answer(answer(service, "conditions", case_id="nursing_fee")))
    assert "护理依赖程度鉴定级别" in text and "工亡认定书" not in text


def test_long_cards_are_split_between_sections(kb):
    messages = render_answer(answer(kb.get("injury_identification"), "materials", case_id=ALL))
    assert len(messages) > 1
    assert all(len(m["text"]) <= MAX_MESSAGE_CHARS for m in messages)


def test_an_overview_gives_long_conditions_in_brief_with_the_full_text_a_tap_away(kb):
    service = kb["injury_identification"]
    messages = render_answer(answer(service, "overview"))
    text = text_of(messages)
    first = service.conditions[0].split("。")[0].split("；")[0].rstrip("，,")
    assert first in text and service.conditions[-1] not in text
    titles = [b["title"] for b in messages[-1]["buttons"]]
    assert "受理条件原文" in titles and "其他地区" in titles


def test_an_overview_shows_the_office_of_the_district_told(kb):
    service = kb["injury_identification"]
    text = text_of(render_answer(answer(service, "overview", district="凌源市")))
    assert "凌源市" in text and sum(o.district in text for o in service.offices if o.district) == 1


def test_in_full_nothing_is_shortened(kb):
    service = kb["injury_identification"]
    text = text_of(render_answer(answer(service, "overview", full=True)))
    assert service.conditions[-1] in text and all(o.address in text for o in service.offices)


def test_in_brief_the_first_message_and_the_way_to_the_rest(kb):
    messages = render_answer(answer(kb["injury_identification"], "overview"))
    brief = in_brief(messages)
    assert len(brief) == 1 and brief[0]["text"] == messages[0]["text"]
    assert [b["title"] for b in brief[0]["buttons"]][-1] == "详细说说"


def test_the_case_question_refers_to_items_above_only_when_they_are_shown(kb):
    service = kb["resident_pension_enrollment"]
    assert "上面" in replies.ask_case(service, service.materials.cases, False)["text"]
    bare = service.copy(update={"materials": service.materials.copy(update={"common": []})})
    text = replies.ask_case(bare, bare.materials.cases, False)["text"]
    assert "上面" not in text and "属于的还需提供相应证明" in text
