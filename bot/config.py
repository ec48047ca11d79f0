"""Deployment settings, read from the environment in this one place.

Nothing here has a secret default: the staff login must be configured where
the assistant is deployed (the run command makes one up for a local run).
"""

from __future__ import annotations

import os
from typing import Optional

# Where citizens reach the web pages (checklists are linked from answers).
PUBLIC_URL_VARIABLE = "ASSISTANT_PUBLIC_URL"
DEFAULT_PUBLIC_URL = "http://localhost:8080"


def public_url() -> str:
    return (os.environ.get(PUBLIC_URL_VARIABLE) or DEFAULT_PUBLIC_URL).rstrip("/")


def setting(name: str, default: Optional[str] = None) -> Optional[str]:
    """An environment setting; empty counts as unset."""
    return os.environ.get(name) or default
