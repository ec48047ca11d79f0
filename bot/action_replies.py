"""Rasa's check of the action server's replies, with its schema compiled once.

Rasa checks every reply of the action server against a JSON schema of events
(RemoteAction._validate_action_result). It calls jsonschema.validate, which
first checks the schema itself against the JSON Schema metaschema: about
20 ms of CPU per action call, on every call, and a turn makes three. The
same check with validators built once, and each event checked against the
one alternative of the schema's `oneOf` that its name selects, costs well
under a millisecond; replies are held to the same schema and a bad reply
fails the same way.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from typing import Any, Dict, Iterator, Tuple

from jsonschema import ValidationError
from jsonschema.exceptions import best_match
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL


def _compiled(schema: Dict[str, Any]) -> Validator:
    kind = validator_for(schema)
    kind.check_schema(schema)
    return kind(schema)


@lru_cache(maxsize=1)
def reply_validators() -> Tuple[Validator, Dict[str, Validator]]:
    """The reply's schema without the events' `oneOf`, and each of its
    alternatives by the event name its `const` demands.

    Each alternative demands one event name, and the name is required: an
    event is valid under exactly one alternative when it is valid under the
    one of its name. Checking that one instead of all 23 is the same verdict
    at a fraction of the cost."""
    schema = copy.deepcopy(RemoteAction.action_response_format_spec())
    events = schema["properties"]["events"]["items"]
    by_name = {alt["properties"]["event"]["const"]: _compiled(alt) for alt in events.pop("oneOf")}
    assert "event" in events["required"]
    return _compiled(schema), by_name


def _reply_errors(result: Any) -> Iterator[ValidationError]:
    whole, by_name = reply_validators()
    yield from whole.iter_errors(result)
    events = result.get("events") if isinstance(result, dict) else None
    for event in events if isinstance(events, list) else ():
        name = event.get("event") if isinstance(event, dict) else None
        if not isinstance(name, str):
            continue  # the whole schema's check already failed it
        if name not in by_name:
            yield ValidationError(f"{event!r} is not valid under any of the given schemas")
            continue
        yield from by_name[name].iter_errors(event)


def validate_reply(_: RemoteAction, result: Dict[str, Any]) -> bool:
    """What Rasa's own check does, without checking the schema each time."""
    error = best_match(_reply_errors(result))
    if error is None:
        return True
    assert isinstance(error, ValidationError)
    error.message += (
        ". Failed to validate Action server response from API, make sure your response from the "
        f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def check_replies_with_compiled_schema() -> None:
    RemoteAction._validate_action_result = validate_reply  # type: ignore[method-assign]
