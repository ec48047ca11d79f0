"""Compares the knowledge base with the published guide, in both directions.

Guide → knowledge base: every clause of every line under each heading of a
service's section must appear in the matching part of its record, after
whitespace, list numbering and punctuation are normalised. Knowledge base →
guide: every text the record holds (conditions, materials, case labels,
notes, addresses, phones, tips) must appear in the service's section, so
nothing is invented. Typos corrected in the knowledge base are listed in
knowledge/curation.yml and applied to the guide before comparing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from bot.core.knowledge import KNOWLEDGE_DIR, KnowledgeBase
from bot.core.record import record_texts
from bot.core.schema import Service
from bot.text import compact
from bot.tools.guide import FIELDS, GuideSection

CURATION_PATH = KNOWLEDGE_DIR / "curation.yml"

_CLAUSE_BREAK = re.compile(r"[；;。：:\n]|\s{2,}")
_LOCATION_BREAK = re.compile(r"[；;。：:，,/\n]|\s{2,}")
_LOCATION_LABELS = re.compile(r"地址|联系电话")
# A phone as the guide writes it: 0421-2638875, 0421—2638113, or a bare
# 7-digit number after one of those ("0421-2638875、2638898").
_PHONE = re.compile(r"0421\s*[-—–]\s*\d{7}(?:\s*、\s*\d{7})*")
_SEVEN_DIGITS = re.compile(r"\d{7}")


@dataclass(frozen=True)
class Fix:
    original: str
    fixed: str
    reason: str
    services: tuple = ()  # empty: the fix applies to every service

    def applies_to(self, service_id: str) -> bool:
        return not self.services or service_id in self.services


@dataclass(frozen=True)
class Problem:
    service_id: str
    field: str
    text: str
    kind: str  # "missing" (guide text not in KB), "invented" (KB text not in guide), ...

    def __str__(self) -> str:
        return f"{self.service_id} [{self.field}] {self.kind}: {self.text}"


def load_curation(path: Path = CURATION_PATH) -> List[Fix]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [
        Fix(
            original=item["original"],
            fixed=item["fixed"],
            reason=item["reason"],
            services=tuple(item.get("services", ())),
        )
        for item in raw["typos"]
    ]


def guide_phones(text: str) -> List[str]:
    """Phones in a line of the guide, each written as 0421-NNNNNNN."""
    return [f"0421-{digits}" for match in _PHONE.finditer(text) for digits in _SEVEN_DIGITS.findall(match.group(0))]


def curated_lines(section: GuideSection, service_id: str, fixes: List[Fix]) -> Dict[str, List[str]]:
    """The section's non-empty lines per field, with the listed typos corrected."""
    curated = {}
    for field_name in FIELDS:
        lines = []
        for line in section.content(field_name):
            for fix in fixes:
                if fix.applies_to(service_id):
                    line = line.replace(fix.original, fix.fixed)
            lines.append(line)
        curated[field_name] = lines
    return curated


def _clauses(line: str, breaks: re.Pattern) -> List[str]:
    return [key for key in (compact(part) for part in breaks.split(line)) if key]


def missing_from_record(service: Service, lines: Dict[str, List[str]]) -> List[Problem]:
    """Guide clauses that the record does not hold."""
    problems = []
    texts = record_texts(service)
    phones = {phone for office in service.offices for phone in office.phones}
    for field_name in FIELDS:
        # Joined in the guide's order, so a line that the record splits into a
        # case label and its materials is still found.
        haystack = "".join(compact(text) for text in texts[field_name])
        for line in lines[field_name]:
            breaks = _CLAUSE_BREAK
            if field_name == "location":
                for phone in guide_phones(line):
                    if phone not in phones:
                        problems.append(Problem(service.id, field_name, phone, "missing phone"))
                line = _LOCATION_LABELS.sub(" ", _PHONE.sub(" ", line))
                breaks = _LOCATION_BREAK
            for clause in _clauses(line, breaks):
                if clause not in haystack:
                    problems.append(Problem(service.id, field_name, line, "missing"))
                    break
    return problems


def invented_in_record(service: Service, lines: Dict[str, List[str]]) -> List[Problem]:
    """Record texts that the guide's section does not contain.

    Time limit, feedback, offices and tips are compared with their own
    heading; conditions and materials with both, since a case label of the
    materials may be worded as in the conditions (工伤保险一次性待遇).
    """
    problems = []
    own = {field_name: compact("".join(lines[field_name])) for field_name in FIELDS}
    case_text = own["conditions"] + own["materials"]
    for field_name, field_texts in record_texts(service).items():
        haystack = case_text if field_name in ("conditions", "materials") else own[field_name]
        for text in field_texts:
            if field_name == "location" and text == _office_district(service, text):
                continue  # districts are our labels for the offices, checked elsewhere
            if compact(text) not in haystack:
                problems.append(Problem(service.id, field_name, text, "invented"))
    location_phones = guide_phones("".join(lines["location"]))
    for office in service.offices:
        for phone in office.phones:
            if phone not in location_phones:
                problems.append(Problem(service.id, "location", phone, "invented phone"))
    return problems


