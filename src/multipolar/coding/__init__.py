"""coding stage: PLOVER events from the parse, the actor mentions and data-file patterns.

``Coder`` is the one interface (rule-based now, a classifier later); ``load_ontology`` gives the
PLOVER types, quad classes, modes, contexts and modality weights.
"""

from multipolar.coding.coder import Coder
from multipolar.coding.dates import DateResolver, resolve_date
from multipolar.coding.modality import ModalityCues
from multipolar.coding.ontology import EventType, Ontology, OntologyError, load_ontology
from multipolar.coding.patterns import Pattern, PatternError, PatternSet, load_patterns

__all__ = [
    "Coder",
    "DateResolver",
    "EventType",
    "ModalityCues",
    "Ontology",
    "OntologyError",
    "Pattern",
    "PatternError",
    "PatternSet",
    "load_ontology",
    "load_patterns",
    "resolve_date",
]
