"""What our NLU components add to a parse result, for the core and the channels to read."""

from __future__ import annotations

from typing import Dict, List, Tuple

# The service classifier's ranking: [{"service": id, "confidence": p}, …]
SERVICE_RANKING = "service_ranking"


def classifier_ranking(parse_data: Dict) -> List[Tuple[str, float]]:
    """The service classifier's (service id, probability) pairs of a parse result."""
    return [(item["service"], float(item["confidence"])) for item in parse_data.get(SERVICE_RANKING) or []]
