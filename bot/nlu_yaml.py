"""Reading Rasa NLU training files: example texts and their entity markup."""

from __future__ import annotations

import re
from typing import Dict, List

# [text](entity) or [text]{"entity": …, "value": …}
MARKUP = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def block_examples(block: Dict) -> List[str]:
    """The examples of one `nlu:` block (intent, regex, …), markup kept, in
    either form Rasa accepts: a "- " list in one string, or a list of {text: …}."""
    examples = block.get("examples") or []
    if isinstance(examples, str):
        return [line[2:].strip() for line in examples.splitlines() if line.startswith("- ")]
    return [example["text"].strip() for example in examples]


def plain_text(example: str) -> str:
    """The example as a user would type it: entity markup removed."""
    return MARKUP.sub(lambda match: match.group(1), example)
