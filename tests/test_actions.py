"""The custom actions, called as the action server calls them."""

from __future__ import annotations

import asyncio
from typing import Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.common import latest_message
from actions.conversation import ActionFallback, ActionHandoff, ActionListServices, ActionOutOfScope
from actions.questions import (
    ActionAnswer,
    ActionAskCase,
    ActionAskDistrict,
    ActionAskService,
    ActionReadQuestion,
    ValidateDetailsForm,
)
from bot.core import wording
from bot.core.knowledge import get_knowledge_base
from bot.core.question_parts import asked_parts


def tracker(text: str = "", intent: str = "", entities: Optional[List[Dict]] = None, ranking=(), **slots) -> Tracker:
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 1.0},
        "entities": entities or [],
        "service_ranking": [{"service": s, "confidence": p} for s, p in ranking],
    }
    return Tracker("test-user", slots, message, [], False, None, {}, "action_listen")


def after(said: str, replies, text: str, intent: str, **slots) -> Tracker:
    """A tracker whose user said `said`, was answered with `replies`, and now says `text`."""
    events = [
        {"event": "user", "text": said},
        *({"event": "bot", "text": m["text"]} for m in replies),
        {"event": "user", "text": text},
    ]
    return Tracker("test-user", slots, {"text": text, "intent": {"name": intent}}, events, False, None, {}, "")


def run(action, tracker_: Tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, {}))
    return dispatcher.messages, events