def _office_district(service: Service, text: str) -> Optional[str]:
    return next((o.district for o in service.offices if o.district == text), None)


def title_problems(service: Service, section: GuideSection, fixes: List[Fix]) -> List[Problem]:
    problems = []
    title = curated_title(section, service.id, fixes)
    if compact(service.name) != compact(title):
        problems.append(Problem(service.id, "name", f"{service.name} ≠ {title}", "title"))
    if (service.short_name or None) != (section.short_name or None):
        problems.append(Problem(service.id, "short_name", str(section.short_name), "short name"))
    return problems


def curated_title(section: GuideSection, service_id: str, fixes: List[Fix]) -> str:
    title = section.title
    for fix in fixes:
        if fix.applies_to(service_id):
            title = title.replace(fix.original, fix.fixed)
    return title


def pair_by_title(
    keys: List[List[str]], sections: List[GuideSection]
) -> Tuple[Dict[int, GuideSection], List[int], List[GuideSection]]:
    """Item i (titled by any of keys[i], comparison keys) with its section: by
    title, else (a renamed title) the next spare section in the guide's order.
    Also the items left without a section and the sections left over."""
    by_title: Dict[str, List[GuideSection]] = {}
    for section in sections:  # two services share one title: both sections, in order
        by_title.setdefault(compact(section.title), []).append(section)
    paired: Dict[int, GuideSection] = {}
    for index, candidates in enumerate(keys):
        free = [s for c in candidates for s in by_title.get(c, []) if all(s is not t for t in paired.values())]
        if free:
            paired[index] = free[0]
    spare = [s for s in sections if all(s is not taken for taken in paired.values())]
    unpaired = [index for index in range(len(keys)) if index not in paired]
    if len(unpaired) == len(spare):  # renamed in place: pair in order
        paired.update(dict(zip(unpaired, spare, strict=True)))
        unpaired, spare = [], []
    return paired, unpaired, spare


def pair(
    kb: KnowledgeBase, sections: List[GuideSection], fixes: List[Fix]
) -> Tuple[List[Tuple[Service, GuideSection]], List[Service], List[GuideSection]]:
    """Each record with its guide section; the records without a section and
    the sections without a record."""
    keys = [
        [compact(s.name)] + [compact(s.name.replace(f.fixed, f.original)) for f in fixes if f.applies_to(s.id)]
        for s in kb.services
    ]
    paired, unpaired, spare = pair_by_title(keys, sections)
    order = {id(section): n for n, section in enumerate(sections)}
    pairs = sorted(((kb.services[i], section) for i, section in paired.items()), key=lambda p: order[id(p[1])])
    return pairs, [kb.services[i] for i in unpaired], spare


def curation_problems(pairs: List[Tuple[Service, GuideSection]], fixes: List[Fix]) -> List[Problem]:
    """Each listed typo must occur in the guide and be corrected in the record."""
    problems = []
    for fix in fixes:
        hits = 0
        for service, section in pairs:
            if not fix.applies_to(service.id):
                continue
            raw = section.title + "".join(line for f in FIELDS for line in section.content(f))
            if fix.original not in raw:
                continue
            hits += 1
            record = service.json(ensure_ascii=False)
            flat = compact("".join(text for texts in record_texts(service).values() for text in texts))
            if compact(fix.fixed) not in flat or (fix.original not in fix.fixed and fix.original in record):
                problems.append(Problem(service.id, "curation", fix.original, "fix not applied"))
        if not hits:
            problems.append(Problem("-", "curation", fix.original, "typo not found in the guide"))
    return problems


def check(kb: KnowledgeBase, sections: List[GuideSection], fixes: List[Fix]) -> List[Problem]:
    """Every difference between the guide and the knowledge base."""
    pairs, without_section, without_record = pair(kb, sections, fixes)
    problems = [Problem(s.id, "services", s.name, "no section in the guide") for s in without_section]
    problems += [Problem("-", "services", f"{s.title} (line {s.first_line})", "no record") for s in without_record]
    problems += curation_problems(pairs, fixes)
    for service, section in pairs:
        lines = curated_lines(section, service.id, fixes)
        problems += title_problems(service, section, fixes)
        problems += missing_from_record(service, lines)
        problems += invented_in_record(service, lines)
    return problems
