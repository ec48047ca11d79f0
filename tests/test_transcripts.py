"""The README's conversations are what the assistant says today."""

from __future__ import annotations

import re

import pytest

from bot.paths import ROOT
from scripts.transcripts import CONVERSATIONS, transcripts

README = ROOT / "README.md"

pytestmark = pytest.mark.e2e


def readme_transcripts() -> dict:
    text = README.read_text(encoding="utf-8")
    found = re.findall(r"\*\*([^*\n]+)\*\*\n\n```text\n(.*?)\n```", text, flags=re.S)
    return {title: body for title, body in found if title in CONVERSATIONS}


def test_the_readme_shows_the_conversations_as_played(assistant):
    assert readme_transcripts() == transcripts(assistant), "rerun `make transcripts` and update the README"
