"""The short code a citizen reads out on the phone, so staff find the chat."""

from __future__ import annotations

import hashlib

CODE_LENGTH = 6


def conversation_code(sender_id: str) -> str:
    return hashlib.sha256(sender_id.encode("utf-8")).hexdigest()[:CODE_LENGTH].upper()
