"""Families and life events: validated against the knowledge base, and read from messages."""

from __future__ import annotations

import pytest
import yaml

from bot.core.journeys import (
    JOURNEYS_PATH,
    Journeys,
    event_case,
    family_move,
    family_pick,
    find_life_event,
    get_journeys,
    like_current,
    situation_case,
    unclear_family,
    validate,
    words_alone_tell,
)
from bot.core.message import UserMessage

_INSTITUTION_TURNED_FIRM = "哎不对 他那厂子原来是事业单位 后来改的企业 他是按事业单位退的"


def raw():
    return yaml.safe_load(JOURNEYS_PATH.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "current, text, expected",
    [
        ("pension_transfer_out_interprovincial", "那转入这边要什么", "pension_transfer_in_interprovincial"),
        ("assistive_device_fitting", "配好了钱怎么报", "assistive_device_expense_claim"),
        ("injury_rehabilitation_confirmation", "康复期不够要延长呢", "injury_rehabilitation_extension"),
        ("resident_pension_enrollment", "不想交了能退保吗", "resident_pension_cancellation"),
        ("resident_funeral_grant", "她那农保户头还用销不", "resident_pension_cancellation"),
        ("flexible_employment_enrollment", "交上以后 我要不想交了 能停不", "flexible_employee_info_change"),
        ("flexible_employee_info_change", "停了以后还想接着交 咋办", "flexible_employment_enrollment"),
        ("injury_benefit_claim", "他那伤残津贴咋停", "injury_benefit_change"),
        ("resident_funeral_grant", "她那养老保险是不是还得销了", "resident_pension_cancellation"),
        ("flexible_employment_enrollment", "在哪交", None),
        ("injury_identification", "要多久", None),  # a bare follow-up stays
        ("pension_transfer_in_interprovincial", "转入要带啥", None),  # its own word
        ("pension_resumption", "俺爸退休金停了 说是没认证 咋恢复", "pension_eligibility_certification"),
        ("pension_eligibility_certification", "俺哥前两年进去了给停了 现在放出来了 咋恢复", "pension_resumption"),
        ("pension_resumption", "俺闺女领她爸的遗属钱 满18给停了 还念书呢 咋接着领", None),  # 停了 is the story
        ("injury_medical_filing", "咱这医院治不了 说得转到沈阳去", "injury_referral_filing"),
        ("injury_identification", "工人受伤40多天了 当时没及时报 还能申请不", "injury_identification_extension"),
        ("injury_identification", "出事都四十来天了 单位还没报 咋整", "injury_identification_extension"),
        ("pension_suspension", "他进去后还领了半年钱 这得退吧 咋处理", "prison_pension_recovery"),
        ("pension_suspension", "他还领了半年钱 这得退吧", None),  # no sentence served: not the prison family
        ("prison_pension_recovery", "等他出来了 还能接着领不", "pension_resumption"),
        ("enterprise_to_institution_pension_transfer", "现在是事业单位这边接收", "institution_enterprise_transfer_in"),
        (
            "institution_enterprise_transfer_in",
            "不对 企业那边还没办 得先把企业的转出来",
            "enterprise_to_institution_pension_transfer",
        ),
        ("pension_account_lump_sum", "他死了以后物业又给他交了两个月 那钱能退不", "contribution_refund"),
        ("contribution_refund", "人没了 他个人账户那块咋领", "pension_account_lump_sum"),
        ("pension_account_lump_sum", "交重了能退不", None),  # outside a death, no word of the account
        ("pension_account_lump_sum", _INSTITUTION_TURNED_FIRM, "converted_institution_funeral_pension"),
        ("pension_suspension", _INSTITUTION_TURNED_FIRM, "converted_institution_funeral_pension"),
        ("pension_account_lump_sum", "他是改制企业退休的", None),  # a firm converted long ago is a firm
        ("assistive_device_replacement", "那假肢坏了 也在大连换行不", "assistive_device_remote_fitting"),
        ("pension_transfer_in_province", "那俺姐要从这边转到北京去呢", "pension_transfer_out_interprovincial"),
        ("flexible_employment_enrollment", "以前在赤峰交过几年 咋能接到这边来", "pension_transfer_in_interprovincial"),
        ("flexible_employment_enrollment", "以前在锦州交过两年 能接上不", "pension_transfer_in_province"),
        ("flexible_employment_enrollment", "沈阳那边的明细咋弄", None),  # nothing to move in
        ("pension_account_lump_sum", "人没了 单位这边咋停保", "contributor_change_declaration"),
        ("converted_institution_funeral_pension", "我爸人没了 那退休金也得停吧 咋办", "pension_suspension"),
        (
            "military_pension_transfer_in",
            "我媳妇是随军的 一直没上班 她的也得转回来",
            "military_spouse_pension_transfer_in",
        ),
    ],
)
def test_a_word_of_a_sibling_moves_there(current, text, expected):
    assert family_move(get_journeys(), current, UserMessage.read(text)) == expected


