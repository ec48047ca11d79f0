"""Detail questions answered by the guide's own sentences."""

from __future__ import annotations

import pytest
import yaml

from bot.core.guide_sentences import PLAIN_WORDS, asks_a_detail, get_sentence_index, in_guide_words, sentences_of
from bot.core.message import UserMessage
from bot.text import compact
from bot.tools.fidelity import load_curation


def test_every_sentence_is_the_guides_own(kb, guide_text):
    for fix in load_curation():  # the guide's typos, corrected in the records
        guide_text = guide_text.replace(fix.original, fix.fixed)
    guide = compact(guide_text)
    for service in kb.services:
        for quote in sentences_of(service):
            assert compact(quote.sentence) in guide, (service.id, quote.text)


def test_every_guide_word_of_the_plain_words_is_the_guides_own(guide_text):
    guide = compact(guide_text)
    entries = yaml.safe_load(PLAIN_WORDS.read_text(encoding="utf-8"))["words"]
    assert [word for entry in entries for word in entry["guide"] if compact(word) not in guide] == []


def test_numbered_items_are_sentences_of_their_own_unless_a_lead_in_introduces_them(kb):
    texts = [q.text for q in sentences_of(kb["employer_deregistration"])]
    assert any(t.endswith("可办理注销：1.无欠费信息；2.无正常参保人员；3.无正在享受待遇人员。") for t in texts)


def test_a_sentence_of_a_case_says_which_case(kb):
    texts = [q.text for q in sentences_of(kb["contribution_refund"])]
    assert "省外已转入重复缴费退费：无需提供材料；" in texts and "无需提供材料；" not in texts
    items = [q.text for q in sentences_of(kb["resident_pension_enrollment"])]
    assert any(t.startswith("《城乡居民基本养老保险参保登记表》") for t in items)


@pytest.mark.parametrize(
    "service, question, expected",
    [
        ("normal_retirement", "单位要提前多久申请退休", "提前2个月"),
        ("contribution_refund", "他社保卡找不着了咋整", "公证处"),
        ("pension_eligibility_certification", "在国外手机能认证吗", "中国领事"),
        # People's words for the guide's terms: 出差 → 因工外出, 治不了 → 难以治疗.
        ("new_injury_remote_medical_filing", "派到锦州出差摔伤了在当地住院 这种要备案吗", "因工外出"),
        ("injury_referral_filing", "这边医院说治不了 能转到大连去不", "难以治疗"),
        ("injury_accident_filing", "工伤事故备案得跑去大厅吗", "电话或邮件"),
        ("injury_prevention_project", "我们协会想报个工伤预防项目 计划做三年 行吗", "实施周期"),
        ("special_job_early_retirement", "办提前退休之前有啥得先弄好的 免得白跑", "业务前做好"),
        ("pension_account_correction", "老红本上只写了一共交了多少 没按年分开 还能办不", "未细分到每年"),
        ("assistive_device_remote_fitting", "在外地住着 头一回配假肢 除了申请表还得交啥", "首次配置"),
        ("retiree_heating_standard_change", "俺跟闺女住她家楼房 俺自己没楼 能按楼房标准领不", "共同居住"),
        ("injury_identification", "我当哥的替他去申请工伤 得准备些啥", "近亲属申请"),
        ("injury_accident_filing", "工地刚有人摔下来 得多长时间内报备 打个电话行不", "24小时内"),
        ("injury_identification", "老板一直拖着不给报工伤 俺自己能去申请不", "1年内"),
        ("assistive_device_expense_claim", "自己上外面店里买的轮椅 能拿票来报销不", "协议机构已为"),
        # A count in Chinese numerals is compared as the guide writes it.
        ("special_job_early_retirement", "我在煤矿干了九年井下 能提前退不", "满9年"),
        # The best sentence that gives the kind of fact asked, even if others share more words.
        ("retired_cadre_survivor_heating_subsidy", "遗属的取暖费一年报几回", "每年发放一次"),
    ],
)
def test_the_sentence_that_answers_is_found(kb, service, question, expected):
    matches = get_sentence_index().answering(service, compact(question))
    assert matches and any(expected in m.quote.text for m in matches), [m.quote.text for m in matches]


