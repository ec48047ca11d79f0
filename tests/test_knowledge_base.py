"""The knowledge base: 86 valid records with stable ids, cases and offices."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from bot.core.knowledge import SERVICES_PATH, KnowledgeBase
from bot.core.schema import KnowledgeFile
from bot.paths import (
    KNOWLEDGE_DIR,
    ROOT,  # noqa: E402
)

STABLE_IDS = (Path(__file__).parent / "data" / "service_ids.txt").read_text().split()


def raw_file():
    return yaml.safe_load(SERVICES_PATH.read_text(encoding="utf-8"))


def test_guide_copy_is_the_published_guide():
    shared = ROOT.parent / "shared" / "guide.txt"
    if not shared.exists():
        pytest.skip("no published guide beside the project")
    assert (ROOT / "knowledge" / "guide.txt").read_bytes() == shared.read_bytes()


def test_eighty_six_services_in_guide_order(kb, guide_sections):
    assert len(kb.services) == 86 == len(guide_sections)


def test_ids_are_unique_and_stable(kb):
    ids = [s.id for s in kb.services]
    assert len(set(ids)) == len(ids)
    # Ids are referenced from outside (channels, logs, bookmarks): renaming
    # one must be a deliberate change of tests/data/service_ids.txt.
    assert ids == STABLE_IDS


def test_lookup_by_id_name_short_name_and_alias(kb):
    service = kb.get("contribution_refund")
    assert kb.lookup("contribution_refund") == [service]
    assert kb.lookup("多缴或重缴社会保险费退费") == [service]
    assert kb.lookup("养老多缴重缴退费") == [service]
    assert kb.lookup("多交了社保") == [service]
    assert kb.lookup("多缴或重缴 社会保险费退费！") == [service]  # spacing and punctuation do not matter
    assert kb.lookup("不存在的业务") == []


def test_shared_official_title_names_two_services(kb):
    both = kb.lookup("机关事业单位基本养老保险与城镇企业职工基本养老保险互转申请—转入")
    assert {s.id for s in both} == {"institution_to_enterprise_pension_transfer", "institution_enterprise_transfer_in"}
    assert {s.short_name for s in both} == {"机关事业养老转企业职工", "机关与企业养老接续转入"}


def test_every_service_has_aliases_people_use(kb):
    assert all(s.aliases for s in kb.services)


REQUIRED_CASES = {
    "contribution_refund": 10,
    "pension_account_lump_sum": 4,
    "injury_benefit_claim": 7,
    "injury_benefit_change": 5,
    "injury_identification": 10,
    "employee_info_change": 5,
    "flexible_employee_info_change": 5,
    "retiree_payment_info_change": 3,
    "flexible_employment_enrollment": 3,
    "contributor_change_declaration": 2,
    "archive_inquiry": 4,
    "dependant_relief_adjustment": 7,
    "pension_eligibility_certification": 3,
    "pension_suspension": 3,
    "special_status_pension_adjustment": 3,
    "injury_medical_expense_claim": 2,
    "injury_remote_medical_registration": 2,
}


@pytest.mark.parametrize("service_id,options", sorted(REQUIRED_CASES.items()))
def test_services_whose_guide_distinguishes_cases_have_them(kb, service_id, options):
    cases = kb.get(service_id).materials.cases
    assert cases is not None and len(cases.options) == options
    for option in cases.walk():
        assert option.keywords
        assert option.materials or option.cases, option.id


def test_death_in_service_nests_three_sub_cases(kb):
    cases = kb.get("pension_account_lump_sum").materials.cases
    labels = [o.button_title for o in cases.options]
    assert labels == ["在职死亡", "出国定居", "达到法定退休年龄缴费不足", "退休人员死亡"]
    assert len(cases.options[0].cases.options) == 3


def test_district_offices_cover_every_district(kb):
    districts = {d.name for d in kb.districts}
    for service_id in ("pension_eligibility_certification", "injury_identification", "injury_identification_extension"):
        service = kb.get(service_id)
        assert service.has_district_offices
        assert {o.district for o in service.offices} == districts
        for office in service.offices:
            assert office.address and office.phones
            # Our district label agrees with the office the guide names.
            if office.district != "市本级":
                assert office.district[:2] in (office.name or "") + office.address


def test_online_addresses_are_urls_and_match_the_tips(kb):
    for service in kb.services:
        if service.online:
            assert service.online.url.scheme == "https"
            assert any(service.online.url in tip for tip in service.tips)
        elif any("网办地址" in tip for tip in service.tips):
            pytest.fail(f"{service.id} has an online address in its tips but no online field")


def test_time_limit_value_agrees_with_text(kb):
    for service in kb.services:
        limit = service.time_limit
        if limit.unit == "immediate":
            assert "即时" in limit.text
        else:
            assert str(limit.value) in limit.text
            assert ("工作日" in limit.text) == (limit.unit == "working_day")


def test_general_contact_is_the_service_hall_of_the_guide(kb):
    guide_text = (KNOWLEDGE_DIR / "guide.txt").read_text(encoding="utf-8")
    assert kb.hall_name == "人社综合服务大厅"
    assert kb.general_contact.phones and all(phone in guide_text for phone in kb.general_contact.phones)


def bad(path, value):
    data = raw_file()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    "path,value",
    [
        (("services", 0, "online", "url"), "https；//zwfw.chaoyang.gov.cn/"),
        (("services", 0, "offices", 0, "phones"), ["2638875"]),
        (("services", 0, "category"), "no_such_category"),
        (("services", 0, "offices", 0, "district"), "沈阳市"),
        (("services", 1, "id"), "enterprise_registration"),
        (("services", 0, "time_limit", "unit"), "week"),
        (("services", 0, "unexpected_field"), "x"),
        (("services", 0, "conditions"), []),
    ],
)
def test_schema_rejects_broken_records(path, value):
    with pytest.raises(ValidationError):
        KnowledgeFile.parse_obj(bad(path, value))


def test_schema_rejects_a_single_mandatory_case():
    data = raw_file()
    refund = next(s for s in data["services"] if s["id"] == "contribution_refund")
    refund["materials"]["cases"]["options"] = refund["materials"]["cases"]["options"][:1]
    with pytest.raises(ValidationError):
        KnowledgeFile.parse_obj(data)


def test_load_validates(tmp_path):
    broken = tmp_path / "services.yml"
    broken.write_text(yaml.safe_dump(bad(("services", 0, "name"), None), allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError):
        KnowledgeBase.load(broken)