def test_a_familys_situation_gives_its_member_a_case():
    money_back = UserMessage.read("要是不补了 把账户里的钱退给俺呢")
    short = UserMessage.read("灵活就业交了十二年 今年到岁数了 不够15年咋整")
    journeys = get_journeys()
    assert situation_case(journeys, "pension_account_lump_sum", money_back) is None  # no situation told
    assert situation_case(journeys, "pension_account_lump_sum", money_back, [short]) == "insufficient_contribution"


def test_a_life_event_told_gives_its_step_of_one_case_that_case():
    journeys = get_journeys()
    death = [UserMessage.read("老伴上个月走了")]
    archive = UserMessage.read("俺还想查查他的档案")
    assert event_case(journeys, "archive_inquiry", archive, death) == "deceased_file"
    assert event_case(journeys, "archive_inquiry", archive) is None  # no death told
    # Two cases in the event (在职死亡, 退休人员死亡): the case is still asked.
    assert event_case(journeys, "pension_account_lump_sum", UserMessage.read("个人账户咋领"), death) is None


def test_a_situation_told_earlier_in_the_conversation_still_holds():
    correction = UserMessage.read("说错了 她是在城里自己交的灵活就业 还没到岁数呢")
    death = UserMessage.read("俺二姑上礼拜没了 能领点啥")
    assert family_move(get_journeys(), "resident_funeral_grant", correction) is None  # no death told
    assert family_move(get_journeys(), "resident_funeral_grant", correction, [death]) == "pension_account_lump_sum"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("母亲过世了，社保这边有哪些手续", "death"),
        ("我快退休了都要办什么", "retirement"),
        ("我下个月就满60了 退休都得办啥", "retirement"),
        ("公司刚成立社保要办什么", "company_start"),
        ("俺爹走了 丧葬费咋领", None),  # one service asked, not the whole event
        ("工伤认定要什么材料", None),
        # What to do first after an accident: the steps of the event, in order.
        ("厂里一个工人干活让叉车挤了腿 单位这边先得干啥", "work_injury"),
        ("万一干活当中有人伤了 俺们先得干啥", "work_injury"),
        ("工伤认定先得干啥", None),  # no accident told: one service
        ("俺老伴是在单位干活出事没的 社保这块都要跑哪些事", "death"),
        ("厂子干不下去要关了 社保这摊子咋收尾", "company_close"),
        # A word it denies tells no event: the death is asked about.
        ("俺男人交的个体的 没到退休就没了 俺得上社保办哪些事", "death"),
        ("俺没到退休 社保这块都有哪些事", None),
        ("车间工人手让冲床压了 单位要走哪些流程", "work_injury"),
        ("刚开了个小加工厂 社保这块得办哪些", "company_start"),
        ("厂里工人上个月没的 单位得给他办啥", "death"),
        ("俺快退休了 都要准备啥 外地还有一段养老没转回来", "retirement"),
        ("办退休都要准备啥材料", None),  # the materials of one service
    ],
)
def test_life_events_are_asked_as_a_whole(text, expected):
    event = find_life_event(get_journeys(), UserMessage.read(text))
    assert (event.id if event else None) == expected


def test_every_step_names_a_service_and_its_cases(kb):
    for event in get_journeys().life_events:
        for step in event.steps:
            service = kb[step.service]
            assert set(step.cases) <= {o.id for o in service.case_options}


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["families"][0]["members"][0].update(service="no_such_service"), "no service"),
        (lambda d: d["life_events"][0]["steps"][0].update(cases=["no_such_case"]), "has no case"),
        (lambda d: d["life_events"][0]["steps"][2].update(when="在领取待遇期间可以随时领取"), "not the guide's words"),
        # A member's case needs a situation (`when`) and must be an option of its service.
        (lambda d: d["families"][0]["members"][0].update(case="no_lump_sum"), "in a situation"),
        (lambda d: next(f for f in d["families"] if f.get("when"))["members"][0].update(case="x"), "in a situation"),
    ],
)
def test_a_wrong_entry_is_refused(kb, change, message):
    data = raw()
    change(data)
    with pytest.raises(ValueError, match=message):
        validate(Journeys.parse_obj(data), kb)


