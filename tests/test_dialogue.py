"""What a turn changes in the conversation state, without Rasa."""

from __future__ import annotations

from bot.core.details import ALL
from bot.core.dialogue import (
    State,
    answer_beside,
    answered_key,
    denial_changed_nothing,
    read_turn,
    required_details,
    settle_case,
    settle_district,
    settle_service,
)
from bot.core.guide_sentences import get_sentence_index
from bot.core.message import UserMessage
from bot.core.question_parts import asked_parts


def to_ask(kb, state):
    """The required slots still empty: what details_form will ask for."""
    return [name for name in required_details(kb, state) if getattr(state, name) is None]


def turn(kb, resolver, state, intent, text, entities=(), ranking=(), cases=()):
    return read_turn(kb, resolver, state, intent, UserMessage.read(text), entities, ranking, cases)


def test_question_type_service_and_case_from_one_message(kb, resolver):
    state = turn(kb, resolver, State(), "ask_materials", "多缴或重缴社会保险费退费,我是因为超过退休年龄还在交")
    assert (state.service, state.question, state.case) == ("contribution_refund", "materials", "over_retirement_age")
    assert to_ask(kb, state) == []


def test_the_service_name_is_not_read_as_a_case(kb, resolver):
    state = turn(kb, resolver, State(), "ask_materials", "城镇职工基本养老保险关系转移接续申请—省内转入需要什么材料")
    assert state.case is None and to_ask(kb, state) == ["case"]


def test_follow_up_keeps_the_service(kb, resolver):
    first = turn(kb, resolver, State(), "ask_materials", "工伤认定需要什么材料")
    second = turn(kb, resolver, first, "ask_time_limit", "那要多久?")
    assert second.service == "injury_identification" and second.question == "time_limit"


def test_naming_another_service_switches_and_resets_the_case(kb, resolver):
    first = turn(kb, resolver, State(), "ask_materials", "多交的社保退费,在外市也交了")
    assert first.case == "in_province_duplicate"
    second = turn(kb, resolver, first, "ask_materials", "那灵活就业参保登记呢")
    assert second.service == "flexible_employment_enrollment" and second.case is None


def test_a_correction_changes_the_case(kb, resolver):
    first = turn(kb, resolver, State(), "ask_materials", "养老个账及一次性待遇申领,企业职工因工死亡")
    assert first.case == "employee_work_related"
    second = turn(kb, resolver, first, "deny", "不对,他是灵活就业自己交的")
    assert second.case == "flexible_illness"


def test_district_from_words(kb, resolver):
    state = turn(kb, resolver, State(), "ask_location", "我在北票,工伤认定去哪办")
    assert state.district == "北票市" and to_ask(kb, state) == []


def test_location_of_a_district_service_needs_the_district(kb, resolver):
    state = turn(kb, resolver, State(), "ask_phone", "工伤认定的电话")
    assert to_ask(kb, state) == ["district"]
    assert settle_district(kb, state, "凌源")["district"] == "凌源市"
    assert settle_district(kb, state, "2")["district"] == "北票市"  # numbered as the offices are listed
    assert settle_district(kb, state, "全部地区")["district"] == ALL
    assert settle_district(kb, state, "火星")["district"] is None


def test_ambiguous_name_offers_both(kb, resolver):
    state = turn(
        kb, resolver, State(), "ask_materials", "机关事业单位基本养老保险与城镇企业职工基本养老保险互转申请—转入要什么"
    )
    assert state.service is None and len(state.offered_services) == 2
    chosen = settle_service(kb, resolver, state, "2")
    assert chosen["service"] == state.offered_services[1]


def test_unknown_service_is_asked_for(kb, resolver):
    state = turn(kb, resolver, State(), "ask_materials", "需要什么材料")
    assert state.service is None and to_ask(kb, state) == ["service"]
    assert settle_service(kb, resolver, state, "灵活就业参保登记")["service"] == "flexible_employment_enrollment"
    assert settle_service(kb, resolver, state, "随便")["service"] is None


def test_button_payload_entities(kb, resolver):
    entities = [{"entity": "service", "value": "archive_inquiry"}]
    state = turn(kb, resolver, State(question="materials"), "choose", '/choose{"service":"archive_inquiry"}', entities)
    assert state.service == "archive_inquiry" and state.question == "materials"


def test_a_reply_to_the_case_question_is_not_read_as_a_new_service(kb, resolver):
    asked = turn(kb, resolver, State(), "ask_materials", "工伤保险待遇变更申请要什么材料")
    assert asked.case is None and to_ask(kb, asked) == ["case"]
    # "办理退休" is also how people name 企业职工正常退休申请.
    reply = turn(kb, resolver, asked, "ask_overview", "工伤一至四级人员办理退休的")
    assert (reply.service, reply.question, reply.case) == ("injury_benefit_change", "materials", "retirement")


def test_the_same_question_about_another_service(kb, resolver):
    first = turn(kb, resolver, State(), "ask_time_limit", "工伤认定多久能办好")
    second = turn(kb, resolver, first, "ask_overview", "那劳动能力鉴定呢?")
    assert (second.service, second.question) == ("work_capacity_assessment", "time_limit")


def test_a_reply_not_yet_validated_still_requires_the_case(kb):
    # The form asks for the required slots with the raw reply already extracted.
    state = State(service="pension_account_lump_sum", question="materials", case="1")
    assert "case" in required_details(kb, state)  # so the form validates "1"


def test_a_denial_that_changed_nothing_is_told_apart(kb, resolver):
    answered = turn(kb, resolver, State(), "ask_time_limit", "工伤认定多久能办好")
    last = answered_key(answered)
    assert denial_changed_nothing("deny", answered, last)
    assert not denial_changed_nothing("ask_time_limit", answered, last)  # a repeated question is answered
    corrected = turn(kb, resolver, answered, "deny", "不对,我问的是劳动能力鉴定")
    assert corrected.service != answered.service
    assert not denial_changed_nothing("deny", corrected, last)


def test_a_follow_up_with_a_sibling_word_moves_within_the_family(kb, resolver):
    first = turn(kb, resolver, State(), "ask_materials", "城镇职工基本养老保险关系转移接续申请——转出要什么材料")
    assert first.service == "pension_transfer_out_interprovincial"
    second = turn(kb, resolver, first, "ask_materials", "那转入这边要什么")
    assert second.service == "pension_transfer_in_interprovincial" and second.question == "materials"


def test_a_correction_moves_within_the_family_of_the_situation_told_before(kb, resolver):
    state = State(service="resident_funeral_grant", question="materials")
    text = "说错了 她不是村里那个 是在城里自己交的灵活就业 还没到岁数呢"
    after = read_turn(kb, resolver, state, "deny", UserMessage.read(text), told_before=["俺二姑上礼拜没了 能领点啥"])
    assert after.service == "pension_account_lump_sum" and after.question == "materials"


def test_a_correction_naming_a_word_of_the_family_moves_within_it(kb, resolver):
    state = State(service="pension_eligibility_certification", question="location")
    after = turn(kb, resolver, state, "deny", "哦不对 我爸领的是工伤那个伤残津贴 不是退休金")
    assert after.service == "injury_benefit_eligibility_certification" and after.question == "location"


def test_a_move_by_the_familys_words_is_not_turned_back_to_the_way_discussed(kb, resolver):
    state = State(service="pension_account_lump_sum", case="flexible_illness", question="materials")
    told = ["我2009年就开始交了 想补齐", "灵活就业交了十二年 今年到岁数了 不够15年咋整"]
    after = read_turn(kb, resolver, state, "ask_materials", UserMessage.read("那补齐的话要带啥"), told_before=told)
    assert after.service == "flexible_lump_sum_back_payment"


def test_a_word_of_the_service_that_usually_comes_next_moves_there(kb, resolver):
    state = State(service="pension_account_lump_sum", case="retiree_death", question="materials")
    after = turn(kb, resolver, state, "ask_materials", "他退休金卡这个月钱还打进来了 那个咋给停")
    assert after.service == "pension_suspension" and after.question == "materials"
    # A bare follow-up stays.
    assert turn(kb, resolver, state, "ask_time_limit", "那要多久").service == "pension_account_lump_sum"


def test_a_siblings_word_in_reply_to_the_case_question_moves_there(kb):
    state = State(service="pension_transfer_in_interprovincial", question="materials")
    updates = settle_case(kb, state, "在沈阳 单位给交的")
    assert updates["service"] == "pension_transfer_in_province"
    # A reply that tells a case of the service asked about stays with it.
    assert "service" not in settle_case(kb, state, "有超三年的一次性补缴")


def test_a_case_told_by_the_whole_reply_counts_when_its_entity_says_less(kb):
    state = State(service="pension_transfer_in_interprovincial", question="materials")
    said = UserMessage.read("单位当年一次给补了四年")
    updates = settle_case(kb, state, "单位", said=said)  # the entity found in it
    assert updates["case_branch"] == "lump_sum_over_three_years"


def test_a_life_event_asks_nothing_and_is_answered_by_its_services(kb, resolver):
    state = turn(kb, resolver, State(service="normal_retirement"), "ask_overview", "母亲过世了，社保这边有哪些手续")
    assert state.life_event == "death" and state.service is None
    assert required_details(kb, state) == []
    after = turn(kb, resolver, state, "ask_time_limit", "工伤认定多久能办好")
    assert after.life_event is None


