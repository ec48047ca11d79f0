"""A new guide version on edited copies of the guide: the import names each
changed service and part, and the fidelity check then names the record to
update."""

from __future__ import annotations

from typing import List

import pytest

from bot.tools.fidelity import check, load_curation
from bot.tools.guide import parse_guide
from bot.tools.import_guide import compare, describe

NEW_SECTION = """
测试新增业务甲
受理条件：
符合条件的参保人员。
所需材料：
本人居民身份证。
办理时限：
即时办结
结果反馈：
现场反馈
办理地点及电话：
朝阳市双塔区朝阳大街三段112号劳动大厦3楼
0421-2638875
"""


@pytest.fixture(scope="module")
def fixes():
    return load_curation()


def section_lines(text: str, title: str) -> range:
    """The line indexes of one service's section in the guide's text."""
    sections = parse_guide(text)
    index = next(n for n, s in enumerate(sections) if s.title == title)
    end = sections[index + 1].first_line - 1 if index + 1 < len(sections) else len(text.splitlines())
    return range(sections[index].first_line - 1, end)


def edited(text: str, title: str, change) -> str:
    lines = text.splitlines()
    span = section_lines(text, title)
    lines[span.start : span.stop] = change(lines[span.start : span.stop])
    return "\n".join(lines) + "\n"


def imported(kb, guide_text: str, new_text: str, fixes):
    old, new = parse_guide(guide_text), parse_guide(new_text)
    return compare(kb, old, new, fixes), check(kb, new, fixes)


def named(problems, service_id: str) -> List[str]:
    return [p.field for p in problems if p.service_id == service_id]


def test_the_same_guide_changes_nothing(kb, guide_text, fixes):
    changes, problems = imported(kb, guide_text, guide_text, fixes)
    assert changes == [] and problems == []
    assert describe(changes) == "新版办事指南与现有版本相同。"


def test_a_changed_phone_names_the_service_and_its_phones(kb, guide_text, fixes):
    title = kb["enterprise_registration"].name
    new_text = edited(guide_text, title, lambda ls: [line.replace("0421-2638875", "0421-2638870") for line in ls])
    changes, problems = imported(kb, guide_text, new_text, fixes)
    assert [(c.service_id, c.kind, list(c.parts)) for c in changes] == [
        ("enterprise_registration", "changed", ["phones"])
    ]
    assert changes[0].parts["phones"] == {"removed": ["0421-2638875"], "added": ["0421-2638870"]}
    assert set(named(problems, "enterprise_registration")) == {"location"}
    assert {p.service_id for p in problems} == {"enterprise_registration"}


def test_an_added_material_names_the_service_and_its_materials(kb, guide_text, fixes):
    service = kb["employer_deregistration"]

    def add_material(lines: List[str]) -> List[str]:
        at = next(n for n, line in enumerate(lines) if line.startswith("所需材料"))
        return lines[: at + 1] + ["单位公章及经办人授权委托书（新增）。"] + lines[at + 1 :]

    changes, problems = imported(kb, guide_text, edited(guide_text, service.name, add_material), fixes)
    assert [(c.service_id, list(c.parts)) for c in changes] == [("employer_deregistration", ["materials"])]
    assert changes[0].parts["materials"]["added"] == ["单位公章及经办人授权委托书（新增）。"]
    assert [(p.service_id, p.field, p.kind) for p in problems] == [("employer_deregistration", "materials", "missing")]


def test_a_removed_service_is_named_by_its_record(kb, guide_text, fixes):
    service = kb.services[2]
    changes, problems = imported(kb, guide_text, edited(guide_text, service.name, lambda ls: []), fixes)
    assert [(c.service_id, c.kind) for c in changes] == [(service.id, "removed")]
    assert [(p.service_id, p.kind) for p in problems] == [(service.id, "no section in the guide")]


def test_a_new_service_is_named_by_its_title(kb, guide_text, fixes):
    changes, problems = imported(kb, guide_text, guide_text + NEW_SECTION, fixes)
    assert [(c.service_id, c.title, c.kind) for c in changes] == [(None, "测试新增业务甲", "new")]
    assert [(p.kind, p.text.split(" ")[0]) for p in problems] == [("no record", "测试新增业务甲")]
    assert "新增业务" in describe(changes)


def test_a_curated_typo_in_a_changed_line_is_named(kb, guide_text, fixes):
    typo = next(f for f in fixes if f.original == "户口薄")
    old = parse_guide(guide_text)
    section = next(s for s in old if any(typo.original in line for line in s.content("materials")))
    new_text = edited(guide_text, section.title, lambda ls: [line.replace("户口薄", "户口簿") for line in ls])
    changes, _ = imported(kb, guide_text, new_text, fixes)
    assert any("户口薄 → 户口簿" in c.typos for c in changes)