def test_an_easily_mistaken_family_is_asked_about_unless_its_words_are_used():
    journeys = get_journeys()
    vague = unclear_family(journeys, "pension_transfer_in_interprovincial", UserMessage.read("转关系要什么材料"))
    assert "pension_transfer_out_interprovincial" in vague and len(vague) >= 2
    assert unclear_family(journeys, "pension_transfer_in_interprovincial", UserMessage.read("从外省转回来")) == []
    assert unclear_family(journeys, "injury_identification", UserMessage.read("工人摔伤了去哪申请")) == []


@pytest.mark.parametrize(
    "service, text",
    [
        ("injury_payment_account_change", "俺儿工亡了 俺领他那个供养抚恤金 卡丢了换了张新银行卡 咋改"),
        ("retiree_payment_info_change", "老伴走了俺领遗属待遇 想换张银行卡"),
        ("flexible_lump_sum_back_payment", "一次性补缴到十五年那个 要拿啥"),
        ("employee_to_resident_pension_transfer", "职工的养老往城乡居民那边转"),
    ],
)
def test_a_member_told_by_its_words_is_not_asked_about(service, text):
    assert unclear_family(get_journeys(), service, UserMessage.read(text)) == []


def test_words_of_two_members_alike_leave_the_family_unclear():
    journeys = get_journeys()
    both = UserMessage.read("到岁数了还不够15年 是能补齐还是退钱")
    assert set(unclear_family(journeys, "flexible_lump_sum_back_payment", both)) == {
        "flexible_lump_sum_back_payment",
        "pension_account_lump_sum",
    }
    one = UserMessage.read("到岁数了还不够15年 想一次性补齐")
    assert unclear_family(journeys, "flexible_lump_sum_back_payment", one) == []
    # More words of one member tell it, however long another's one word is.
    bill = UserMessage.read("工伤住院的发票丢了还能报销不")
    assert unclear_family(journeys, "injury_medical_expense_claim", bill) == []


def test_a_family_of_one_situation_is_not_asked_about_in_another():
    journeys = get_journeys()
    # The refund of a personal account also serves a death: no question about 补缴 there.
    death = UserMessage.read("我爸退休了 上周去世了 丧葬费咋领")
    assert unclear_family(journeys, "pension_account_lump_sum", death) == []
    short = UserMessage.read("交了十二年 到岁数了 不够15年咋整")
    assert "flexible_lump_sum_back_payment" in unclear_family(journeys, "pension_account_lump_sum", short)
    # Applying ahead of time (提前多久报) is no early retirement.
    ahead = UserMessage.read("单位给职工报退休 得提前多长时间报")
    assert unclear_family(journeys, "normal_retirement", ahead) == []
    hard = UserMessage.read("在矿上干了好些年 退休咋办")
    assert "special_job_early_retirement" in unclear_family(journeys, "normal_retirement", hard)


def test_a_service_in_two_unclear_families_offers_the_members_of_each_left_open():
    journeys = get_journeys()
    offered = unclear_family(
        journeys, "institution_enterprise_transfer_out", UserMessage.read("事业单位辞职去私企了 养老咋转")
    )
    assert set(offered) == {"institution_enterprise_transfer_out", "institution_to_enterprise_pension_transfer"}


@pytest.mark.parametrize(
    "service, text",
    [
        ("work_capacity_assessment", "工伤评残咋申请"),  # first assessment or a re-assessment
        ("injury_rehabilitation_confirmation", "康复怎么申请"),
        ("enterprise_annuity_filing", "企业年金备案都要啥"),  # every member is a 备案
        ("employee_enrollment", "新来了俩人 咋给上社保啊"),  # 参保登记 or the 新参 of 增减申报
        ("pension_resumption", "孩子满18给停了 还在念大学呢 咋续上"),  # whose survivor's money
        ("military_pension_transfer_in", "刚退伍回来 部队交的养老保险咋转"),  # to a firm or an institution
        ("pension_resumption", "老爸的养老金突然停了 咋恢复"),  # a missed certification, or prison
    ],
)
def test_what_a_whole_family_does_singles_out_no_member(service, text):
    assert len(unclear_family(get_journeys(), service, UserMessage.read(text))) >= 2


