"""Places the text names that lie in one state: capitals, the places of a country theatre, and
regions (``data/actors/regions.tsv``). A place where something happens is not an actor, but it
tells whose country a group named by what it is belongs to ("police in Nairobi": Kenya's)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multipolar.resolve.registry import Registry


def gazetteer(registry: Registry | None) -> dict[str, str]:
    """Place name -> state: the states' capitals, the places of the theatres that are one state's
    territory (``data/theatres.yaml``) and the regions that lie in one state
    (``data/actors/regions.tsv``)."""
    if registry is None:
        return {}
    places: dict[str, str] = {}
    for actor in registry:
        if actor.type == "state":
            for capital in actor.capitals:
                places.setdefault(capital, actor.id)
    try:  # the places of the theatres that are one state's territory ("Idlib", "West Darfur")
        from multipolar.theatre.definitions import load_theatres

        for theatre in load_theatres():
            if theatre.country:
                for place in theatre.places:
                    places.setdefault(place, theatre.country)
    except (ImportError, OSError, ValueError):  # the theatre data is optional for coding
        pass
    regions = Path(str(resources.files("multipolar") / "data" / "actors" / "regions.tsv"))
    if regions.is_file():
        for line in regions.read_text(encoding="utf-8").splitlines():
            name, _, country = line.partition("\t")
            if name and not name.startswith("#") and name != "name" and country.strip():
                places.setdefault(name, country.strip())
    return places
