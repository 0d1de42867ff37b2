"""The two halves of every real-prose set: rules are tuned on the even half only, so the odd half
measures what tuning did not see."""

from __future__ import annotations

import re

HALVES = ("all", "even", "odd")


def in_half(identifier: str, half: str = "all") -> bool:
    """Whether the item with *identifier* belongs to *half* ("all", "even" or "odd"), by the parity
    of the last number in the id ("0412", "PLOVER-GSR01-AGREE-0005", "dev-042")."""
    if half == "all":
        return True
    numbers = re.findall(r"\d+", identifier)
    if not numbers:
        return False
    return int(numbers[-1]) % 2 == (0 if half == "even" else 1)