def slots(events) -> Dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def all_text(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def test_read_question_uses_the_nlu_service_ranking():
    ranking = [("employer_info_change", 0.92), ("enterprise_registration", 0.02)]
    _, events = run(ActionReadQuestion(), tracker("公司搬家了开户行也变了社保怎么改", "ask_overview", ranking=ranking))
    assert slots(events)["service"] == "employer_info_change"


def test_read_question_sets_service_question_and_case():
    _, events = run(ActionReadQuestion(), tracker("多交的社保能退吗,我是超过退休年龄还在交", "ask_materials"))
    assert slots(events) == {"service": "contribution_refund", "question": "materials", "case": "over_retirement_age"}


def test_read_question_keeps_the_service_for_a_follow_up():
    _, events = run(
        ActionReadQuestion(),
        tracker("那要多久", "ask_time_limit", service="injury_identification", question="materials"),
    )
    assert slots(events) == {"question": "time_limit"}


def test_form_requires_what_the_question_needs():
    form = ValidateDetailsForm()

    def needed(**slots):
        return asyncio.run(
            form.required_slots(["service", "case", "district"], CollectingDispatcher(), tracker(**slots), {})
        )

    assert needed() == ["service"]
    assert needed(service="contribution_refund", question="materials") == ["service", "case"]
    assert needed(service="contribution_refund", question="time_limit") == ["service"]
    assert needed(service="injury_identification", question="phone") == ["service", "district"]


def test_form_validates_a_case_reply():
    form = ValidateDetailsForm()
    result = form.validate_case(
        "3", CollectingDispatcher(), tracker(service="contribution_refund", question="materials"), {}
    )
    assert result["case"] == "over_retirement_age"


def test_answer_dispatches_the_card():
    messages, events = run(
        ActionAnswer(), tracker(service="contribution_refund", question="materials", case="imprisonment")
    )
    text = all_text(messages)
    assert "判决书及释放证明复印件" in text and "本地个人缴费明细单" in text
    assert SlotSet("failed_attempts", 0) in events


def test_answer_without_a_service_asks_for_one():
    messages, _ = run(ActionAnswer(), tracker(question="materials"))
    assert "哪项业务" in all_text(messages)


def test_ask_actions_offer_buttons():
    messages, _ = run(ActionAskCase(), tracker(service="pension_account_lump_sum", case_branch="death_in_service"))
    assert [b["payload"] for b in messages[0]["buttons"]][0] == '/choose{"case":"flexible_illness"}'
    messages, _ = run(ActionAskDistrict(), tracker(service="injury_identification"))
    assert len(messages[0]["buttons"]) == 9  # eight districts and "all"
    messages, _ = run(
        ActionAskService(),
        tracker(offered_services=["institution_to_enterprise_pension_transfer", "institution_enterprise_transfer_in"]),
    )
    assert [b["title"] for b in messages[0]["buttons"]] == ["机关事业养老转企业职工", "机关与企业养老接续转入"]


def test_a_service_the_guide_does_not_have_is_said_to_be_not_found(kb):
    messages, _ = run(ActionAskService(), tracker("宇宙飞船驾驶证需要什么材料", "ask_materials", question="materials"))
    assert "没有找到" in all_text(messages)
    assert kb.general_contact.phones[0] in all_text(messages)
    assert messages[0]["buttons"] == [{"title": "看看能办哪些业务", "payload": "/list_services"}]


def test_a_fact_no_service_of_the_guide_gives_is_said_to_be_missing_not_asked_about():
    offered = ["enterprise_annuity_change_filing", "employer_insurance_certificate"]
    detail = "企业年金单位缴费比例最高能定到多少"
    messages, _ = run(ActionAskService(), tracker(detail, offered_services=offered, detail=detail))
    assert all_text(messages).startswith(wording.GUIDE_SILENT_ANYWHERE)
    assert [b["payload"] for b in messages[0]["buttons"]][:2] == [f'/choose{{"service":"{i}"}}' for i in offered]
    # A detail some sentence answers still asks which service is meant.
    detail = "单位要提前多久申请"
    messages, _ = run(ActionAskService(), tracker(detail, offered_services=offered, detail=detail))
    assert wording.GUIDE_SILENT_ANYWHERE not in all_text(messages)


def test_a_question_without_a_service_asks_for_one():
    messages, _ = run(ActionAskService(), tracker("需要准备什么东西", "ask_materials", question="materials"))
    assert all_text(messages).startswith("请问您想咨询哪项业务")


def test_handoff_gives_the_service_phones_and_marks_the_chat():
    kb = get_knowledge_base()
    messages, events = run(ActionHandoff(), tracker(service="archive_inquiry"))
    assert kb["archive_inquiry"].offices[0].phones[0] in all_text(messages)
    assert SlotSet("handoff", True) in events
    messages, _ = run(ActionHandoff(), tracker())
    assert kb.general_contact.phones[0] in all_text(messages)


def test_handoff_gives_the_district_office_first():
    kb = get_knowledge_base()
    lingyuan = next(o for o in kb["injury_identification"].offices if o.district == "凌源市")
    messages, _ = run(ActionHandoff(), tracker(service="injury_identification", district="凌源市"))
    lines = all_text(messages).splitlines()
    assert lingyuan.phones[0] in lines[1]


def test_out_of_scope_says_what_is_covered_and_where_to_call():
    messages, _ = run(ActionOutOfScope(), tracker("公积金怎么取", "out_of_scope"))
    text = all_text(messages)
    assert "医保" in text and get_knowledge_base().general_contact.phones[0] in text


def test_out_of_scope_about_a_named_service_says_the_guide_does_not_say_it():
    kb = get_knowledge_base()
    messages, _ = run(ActionOutOfScope(), tracker("灵活就业参保一年最少得交多少钱", "out_of_scope"))
    text = all_text(messages)
    service = kb["flexible_employment_enrollment"]
    assert wording.GUIDE_SILENT.format(service=service.name) in text
    assert service.offices[0].phones[0] in text


def test_out_of_scope_about_a_service_the_classifier_is_sure_of_says_the_guide_does_not_say_it():
    kb = get_knowledge_base()
    text = "农村养老的丧葬补助金能给多少钱"
    service = kb["resident_funeral_grant"]
    unsure, _ = run(ActionOutOfScope(), tracker(text, "out_of_scope", ranking=[(service.id, 0.5)]))
    assert wording.GUIDE_SILENT.format(service=service.name) not in all_text(unsure)
    # Unsure which service, sure no sentence of the guide gives an amount: said so, the service offered.
    assert wording.GUIDE_SILENT_ANYWHERE in all_text(unsure)
    assert any(service.id in b["payload"] for b in unsure[0]["buttons"])
    sure, _ = run(ActionOutOfScope(), tracker(text, "out_of_scope", ranking=[(service.id, 0.9)]))
    assert wording.GUIDE_SILENT.format(service=service.name) in all_text(sure)


def test_fallback_says_the_guide_is_silent_on_an_amount_it_never_gives():
    kb = get_knowledge_base()
    text = "俺干了28年，退休了一个月大概能开多少钱？"
    messages, _ = run(ActionFallback(), tracker(text, "nlu_fallback", ranking=[("normal_retirement", 0.4)]))
    assert wording.GUIDE_SILENT_ANYWHERE in all_text(messages)
    assert kb.general_contact.phones[0] in all_text(messages)
    assert any("normal_retirement" in b["payload"] for b in messages[0]["buttons"])
    # About the service under discussion: that service is named, with its phones.
    service = kb["flexible_employment_enrollment"]
    messages, _ = run(ActionFallback(), tracker("一年最少得交多少钱", "nlu_fallback", service=service.id))
    assert wording.GUIDE_SILENT.format(service=service.name) in all_text(messages)
    # The guide does give the heating subsidy's amounts: no silence claimed.
    messages, _ = run(ActionFallback(), tracker("改制企业退休的平房取暖费一年给多少钱", "nlu_fallback"))
    assert wording.GUIDE_SILENT_ANYWHERE not in all_text(messages)


def test_fallback_offers_close_services():
    ranking = [("pension_transfer_out_interprovincial", 0.5), ("pension_transfer_in_interprovincial", 0.3)]
    messages, _ = run(ActionFallback(), tracker("社宝转到外省", "nlu_fallback", ranking=ranking))
    assert any("pension_transfer_out_interprovincial" in b["payload"] for b in messages[0]["buttons"])
    assert "转人工" in messages[0]["text"]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("工伤方面能办什么", "工伤保险待遇"),
        ("企业年金有哪些业务", "企业年金方案备案"),
        ("你们能办哪些业务", "养老保险关系转移接续"),
    ],
)
def test_list_services(text, expected):
    messages, _ = run(ActionListServices(), tracker(text, "list_services"))
    assert expected in all_text(messages)


