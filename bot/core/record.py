"""The texts of a service's record, grouped by the guide's headings.

One reading of a record, shared by the fidelity check (nothing of the guide
lost, nothing invented) and by the detail answers (the guide's sentences to
quote).
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Optional

from bot.core.schema import Cases, Service


def _case_texts(cases: Optional[Cases], with_conditions: bool) -> Iterable[str]:
    if not cases:
        return
    if not with_conditions and cases.note:
        yield cases.note
    for option in cases.walk():
        if with_conditions:
            if option.conditions:
                yield option.label
                yield from option.conditions
        else:
            yield option.label
            yield from option.materials


def record_texts(service: Service) -> Dict[str, List[str]]:
    """The texts of a record that stand for each heading of the guide."""
    materials = service.materials
    return {
        "conditions": [*service.conditions, *_case_texts(materials.cases, with_conditions=True)],
        "materials": [
            *([materials.common_title] if materials.common_title else []),
            *materials.common,
            *_case_texts(materials.cases, with_conditions=False),
            *(text for group in materials.groups for text in (group.title, *group.items)),
            *materials.notes,
        ],
        "time_limit": [service.time_limit.text],
        "feedback": list(service.feedback),
        "location": [
            text for office in service.offices for text in (office.district, office.name, office.address) if text
        ],
        "tips": [*service.tips, *([service.online.name, service.online.url] if service.online else [])],
    }
