"""theatre stage: the conflict or arena each event belongs to, after coding.

* :class:`Theatres` / :func:`load_theatres` -- the definitions in ``data/theatres.yaml``;
* :class:`TheatreCoder` -- the rule that gives each event its ``theatre`` and ``theatre_basis``;
* :func:`placed`, :func:`in_theatres` -- which events belong to which theatres
  (:mod:`multipolar.theatre.membership`, with their SQL twins).

Definitions, the rule and its reasons: ``docs/theatres.md``.
"""

from multipolar.theatre.definitions import BILATERAL, PlaceHit, Theatre, TheatreError, Theatres, load_theatres
from multipolar.theatre.membership import in_theatres, placed, theatre_of

__all__ = [
    "BILATERAL",
    "PlaceHit",
    "Theatre",
    "TheatreCoder",
    "TheatreError",
    "Theatres",
    "in_theatres",
    "load_theatres",
    "placed",
    "theatre_of",
]


def __getattr__(name: str) -> object:
    # The coder reads spaCy parses; the definitions do not, and the analysis needs only them.
    if name == "TheatreCoder":
        from multipolar.theatre.assign import TheatreCoder

        return TheatreCoder
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
