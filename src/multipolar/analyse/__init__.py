"""analyse stage: plain functions over coded events.

* :func:`build_network` -- the signed, weighted, directed actor network (:mod:`.network`);
* :func:`find_blocs` -- the partition of least frustration, with its frustration index (:mod:`.blocs`);
* :func:`rank_brokers` / :func:`broker_scores` -- brokers and pivots (:mod:`.brokers`);
* :func:`alignment_timeline` / :func:`side_changes` -- alignment over time (:mod:`.timeline`);
* :func:`analyse` / :func:`network_json` -- all of it at once, and the JSON contract (:mod:`.summary`);
* :func:`fold_units` / :func:`unit_parents` -- a state's military units counted as the state (:mod:`.units`);
* :func:`acts` -- one event per incident, so that the functions above count acts, not reports
  (:mod:`.incidents`; the store links the incidents).

Definitions and references: ``docs/analysis.md``. The examples in the functions' documentation
assume ``from multipolar.analyse import examples`` (:mod:`.examples`: small hand-made events and
signed graphs, as networkx ships its small graphs).
"""

from multipolar.analyse.blocs import Blocs, find_blocs, frustrated_edges, frustration
from multipolar.analyse.brokers import BrokerScore, broker_scores, rank_brokers
from multipolar.analyse.incidents import IncidentRules, acts
from multipolar.analyse.network import (
    QUAD_WEIGHTS,
    build_network,
    default_modality_weights,
    event_day,
    event_weight,
    joint_shares,
    select_events,
    signed_projection,
)
from multipolar.analyse.summary import Analysis, analyse, analyse_graph, network_dict, network_json
from multipolar.analyse.timeline import FREQS, alignment_timeline, side_changes, window_of
from multipolar.analyse.units import UNIT_TYPES, fold_units, unit_parents

__all__ = [
    "FREQS",
    "QUAD_WEIGHTS",
    "UNIT_TYPES",
    "Analysis",
    "Blocs",
    "BrokerScore",
    "IncidentRules",
    "acts",
    "alignment_timeline",
    "analyse",
    "analyse_graph",
    "broker_scores",
    "build_network",
    "default_modality_weights",
    "event_day",
    "event_weight",
    "joint_shares",
    "find_blocs",
    "fold_units",
    "frustrated_edges",
    "frustration",
    "network_dict",
    "network_json",
    "rank_brokers",
    "select_events",
    "side_changes",
    "signed_projection",
    "unit_parents",
    "window_of",
]