def test_a_reply_after_a_life_event_picks_one_of_its_services(kb, resolver):
    event = turn(kb, resolver, State(), "ask_materials", "厂子要解散了 社保这边咋收尾")
    assert event.life_event == "company_close"
    described = turn(kb, resolver, event, "inform", "先说给工人停保那个")
    assert (described.service, described.case) == ("contributor_change_declaration", "stop")
    second = turn(kb, resolver, event, "inform", "2")
    assert second.service == "employer_deregistration" and second.life_event is None


def test_a_detail_about_a_paper_of_the_service_under_discussion_stays_with_it(kb, resolver):
    state = State(service="contribution_refund", question="materials", case="over_retirement_age")
    ranking = [("normal_retirement", 0.9)]  # 退休审批表 reads as 办退休
    paper = turn(kb, resolver, state, "ask_materials", "退休审批表俺没留复印件 咋整", ranking=ranking)
    assert (paper.service, paper.case) == ("contribution_refund", "over_retirement_age")
    # A message that says something new of the person moves on as before.
    moved = turn(kb, resolver, state, "ask_materials", "俺自己也要办退休了 退休要带啥", ranking=ranking)
    assert moved.service == "normal_retirement"


def test_two_services_read_alike_beside_the_one_discussed_are_told_by_its_topic_or_asked(kb, resolver):
    ranking = [("pension_eligibility_certification", 0.4), ("injury_benefit_eligibility_certification", 0.35)]
    text = "还有那个每年认证的 俺也整不明白"
    pension = State(service="retiree_payment_info_change", question="materials")
    assert turn(kb, resolver, pension, "ask_materials", text, ranking=ranking).service == ranking[0][0]
    injury = State(service="injury_payment_account_change", question="materials")
    assert turn(kb, resolver, injury, "ask_materials", text, ranking=ranking).service == ranking[1][0]
    other = turn(
        kb,
        resolver,
        State(service="employer_info_change", question="materials"),
        "ask_materials",
        text,
        ranking=ranking,
    )
    assert other.service is None and other.offered_services == [s for s, _ in ranking]


def test_the_case_classifier_decides_only_when_one_option_clearly_fits(kb, resolver):
    sure = [("pension_account_lump_sum", "retiree_death", 0.8), ("pension_account_lump_sum", "employee_illness", 0.1)]
    state = turn(kb, resolver, State(), "ask_materials", "养老个账及一次性待遇申领", cases=sure)
    assert state.case == "retiree_death"
    close = [("pension_account_lump_sum", "retiree_death", 0.45), ("pension_account_lump_sum", "employee_illness", 0.4)]
    state = turn(kb, resolver, State(), "ask_materials", "养老个账及一次性待遇申领", cases=close)
    assert state.case is None and to_ask(kb, state) == ["case"]


def test_a_branch_told_in_words_is_asked_below_unless_its_option_reads_clearer(kb, resolver):
    text = "养老个账及一次性待遇申领 他还没退休 上礼拜没了"  # 在职死亡 by its words, no cause told
    cases = [
        ("pension_account_lump_sum", "death_in_service", 0.33),
        ("pension_account_lump_sum", "employee_illness", 0.27),
        ("pension_account_lump_sum", "flexible_illness", 0.03),
    ]
    state = turn(kb, resolver, State(), "ask_materials", text, cases=cases)
    assert (state.case_branch, state.case) == ("death_in_service", None) and to_ask(kb, state) == ["case"]
    cause_told = [cases[1], (*cases[0][:2], 0.1), cases[2]]
    state = turn(kb, resolver, State(), "ask_materials", text, cases=cause_told)
    assert state.case == "employee_illness"


def test_a_statement_never_switches_to_an_unnamed_service(kb, resolver):
    first = turn(kb, resolver, State(), "ask_materials", "城镇职工基本养老保险关系转移接续申请—跨省转入要什么材料")
    ranking = [("flexible_lump_sum_back_payment", 0.9)]
    second = turn(kb, resolver, first, "inform", "有一次性补缴的,超过三年了", ranking=ranking)
    assert second.service == first.service


def test_the_case_told_before_the_service_was_chosen_is_not_asked_again(kb, resolver):
    ranking = [("pension_transfer_in_interprovincial", 0.5), ("pension_transfer_out_interprovincial", 0.1)]
    state = turn(kb, resolver, State(), "ask_materials", "转关系要啥材料,有超过三年的一次性补缴", ranking=ranking)
    assert state.service is None and state.offered_services and state.asked_about
    chosen = settle_service(kb, resolver, state, "pension_transfer_in_interprovincial")
    assert chosen["case"] is None and chosen["case_branch"] == "lump_sum_over_three_years"


def test_a_follow_up_that_says_nothing_of_the_case_keeps_it(kb, resolver):
    state = State(service="pension_account_lump_sum", question="materials", case="employee_illness")
    faint = [
        ("pension_eligibility_certification", "living_in_china", 0.06),
        ("pension_account_lump_sum", "death_in_service", 0.02),
    ]
    after = turn(kb, resolver, state, "ask_location", "在哪办", cases=faint)
    assert (after.case, after.case_branch, after.question) == ("employee_illness", None, "location")


def test_an_alias_that_names_a_whole_family_is_asked_about_in_its_situation(kb, resolver):
    ranking = [("normal_retirement", 0.9)]
    hard_job = turn(kb, resolver, State(), "ask_materials", "干了二十年电焊 办退休得准备啥", ranking=ranking)
    assert hard_job.service is None
    assert hard_job.offered_services[:2] == ["normal_retirement", "special_job_early_retirement"]
    # A plain "办退休" is the ordinary retirement: no word of an early one.
    plain = turn(kb, resolver, State(), "ask_materials", "办退休得准备啥", ranking=ranking)
    assert plain.service == "normal_retirement"
    # The official name, or a member's own words, settle it.
    named = turn(kb, resolver, State(), "ask_materials", "企业职工正常退休申请要准备啥", ranking=ranking)
    assert named.service == "normal_retirement"
    worded = turn(kb, resolver, State(), "ask_materials", "满60了办退休得准备啥", ranking=ranking)
    assert worded.service == "normal_retirement"


def test_a_clear_story_is_still_asked_about_where_only_words_tell_the_members_apart(kb, resolver):
    story = "社保里头俺有两条记录 好几年了 咋给合成一条"
    ranking = [("employee_info_change", 0.9)]
    asked = turn(kb, resolver, State(), "ask_materials", story, ranking=ranking)
    assert asked.service is None
    assert set(asked.offered_services) == {"employee_info_change", "flexible_employee_info_change"}
    # A member's own words settle it.
    told = turn(kb, resolver, State(), "ask_materials", "俺是灵活就业 " + story, ranking=ranking)
    assert told.service == "flexible_employee_info_change" and told.case == "merge_records"
    # In a family without that mark, a story told at length that reads clearly is not asked about.
    clear = "职工发生工伤以后咱这协议医院治不了 大夫说得转沈阳去治"
    referral = turn(kb, resolver, State(), "ask_materials", clear, ranking=[("injury_referral_filing", 0.9)])
    assert referral.service == "injury_referral_filing"


def test_the_family_is_not_asked_about_when_the_guide_answers_alike(kb, resolver):
    ranking = [("normal_retirement", 0.9)]
    state = turn(kb, resolver, State(), "ask_feedback", "办退休结果咋通知", ranking=ranking)
    assert state.service == "normal_retirement" and not state.offered_services


def test_a_service_without_a_trace_of_the_current_one_needs_less_to_switch(kb, resolver):
    current = State(service="work_capacity_assessment", question="materials")
    ranking = [("injury_medical_expense_claim", 0.56)]
    moved = turn(kb, resolver, current, "ask_materials", "住院康复花的那些钱咋报", ranking=ranking)
    assert moved.service == "injury_medical_expense_claim"
    # With the current service still in the reading, the same score is not enough.
    both = [("injury_medical_expense_claim", 0.56), ("work_capacity_assessment", 0.35)]
    stayed = turn(kb, resolver, current, "ask_materials", "住院康复花的那些钱咋报", ranking=both)
    assert stayed.service == "work_capacity_assessment"


def test_the_reply_that_picks_the_service_also_tells_its_case(kb, resolver):
    state = State(question="materials", offered_services=["pension_account_lump_sum", "resident_funeral_grant"])
    said = UserMessage.read("他是水泥厂退休的 一直领退休金")
    cases = [("pension_account_lump_sum", "retiree_death", 0.6), ("pension_account_lump_sum", "none", 0.1)]
    chosen = settle_service(kb, resolver, state, "pension_account_lump_sum", cases=cases, said=said)
    assert (chosen["service"], chosen["case"]) == ("pension_account_lump_sum", "retiree_death")
    # A button says nothing of the case.
    button = UserMessage.read('/choose{"service":"pension_account_lump_sum"}')
    clicked = settle_service(kb, resolver, state, "pension_account_lump_sum", cases=cases, said=button)
    assert clicked["case"] is None


def test_the_case_the_reply_tells_comes_before_the_first_messages(kb, resolver):
    offered = ["contributor_change_declaration", "employee_enrollment"]
    state = State(question="materials", offered_services=offered, asked_about="增员新签合同2人需要啥材料")
    said = UserMessage.read("减员呢 有一个离职的")
    chosen = settle_service(kb, resolver, state, offered[0], said=said)
    assert (chosen["service"], chosen["case"]) == (offered[0], "stop")
    # A button tells nothing: the first message's case holds.
    button = UserMessage.read('/choose{"service":"contributor_change_declaration"}')
    assert settle_service(kb, resolver, state, offered[0], said=button)["case"] == "enroll_or_resume"


