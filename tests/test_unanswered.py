"""The unanswered-question report's rules, on conversations written as the
tracker store keeps them."""

from __future__ import annotations

from bot.core import wording
from bot.staff.unanswered import (
    FALLBACK,
    NOT_FOUND,
    OUT_OF_SCOPE,
    UNANSWERED_QUESTION,
    USELESS,
    as_csv,
    group,
    unanswered_in,
)


def user(text: str, intent: str = "ask_materials", at: float = 1_764_000_000.0) -> dict:
    return {"event": "user", "text": text, "timestamp": at, "parse_data": {"intent": {"name": intent}}}


def action(name: str) -> dict:
    return {"event": "action", "name": name}


def bot(text: str) -> dict:
    return {"event": "bot", "text": text}


def test_each_kind_of_unanswered_turn_is_listed_with_its_reason():
    events = [
        user("公积金怎么提取", "out_of_scope"),
        action("action_out_of_scope"),
        action("action_listen"),
        user("啊这个那个", "nlu_fallback"),
        action("action_fallback"),
        action("action_listen"),
        user("宇宙飞船驾驶证要什么"),
        action("action_read_question"),
        bot(wording.NOT_FOUND + "您可以……"),
        action("action_listen"),
        user("企业社会保险登记要什么材料"),
        action("action_answer"),
        bot("企业社会保险登记 所需材料……"),
        action("action_listen"),
        user('/rate_answer{"rating":"useless"}', "rate_answer"),
        {"event": "slot", "name": "rating", "value": "useless"},
        action("action_rate_answer"),
        action("action_listen"),
        user("养老待遇资格认证要什么材料"),
        action("action_read_question"),
        action("details_form"),
        {"event": "slot", "name": "requested_slot", "value": "case"},
        bot("您（或待遇领取人）目前居住在哪里？"),
        action("action_listen"),
    ]
    found = [(item.text, item.reason) for item in unanswered_in("c1", events)]
    assert found == [
        ("公积金怎么提取", OUT_OF_SCOPE),
        ("啊这个那个", FALLBACK),
        ("宇宙飞船驾驶证要什么", NOT_FOUND),
        ("企业社会保险登记要什么材料", USELESS),
        ("养老待遇资格认证要什么材料", UNANSWERED_QUESTION),
    ]


def test_an_answered_question_and_an_answered_clarification_are_not_listed():
    events = [
        user("养老待遇资格认证要什么材料"),
        {"event": "slot", "name": "requested_slot", "value": "case"},
        action("action_listen"),
        user("在国外", "inform"),
        {"event": "slot", "name": "requested_slot", "value": None},
        action("action_answer"),
        bot("所需材料……"),
        action("action_listen"),
    ]
    assert unanswered_in("c2", events) == []


def test_similar_wordings_are_one_group_counted_once_each():
    items = [
        *unanswered_in("a", [user("公积金怎么提取", "out_of_scope"), action("action_out_of_scope")]),
        *unanswered_in("b", [user("公积金怎么提取呀？", "out_of_scope"), action("action_out_of_scope")]),
        *unanswered_in("c", [user("医保报销比例是多少", "out_of_scope"), action("action_out_of_scope")]),
    ]
    groups = group(items)
    assert [(g.count, g.text, g.conversations) for g in groups] == [
        (2, "公积金怎么提取", ["a", "b"]),
        (1, "医保报销比例是多少", ["c"]),
    ]


def test_the_csv_keeps_markup_as_text_and_opens_in_a_spreadsheet():
    items = unanswered_in("x", [user("<script>alert(1)</script>", "nlu_fallback"), action("action_fallback")])
    text = as_csv(group(items))
    assert text.startswith("\ufeff次数,问法,原因")
    assert "<script>alert(1)</script>" in text and FALLBACK in text


def test_a_replay_that_asks_back_has_found_the_service():
    from bot.staff.unanswered import replay_verdict

    assert replay_verdict(set()) == "已能回答"
    assert replay_verdict({UNANSWERED_QUESTION}) == "已识别业务，追问情况"
    assert replay_verdict({FALLBACK}) == FALLBACK
