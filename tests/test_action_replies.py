"""Checking action-server replies with a compiled schema: the same verdicts as Rasa's check."""

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction

from bot.action_replies import check_replies_with_compiled_schema, validate_reply

GOOD = [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "service", "value": "normal_retirement"}], "responses": [{"text": "好"}]},
    {"events": [{"event": "active_loop", "name": None}], "responses": [{"text": "请选择", "buttons": []}]},
    {"responses": []},
    {
        "events": [
            {"event": "slot", "name": "case", "value": None, "timestamp": None},
            {"event": "bot", "text": "您好", "data": {"buttons": []}, "metadata": {}},
            {"event": "user", "text": "好", "parse_data": {"intent": {"name": "affirm", "confidence": 1.0}}},
            {"event": "action", "name": "action_listen", "policy": None, "confidence": 1.0},
        ],
        "responses": [],
    },
]
BAD = [
    {"events": [{"event": "no_such_event"}], "responses": []},
    {"events": [{"event": "slot"}], "responses": []},  # a slot event without its name
    {"events": [], "responses": "not a list"},
    {"events": [{"name": "service"}], "responses": []},  # no event name
    {"events": ["slot"], "responses": []},
    {"events": "slot", "responses": []},
    {"events": [{"event": 3}], "responses": []},
    {"events": [{"event": "slot", "name": "x", "value": 1, "timestamp": "now"}], "responses": []},
    {"events": [{"event": "user", "text": "好", "parse_data": {"intent_ranking": "x"}}], "responses": []},
    {"events": [{"event": "active_loop", "name": None}, {"event": "action", "name": 5}], "responses": []},
    "not an object",
]


def rasa_accepts(reply) -> bool:
    try:
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())
        return True
    except jsonschema.ValidationError:
        return False


@pytest.mark.parametrize("reply", GOOD + BAD)
def test_same_verdict_as_rasa(reply):
    expected = rasa_accepts(reply)
    if expected:
        assert validate_reply(RemoteAction("x", None), reply)
    else:
        with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
            validate_reply(RemoteAction("x", None), reply)


def test_the_bad_replies_are_bad_and_the_good_ones_good():
    assert [rasa_accepts(r) for r in GOOD + BAD] == [True] * len(GOOD) + [False] * len(BAD)


def test_installed_on_remote_actions():
    check_replies_with_compiled_schema()
    with pytest.raises(jsonschema.ValidationError):
        RemoteAction("x", None)._validate_action_result(BAD[0])
    assert RemoteAction("x", None)._validate_action_result(GOOD[1])