def test_asking_for_everything_to_do_offers_every_likely_service(kb, resolver):
    ranking = [("flexible_employment_enrollment", 0.8), ("contributor_change_declaration", 0.35)]
    several = turn(kb, resolver, State(), "ask_materials", "从单位辞职了 以后打算自己交社保 都要办啥", ranking=ranking)
    assert several.service is None
    assert several.offered_services[:2] == ["flexible_employment_enrollment", "contributor_change_declaration"]
    one = turn(kb, resolver, State(), "ask_materials", "从单位辞职了 以后打算自己交社保 得走啥手续", ranking=ranking)
    assert one.service == "flexible_employment_enrollment"


def test_offering_services_forgets_the_case_of_the_one_before(kb, resolver):
    current = State(service="contribution_refund", question="materials", case="over_retirement_age")
    ranking = [("employee_info_change", 0.8)]
    asked = turn(kb, resolver, current, "ask_materials", "出生日期录错了咋改", ranking=ranking)
    assert asked.offered_services and asked.service is None and asked.case is None


def test_after_a_flexible_workers_service_a_change_is_the_flexible_workers(kb, resolver):
    current = State(service="flexible_employment_enrollment", question="materials", case="residence_permit")
    ranking = [("employee_info_change", 0.8)]
    moved = turn(kb, resolver, current, "ask_materials", "交上以后发现出生日期录错了 咋改", ranking=ranking)
    assert (moved.service, moved.case) == ("flexible_employee_info_change", "birth_date")


def test_a_detail_question_keeps_its_words_and_needs_no_case(kb, resolver):
    state = turn(kb, resolver, State(), "ask_time_limit", "企业职工正常退休申请 单位要提前多久申请")
    assert state.service == "normal_retirement" and state.detail
    assert to_ask(kb, state) == []
    plain = turn(kb, resolver, State(), "ask_time_limit", "企业职工正常退休申请多久办好")
    assert plain.detail is None


def test_a_detail_asked_beside_a_case_is_still_a_detail(kb, resolver):
    ranking = [("injury_medical_expense_claim", 0.9)]
    lost = turn(kb, resolver, State(), "ask_conditions", "工伤住院的发票让我给整丢了 还能报销不", ranking=ranking)
    assert (lost.case, lost.detail) == ("inpatient", "工伤住院的发票让我给整丢了还能报销不")
    # The words that tell the case ask nothing of their own ("超过…" is no deadline).
    over = turn(kb, resolver, State(), "ask_materials", "多交的社保能退吗,我是超过退休年龄还在交")
    assert (over.case, over.detail) == ("over_retirement_age", None)


def test_questions_beside_the_first_are_kept(kb, resolver):
    state = turn(kb, resolver, State(), "ask_location", "参保单位注销在哪办 电话多少")
    assert (state.service, state.question) == ("employer_deregistration", "location")
    assert state.more_questions == ["employer_deregistration|phone"]


def test_a_numbered_list_asks_about_each_service(kb, resolver):
    text = "1、职工参保登记要什么材料 2、参保单位注销要什么材料"
    state = turn(kb, resolver, State(), "ask_materials", text, ranking=[("employee_enrollment", 0.9)])
    assert state.service == "employee_enrollment"
    assert state.more_questions == ["employer_deregistration|materials"]
    beside = answer_beside(kb, state, state.more_questions[0])
    assert beside.service.id == "employer_deregistration" and beside.question == "materials"


def test_asking_for_it_shorter_keeps_the_question(kb, resolver):
    state = State(service="injury_identification", question="overview", district="凌源市")
    after = turn(kb, resolver, state, "ask_overview", "简单说一下")
    assert (after.service, after.question, after.district) == ("injury_identification", "overview", "凌源市")


def test_a_few_words_that_fit_several_services_are_asked_about(kb, resolver):
    ranking = [("enterprise_registration", 0.67), ("institution_registration", 0.5)]
    vague = turn(kb, resolver, State(), "ask_materials", "办社保登记需要啥", ranking=ranking)
    assert vague.service is None and vague.offered_services[:2] == [
        "enterprise_registration",
        "institution_registration",
    ]
    sure = [("enterprise_registration", 0.9), ("institution_registration", 0.5)]
    assert (
        turn(kb, resolver, State(), "ask_materials", "办社保登记需要啥", ranking=sure).service
        == "enterprise_registration"
    )
    long = "我们这新开的饭店刚领了营业执照准备招人了办社保登记需要啥"
    assert turn(kb, resolver, State(), "ask_materials", long, ranking=ranking).service == "enterprise_registration"


def test_asking_for_the_materials_is_no_detail_question(kb, resolver):
    state = turn(kb, resolver, State(), "ask_materials", "多缴或重缴社会保险费退费能退吗，要带什么材料")
    assert state.detail is None and to_ask(kb, state) == ["case"]


def test_a_plain_question_with_yes_or_no_is_no_detail_question(kb, resolver):
    first = turn(kb, resolver, State(), "ask_materials", "企业社会保险登记需要什么材料")
    online = turn(kb, resolver, first, "ask_online", "网上能办吗")
    assert online.detail is None and online.question == "online"
    who = turn(kb, resolver, first, "ask_conditions", "能委托别人办吗")
    assert who.detail


def _part_rankings(kb, text, services):
    """The classifier's reading of each question of `text`, as the NLU gives it:
    the n-th question read as the n-th service, surely."""
    parts = asked_parts(kb, UserMessage.read(text))
    return {part.text: [(service, 0.9)] for part, service in zip(parts, services, strict=False)}


def test_each_question_of_a_list_is_read_by_its_own_words(kb, resolver):
    text = "1、新招了三个工人要准备啥 2、有个员工要离职走人那个咋弄 3、单位开户行换了能在网上改不"
    rankings = _part_rankings(
        kb, text, ["employee_enrollment", "contributor_change_declaration", "employer_info_change"]
    )
    state = read_turn(kb, resolver, State(), "ask_materials", UserMessage.read(text), part_rankings=rankings)
    assert (state.service, state.question) == ("employee_enrollment", "materials")
    assert state.more_questions == ["contributor_change_declaration|materials", "employer_info_change|online"]
    # Without the reading of each question, no item names its service: the form asks which.
    alone = read_turn(kb, resolver, State(), "ask_materials", UserMessage.read(text))
    assert (alone.service, alone.more_questions) == (None, [])


def test_a_bare_question_beside_another_stays_with_the_service_of_the_message(kb, resolver):
    text = "工伤认定要带啥材料 电话多少"
    parts = asked_parts(kb, UserMessage.read(text))
    rankings = {part.text: [("pension_suspension", 0.95)] for part in parts[1:]}
    state = read_turn(kb, resolver, State(), "ask_materials", UserMessage.read(text), part_rankings=rankings)
    assert state.service == "injury_identification"
    assert state.more_questions == ["injury_identification|phone"]


def test_the_same_question_about_two_services_is_answered_for_each(kb, resolver):
    text = "俺爹交的农村养老 人上个月没了 丧葬补助金咋领要带啥 另外他那个居民养老是不是还得注销 注销又要啥"
    services = ["resident_funeral_grant", "resident_pension_cancellation"]
    ranking = [(services[0], 0.49), (services[1], 0.46)]
    rankings = _part_rankings(kb, text, services)
    message = UserMessage.read(text)
    state = read_turn(kb, resolver, State(), "ask_materials", message, ranking=ranking, part_rankings=rankings)
    assert (state.service, state.more_questions[0]) == (services[0], f"{services[1]}|materials")
    # "是不是还得注销" is answered by the guide's sentence on when to cancel, beside the card.
    assert all(more.startswith(f"{services[1]}|detail|") for more in state.more_questions[1:])


def test_what_to_bring_asked_again_asks_what_the_card_leaves_open(kb, resolver):
    text = "个人账户的基数记错了要更正 要带啥 另外手里的缴费手续上基数没细分到每一年 这咋办"
    ranking = [("pension_account_correction", 0.9)]
    state = read_turn(kb, resolver, State(), "ask_materials", UserMessage.read(text), ranking=ranking)
    assert state.service == "pension_account_correction" and state.question == "materials"
    assert any(more.startswith("pension_account_correction|detail|") for more in state.more_questions)


def test_names_in_a_message_are_all_the_names_of_the_services_it_names(kb):
    names = kb.names_in(UserMessage.read("工伤认定和灵活就业参保要啥").key)
    assert "工伤认定申请" in names or "工伤认定" in names
    assert "灵活就业参保登记" in names
    assert kb.names_in(UserMessage.read("你好").key) == []