def test_who_pays_is_asked_in_the_guides_word_for_it():
    question = "我们厂工人受伤一个多月了还没报工伤 这段时间的医药费是不是得厂里自己掏"  # 掏 → 负担
    best = get_sentence_index().answering("injury_identification", compact(question))[0]
    assert "由用人单位负担" in best.quote.text


@pytest.mark.parametrize(
    "service, question",
    [
        ("normal_retirement", "大厅门口好停车吗"),
        # A sentence that shares words but gives no fee, amount or count of months.
        ("archive_inquiry", "档案复印要钱不"),
        ("special_job_early_retirement", "特殊工种提前退休 养老金会比正常退少多少"),
        ("pension_account_lump_sum", "丧葬费抚恤金一共能领几个月的"),
        # A fee: a sentence on who bears costs gives no fee.
        ("injury_identification", "申请工伤认定要交钱不"),
        # A bank by name: only a sentence naming banks answers.
        ("retiree_payment_info_change", "换发放养老金的卡 农行的卡行不"),
    ],
)
def test_a_question_the_guide_does_not_answer_finds_nothing(kb, service, question):
    assert get_sentence_index().answering(service, compact(question)) == []


def test_peoples_words_bring_the_guides():
    assert "委托" in in_guide_words("让家里人替我去办")
    assert in_guide_words("要什么材料") == "要什么材料"
    assert in_guide_words("干了九年").endswith("9年")


@pytest.mark.parametrize(
    "text, detail",
    [
        ("能委托别人办吗", True),
        ("发票丢了一张咋办", True),
        ("提前多久申请", True),
        ("终止以后几天内得去备案", True),
        ("三级工伤快到退休年龄了 先办哪个", True),
        ("工伤事故备案 打个电话好使不", True),
        ("十级伤残 啥时候能重新鉴定", True),
        ("低保证明上哪开", True),  # where a paper comes from, not where to apply
        ("社保登记最晚什么时候得办", True),  # a deadline
        ("最晚几天能办好", False),  # how long it takes
        ("现在去认证除了身份证还得开啥证明不", True),  # a paper beyond the card's
        ("井下得干满几年才能提前退休", True),
        ("到退休年龄了 什么时候去报备", True),  # when to apply, not how long it takes
        ("什么时候能办好", False),
        ("供养关系证明用户口本行吧", True),
        ("伤着了 多长时间之内得跟社保报备", True),
        ("几天内能办好", False),
        ("要什么材料", False),
        ("在哪办", False),
    ],
)
def test_how_a_detail_is_asked(text, detail):
    assert asks_a_detail(UserMessage.read(text)) is detail


@pytest.mark.parametrize(
    "text,silent",
    [
        # Amounts, shares and the longest a period lasts: the guide gives none of these…
        ("退休了一个月大概能开多少钱", True),
        ("今年调养老金 俺这样的能涨多少", True),
        ("城乡居民养老一年有几个缴费档次", True),
        ("企业年金单位缴费比例最高能定到多少", True),
        ("特殊工种提前退休 养老金会不会比正常退休少拿", True),
        # …except where it does (the heating subsidy's amounts, the longest delay of retirement).
        ("改制企业退休的平房取暖费一年给多少钱", False),
        ("单位想留我多干两年 弹性延迟退休最多能晚几年", False),
        # A question for no kind of fact is never "silent" by this rule.
        ("发票丢了一张咋办", False),
        # "补缴多少年" asks a number of years, not an amount; "档案" is no contribution grade.
        ("一次性补缴最多能补多少年", False),
        # Appointments, late fees, taxes, templates, probation, validity, direct
        # settlement: the guide names none of these anywhere.
        ("去社保大厅办事要提前预约吗", True),
        ("补缴养老保险的滞纳金怎么算", True),
        ("一次性伤残补助金要扣个人所得税吗", True),
        ("工伤认定申请表有没有现成的模板", True),
        ("新员工试用期要交社保吗", True),
        ("单位参保证明的有效期是多久", True),
        ("工伤住院的医药费能直接结算吗", True),
        # How often: the certification's frequency is not given, the heating subsidy's is.
        ("养老金资格认证多长时间认证一次", True),
        ("离休干部遗属的取暖费一年报几回", False),
        # The guide names WeChat where it deals with certification.
        ("用微信小程序能认证吗", False),
    ],
)
def test_what_the_whole_guide_is_silent_on(text, silent):
    assert get_sentence_index().silent_on(UserMessage.read(text).key) is silent