def test_a_bare_no_after_an_answer_asks_what_is_wrong():
    about = "contribution_refund|materials|imprisonment|None"
    messages, events = run(
        ActionAnswer(),
        tracker(
            "不对", "deny", service="contribution_refund", question="materials", case="imprisonment", answered=about
        ),
    )
    assert "哪里不对" in all_text(messages) and events == []
    messages, events = run(
        ActionAnswer(),
        tracker(
            "不对",
            "deny",
            service="contribution_refund",
            question="materials",
            case="over_retirement_age",
            answered=about,
        ),
    )
    assert "退休审批表复印件" in all_text(messages)


def test_an_unsure_statement_about_the_service_under_discussion_is_read_as_its_case():
    message = tracker("我们家是低保户", "nlu_fallback", service="resident_pension_enrollment", question="materials")
    message.latest_message["case_ranking"] = [
        {"service": "resident_pension_enrollment", "case": "low_income", "confidence": 0.66},
        {"service": "injury_identification", "case": "relative_applies", "confidence": 0.05},
    ]
    messages, events = run(ActionFallback(), message)
    assert messages == [] and slots(events) == {"case": "low_income"}
    assert any(e.get("event") == "followup" and e.get("name") == "details_form" for e in events)


def test_an_unsure_statement_with_a_family_word_moves_within_the_family():
    text = "康复快到日子了 医院说还得再练一阵 还能往后延不"
    before = "injury_rehabilitation_confirmation"
    messages, events = run(ActionFallback(), tracker(text, "nlu_fallback", service=before, question="materials"))
    assert messages == [] and slots(events)["service"] == "injury_rehabilitation_extension"
    assert any(e.get("event") == "followup" and e.get("name") == "details_form" for e in events)


def test_a_statement_that_says_nothing_known_is_not_understood():
    messages, events = run(ActionFallback(), tracker("噢噢噢", "nlu_fallback", service="resident_pension_enrollment"))
    assert "没能确定" in all_text(messages) and events == []
    # …and the service under discussion is offered to go back to, named in the text too.
    assert "resident_pension_enrollment" in messages[0]["buttons"][0]["payload"]
    assert "· 城乡居民养老保险参保登记" in all_text(messages)


def test_a_fallback_looks_at_what_the_earlier_turns_said():
    events = [{"event": "user", "text": "城乡居民养老保险参保登记"}, {"event": "user", "text": "噢噢噢"}]
    message = {"text": "噢噢噢", "intent": {"name": "nlu_fallback"}}
    messages, _ = run(ActionFallback(), Tracker("u", {}, message, events, False, None, {}, ""))
    assert "resident_pension_enrollment" in messages[0]["buttons"][0]["payload"]
    alone, _ = run(ActionFallback(), tracker("噢噢噢", "nlu_fallback"))
    assert alone[0]["buttons"] == [{"title": "看看能办哪些业务", "payload": "/list_services"}]