def test_a_situation_that_settles_a_family_question_asks_only_the_narrower_one():
    journeys = get_journeys()
    back = UserMessage.read("在外地干了好几年 社保都在那边交的 现在回朝阳了 咋转回来")
    offered = unclear_family(journeys, "pension_transfer_in_interprovincial", back)
    assert set(offered) == {"pension_transfer_in_interprovincial", "pension_transfer_in_province"}
    told = UserMessage.read("在外地交了几年 是在北京 想转回来")
    assert unclear_family(journeys, "pension_transfer_in_interprovincial", told) == []
    # Without the situation, the direction is still asked.
    assert "pension_transfer_out_interprovincial" in unclear_family(
        journeys, "pension_transfer_in_interprovincial", UserMessage.read("转关系要什么材料")
    )


def test_a_city_of_the_province_picks_the_transfer_from_within_it():
    offered = ["pension_transfer_in_interprovincial", "pension_transfer_in_province"]
    assert family_pick(get_journeys(), offered, UserMessage.read("在沈阳")) == "pension_transfer_in_province"
    assert family_pick(get_journeys(), offered, UserMessage.read("从外省")) == "pension_transfer_in_interprovincial"


def test_families_of_one_thing_for_different_people_are_told_apart_by_words_alone():
    journeys = get_journeys()
    anything = UserMessage.read("咋办")
    assert words_alone_tell(journeys, "flexible_employee_info_change", anything)
    assert not words_alone_tell(journeys, "injury_referral_filing", anything)
    # A family of one situation counts in that situation only.
    assert not words_alone_tell(journeys, "pension_eligibility_certification", UserMessage.read("在美国住着咋认证"))
    assert words_alone_tell(journeys, "pension_eligibility_certification", UserMessage.read("养老金停了咋恢复"))


def test_related_services_must_exist_and_differ_from_the_service(kb):
    from bot.core.journeys import JOURNEYS_PATH, Journeys, validate

    raw = yaml.safe_load(JOURNEYS_PATH.read_text(encoding="utf-8"))
    for bad in (
        {"after": "normal_retirement", "next": ["no_such_service"]},
        {"after": "normal_retirement", "next": ["normal_retirement"]},
        {"after": "pension_suspension", "case": "no_such_case", "next": ["pension_calculation"]},
    ):
        with pytest.raises(ValueError):
            validate(Journeys.parse_obj({**raw, "related": [bad]}), kb)
    with pytest.raises(ValueError):  # one or two, not a list of everything
        Journeys.parse_obj({**raw, "related": [{"after": "normal_retirement", "next": ["a", "b", "c"]}]})


def test_a_stopped_pension_with_its_reason_told_is_not_asked_about():
    missed = UserMessage.read("俺爸退休金停了 说是没认证 咋恢复")
    assert unclear_family(get_journeys(), "pension_resumption", missed) == []


def test_a_service_of_no_family_goes_the_way_its_name_says():
    members = ["employee_info_change", "flexible_employee_info_change"]
    journeys = get_journeys()
    assert like_current(journeys, "flexible_employment_enrollment", members, "灵活就业参保登记") == members[1]
    assert like_current(journeys, "personal_record_inquiry", members, "个人权益记录查询打印") is None


def test_after_a_death_who_the_deceased_was_tells_what_the_family_may_claim():
    journeys = get_journeys()
    unsaid = UserMessage.read("俺爸前天走了 想问问家里能领点啥钱不")
    assert unclear_family(journeys, "pension_account_lump_sum", unsaid) == [
        "pension_account_lump_sum",
        "converted_institution_funeral_pension",
        "resident_funeral_grant",
    ]
    for text in ("俺爸是水泥厂退休的 前天走了 家里能领点啥钱", "俺爸事业单位退的 前天走了 家里能领点啥钱"):
        assert unclear_family(journeys, "pension_account_lump_sum", UserMessage.read(text)) == [], text
    # Outside a death the family is not asked about.
    assert unclear_family(journeys, "pension_account_lump_sum", UserMessage.read("个人账户的钱咋领")) == []