def test_words_after_a_list_pick_the_one_offered_they_describe(kb, resolver):
    offered = ["injury_remote_medical_registration", "new_injury_remote_medical_filing"]
    state = State(question="materials", offered_services=offered)
    ranking = [("new_injury_remote_medical_filing", 0.7), ("injury_medical_filing", 0.65), (offered[0], 0.05)]
    text = "先说他在外地住院那个备案"
    alone = turn(kb, resolver, State(question="materials"), "ask_materials", text, ranking=ranking)
    assert alone.service is None and len(alone.offered_services) > 1  # on its own it is unclear
    assert turn(kb, resolver, state, "ask_materials", text, ranking=ranking).service == offered[1]
    assert settle_service(kb, resolver, state, text, ranking=ranking)["service"] == offered[1]
    # Words for a service not offered and not close are no pick among those offered.
    other = [("injury_identification", 0.9)]
    assert turn(kb, resolver, state, "ask_materials", "工伤认定要啥", ranking=other).service == "injury_identification"


def test_a_case_described_after_a_list_picks_the_service_it_belongs_to(kb, resolver):
    offered = ["pension_eligibility_certification", "injury_benefit_eligibility_certification"]
    state = State(question="materials", offered_services=offered)
    cases = [(offered[0], "living_in_china", 0.6), (offered[0], "none", 0.1), (offered[1], "none", 0.2)]
    after = turn(kb, resolver, state, "inform", "就在家呆着呢 哪也没去 住凌源", cases=cases)
    assert (after.service, after.case) == (offered[0], "living_in_china")
    # Without a case of one of them, the list stays.
    unclear = turn(kb, resolver, state, "inform", "就在家呆着呢 哪也没去 住凌源", cases=cases[1:])
    assert unclear.service is None


def test_a_kind_of_insurance_named_after_a_list_picks_the_one_offered_of_that_kind(kb, resolver):
    offered = ["resident_funeral_grant", "pension_account_lump_sum"]
    state = State(question="materials", offered_services=offered)
    assert settle_service(kb, resolver, state, "她是农村的 领的城乡居民养老")["service"] == offered[0]
    # A reply that clearly means another service is no pick among those offered.
    flexible = ["flexible_employment_enrollment", "contribution_refund"]
    ranking = [("flexible_employee_info_change", 0.72), ("flexible_employment_enrollment", 0.1)]
    later = State(question="materials", offered_services=flexible)
    reply = settle_service(kb, resolver, later, "俺是自己交的那种 灵活就业", ranking=ranking)
    assert reply["service"] != flexible[0]


def test_of_several_that_fit_the_one_of_the_topic_under_discussion_is_taken(kb, resolver):
    ranking = [("pension_eligibility_certification", 0.45), ("injury_benefit_eligibility_certification", 0.45)]
    text = "每年那个待遇资格认证咋弄"
    fresh = turn(kb, resolver, State(), "ask_materials", text, ranking=ranking)
    assert fresh.service is None and len(fresh.offered_services) == 2
    injured = State(service="injury_benefit_claim", question="materials")
    assert turn(kb, resolver, injured, "ask_materials", text, ranking=ranking).service == ranking[1][0]
    retired = State(service="pension_suspension", question="materials")
    assert turn(kb, resolver, retired, "ask_materials", text, ranking=ranking).service == ranking[0][0]


def test_a_family_word_in_a_reply_to_a_list_picks_that_member(kb, resolver):
    offered = ["injury_rehabilitation_confirmation", "injury_rehabilitation_filing"]
    state = State(question="materials", offered_services=offered)
    first_time = settle_service(kb, resolver, state, "还没开始练呢 头一回")
    assert first_time["service"] == offered[0]
    assert settle_service(kb, resolver, state, "住进康复医院之前还得备个案是吧")["service"] == offered[1]


def test_a_reply_to_a_list_does_not_switch_to_a_service_it_barely_fits(kb, resolver):
    offered = ["injury_rehabilitation_confirmation", "injury_rehabilitation_filing"]
    state = State(question="materials", offered_services=offered)
    # "恢复" alone would lean towards 恢复养老保险待遇申请; a reply to the list is no such question.
    ranking = [("pension_resumption", 0.55), ("injury_rehabilitation_confirmation", 0.2)]
    assert settle_service(kb, resolver, state, "大夫说还有恢复的希望", ranking=ranking)["service"] is None
    # A service the reply names is taken, offered or not.
    named = settle_service(kb, resolver, state, "恢复养老保险待遇申请")
    assert named["service"] == "pension_resumption"


def test_a_question_in_reply_to_a_list_takes_the_offered_service_its_words_pick(kb, resolver):
    offered = ["injury_rehabilitation_confirmation", "injury_rehabilitation_filing"]
    state = State(question="materials", offered_services=offered)
    ranking = [("pension_resumption", 0.17), ("contribution_refund", 0.1)]
    text = "还没开始练呢 头一回 大夫说还有恢复的希望"
    assert turn(kb, resolver, state, "ask_materials", text, ranking=ranking).service == offered[0]
    # Without a list before, the same reading stands (first of its family, asked about).
    alone = turn(kb, resolver, State(), "ask_materials", text, ranking=ranking)
    assert (alone.service or alone.offered_services[0]) == "pension_resumption"


def test_a_statement_that_opens_another_topic_is_a_new_question(kb, resolver):
    state = State(service="employer_info_change", question="online")
    ranking = [("employee_info_change", 0.9)]
    text = "另外有个员工身份证号码录错了 要改"
    fresh = turn(kb, resolver, state, "inform", text, ranking=ranking)
    assert (fresh.service, fresh.question) == ("employee_info_change", "materials")
    # Without those words a statement is about the service under discussion,
    # however the classifier reads it (the family "信息录错了" and its member
    # 员工 move it, as in the test of follow-ups that name another family).
    stays = turn(kb, resolver, state, "inform", "有个员工手机号换了 要改", ranking=ranking)
    assert (stays.service, stays.question) == ("employer_info_change", "online")
    named = turn(kb, resolver, state, "inform", text[2:], ranking=ranking)
    assert named.service == "employee_info_change"


def test_a_move_to_another_family_keeps_the_way_of_the_service_before(kb, resolver):
    out = State(service="pension_transfer_out_interprovincial", question="materials")
    moved = turn(kb, resolver, out, "inform", "忘说了 我是学校的 事业编 调过去也是事业单位")
    assert moved.service == "institution_pension_transfer_out"
    ranking = [("occupational_annuity_transfer_out", 0.8), ("occupational_annuity_transfer_in", 0.1)]
    text = "职业年金也得跟着转吧 咋办"
    after_out = turn(kb, resolver, moved, "ask_materials", text, ranking=ranking)
    assert after_out.service == "occupational_annuity_transfer_out"
    after_in = State(service="institution_pension_transfer_in", question="materials")
    assert turn(kb, resolver, after_in, "ask_materials", text, ranking=ranking).service.endswith("_in")
    # However clearly the classifier reads the other way, when no word of the message gives one.
    leaning = [("occupational_annuity_transfer_out", 0.51), ("occupational_annuity_transfer_in", 0.15)]
    asked = turn(kb, resolver, after_in, "ask_conditions", "职业年金是不是也得跟着转", ranking=leaning)
    assert asked.service == "occupational_annuity_transfer_in"
    # With nothing under discussion the way is asked.
    fresh = turn(kb, resolver, State(), "ask_materials", text, ranking=ranking)
    assert fresh.service is None and len(fresh.offered_services) == 2


def test_a_family_word_beyond_the_names_picks_among_those_that_fit(kb, resolver):
    ranking = [("injury_identification", 0.45), ("injury_identification_extension", 0.4)]
    state = turn(kb, resolver, State(), "ask_materials", "工伤认定要延期 要啥材料", ranking=ranking)
    assert state.service == "injury_identification_extension"
    # 认定 is part of both names: no pick by it.
    plain = turn(kb, resolver, State(), "ask_materials", "工伤认定要啥材料", ranking=ranking)
    assert plain.service != "injury_identification_extension"


def test_a_paper_of_another_service_is_no_switch_to_it(kb, resolver):
    claim = State(service="injury_benefit_claim", question="materials")
    ranking = [("injury_identification", 0.85), ("injury_benefit_claim", 0.01)]
    text = "工伤认定书是去年年底拿的 还用复印不"
    assert turn(kb, resolver, claim, "ask_conditions", text, ranking=ranking).service == "injury_benefit_claim"
    # The service itself, named, still switches.
    named = turn(kb, resolver, claim, "ask_conditions", "工伤认定申请的条件是啥", ranking=ranking)
    assert named.service == "injury_identification"


def test_a_bare_question_in_an_item_of_a_list_is_about_that_item(kb, resolver):
    text = "1.公司刚成立社保登记要啥材料 2.工伤保险费率核定都要准备啥 3.单位参保证明在哪打 电话多少"
    services = ["enterprise_registration", "injury_base_rate_assessment", "employer_insurance_certificate"]
    rankings = _part_rankings(kb, text, services)
    state = read_turn(kb, resolver, State(), "ask_materials", UserMessage.read(text), part_rankings=rankings)
    assert f"{services[2]}|location" in state.more_questions
    assert f"{services[2]}|phone" in state.more_questions


def test_the_first_question_clearly_about_another_service_leads(kb, resolver):
    text = "俺是低保户 想上城乡居民养老 要带啥 上哪办 还有俺妈60了 领居民养老金得够啥条件"
    services = ["resident_pension_enrollment", "resident_pension_enrollment", "resident_pension_claim"]
    rankings = _part_rankings(kb, text, services)
    ranking = [("resident_pension_claim", 0.68), ("resident_pension_enrollment", 0.24)]
    message = UserMessage.read(text)
    state = read_turn(kb, resolver, State(), "ask_materials", message, ranking=ranking, part_rankings=rankings)
    assert (state.service, state.question) == ("resident_pension_enrollment", "materials")
    # "上哪办" goes on with the question before it, not with the message's leaning.
    assert state.more_questions == ["resident_pension_enrollment|location", "resident_pension_claim|conditions"]


