"""Several questions in one message."""

from __future__ import annotations

from bot.core.message import UserMessage
from bot.core.question_parts import question_parts, several_questions


def asked(text):
    return [(p.question, p.item) for p in question_parts(UserMessage.read(text))]


def test_one_question_is_one_part():
    assert asked("工伤认定要什么材料") == [("materials", 0)]
    assert not several_questions(question_parts(UserMessage.read("我父亲退休好几年了，上周去世，丧葬费和抚恤金怎么领")))


def test_questions_side_by_side():
    assert asked("在哪办 电话多少") == [("location", 0), ("phone", 0)]
    parts = asked("俺爹上礼拜走了 丧葬费都要带啥 多长时间能下来 打哪个电话问")
    assert parts == [("materials", 0), ("time_limit", 0), ("phone", 0)]


def test_the_context_goes_with_the_question_after_it():
    first = question_parts(UserMessage.read("俺爹上礼拜走了 丧葬费都要带啥 多长时间能下来"))[0]
    assert "走了" in first.text and "丧葬费" in first.text


def test_a_numbered_list():
    parts = asked("1、新员工入职怎么增员 2、离职员工怎么减员 3、公司银行账号变了怎么改")
    assert parts == [("materials", 0), ("materials", 1), ("materials", 2)]


def test_joined_with_another():
    assert asked("灵活就业参保要什么材料，另外网上能办吗") == [("materials", 0), ("online", 0)]


def test_whether_it_can_be_done_is_asked_beside_what_to_bring():
    assert asked("多交的社保能退吗，要带什么材料") == [("conditions", 0), ("materials", 0)]
    assert asked("丧葬补助金能领不 要啥东西") == [("conditions", 0), ("materials", 0)]


def test_the_same_question_asked_vaguely_and_plainly_is_one_question():
    assert asked("丧葬费怎么领？要带什么？") == [("materials", 0)]
    assert asked("能领吗？有啥条件？") == [("conditions", 0)]


def test_spaces_the_user_typed_part_the_questions():
    assert asked("申请要交啥 得多长时间 配完了费用报销多久能下来") == [
        ("materials", 0),
        ("time_limit", 0),
        ("time_limit", 0),
    ]
    assert asked("咋改 要几天 还有津贴调整要交啥") == [("materials", 0), ("time_limit", 0), ("materials", 0)]


def test_a_deadline_to_apply_is_asked_of_the_conditions():
    assert asked("社保登记必须多少天内办？要提供哪些材料？") == [("conditions", 0), ("materials", 0)]
    assert asked("得提前多久申请 审批要多长时间") == [("conditions", 0), ("time_limit", 0)]


def test_question_words_inside_a_service_name_ask_nothing():
    message = UserMessage.read("单位参保证明查询打印在哪办")
    assert [p.question for p in question_parts(message, ["单位参保证明查询打印"])] == ["location"]
    assert len(question_parts(message)) == 2  # 证明 alone reads as a question of materials


def test_the_same_question_in_two_clauses_is_asked_twice():
    parts = question_parts(UserMessage.read("丧葬补助金咋领要带啥，另外居民养老注销又要啥"))
    assert [p.question for p in parts] == ["materials", "materials"]
    assert several_questions(parts)
    assert not several_questions(question_parts(UserMessage.read("丧葬补助金咋领要带啥")))


def test_how_do_i_beside_another_question_still_asks_what_to_do():
    assert asked("工伤待遇的银行卡换了，咋改？要几天？") == [("materials", 0), ("time_limit", 0)]


def test_a_lead_in_line_is_context_for_the_first_item():
    first = question_parts(UserMessage.read("刚开了个小超市\n1.社保登记需要啥材料\n2.网上能办不"))[0]
    assert "超市" in first.text and first.question == "materials"


def test_within_how_many_days_it_is_done_is_the_time_limit():
    assert asked("几天内能办好") == [("time_limit", 0)]


def test_in_which_cases_asks_the_conditions_plainly():
    assert [(p.question, p.vague) for p in question_parts(UserMessage.read("啥情况能转"))] == [("conditions", False)]