def test_an_answer_is_not_given_twice_in_a_row():
    about = dict(service="pension_account_lump_sum", question="time_limit")
    first, _ = run(ActionAnswer(), tracker("多久能办好", "ask_time_limit", **about))
    # The same answer again, after the user said something it does not change.
    messages, _ = run(ActionAnswer(), after("多久能办好", first, "住院的", "inform", **about))
    text = all_text(messages)
    assert text != all_text(first) and "养老保险个人账户储存额及一次性待遇申领" in text and "答案与上面相同" in text
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert "所需材料" in titles and "办理时限" not in titles and "转人工" in titles


def test_a_detail_question_is_answered_by_quoting_the_guide():
    messages, _ = run(
        ActionAnswer(), tracker(service="normal_retirement", question="time_limit", detail="单位要提前多久申请")
    )
    text = all_text(messages)
    assert "原文" in text and "「" in text and "提前2个月" in text


def test_a_detail_the_guide_does_not_give_is_said_to_be_missing(kb):
    about = dict(service="normal_retirement", question="time_limit", detail="养老金每个月几号打到卡上")
    text = all_text(run(ActionAnswer(), tracker(**about))[0])
    assert "没有写到" in text and "「" not in text
    assert all(phone in text for office in kb["normal_retirement"].offices for phone in office.phones)


def test_a_detail_the_guide_does_not_give_names_the_users_district_office_first(kb):
    about = dict(service="pension_eligibility_certification", question="materials", detail="认证能预约上门吗")
    text = all_text(run(ActionAnswer(), tracker(**about, district="凌源市"))[0])
    assert "没有写到" in text
    phone_lines = [line for line in text.splitlines() if "0421-" in line]
    assert "凌源" in phone_lines[0] and not any("凌源" in line for line in phone_lines[1:])


def test_every_question_of_a_message_is_answered_in_order():
    about = dict(
        service="employer_deregistration", question="location", more_questions=["employer_deregistration|phone"]
    )
    messages, events = run(ActionAnswer(), tracker(**about))
    text = all_text(messages)
    assert text.index("【办理地点】参保单位注销") < text.index("【咨询电话】参保单位注销")
    assert SlotSet("more_questions", []) in events


def test_a_question_asked_again_word_for_word_comes_with_another_way_on():
    about = dict(service="contribution_refund", question="materials", requested_slot="case", failed_attempts=1)
    first, _ = run(ActionAskCase(), tracker("随便", "inform", **about))
    messages, _ = run(ActionAskCase(), after("随便", first, "不知道", "inform", **about))
    assert [m["text"] for m in messages[:-1]] == [m["text"] for m in first]
    assert "转人工" in messages[-1]["text"] and messages[-1]["buttons"][0]["payload"] == "/request_human"


def test_a_fallback_sure_of_the_service_answers_the_likeliest_question():
    message = {
        "text": "我工伤十级 鉴定都两年了 现在伤更重了 能重新鉴定不",
        "intent": {"name": "nlu_fallback"},
        "intent_ranking": [{"name": "nlu_fallback"}, {"name": "ask_conditions"}, {"name": "ask_materials"}],
        "entities": [],
        "service_ranking": [{"service": "work_capacity_reassessment", "confidence": 0.9}],
    }
    messages, events = run(ActionFallback(), Tracker("u", {}, message, [], False, None, {}, ""))
    assert messages == []
    assert slots(events)["service"] == "work_capacity_reassessment" and slots(events)["question"] == "conditions"
    assert events[-1] == FollowupAction("details_form")


def fallback_message(text, service, confidence, asked="ask_materials"):
    """A message the intent model did not understand, as the NLU leaves it."""
    return {
        "text": text,
        "intent": {"name": "nlu_fallback"},
        "intent_ranking": [{"name": "nlu_fallback"}, {"name": asked}],
        "entities": [],
        "service_ranking": [{"service": service, "confidence": confidence}],
    }


def test_a_fallback_on_a_family_named_as_a_whole_asks_which_member():
    message = fallback_message("家里人没了 丧葬费找谁领啊", "resident_funeral_grant", 0.5)
    messages, events = run(ActionFallback(), Tracker("u", {}, message, [], False, None, {}, ""))
    offered = slots(events)["offered_services"]
    assert messages == [] and {"pension_account_lump_sum", "resident_funeral_grant"} <= set(offered)
    assert events[-1] == FollowupAction("details_form")