def test_a_question_about_one_of_the_offered_services_is_not_asked_about_again(kb, resolver):
    offered = ["pension_eligibility_certification", "injury_benefit_eligibility_certification"]
    ranking = [(offered[0], 0.75), (offered[1], 0.06)]
    text = "我老姐姐跟她儿子在美国住着 她咋认证"
    after_list = turn(
        kb, resolver, State(question="materials", offered_services=offered), "ask_materials", text, ranking=ranking
    )
    assert after_list.service == offered[0]
    # A few words with no list before: the family is asked about.
    fresh = turn(kb, resolver, State(question="materials"), "ask_materials", "认证咋弄", ranking=ranking)
    assert fresh.service is None and fresh.offered_services == offered


def test_a_story_that_reads_clearly_as_one_member_of_a_family_is_not_asked_about(kb, resolver):
    family = ["pension_eligibility_certification", "injury_benefit_eligibility_certification"]
    ranking = [(family[0], 0.75), (family[1], 0.06)]
    text = "我老姐姐跟她儿子在美国住着 她咋认证"
    told = turn(kb, resolver, State(question="materials"), "ask_materials", text, ranking=ranking)
    assert told.service == family[0] and not told.offered_services
    unsure = [(family[0], 0.45), (family[1], 0.40)]
    asked = turn(kb, resolver, State(question="materials"), "ask_materials", text, ranking=unsure)
    assert asked.service is None and asked.offered_services == family


def test_a_correction_read_as_a_question_still_corrects_the_case(kb, resolver):
    told = State(service="contribution_refund", question="materials", case="retiree_receiving")
    ranking = [("pension_calculation", 0.8), ("contribution_refund", 0.1)]
    cases = [("contribution_refund", "over_retirement_age", 0.7), ("contribution_refund", "none", 0.1)]
    text = "哎不对 我退休是批下来了 可养老金还没给算呢 还没领上"
    after = turn(kb, resolver, told, "ask_conditions", text, ranking=ranking, cases=cases)
    assert (after.service, after.case, after.question) == ("contribution_refund", "over_retirement_age", "materials")
    # Without the correcting words it is a new question about the service it reads.
    asked = turn(kb, resolver, told, "ask_conditions", text[4:], ranking=ranking, cases=cases)
    assert asked.service == "pension_calculation"


def test_how_do_i_read_as_an_overview_asks_for_the_materials(kb, resolver):
    ranking = [("pension_account_lump_sum", 0.8)]
    text = "我爹上礼拜走了 他是机械厂退休的 家里能领一笔钱 咋领啊"
    assert turn(kb, resolver, State(), "ask_overview", text, ranking=ranking).question == "materials"
    summary = turn(kb, resolver, State(), "ask_overview", "个人账户一次性支付是什么业务", ranking=ranking)
    assert summary.question == "overview"
    # A service named alone is no "how do I", though its name holds 证明 (a materials word).
    named = turn(kb, resolver, State(), "ask_overview", "单位参保证明查询打印")
    assert (named.service, named.question) == ("employer_insurance_certificate", "overview")


def test_a_first_message_that_only_tells_what_happened_asks_for_the_materials(kb, resolver):
    ranking = [("archive_inquiry", 0.86)]
    text = "想调我爸的社保档案看看 他去年走的"
    assert turn(kb, resolver, State(), "inform", text, ranking=ranking).question == "materials"
    # A button that picks a service, or a message that reaches none, asks nothing new.
    button = '/choose{"service":"archive_inquiry"}'
    assert turn(kb, resolver, State(), "choose", button, ranking=ranking).question == "overview"
    assert turn(kb, resolver, State(), "inform", "噢噢噢噢噢噢").question == "overview"
    # Later, a statement keeps the question under discussion.
    asked = State(service="archive_inquiry", question="location")
    assert turn(kb, resolver, asked, "inform", text, ranking=ranking).question == "location"


def test_a_told_branch_takes_the_sub_case_the_case_classifier_reads(kb, resolver):
    ranking = [("employee_info_change", 0.86)]
    text = "员工身份证号当初录错了 想改过来"
    one = [("employee_info_change", "name_or_id_one", 0.38), ("employee_info_change", "none", 0.1)]
    state = turn(kb, resolver, State(), "ask_materials", text, ranking=ranking, cases=one)
    assert (state.case, state.case_branch) == ("name_or_id_one", None)
    unsure = [("employee_info_change", "name_or_id_one", 0.3), ("employee_info_change", "name_and_id_both", 0.28)]
    state = turn(kb, resolver, State(), "ask_materials", text, ranking=ranking, cases=unsure)
    assert (state.case, state.case_branch) == (None, "name_or_id_number")


def test_a_case_told_earlier_counts_for_the_service_moved_to(kb, resolver):
    state = State(question="materials", life_event="death")
    earlier = ["俺爸是水泥厂退休的 前天人没了 后面都得办啥"]
    ranking = [("pension_account_lump_sum", 0.9)]
    text = "那丧葬费抚恤金那块要带啥"
    moved = read_turn(
        kb, resolver, state, "ask_materials", UserMessage.read(text), ranking=ranking, told_before=earlier
    )
    assert (moved.service, moved.case) == ("pension_account_lump_sum", "retiree_death")
    # Nothing told before: the case is still to ask.
    fresh = read_turn(kb, resolver, state, "ask_materials", UserMessage.read(text), ranking=ranking)
    assert fresh.service == "pension_account_lump_sum" and fresh.case is None
    # The service under discussion keeps the case its own question settles.
    same = State(service="pension_account_lump_sum", question="time_limit")
    stays = read_turn(kb, resolver, same, "ask_materials", UserMessage.read(text), ranking=ranking, told_before=earlier)
    assert stays.case is None


def test_a_case_the_classifier_read_in_an_earlier_message_counts_too(kb, resolver):
    state = State(question="materials", life_event="death")
    earlier = ["我们单位一个职工上礼拜脑出血没了 在家犯的病 单位这边都要办啥"]
    read = [("pension_account_lump_sum", "employee_illness", 0.39), ("injury_identification", "sudden_illness", 0.1)]
    ranking = [("pension_account_lump_sum", 0.9)]
    message = UserMessage.read("家属领他个人账户那个钱要啥材料")
    moved = read_turn(
        kb, resolver, state, "ask_materials", message, ranking=ranking, told_before=earlier, cases_before=[read]
    )
    assert (moved.service, moved.case) == ("pension_account_lump_sum", "employee_illness")
    # A faint reading of another service's story tells nothing.
    faint = [("injury_identification", "sudden_illness", 0.7), ("pension_account_lump_sum", "death_in_service", 0.02)]
    unsure = read_turn(
        kb, resolver, state, "ask_materials", message, ranking=ranking, told_before=earlier, cases_before=[faint]
    )
    assert unsure.case is None and unsure.case_branch is None


def test_can_it_be_done_asks_what_to_bring(kb, resolver):
    ranking = [("pension_account_lump_sum", 0.9)]
    for text in ("我对象上个月在家突发脑出血人没了 他账户的钱家里能领出来吗", "能不能把交的钱退回来"):
        assert turn(kb, resolver, State(), "ask_conditions", text, ranking=ranking).question == "materials", text
    text = "俺爸是98年评上的市劳模 退休以后能加劳模那份待遇不"
    added = turn(kb, resolver, State(), "ask_conditions", text, ranking=[("special_status_pension_adjustment", 0.9)])
    assert added.question == "materials" and added.detail is None
    text = "想查俺过世老爹的档案 俺当儿子的能查不"
    looked_up = turn(kb, resolver, State(), "ask_conditions", text, ranking=[("archive_inquiry", 0.9)])
    assert looked_up.question == "materials" and looked_up.case == "deceased_file"
    # Eligibility asked in so many words stays a question of the conditions.
    text = "人没了 这钱能退给家里不 得够啥条件"
    assert turn(kb, resolver, State(), "ask_conditions", text, ranking=ranking).question == "conditions"
    # …and is no detail the guide would have to answer with a sentence.
    assert turn(kb, resolver, State(), "ask_conditions", "人没了 这钱能退给家里不", ranking=ranking).detail is None
    delegated = turn(kb, resolver, State(), "ask_conditions", "能委托别人去领吗", ranking=ranking)
    assert delegated.detail and delegated.question == "conditions"
    # Where a sentence of the guide answers it, that sentence is quoted.
    text = "俺爸那份钱家里人能领不"
    quoted = turn(kb, resolver, State(), "ask_conditions", text, ranking=ranking)
    assert quoted.detail and quoted.question == "conditions"


def test_several_questions_about_a_named_service_are_no_life_event(kb, resolver):
    text = "公司要关门了 1.参保单位注销要什么条件 2.网上能办不 3.员工停保要交什么手续"
    state = turn(kb, resolver, State(), "ask_conditions", text)
    assert state.life_event is None and state.service == "employer_deregistration"
    assert state.more_questions == ["employer_deregistration|online", "contributor_change_declaration|materials"]
    event = turn(kb, resolver, State(), "ask_materials", "我母亲去世了，社保这边要办哪些手续？电话多少？")
    assert event.life_event == "death"