def test_how_fast_what_kind_and_by_phone_are_questions_of_their_own():
    assert asked("省内转过来需要啥 快不快 网上能申请不") == [("materials", 0), ("time_limit", 0), ("online", 0)]
    assert asked("带啥材料 一天能办完不") == [("materials", 0), ("time_limit", 0)]
    assert asked("转院备案要啥 什么情况才能转") == [("materials", 0), ("conditions", 0)]
    assert asked("啥样的单位能申报") == [("conditions", 0)]
    assert asked("要啥证明 能用手机认证不") == [("materials", 0), ("online", 0)]
    # 资格认证 is what is done, not a question about who qualifies.
    assert asked("她养老金资格认证咋整 要啥证明") == [("materials", 0)]


def test_words_that_only_look_like_a_question():
    assert asked("事故备案打个电话好使不 要带啥") == [("materials", 0)]  # whether a call will do
    assert asked("当场就没了 要带啥") == [("materials", 0)]  # on the spot, not at once


def test_a_pause_after_a_statement_parts_nothing():
    assert len(asked("俺家老头是在家里咽气的 没有医院的死亡证明 工亡补助金还能申请吗")) == 1
    assert len(asked("俺爸八十多了 手机上刷脸认证老是过不去 这咋办啊")) == 1


def test_questions_without_a_cards_words_stay_beside_the_next_question():
    parts = question_parts(UserMessage.read("丧葬费抚恤金咋申报 火化收据还用交吗 当天能办完不"))
    assert [p.question for p in parts] == ["materials", "time_limit"]
    assert parts[1].uncued == ("火化收据还用交吗",)
    # A vague question dropped beside a plain one of the same type is kept with it.
    dropped = question_parts(UserMessage.read("想退回来 要啥材料？问题是他社保卡找不着了咋整"))
    assert [p.question for p in dropped] == ["materials"] and "社保卡找不着了咋整" in dropped[0].uncued[-1]


def test_another_topic_is_not_the_question_before_asked_again():
    parts = question_parts(UserMessage.read("养老金停发要啥材料？另外丧葬费抚恤金那块咋领"))
    assert [p.question for p in parts] == ["materials", "materials"]
    assert "丧葬费" in parts[1].text and parts[1].another_topic


def test_another_topic_opened_by_a_statement_before_the_question():
    parts = question_parts(UserMessage.read("认证要交材料不？另外我银行卡换了 发放的卡咋改 几天能改好"))
    assert [p.question for p in parts] == ["materials", "materials", "time_limit"]
    assert parts[1].text.startswith("另外我银行卡换了") and parts[1].another_topic
    # …or open the question's own clause, after a statement.
    parts = question_parts(UserMessage.read("认证要交材料不？我银行卡换了，另外发放的卡咋改"))
    assert [p.question for p in parts] == ["materials", "materials"] and parts[1].another_topic


def test_what_a_vague_question_names_goes_with_the_plain_one_after_it():
    parts = question_parts(UserMessage.read("异地就医备案要啥 电话多少 另外门诊看病的票子咋报 要啥"))
    assert [p.question for p in parts] == ["materials", "phone", "materials"]
    assert "票子" in parts[2].text


def test_a_vague_question_between_two_plain_ones_goes_with_the_one_after_it():
    parts = question_parts(UserMessage.read("换新的要带啥？换完了费用咋报 要啥票据"))
    assert [p.question for p in parts] == ["materials", "materials"]
    assert parts[1].text.startswith("换完了费用咋报")


def test_words_for_right_away_who_may_apply_and_how_the_result_comes():
    assert asked("网上能打吗 要是去大厅带啥 当时就能拿到不") == [("online", 0), ("materials", 0), ("time_limit", 0)]
    assert asked("想报个工伤预防项目 啥单位能报 要啥材料") == [("conditions", 0), ("materials", 0)]
    assert asked("多久复核完 结果咋给") == [("time_limit", 0), ("feedback", 0)]
    # "当时" telling when something happened asks nothing.
    assert asked("俺爸当时在单位上班 能领不") == [("conditions", 0)]


def test_a_phone_one_cannot_use_asks_nothing_online():
    assert asked("俺妈退休金每年得认证 手机上不会弄 去现场带啥") == [("materials", 0)]


def test_a_how_before_other_question_words_asks_its_own():
    # Typed without a pause: "how", then where and how long.
    assert asked("俺在村里交农保交够15年了今年满60咋领钱在哪办几天能批下来") == [
        ("materials", 0),
        ("location", 0),
        ("time_limit", 0),
    ]
    assert asked("丧葬费抚恤金咋领当天能办完不") == [("materials", 0), ("time_limit", 0)]
    # "how" after the other question word is about it: online.
    assert asked("手机上咋认证") == [("online", 0)]
