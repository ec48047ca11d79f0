"""The printable checklist: the items of the chosen case, the district's office, and its address."""

from __future__ import annotations

import pytest

from bot.core.answers import answer
from bot.core.checklist import checklist, known_case, path, path_for
from bot.core.details import ALL
from bot.web.pages import checklist_page


def test_a_case_checklist_has_the_common_and_the_case_items(kb):
    refund = kb.get("contribution_refund")
    option = refund.materials.cases.options[0]
    sheet = checklist(refund, option.id, None)
    items = [item for section in sheet.to_tick for item in section.items]
    assert items[: len(refund.materials.common)] == refund.materials.common
    assert all(m in items for m in option.materials)
    other = refund.materials.cases.options[1]
    assert not any(m in items for m in other.materials if m not in option.materials)


def test_without_a_case_every_case_is_listed(kb):
    refund = kb.get("contribution_refund")
    items = [i for s in checklist(refund, None, None).to_tick for i in s.items]
    assert all(m in items for o in refund.materials.cases.options for m in o.materials)


def test_the_chosen_district_office_alone_is_shown(kb):
    service = next(s for s in kb.services if s.has_district_offices)
    sheet = checklist(service, None, "北票市")
    location = next(f for f in sheet.facts if f.question == "location")
    headings = [s.heading for s in location.sections]
    assert headings and all(h.startswith("北票市") for h in headings)


def test_an_unknown_case_is_refused(kb):
    refund = kb.get("contribution_refund")
    assert not known_case(refund, "no_such_case")
    with pytest.raises(ValueError):
        checklist(refund, "no_such_case", None)


def test_materials_answers_link_their_checklist_only_when_the_items_are_settled(kb):
    refund = kb.get("contribution_refund")
    option = refund.materials.cases.options[0]
    assert path_for(answer(refund, "materials", case_id=option.id)) == path(refund.id, option.id)
    assert path_for(answer(refund, "materials")) is None  # the case decides the items
    assert path_for(answer(refund, "time_limit")) is None
    assert path("x", ALL, "北票市") == "/checklist/x/all?district=beipiao"


def test_the_page_escapes_and_has_a_check_box_per_item(kb):
    refund = kb.get("contribution_refund").copy(deep=True)
    refund.materials.common[0] = "<img src=x onerror=alert(1)>缴费明细单"
    option = refund.materials.cases.options[0]
    sheet = checklist(refund, option.id, None)
    html = checklist_page(kb, sheet)
    assert html.count("type=checkbox") == sum(len(s.items) for s in sheet.to_tick)
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;缴费明细单" in html