def test_a_service_the_event_does_not_hold_is_no_life_event(kb, resolver):
    text = "领伤残津贴的工伤职工到退休年龄了 工伤这头还要办啥"
    unsure = turn(kb, resolver, State(), "ask_materials", text, ranking=[("injury_benefit_change", 0.5)])
    assert unsure.life_event == "retirement"
    sure = turn(kb, resolver, State(), "ask_materials", text, ranking=[("injury_benefit_change", 0.9)])
    assert sure.life_event is None and sure.service == "injury_benefit_change"
    # A service the event holds is one of its steps: the event is shown.
    text = "我快退休了都要办什么"
    assert turn(kb, resolver, State(), "ask_materials", text, ranking=[("normal_retirement", 0.9)]).life_event


def test_several_questions_about_a_described_service_are_no_life_event(kb, resolver):
    text = "我父亲已经去世了，想查他在社保中心的档案，需要啥手续？能当场查吗？电话多少？"
    state = turn(kb, resolver, State(), "ask_materials", text)
    assert state.life_event is None and state.service == "archive_inquiry"


def test_an_item_that_names_no_service_goes_on_with_the_one_before(kb, resolver):
    text = "1、职工参保登记要什么材料\n2、要几个工作日\n3、参保单位注销在哪办"
    state = turn(kb, resolver, State(), "ask_materials", text)
    assert state.service == "employee_enrollment"
    assert state.more_questions == ["employee_enrollment|time_limit", "employer_deregistration|location"]


def test_a_statement_that_also_asks_may_switch_on_a_sure_reading(kb, resolver):
    state = State(service="contribution_refund", question="materials")
    ranking = [("resident_funeral_grant", 0.9)]
    asks = turn(kb, resolver, state, "inform", "听人说能给点丧葬费 想领那个", ranking=ranking)
    assert asks.service == "resident_funeral_grant"
    states = turn(kb, resolver, state, "inform", "听人说有丧葬费 想领那个", ranking=ranking)
    assert states.service == "contribution_refund"
    corrects = turn(kb, resolver, state, "deny", "不对 能给点丧葬费的那个", ranking=ranking)
    assert corrects.service == "contribution_refund"


def test_a_question_read_as_an_easily_mistaken_sibling_stays_with_the_service(kb, resolver):
    text = "我明年到60 在公司上班 正常退休要准备啥材料 得提前多久申请 审批要多长时间"
    services = ["normal_retirement", "special_job_early_retirement", "special_job_early_retirement"]
    rankings = _part_rankings(kb, text, services)
    state = read_turn(kb, resolver, State(), "ask_materials", UserMessage.read(text), part_rankings=rankings)
    assert state.service == "normal_retirement"
    assert all(more.startswith("normal_retirement|") for more in state.more_questions)


def test_a_detail_asked_beside_other_questions_is_kept_with_its_words(kb, resolver):
    text = "工伤住院的费用报销 发票原件丢了咋整？还要啥材料？多少天能报下来"
    state = read_turn(kb, resolver, State(), "ask_materials", UserMessage.read(text))
    assert state.service == "injury_medical_expense_claim"
    details = [more.split("|") for more in state.more_questions if more.split("|")[1] == "detail"]
    assert len(details) == 1 and "发票原件丢了" in details[0][2]
    # The guide's sentence about a lost invoice answers it.
    sentences = get_sentence_index().answering("injury_medical_expense_claim", details[0][2])
    assert any("发票原件丢失" in m.quote.text for m in sentences)
    # A question no sentence answers more than its card is no detail.
    plain = read_turn(kb, resolver, State(), "ask_materials", UserMessage.read("工伤认定要带啥 在哪办 电话多少"))
    assert not [more for more in plain.more_questions if "|detail|" in more]


def test_the_step_that_usually_comes_next_needs_less_to_move_to(kb, resolver):
    current = State(service="work_capacity_assessment", question="materials")
    ranking = [("injury_benefit_claim", 0.6), ("work_capacity_assessment", 0.3)]
    moved = turn(kb, resolver, current, "ask_conditions", "鉴定完了 领钱那块还得另外申请吧", ranking=ranking)
    assert moved.service == "injury_benefit_claim"
    # After a service it does not usually follow, the same reading is not enough.
    other = State(service="injury_rehabilitation_confirmation", question="materials")
    ranking = [("injury_benefit_claim", 0.6), ("injury_rehabilitation_confirmation", 0.3)]
    stayed = turn(kb, resolver, other, "ask_conditions", "康复期间 领钱那块还得另外申请吧", ranking=ranking)
    assert stayed.service == "injury_rehabilitation_confirmation"


def test_a_step_said_done_moves_to_any_clear_reading_of_another_service(kb, resolver):
    current = State(service="injury_identification", question="materials")
    ranking = [("injury_medical_expense_claim", 0.3), ("injury_identification", 0.05)]
    moved = turn(kb, resolver, current, "ask_materials", "认定完了 这些钱咋报", ranking=ranking)
    assert moved.service == "injury_medical_expense_claim"
    # Without the step said done, so weak a reading is a follow-up about the current one.
    stayed = turn(kb, resolver, current, "ask_materials", "认定期间 这些钱咋报", ranking=ranking)
    assert stayed.service == "injury_identification"
    # Asking when the result comes stays, whatever the step.
    result = turn(kb, resolver, current, "ask_time_limit", "认定完了 多少天能拿到结果")
    assert result.service == "injury_identification"


def test_a_step_said_done_with_a_faint_reading_of_another_field_is_the_next_step(kb, resolver):
    current = State(service="work_capacity_assessment", question="materials")
    faint = [("resident_pension_claim", 0.33)]
    moved = turn(kb, resolver, current, "ask_materials", "鉴定完了 领钱那块还得另外申请吧", ranking=faint)
    assert moved.service == "injury_benefit_claim"
    # With no reading at all, what to get once the step is done is the next step too…
    money = turn(kb, resolver, current, "ask_materials", "评完了 九级 厂里让俺走人 能给啥钱")
    assert money.service == "injury_benefit_claim"
    # …but not a question about the step itself, nor without the step said done.
    result = turn(kb, resolver, current, "ask_time_limit", "鉴定完了 多久出结论")
    assert result.service == "work_capacity_assessment"
    stayed = turn(kb, resolver, current, "ask_materials", "鉴定期间 领钱那块还得另外申请吧", ranking=faint)
    assert stayed.service == "work_capacity_assessment"


def test_the_next_step_reached_is_not_taken_back_to_the_family_of_the_current(kb, resolver):
    current = State(service="assistive_device_fitting", question="materials")
    reading = [("assistive_device_replacement", 0.52)]
    moved = turn(kb, resolver, current, "inform", "鉴定结论下来了 同意配 然后呢", ranking=reading)
    assert moved.service == "assistive_device_replacement"


def test_after_one_side_of_a_transfer_the_other_side_is_next(kb, resolver):
    out = State(service="institution_enterprise_transfer_out", question="materials")
    reading = [("institution_enterprise_transfer_in", 0.4), ("institution_to_enterprise_pension_transfer", 0.3)]
    reading += [("resident_pension_transfer", 0.2)]
    moved = turn(kb, resolver, out, "inform", "那转进企业这边呢", ranking=reading)
    assert moved.service == "institution_to_enterprise_pension_transfer"
    sent = State(service="enterprise_to_institution_pension_transfer", question="materials")
    received = turn(kb, resolver, sent, "ask_materials", "转完以后事业单位那边接收要带啥")
    assert received.service == "institution_enterprise_transfer_in"


def test_a_story_told_while_its_case_is_asked_gets_the_guides_sentence_beside(kb, resolver):
    ranking = [("pension_eligibility_certification", 0.9)]
    story = turn(
        kb, resolver, State(), "ask_materials", "我爸一年多没做认证 养老金停了 现在去补认证要啥", ranking=ranking
    )
    assert story.case is None and [q.split("|")[1] for q in story.more_questions] == ["detail"]
    plain = turn(kb, resolver, State(), "ask_materials", "俺爸要做认证 要啥", ranking=ranking)
    assert plain.more_questions == []
    refund = [("contribution_refund", 0.9)]
    asked = turn(kb, resolver, State(), "ask_materials", "多交的社保怎么退,要什么材料", ranking=refund)
    assert asked.more_questions == []  # a plain question tells no story
    short = turn(kb, resolver, State(), "ask_materials", "退费要什么材料", ranking=refund)
    assert short.more_questions == []


def test_a_siblings_own_words_move_there_without_asking_its_family(kb, resolver):
    received = State(service="institution_enterprise_transfer_in", question="materials")
    text = "不对 我说错了 企业那边还没办 得先把企业的转出来"
    state = turn(
        kb, resolver, received, "ask_conditions", text, ranking=[("institution_enterprise_transfer_out", 0.54)]
    )
    assert state.service == "enterprise_to_institution_pension_transfer"


def test_a_correction_takes_a_fainter_reading_of_another_case(kb, resolver):
    told = State(service="pension_eligibility_certification", question="materials", case="living_abroad")
    cases = [("pension_eligibility_certification", "living_in_china", 0.15)]
    text = "不对 俺弄错了 他去年就回来了 现在在凌源老家住"
    corrected = turn(kb, resolver, told, "inform", text, cases=cases)
    assert corrected.case == "living_in_china"
    # Without a correction, so faint a reading tells nothing.
    plain = turn(kb, resolver, told, "inform", "他去年就回来了 现在在凌源老家住", cases=cases)
    assert plain.case == "living_abroad"


