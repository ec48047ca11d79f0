"""Case matching: every option is reachable by payload and by a description."""

from __future__ import annotations

import pytest

from bot.core.cases import match_case, ordinal, titled_case
from bot.core.details import ALL, NONE
from bot.core.dialogue import State, settle_case
from bot.core.knowledge import get_knowledge_base
from bot.core.message import UserMessage

KB = get_knowledge_base()
OPTIONS = [(s.id, o.id) for s in KB.case_services() for o in s.case_options]


@pytest.mark.parametrize("service_id,option_id", OPTIONS)
def test_every_option_is_reachable_by_its_button_payload(kb, service_id, option_id):
    service = kb.get(service_id)
    assert match_case(service, UserMessage.read(option_id)).value == option_id


@pytest.mark.parametrize("service_id,option_id", OPTIONS)
def test_every_option_is_reachable_by_its_own_title(kb, service_id, option_id):
    service = kb.get(service_id)
    option = next(o for o in service.case_options if o.id == option_id)
    matched = match_case(service, UserMessage.read(f"我是{option.button_title}的情况")).option
    # A branch title may be matched deeper only if the sub-case is named too.
    assert matched is not None and (matched.id == option_id or option.cases)


@pytest.mark.parametrize(
    "service_id,text,expected",
    [
        ("contribution_refund", "我是因为超过退休年龄还在交", "over_retirement_age"),
        ("contribution_refund", "在外市也交了一份", "in_province_duplicate"),
        ("contribution_refund", "找到工作了单位给交了,之前个体交的想退", "new_contract_flexible_paid"),
        ("pension_account_lump_sum", "是在职的时候因病去世的", "death_in_service"),
        ("pension_account_lump_sum", "他是灵活就业自己交的,在职期间去世", "flexible_illness"),
        ("pension_account_lump_sum", "上班期间因工去世", "employee_work_related"),
        ("pension_account_lump_sum", "我爸退休后去世了", "retiree_death"),
        ("pension_account_lump_sum", "我要出国定居了", "emigration"),
        ("injury_benefit_claim", "想领护理费", "nursing_fee"),
        ("injury_benefit_claim", "儿子工亡了 俺老两口没收入 一直靠他养活", "dependant_pension"),
        ("injury_benefit_claim", "工亡补助金咋领", "death_lump_sum"),
        ("dependant_relief_adjustment", "领他爸那份钱 满18给停了", "resume_after_18"),
        ("archive_inquiry", "查俺爸的 他退休好几年了", "others_file"),
        ("injury_identification", "上班路上出了车祸", "commuting_accident"),
        ("pension_eligibility_certification", "我住在国外", "living_abroad"),
        ("archive_inquiry", "帮去世的父亲查档案", "deceased_file"),
        ("archive_inquiry", "我替我妈去查她的退休档案 她本人不去", "others_file"),
        ("pension_transfer_in_province", "在沈阳上班交的养老 现在回朝阳了想自己接着交", "flexible"),
        ("injury_medical_expense_claim", "住院的费用", "inpatient"),
    ],
)
def test_free_text_descriptions(kb, service_id, text, expected):
    assert match_case(kb.get(service_id), UserMessage.read(text)).value == expected


def test_ambiguous_description_matches_nothing(kb):
    # 因病 fits both 灵活就业 and 企业职工: the assistant must ask, not guess.
    service = kb.get("pension_account_lump_sum")
    branch = service.materials.cases.options[0].cases
    assert match_case(service, UserMessage.read("因病"), asked=branch).option is None


def test_numbers_answer_the_question_asked(kb):
    service = kb.get("contribution_refund")
    asked = service.materials.cases
    assert match_case(service, UserMessage.read("3"), asked=asked).value == "over_retirement_age"
    assert match_case(service, UserMessage.read("第二个"), asked=asked).value == "out_of_province_transferred"
    assert match_case(service, UserMessage.read("3")).value is None  # unprompted, a number means nothing
    assert match_case(service, UserMessage.read("99"), asked=asked).value is None


def test_all_and_none(kb):
    assert match_case(kb.get("contribution_refund"), UserMessage.read("全部情况")).value == ALL
    identification = kb.get("injury_identification")
    assert match_case(identification, UserMessage.read("都不是"), asked=identification.materials.cases).value == NONE


@pytest.mark.parametrize(
    "text,number", [("2", 2), ("第三个", 3), ("选1", 1), ("第2项", 2), ("十", 10), ("两", 2), ("第二个吧", 2)]
)
def test_ordinals(text, number):
    assert ordinal(UserMessage.read(text)) == number


