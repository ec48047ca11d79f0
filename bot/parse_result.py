"""What our NLU components add to a parse result, for the core and the channels to read."""

from __future__ import annotations

from typing import Dict, List, Tuple

# The service classifier's ranking: [{"service": id, "confidence": p}, …]
SERVICE_RANKING = "service_ranking"


def classifier_ranking(parse_data: Dict) -> List[Tuple[str, float]]:
    """The service classifier's (service id, probability) pairs of a parse result."""
    return [(item["service"], float(item["confidence"])) for item in parse_data.get(SERVICE_RANKING) or []]


# The case classifier's ranking: [{"service": id, "case": option id, "confidence": p}, …]
CASE_RANKING = "case_ranking"


def case_label(service_id: str, case_id: str) -> str:
    return f"{service_id}/{case_id}"


def split_case_label(label: str) -> Tuple[str, str]:
    service_id, case_id = label.split("/", 1)
    return service_id, case_id


def case_ranking(parse_data: Dict) -> List[Tuple[str, str, float]]:
    """The case classifier's (service id, case id, probability) triples of a parse result."""
    return [(item["service"], item["case"], float(item["confidence"])) for item in parse_data.get(CASE_RANKING) or []]


# For a message asking several questions, the service classifier's ranking of
# each question's own text: {part text: [{"service": id, "confidence": p}, …]}.
PART_RANKINGS = "part_rankings"


def part_rankings(parse_data: Dict) -> Dict[str, List[Tuple[str, float]]]:
    """The service classifier's (service id, probability) pairs for each question of a parse result."""
    return {
        text: [(item["service"], float(item["confidence"])) for item in ranking]
        for text, ranking in (parse_data.get(PART_RANKINGS) or {}).items()
    }
