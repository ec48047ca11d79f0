"""A new version of the published guide: what changed, and what to update.

    make import-guide NEW=path/to/guide.txt

Parses the new text, compares it with the project's copy
(knowledge/guide.txt) service by service, prints what changed (new and
removed services; changed conditions, materials, time limits, result
delivery, addresses, phones, online addresses, tips) with the knowledge-base
record and the curated typos each change touches, and then takes the new text
as the project's copy. From then on the fidelity test fails, naming each
record to update, until knowledge/services.yml matches the new guide.
"""

from __future__ import annotations

import argparse
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional, Sequence

from bot.core.knowledge import KnowledgeBase, get_knowledge_base
from bot.text import compact
from bot.tools.fidelity import Fix, guide_phones, load_curation, pair, pair_by_title
from bot.tools.guide import FIELDS, GUIDE_PATH, GuideSection, parse_guide

# The parts of a section a citizen relies on, as the report names them.
PARTS = ("title", "conditions", "materials", "time_limit", "feedback", "address", "phones", "online", "tips")
_URL = re.compile(r"https?[:：；;]//[\w./?=&%#-]+")


@dataclass
class ServiceChange:
    service_id: Optional[str]  # None for a service the knowledge base does not have yet
    title: str
    kind: str  # "changed", "new" or "removed"
    parts: Dict[str, Dict[str, List[str]]] = field(default_factory=dict)  # part → {"removed": …, "added": …}
    typos: List[str] = field(default_factory=list)  # curated typos whose text the change touches


def parts_of(section: GuideSection) -> Dict[str, List[str]]:
    """The section's lines by the parts a citizen relies on."""
    lines = {name: section.content(name) for name in FIELDS}
    location = lines.pop("location")
    everything = [line for name in FIELDS for line in section.content(name)]
    return {
        "title": [section.title + (f"（简称：{section.short_name}）" if section.short_name else "")],
        **{name: lines[name] for name in ("conditions", "materials", "time_limit", "feedback", "tips")},
        "address": [line for line in location if not guide_phones(line)],
        "phones": list(dict.fromkeys(phone for line in location for phone in guide_phones(line))),
        "online": list(dict.fromkeys(url for line in everything for url in _URL.findall(line))),
    }


def _difference(old: List[str], new: List[str]) -> Dict[str, List[str]]:
    old_keys, new_keys = {compact(line) for line in old}, {compact(line) for line in new}
    return {
        "removed": [line for line in old if compact(line) not in new_keys],
        "added": [line for line in new if compact(line) not in old_keys],
    }


def _typos_touched(fixes: Sequence[Fix], service_id: Optional[str], lines: List[str]) -> List[str]:
    text = "".join(lines)
    return [
        f"{fix.original} → {fix.fixed}" for fix in fixes if fix.original in text and fix.applies_to(service_id or "")
    ]


def compare(
    kb: KnowledgeBase, old: List[GuideSection], new: List[GuideSection], fixes: Sequence[Fix]
) -> List[ServiceChange]:
    """Every service whose published text differs between the two versions."""
    record_of = {id(section): service.id for service, section in pair(kb, old, list(fixes))[0]}
    paired, removed, added = pair_by_title([[compact(s.title)] for s in old], new)
    changes = []
    for index, section in enumerate(old):
        service_id = record_of.get(id(section))
        if index in removed:
            changes.append(ServiceChange(service_id, section.title, "removed"))
            continue
        before, after = parts_of(section), parts_of(paired[index])
        differences = {part: _difference(before[part], after[part]) for part in PARTS}
        differences = {part: d for part, d in differences.items() if d["removed"] or d["added"]}
        if differences:
            touched = [line for d in differences.values() for line in d["removed"] + d["added"]]
            typos = _typos_touched(fixes, service_id, touched)
            changes.append(ServiceChange(service_id, section.title, "changed", differences, typos))
    changes += [ServiceChange(None, section.title, "new") for section in added]
    return changes


def describe(changes: Sequence[ServiceChange]) -> str:
    if not changes:
        return "新版办事指南与现有版本相同。"
    out = []
    for change in changes:
        record = change.service_id or "（知识库尚无记录）"
        heading = {"new": "新增业务", "removed": "删除业务", "changed": "变更"}[change.kind]
        out.append(f"[{heading}] {change.title}  记录：{record}")
        for part, difference in change.parts.items():
            out += [f"  {part} − {line}" for line in difference["removed"]]
            out += [f"  {part} + {line}" for line in difference["added"]]
        out += [f"  涉及已登记的错别字更正：{typo}" for typo in change.typos]
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("new", type=Path, help="the new guide as published (UTF-8 text)")
    parser.add_argument("--dry-run", action="store_true", help="only print the changes")
    args = parser.parse_args()
    new_text = args.new.read_text(encoding="utf-8")
    old = parse_guide(GUIDE_PATH.read_text(encoding="utf-8"))
    changes = compare(get_knowledge_base(), old, parse_guide(new_text), load_curation())
    print(describe(changes))
    if changes and not args.dry_run:
        shutil.copyfile(args.new, GUIDE_PATH)
        print(f"\n{GUIDE_PATH.name} is now the new version. Update knowledge/services.yml (and knowledge/curation.yml)")
        print("until the fidelity test passes: PYTHONPATH=. .venv/bin/python -m pytest tests/test_fidelity.py")


if __name__ == "__main__":
    main()
