"""Nothing of the guide is lost on the way into the knowledge base, nothing is added."""

from __future__ import annotations

import pytest

from bot.core.knowledge import KnowledgeBase
from bot.core.schema import KnowledgeFile
from bot.tools.fidelity import Fix, check, guide_phones, load_curation


@pytest.fixture(scope="module")
def fixes():
    return load_curation()


def test_knowledge_base_holds_the_whole_guide_and_nothing_else(kb, guide_sections, fixes):
    problems = check(kb, guide_sections, fixes)
    assert not problems, "\n".join(map(str, problems))


def test_every_service_title_is_present(kb, guide_sections):
    from bot.text import compact

    titles = {compact(s.title) for s in guide_sections}
    assert {compact(s.name) for s in kb.services} == titles


def test_phones_are_read_with_their_area_code():
    assert guide_phones("0421-2638875、2638898") == ["0421-2638875", "0421-2638898"]
    assert guide_phones("0421—2638113") == ["0421-2638113"]
    assert guide_phones("地址；朝阳县柳城街道燕京街2号（803），0421-8996219。") == ["0421-8996219"]


# The check must notice each kind of change; each case edits one record.
def edited(kb, service_id, **materials_or_fields):
    data = kb.data.dict()
    record = next(s for s in data["services"] if s["id"] == service_id)
    for key, value in materials_or_fields.items():
        target, field = (
            (record["materials"], key[len("materials_") :]) if key.startswith("materials_") else (record, key)
        )
        target[field] = value(target[field]) if callable(value) else value
    return KnowledgeBase(KnowledgeFile.parse_obj(data))


def kinds(problems, service_id):
    return {(p.field, p.kind) for p in problems if p.service_id == service_id}


def test_a_dropped_material_is_reported(kb, guide_sections, fixes):
    changed = edited(kb, "enterprise_back_payment_review", materials_common=lambda items: items[1:])
    assert ("materials", "missing") in kinds(check(changed, guide_sections, fixes), "enterprise_back_payment_review")


def test_an_invented_material_is_reported(kb, guide_sections, fixes):
    changed = edited(kb, "pension_calculation", materials_common=lambda items: items + ["户口本原件"])
    assert ("materials", "invented") in kinds(check(changed, guide_sections, fixes), "pension_calculation")


def test_a_changed_time_limit_is_reported(kb, guide_sections, fixes):
    changed = edited(kb, "injury_identification", time_limit={"text": "30日", "value": 30, "unit": "day"})
    found = kinds(check(changed, guide_sections, fixes), "injury_identification")
    assert ("time_limit", "missing") in found and ("time_limit", "invented") in found


def test_a_wrong_phone_is_reported(kb, guide_sections, fixes):
    def wrong_phone(offices):
        offices[0]["phones"] = ["0421-2638876"]
        return offices

    changed = edited(kb, "enterprise_registration", offices=wrong_phone)
    found = kinds(check(changed, guide_sections, fixes), "enterprise_registration")
    assert ("location", "missing phone") in found and ("location", "invented phone") in found


def test_a_dropped_case_option_is_reported(kb, guide_sections, fixes):
    def drop_last(cases):
        cases["options"] = cases["options"][:-1]
        return cases

    changed = edited(kb, "contribution_refund", materials_cases=drop_last)
    assert ("materials", "missing") in kinds(check(changed, guide_sections, fixes), "contribution_refund")


def test_a_typo_fix_that_the_guide_does_not_need_is_reported(kb, guide_sections, fixes):
    stale = fixes + [Fix(original="不存在的错字", fixed="x", reason="test")]
    assert any(p.kind == "typo not found in the guide" for p in check(kb, guide_sections, stale))


def test_a_listed_typo_left_in_the_record_is_reported(kb, guide_sections, fixes):
    changed = edited(
        kb,
        "normal_retirement",
        materials_common=lambda items: [items[0].replace("退休时间申请书", "退时间申请书"), *items[1:]],
    )
    assert ("curation", "fix not applied") in kinds(check(changed, guide_sections, fixes), "normal_retirement")
