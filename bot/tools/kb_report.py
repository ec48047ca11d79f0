"""Prints which services have cases and how many options each.

python -m bot.tools.kb_report
"""

from __future__ import annotations

from typing import List

from bot.core.knowledge import get_knowledge_base
from bot.core.schema import Cases


def describe(cases: Cases, depth: int = 1) -> List[str]:
    lines = []
    for option in cases.options:
        nested = f"（再分{len(option.cases.options)}种）" if option.cases else ""
        lines.append("    " * depth + f"- {option.button_title}{nested}")
        if option.cases:
            lines += describe(option.cases, depth + 1)
    return lines


def main() -> None:
    kb = get_knowledge_base()
    services = kb.case_services()
    print(f"{len(services)} of {len(kb.services)} services have cases:")
    for service in services:
        cases = service.materials.cases
        assert cases is not None  # case_services() has only services with cases
        kind = "，可选" if cases.optional else ""
        print(f"{service.id}  {service.name}：{len(cases.options)}种情况{kind}")
        for line in describe(cases):
            print(line)
    offices = [s for s in kb.services if s.has_district_offices]
    print(f"\n{len(offices)} services have an office per district:")
    for service in offices:
        print(f"{service.id}  {service.name}：{len(service.offices)}个办理地点")


if __name__ == "__main__":
    main()
