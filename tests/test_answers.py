"""Structured answers and their rendering, straight from the knowledge base."""

from __future__ import annotations

import pytest

from bot.answers import ALL_CASES, ALL_DISTRICTS, QUESTION_TYPES, UnknownCase, answer, case_path
from bot.knowledge import get_knowledge_base
from bot.render import MAX_MESSAGE_CHARS, render_answer


def text_of(messages):
    return "\n".join(m["text"] for m in messages)


@pytest.mark.parametrize("question", QUESTION_TYPES)
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


def test_materials_with_cases_show_common_items_and_ask(kb):
    service = kb.get("contribution_refund")
    result = answer(service, "materials")
    assert result.follow_up.slot == "case"
    assert [c.value for c in result.follow_up.choices][:10] == [o.id for o in service.materials.cases.options]
    assert result.follow_up.choices[-1].value == ALL_CASES
    messages = render_answer(result)
    assert service.materials.common[0] in messages[0]["text"]
    assert len(messages[-1]["buttons"]) == 11


def test_a_case_adds_its_own_materials_to_the_common_ones(kb):
    service = kb.get("contribution_refund")
    text = text_of(render_answer(answer(service, "materials", case_id="imprisonment")))
    assert "判决书及释放证明复印件" in text
    assert service.materials.common[1] in text
    assert "退休审批表复印件" not in text  # another reason's material
    assert "服刑期间违规缴费" in text.splitlines()[0]  # the case is named in the title


def test_nested_case_asks_the_sub_question_then_lists_branch_items_after_the_leaf(kb):
    service = kb.get("pension_account_lump_sum")
    branch = answer(service, "materials", case_id="death_in_service")
    assert [c.value for c in branch.follow_up.choices][:3] == ["flexible_illness", "employee_illness", "employee_work_related"]
    leaf = text_of(render_answer(answer(service, "materials", case_id="employee_work_related")))
    assert leaf.index("工亡认定表复印件") < leaf.index("以上还需同时提供")
    assert "在职死亡 · 企业职工因工死亡" in leaf.splitlines()[0]


def test_all_cases_lists_every_case(kb):
    service = kb.get("injury_benefit_claim")
    text = text_of(render_answer(answer(service, "materials", case_id=ALL_CASES)))
    for option in service.case_options:
        assert option.label in text


def test_optional_cases_offer_none_of_these(kb):
    result = answer(kb.get("injury_identification"), "materials")
    assert [c.value for c in result.follow_up.choices][-2:] == ["none", ALL_CASES]
    done = answer(kb.get("injury_identification"), "materials", case_id="none")
    assert done.follow_up is None and "辅助材料" in text_of(render_answer(done))


def test_unknown_case_is_an_error(kb):
    with pytest.raises(UnknownCase):
        case_path(kb.get("contribution_refund"), "no_such_case")


def test_district_offices_ask_then_give_that_office(kb):
    service = kb.get("injury_identification")
    assert answer(service, "location").follow_up.slot == "district"
    text = text_of(render_answer(answer(service, "location", district="北票市")))
    assert "北票市309建材市场（4楼工伤保险股）" in text and "0421-5877883" in text
    assert "0421-6806049" not in text  # 凌源's office is not mixed in
    everywhere = text_of(render_answer(answer(service, "phone", district=ALL_DISTRICTS)))
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
    for question in QUESTION_TYPES:
        text = text_of(render_answer(answer(service, question, case_id=ALL_CASES)))
        assert "：：" not in text and ":：" not in text


def test_conditions_of_a_case(kb):
    service = kb.get("injury_benefit_claim")
    text = text_of(render_answer(answer(service, "conditions", case_id="nursing_fee")))
    assert "护理依赖程度鉴定级别" in text and "工亡认定书" not in text


def test_long_cards_are_split_between_sections(kb):
    messages = render_answer(answer(kb.get("injury_identification"), "materials", case_id=ALL_CASES))
    assert len(messages) > 1
    assert all(len(m["text"]) <= MAX_MESSAGE_CHARS for m in messages)