def test_a_message_naming_another_service_is_no_reply_to_the_case_question(kb, resolver):
    asking = State(service="injury_identification", question="materials")
    text = "他家里人来问 认定完了 那个工亡补助金咋领"
    moved = turn(kb, resolver, asking, "ask_materials", text, ranking=[("injury_benefit_claim", 0.9)])
    assert moved.service == "injury_benefit_claim"
    # Words of the case alone answer the question asked.
    told = turn(kb, resolver, asking, "inform", "他家里人自己来报", ranking=[("injury_identification", 0.5)])
    assert told.service == "injury_identification" and told.case == "relative_applies"
    # A case named after another service's name still answers it ("因工死亡" is no 工伤 claim).
    death = State(service="pension_account_lump_sum", question="materials", case_branch="death_in_service")
    work = turn(kb, resolver, death, "inform", "是因工死亡的", ranking=[("injury_benefit_claim", 0.5)])
    assert work.service == "pension_account_lump_sum" and work.case


def test_a_statement_with_a_cases_own_words_outweighs_the_classifier(kb, resolver):
    told = State(service="pension_account_lump_sum", question="conditions", case="employee_illness")
    cases = [("pension_account_lump_sum", "employee_illness", 0.8)]
    text = "他自己交的 个体那种 不在单位 得的是癌"
    state = turn(kb, resolver, told, "inform", text, ranking=[("pension_account_lump_sum", 0.6)], cases=cases)
    assert (state.service, state.case) == ("pension_account_lump_sum", "flexible_illness")
    assert state.question == "conditions"


def test_a_correction_with_a_siblings_words_moves_there_with_its_case(kb, resolver):
    told = State(service="employee_info_change", question="materials", case="merge_records")
    text = "哦搞错了 两条记录那个不是俺们员工 是俺小舅子 他自己交的灵活就业"
    state = turn(kb, resolver, told, "inform", text, ranking=[("employee_info_change", 0.6)])
    assert (state.service, state.case) == ("flexible_employee_info_change", "merge_records")


def test_a_sub_case_is_read_from_how_people_tell_it(kb, resolver):
    ranking = [("flexible_employee_info_change", 0.86)]
    one = turn(kb, resolver, State(), "ask_materials", "俺个人交养老的 身份证号当年录错了一位 咋改", ranking=ranking)
    assert one.case == "name_or_id_one"
    both = turn(kb, resolver, State(), "ask_materials", "灵活就业的 名字跟身份证号俩都得改 咋弄", ranking=ranking)
    assert both.case == "name_and_id_both"


def test_a_case_word_that_is_also_a_siblings_word_answers_the_case(kb, resolver):
    current = State(service="assistive_device_remote_fitting", question="materials")
    told = turn(kb, resolver, current, "inform", "第一次配", ranking=[("assistive_device_fitting", 0.6)])
    assert (told.service, told.case) == ("assistive_device_remote_fitting", "first_fitting")


def test_after_rehabilitation_its_costs_are_the_medical_expense_claim(kb, resolver):
    current = State(service="injury_rehabilitation_extension", question="materials")
    moved = turn(kb, resolver, current, "ask_materials", "康复这些钱咋报", ranking=[("injury_benefit_change", 0.4)])
    assert moved.service == "injury_medical_expense_claim"
    confirmed = State(service="injury_rehabilitation_confirmation", question="materials")
    filed = turn(kb, resolver, confirmed, "ask_materials", "确认下来了 下一步得备案吧")
    assert filed.service == "injury_rehabilitation_filing"


def test_asking_for_the_next_step_moves_to_the_step_that_usually_follows(kb, resolver):
    confirmed = State(service="injury_rehabilitation_confirmation", question="materials")
    moved = turn(kb, resolver, confirmed, "ask_materials", "确认下来了 下一步呢")
    assert moved.service == "injury_rehabilitation_filing"
    # A bare follow-up without such words stays.
    stayed = turn(kb, resolver, confirmed, "ask_time_limit", "要多久")
    assert stayed.service == "injury_rehabilitation_confirmation"


def test_a_reply_to_a_list_that_picks_none_is_offered_the_list_again_once(kb, resolver):
    offered = ["flexible_employee_info_change", "flexible_employment_enrollment"]
    listed = State(question="materials", offered_services=offered, asked_about="俺个体交养老的 想停了 咋整")
    again = turn(kb, resolver, listed, "ask_conditions", "过两年再想交 还能接上不")
    assert again.service is None and again.offered_services == offered
    assert again.asked_about == listed.asked_about and again.failed_attempts == 1
    twice = turn(kb, resolver, again, "ask_conditions", "过两年再想交 还能接上不")
    assert twice.failed_attempts == 2
    given_up = turn(kb, resolver, twice, "ask_conditions", "过两年再想交 还能接上不")
    assert given_up.offered_services == []


def test_a_reply_to_the_service_question_that_fits_none_is_counted(kb, resolver):
    offered = ["injury_rehabilitation_confirmation", "injury_rehabilitation_filing"]
    listed = State(question="materials", offered_services=offered)
    first = settle_service(kb, resolver, listed, "还没想好呢")
    assert first == {"service": None, "failed_attempts": 1}
    last = settle_service(kb, resolver, State(question="materials", offered_services=offered, failed_attempts=2), "嗯")
    assert last["offered_services"] == [] and last["service"] is None


def test_the_next_step_after_one_of_those_offered_is_the_other(kb, resolver):
    offered = ["injury_rehabilitation_confirmation", "injury_rehabilitation_filing"]
    state = turn(
        kb, resolver, State(question="materials", offered_services=offered), "ask_materials", "确认下来了 下一步呢"
    )
    assert state.service == "injury_rehabilitation_filing"


def test_a_family_named_as_a_whole_offers_its_members(kb, resolver):
    transfer = turn(kb, resolver, State(), "ask_materials", "转关系要什么材料")
    assert transfer.service is None
    assert transfer.offered_services == [
        "pension_transfer_out_interprovincial",
        "pension_transfer_in_interprovincial",
        "pension_transfer_in_province",
    ]
    wrong = turn(kb, resolver, State(), "ask_materials", "信息录错了怎么改")
    assert wrong.offered_services == ["employee_info_change", "flexible_employee_info_change"]
    # A member's own words beside the family's pick that member.
    out = turn(kb, resolver, State(), "ask_materials", "转关系 要转走的话带啥")
    assert out.service == "pension_transfer_out_interprovincial"
    # With a service under discussion, the family's words are a follow-up about it.
    current = State(service="pension_transfer_in_province", question="materials")
    assert turn(kb, resolver, current, "ask_time_limit", "转关系得多久").service == "pension_transfer_in_province"


def test_a_family_named_in_its_situation_outweighs_an_unsure_reading(kb, resolver):
    unsure = [("resident_pension_enrollment", 0.58), ("resident_funeral_grant", 0.37)]
    died = turn(kb, resolver, State(), "ask_materials", "俺老叔在村里交的农村养老 前些天走了", ranking=unsure)
    assert died.offered_services == ["resident_funeral_grant", "resident_pension_cancellation"]
    # Outside its situation (no death), the reading stands.
    alive = turn(kb, resolver, State(), "ask_materials", "俺老叔在村里交的农村养老 想接着交", ranking=unsure)
    assert alive.service == "resident_pension_enrollment"
    # A sure reading stands too.
    sure = [("resident_funeral_grant", 0.9)]
    grant = turn(kb, resolver, State(), "ask_materials", "俺老叔在村里交的农村养老 走了 丧葬补助金咋领", ranking=sure)
    assert grant.service == "resident_funeral_grant"


def test_a_short_unsure_reading_is_asked_about_unless_a_familys_words_tell(kb, resolver):
    unsure = [("flexible_employee_info_change", 0.72), ("flexible_employment_enrollment", 0.32)]
    vague = turn(kb, resolver, State(), "ask_materials", "养老那个咋整", ranking=unsure)
    assert vague.service is None and len(vague.offered_services) > 1
    # "个体" singles out the flexible worker's change among the changes of details.
    told = turn(kb, resolver, State(), "ask_materials", "俺个体交养老的 想停了 咋整", ranking=unsure)
    assert told.service == "flexible_employee_info_change"


def test_a_family_named_as_a_whole_outweighs_an_unsure_reading(kb, resolver):
    unsure = [("resident_pension_transfer", 0.67), ("pension_transfer_out_interprovincial", 0.52)]
    state = turn(kb, resolver, State(), "ask_materials", "员工养老关系转移要什么材料", ranking=unsure)
    assert state.service is None
    assert set(state.offered_services) == {
        "pension_transfer_out_interprovincial",
        "pension_transfer_in_interprovincial",
        "pension_transfer_in_province",
    }


def test_a_family_named_in_its_situation_picks_by_its_own_members_words(kb, resolver):
    unsure = [("pension_account_lump_sum", 0.5), ("resident_funeral_grant", 0.3)]
    text = "婆婆退休的 人走了 这个抚恤金能在网上申请不"
    state = turn(kb, resolver, State(), "ask_online", text, ranking=unsure)
    assert state.service == "pension_account_lump_sum"