def test_a_fallback_asks_what_the_messages_own_words_plainly_ask():
    message = fallback_message("俺姨在国外跟闺女住 每年那认证能用手机整不", "pension_eligibility_certification", 0.9)
    messages, events = run(ActionFallback(), Tracker("u", {}, message, [], False, None, {}, ""))
    assert messages == [] and slots(events)["question"] == "online"


def test_a_fallback_sure_of_another_service_than_the_one_discussed_moves_there():
    message = fallback_message("ok 员工参保呢 三个人", "employee_enrollment", 0.8)
    slots_ = {"service": "injury_base_rate_assessment", "question": "materials"}
    messages, events = run(ActionFallback(), Tracker("u", slots_, message, [], False, None, {}, ""))
    assert messages == [] and slots(events)["service"] == "employee_enrollment"
    assert events[-1] == FollowupAction("details_form")


def test_a_fallback_on_a_message_naming_its_service_answers_it():
    message = fallback_message(
        "灵活就业参保一年最少得交多少钱啊 有几个档能选", "flexible_employment_enrollment", 0.3, "ask_conditions"
    )
    messages, events = run(ActionFallback(), Tracker("u", {}, message, [], False, None, {}, ""))
    assert messages == [] and slots(events)["service"] == "flexible_employment_enrollment"
    # The guide gives no amounts: a detail question, answered "the guide does not say".
    assert slots(events)["detail"]
    unnamed = dict(message, text="一年最少得交多少钱啊 有几个档能选")
    messages, events = run(ActionFallback(), Tracker("u", {}, unnamed, [], False, None, {}, ""))
    # Unnamed, unsure: the whole guide gives no amount, so that is said, and the service offered.
    assert wording.GUIDE_SILENT_ANYWHERE in all_text(messages) and "没能确定" not in all_text(messages)
    assert any("flexible_employment_enrollment" in b["payload"] for b in messages[0]["buttons"])


def test_an_answer_about_what_to_do_offers_the_services_that_usually_follow(kb):
    messages, _ = run(
        ActionAnswer(), tracker("退休要什么材料", "ask_materials", service="normal_retirement", question="materials")
    )
    offer = messages[-1]
    assert offer["text"].startswith("办完这项，通常接着要办") and kb["pension_calculation"].name in offer["text"]
    assert [b["payload"] for b in offer["buttons"]] == ['/choose{"service":"pension_calculation"}']
    phone, _ = run(ActionAnswer(), tracker("电话多少", "ask_phone", service="normal_retirement", question="phone"))
    assert "通常接着要办" not in all_text(phone)


def test_the_offer_depends_on_the_case_where_the_curation_says_so(kb):
    death = dict(service="pension_suspension", question="materials")
    messages, _ = run(ActionAnswer(), tracker("要什么材料", "ask_materials", case="death", **death))
    assert kb["pension_account_lump_sum"].name in messages[-1]["text"]
    messages, _ = run(ActionAnswer(), tracker("要什么材料", "ask_materials", case="imprisonment", **death))
    assert "通常接着要办" not in all_text(messages)


def test_questions_that_need_no_district_are_answered_before_it_is_asked(kb):
    more = ["injury_identification|time_limit", "injury_identification|feedback", "injury_identification|phone"]
    waiting = tracker(
        "工伤认定申请上哪交 多长时间能出结果 出来了咋通知俺",
        "ask_location",
        service="injury_identification",
        question="location",
        more_questions=more,
    )
    messages, events = run(ActionAskDistrict(), waiting)
    text = all_text(messages)
    assert kb["injury_identification"].time_limit.text in text and "请问您在哪个地区办理" in text
    assert text.index(kb["injury_identification"].time_limit.text) < text.index("请问您在哪个地区办理")
    # The phones differ by district: that question waits for it with the first.
    assert slots(events) == {"more_questions": ["injury_identification|phone"]}


def test_the_latest_message_is_read_as_typed():
    # The NLU's text has lost the spaces that part the questions; the event keeps them.
    typed = "丧葬补助金能领不 要啥东西"
    events = [{"event": "user", "text": typed}]
    message = {"text": "丧葬补助金能领不要啥东西", "intent": {"name": "ask_materials"}}
    tracker_ = Tracker("test-user", {}, message, events, False, None, {}, "")
    assert latest_message(tracker_).raw == typed
    assert [p.question for p in asked_parts(get_knowledge_base(), latest_message(tracker_))] == [
        "conditions",
        "materials",
    ]
