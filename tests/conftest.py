"""Shared fixtures: the knowledge base, the guide, and a running assistant."""

from __future__ import annotations

import pytest

from bot.core.knowledge import get_knowledge_base
from bot.core.resolve import get_resolver
from bot.paths import KNOWLEDGE_DIR
from bot.tools.guide import load_guide


@pytest.fixture(scope="session")
def kb():
    return get_knowledge_base()


@pytest.fixture(scope="session")
def guide_sections():
    return load_guide()


@pytest.fixture(scope="session")
def guide_text():
    return (KNOWLEDGE_DIR / "guide.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def resolver():
    return get_resolver()


@pytest.fixture(scope="session")
def assistant():
    """A trained model served by a real action server and a real Rasa server."""
    from bot.tools.servers import ensure_model, running_assistant

    ensure_model()
    with running_assistant() as server:
        yield server
