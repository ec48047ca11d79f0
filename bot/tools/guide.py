"""Reads the published service guide (knowledge/guide.txt) into sections.

The guide is loosely formatted: titles may wrap over two lines, headings use
several spellings and full- or half-width colons, and content sometimes sits
on the heading line itself. This parser only splits; it never rewrites text,
so the fidelity test can compare the knowledge base with the guide as
published.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Tuple

from bot.paths import KNOWLEDGE_DIR

GUIDE_PATH = KNOWLEDGE_DIR / "guide.txt"

# Every spelling of a heading used by the guide, mapped to the field it opens.
HEADINGS: Dict[str, str] = {
    "受理条件": "conditions",
    "所需条件": "conditions",
    "所需材料": "materials",
    "办理时限": "time_limit",
    "结果反馈": "feedback",
    "反馈方式": "feedback",
    "办理地点及电话": "location",
    "办理地点及办电话": "location",
    "受理地点及电话": "location",
    "温馨提示": "tips",
}
FIELDS = ("conditions", "materials", "time_limit", "feedback", "location", "tips")

_HEADING = re.compile(r"^\s*(" + "|".join(sorted(HEADINGS, key=len, reverse=True)) + r")\s*[：:；;]?\s*(.*)$")
_SHORT_NAME = re.compile(r"^\s*[（(]\s*简称\s*[：:]\s*(.+?)\s*[)）]\s*$")
# A line that ends the previous section: a phone number, the office address or a tip.
_PREVIOUS_SECTION_TAIL = re.compile(r"0421|劳动大厦|^\s*(为保障|依照)")


@dataclass
class GuideSection:
    """One service as published: its title and the lines under each heading."""

    title: str
    short_name: str | None
    first_line: int  # 1-based line number of the title in guide.txt
    lines: Dict[str, List[str]] = field(default_factory=dict)

    def content(self, field_name: str) -> List[str]:
        """Non-empty lines under a heading, stripped of surrounding whitespace."""
        return [line.strip() for line in self.lines.get(field_name, []) if line.strip()]


def _title_start(lines: List[str], heading_index: int) -> Tuple[int, str | None]:
    """Walk back from a conditions heading over the short name and title lines."""
    short_name = None
    index = heading_index - 1
    start = heading_index
    while index >= 0:
        line = lines[index]
        if not line.strip():
            index -= 1
            continue
        match = _SHORT_NAME.match(line)
        if match and short_name is None and start == heading_index:
            short_name = match.group(1)
        elif _PREVIOUS_SECTION_TAIL.search(line) or _HEADING.match(line):
            break
        start = index
        index -= 1
    return start, short_name


def parse_guide(text: str) -> List[GuideSection]:
    """Split the guide into its service sections, in published order."""
    lines = text.splitlines()
    starts = []
    for index, line in enumerate(lines):
        match = _HEADING.match(line)
        if match and HEADINGS[match.group(1)] == "conditions":
            starts.append((index, *_title_start(lines, index)))

    sections = []
    for number, (heading_index, title_index, short_name) in enumerate(starts):
        end = starts[number + 1][1] if number + 1 < len(starts) else len(lines)
        title_lines = [
            line.strip() for line in lines[title_index:heading_index] if line.strip() and not _SHORT_NAME.match(line)
        ]
        section = GuideSection(
            title="".join(title_lines),
            short_name=short_name,
            first_line=title_index + 1,
        )
        current = None
        for line in lines[heading_index:end]:
            match = _HEADING.match(line)
            if match:
                current = HEADINGS[match.group(1)]
                section.lines.setdefault(current, [])
                line = match.group(2)
            if current:
                section.lines[current].append(line)
        sections.append(section)
    return sections


def load_guide(path: Path = GUIDE_PATH) -> List[GuideSection]:
    return parse_guide(path.read_text(encoding="utf-8"))