def test_ordinal_ignores_other_text():
    assert ordinal(UserMessage.read("工伤认定")) is None and ordinal(UserMessage.read("")) is None


def test_nested_choice_through_the_form(kb):
    state = State(service="pension_account_lump_sum", question="materials")
    step = settle_case(kb, state, "1")
    assert step == {"case": None, "case_branch": "death_in_service", "failed_attempts": 0}
    state.case_branch = "death_in_service"
    assert settle_case(kb, state, "企业职工因工死亡")["case"] == "employee_work_related"


def test_repeated_failures_end_with_every_case_listed(kb):
    state = State(service="contribution_refund", question="materials")
    first = settle_case(kb, state, "啊这")
    assert first == {"case": None, "failed_attempts": 1}
    state.failed_attempts = 2
    assert settle_case(kb, state, "不知道")["case"] == ALL


def _asked_for(service, option):
    """The case question an option answers (top level or nested)."""
    for cases in [service.materials.cases] + [o.cases for o in service.case_options if o.cases]:
        if option in cases.options:
            return cases
    raise AssertionError(option.id)


@pytest.mark.parametrize("service_id,option_id", OPTIONS)
def test_every_option_is_reachable_by_a_description_in_words(kb, service_id, option_id):
    """Some keyword of each option, said in a sentence, picks that option when
    its question is asked (and the branch or the option itself unprompted)."""
    service = kb.get(service_id)
    option = next(o for o in service.case_options if o.id == option_id)
    asked = _asked_for(service, option)
    described = [
        keyword
        for keyword in option.keywords
        if match_case(service, UserMessage.read(f"我这边是{keyword}的情况"), asked=asked).value == option_id
    ]
    assert described, f"no keyword of {service_id}/{option_id} picks it"


def test_a_reply_repeating_part_of_one_option_picks_it(kb):
    service = kb.get("injury_benefit_change")
    assert match_case(service, UserMessage.read("护理费"), asked=service.materials.cases).value == "grade_change"


def test_a_reply_repeating_words_of_several_options_picks_none(kb):
    service = kb.get("contribution_refund")
    assert match_case(service, UserMessage.read("缴费"), asked=service.materials.cases).value is None


def test_a_death_before_retirement_told_by_a_relative(kb):
    service = kb.get("pension_account_lump_sum")
    assert match_case(service, UserMessage.read("我爸去世了，他还在上班，要什么材料")).value == "death_in_service"


def test_a_reply_the_keywords_miss_is_read_by_the_case_classifier(kb):
    state = State(service="pension_account_lump_sum", question="materials")
    reading = [("pension_account_lump_sum", "retiree_death", 0.7), ("pension_account_lump_sum", "none", 0.1)]
    assert settle_case(kb, state, "人早就不上班了在家养老", cases=reading)["case"] == "retiree_death"
    assert settle_case(kb, state, "人早就不上班了在家养老")["case"] is None  # without it: asked again


def test_a_case_title_that_is_also_a_name_of_the_service_names_the_case(kb):
    claim = kb["injury_benefit_claim"]
    assert titled_case(claim, UserMessage.read("先说一次性伤残补助金")) == "disability_lump_sum"
    assert titled_case(claim, UserMessage.read("工伤待遇咋领")) is None


def test_words_a_case_is_not_are_no_case(kb):
    service = kb["retiree_payment_info_change"]
    assert match_case(service, UserMessage.read("哦不是换卡 是她改名了 身份证上名字变了")).value == "personal_details"
    assert match_case(service, UserMessage.read("是换卡 不是改名")).value == "payment_account"
    assert match_case(service, UserMessage.read("改名了 是不是得带户口本")).value == "personal_details"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("那边我一次补过四年 2018年补的", "after_2016_11_28"),
        ("以前一次性补过五年 15年补的", "before_2016_11_28"),
        ("单位当年一次给补了四年", "lump_sum_over_three_years"),  # the year is still to ask
        ("2016年补的 补了五年", "lump_sum_over_three_years"),  # 2016 lies on both sides of the day
        ("就补了两年", "no_lump_sum"),
        ("一次性补缴了两年", None),  # the words say one option, the number the other: ask
        ("交了十五年", None),  # years paid, not paid at once
    ],
)
def test_a_number_the_guide_sets_a_case_by_tells_the_case(kb, text, expected):
    service = kb["pension_transfer_in_interprovincial"]
    assert match_case(service, UserMessage.read(text)).value == expected