def test_a_family_asked_about_is_not_picked_by_another_familys_words(kb, resolver):
    # "去世" singles out the resident's funeral grant among the resident services,
    # not among the benefits after a death, which ask who the deceased was.
    entities = [{"entity": "service", "value": "pension_account_lump_sum"}]
    state = turn(kb, resolver, State(), "ask_materials", "家里老人去世了,死亡待遇要什么材料", entities=entities)
    assert state.service is None
    assert state.offered_services == [
        "pension_account_lump_sum",
        "converted_institution_funeral_pension",
        "resident_funeral_grant",
    ]


def test_a_follow_up_that_names_another_family_and_one_of_its_members_moves_there(kb, resolver):
    state = State(service="pension_eligibility_certification", question="materials")
    moved = turn(kb, resolver, state, "inform", "他退休金那张卡也过期了 想换成社保卡领")
    assert moved.service == "retiree_payment_info_change"
    # The family's words alone, with no member told, leave the conversation where it is.
    stayed = turn(kb, resolver, state, "inform", "卡过期了")
    assert stayed.service == "pension_eligibility_certification" and not stayed.offered_services


def test_an_alias_in_a_reply_to_a_list_gives_way_to_the_one_offered_its_words_tell(kb, resolver):
    offered = ["resident_funeral_grant", "pension_account_lump_sum", "converted_institution_funeral_pension"]
    state = State(question="conditions", offered_services=offered)
    said = UserMessage.read("她是村里的 领农保")  # 领农保: an alias of 城乡居民养老保险待遇申领
    assert settle_service(kb, resolver, state, "resident_pension_claim", said=said)["service"] == offered[0]
    # A button, or the service's own name, is taken as it is.
    button = UserMessage.read('/choose{"service":"resident_pension_claim"}')
    assert (
        settle_service(kb, resolver, state, "resident_pension_claim", said=button)["service"]
        == "resident_pension_claim"
    )


def test_a_question_about_these_two_is_asked_of_each_service_before_it(kb, resolver):
    text = "新公司开社保户 1 社保登记要啥材料 2 工伤费率核定要啥 3 这俩当天能办完不"
    services = ["enterprise_registration", "injury_base_rate_assessment"]
    rankings = _part_rankings(kb, text, services)
    state = read_turn(kb, resolver, State(), "ask_materials", UserMessage.read(text), part_rankings=rankings)
    assert (state.service, state.question) == (services[0], "materials")
    assert state.more_questions == [
        f"{services[1]}|materials",
        f"{services[0]}|time_limit",
        f"{services[1]}|time_limit",
    ]


def test_an_item_recalls_a_service_asked_about_before_by_a_word_of_its_name(kb, resolver):
    text = "公司要注销了 1.社保这块啥条件才能注销 2.还有三个人没减员 停保要啥 3.注销当天能办完不"
    ranking = [("employer_deregistration", 0.9)]
    rankings = _part_rankings(kb, text, ["employer_deregistration", "contributor_change_declaration", "none"])
    message = UserMessage.read(text)
    state = read_turn(kb, resolver, State(), "ask_conditions", message, ranking=ranking, part_rankings=rankings)
    assert "employer_deregistration|time_limit" in state.more_questions
    assert "contributor_change_declaration|time_limit" not in state.more_questions


def test_a_family_word_in_a_later_question_moves_to_the_sibling(kb, resolver):
    text = "工伤截肢了要装假肢 头一回配 要啥手续 装完花的钱咋报 要啥票据 多少天到账"
    fitting, claim = "assistive_device_fitting", "assistive_device_expense_claim"
    # The classifier reads the expense question as the medical expenses; the family's word 报 wins.
    rankings = _part_rankings(kb, text, [fitting, "injury_medical_expense_claim", "none", "none"])
    state = read_turn(
        kb, resolver, State(), "ask_materials", UserMessage.read(text), ranking=[(fitting, 0.9)], part_rankings=rankings
    )
    assert state.service == fitting
    assert state.more_questions[:2] == [f"{claim}|materials", f"{claim}|time_limit"]


def test_a_life_event_told_offers_its_steps_the_classifiers_read_when_no_service_is_reached(kb, resolver):
    text = "老头子没了 他保险咋给停"
    ranking = [
        ("contributor_change_declaration", 0.13),
        ("resident_pension_cancellation", 0.09),
        ("injury_benefit_change", 0.09),
        ("flexible_employment_enrollment", 0.05),
    ]
    cases = [("pension_suspension", "death", 0.2), ("archive_inquiry", "deceased_file", 0.08)]
    state = turn(kb, resolver, State(), "ask_materials", text, ranking=ranking, cases=cases)
    assert state.service is None
    # Only the steps of the event, likeliest first by either classifier.
    assert state.offered_services == [
        "pension_suspension",
        "contributor_change_declaration",
        "resident_pension_cancellation",
        "injury_benefit_change",
    ]
    # Without an event told, nothing is offered on so faint a reading.
    other = turn(kb, resolver, State(), "ask_materials", "他保险咋给停", ranking=ranking, cases=cases)
    assert other.offered_services == []


def test_a_question_read_only_faintly_is_asked_about_with_what_the_classifier_reads(kb, resolver):
    text = "俺爹已经领上厂里的退休金了 村里那个养老还挂着 咋办"
    ranking = [
        ("resident_pension_cancellation", 0.25),
        ("resident_pension_enrollment", 0.09),
        ("contribution_refund", 0.06),
    ]
    state = turn(kb, resolver, State(), "ask_materials", text, ranking=ranking)
    assert (state.service, state.offered_services) == (
        None,
        ["resident_pension_cancellation", "resident_pension_enrollment"],
    )
    # A statement that asks nothing is not asked about.
    told = turn(kb, resolver, State(), "inform", "俺爹已经领上厂里的退休金了 村里那个养老还挂着", ranking=ranking)
    assert told.offered_services == []
    # Below the likeliest's floor: nothing.
    faint = [("resident_pension_cancellation", 0.15), ("resident_pension_enrollment", 0.09)]
    assert turn(kb, resolver, State(), "ask_materials", text, ranking=faint).offered_services == []


def test_a_case_of_the_service_discussed_keeps_it(kb, resolver):
    first = turn(kb, resolver, State(), "ask_materials", "工伤认定下来了 一次性工亡补助金咋领")
    assert (first.service, first.case) == ("injury_benefit_claim", "death_lump_sum")
    # The classifier reads two other funeral benefits, neither surely.
    ranking = [("resident_funeral_grant", 0.52), ("converted_institution_funeral_pension", 0.45)]
    second = turn(kb, resolver, first, "ask_overview", "丧葬费呢", ranking=ranking)
    assert (second.service, second.case, second.question) == ("injury_benefit_claim", "funeral_grant", "materials")


def test_a_siblings_words_outweigh_a_reading_of_the_classifier_alone(kb, resolver):
    first = turn(kb, resolver, State(), "ask_materials", "俺爸前年判了刑 暂停养老保险待遇申请要啥")
    assert first.service == "pension_suspension"
    ranking = [("contribution_refund", 0.95)]
    second = turn(
        kb, resolver, first, "ask_materials", "判了以后那几个月钱他都领了 社保说要退回去 咋弄", ranking=ranking
    )
    assert second.service == "prison_pension_recovery"


def test_a_name_in_a_later_question_keeps_the_first_questions_service(kb, resolver):
    text = "灵活就业参保登记要带啥 另外以后名字改了 灵活就业在职参保人员信息变更要啥"
    state = turn(kb, resolver, State(), "ask_materials", text)
    assert state.service == "flexible_employment_enrollment"
    assert "flexible_employee_info_change|materials" in state.more_questions


def test_family_words_tell_apart_a_question_read_two_ways(kb, resolver):
    text = "1.新成立的公司社保登记咋办 2.工伤保险基准费率核定要啥材料"
    tie = [("enterprise_registration", 0.46), ("institution_registration", 0.45)]
    state = read_turn(
        kb,
        resolver,
        State(),
        "ask_materials",
        UserMessage.read(text),
        ranking=[("injury_base_rate_assessment", 0.6)],
        part_rankings={"新成立的公司社保登记咋办": tie},
    )
    asked = [state.service + "|" + state.question, *state.more_questions]
    assert "enterprise_registration|materials" in asked and "injury_base_rate_assessment|materials" in asked


def test_a_step_done_asks_about_the_one_after_it(kb, resolver):
    ranking = [("work_capacity_assessment", 0.5), ("work_capacity_reassessment", 0.3)]
    done = turn(kb, resolver, State(), "ask_materials", "评残结果出来了 七级 钱咋领", ranking=ranking)
    assert done.service == "injury_benefit_claim"
    asked = turn(kb, resolver, State(), "ask_materials", "评残要啥材料", ranking=ranking)
    assert asked.offered_services == ["work_capacity_assessment", "work_capacity_reassessment"]


def test_how_long_until_approved_is_the_time_limit_of_the_service_asked(kb, resolver):
    text = "康复时间快到了 大夫说还得住 延长要啥 多久能批下来"
    state = turn(kb, resolver, State(), "ask_materials", text, ranking=[("injury_rehabilitation_extension", 0.9)])
    asked = [f"{state.service}|{state.question}", *state.more_questions]
    assert "injury_rehabilitation_extension|time_limit" in asked
    assert not any(q.startswith("injury_rehabilitation_filing") for q in asked)
