"""o1's knobs lr and max_growth, mapped onto the model's config as the TS package maps them
(src/o1/knobs.ts, docs/O1.md "Knobs"): lr multiplies initStep (o1's step unit), max_growth caps
the network's output bound, logLrMax <- min(logLrMax, ln max_growth). The defaults (lr = 1,
max_growth = inf) return the model itself, so the steps are the same bits as without knobs."""
from __future__ import annotations

import math
from dataclasses import replace

from .model import Model

LR_MIN = 1e-6
LR_MAX = 1e6


def _number(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def with_knobs(model: Model, lr: float = 1.0, max_growth: float = math.inf, who: str = "o1.O1") -> Model:
    """`model` with the knobs mapped onto its config (a new Model), or `model` at the defaults.
    Raises ValueError (one line) for a bad value or a rule without a step unit ('absolute')."""
    problems = []
    if not (_number(lr) and math.isfinite(lr) and LR_MIN <= lr <= LR_MAX):
        problems.append(f"lr must be a number in [{LR_MIN:g}, {LR_MAX:g}], got {lr!r}")
    if not (_number(max_growth) and not math.isnan(max_growth) and max_growth >= 1):
        problems.append(f"max_growth must be a number in [1, inf], got {max_growth!r}")
    if problems:
        raise ValueError(f"{who}: {'; '.join(problems)}")
    if lr == 1 and max_growth == math.inf:
        return model
    cfg = dict(model.config)
    if cfg["lrMode"] == "absolute":
        raise ValueError(f"{who}: this model's rule ('absolute', o1 v1) sets lr directly from its network, so it has no step unit "
                         "for lr or max_growth — they apply to the 'multiplicative' and 'normalized' rules (every shipped model since v2)")
    if lr != 1:
        cfg["initStep"] = cfg["initStep"] * float(lr)
    if max_growth != math.inf:
        # math.log and V8's Math.log (fdlibm) agree on the values tested (tests/test_knobs.py).
        cfg["logLrMax"] = min(cfg["logLrMax"], math.log(float(max_growth)))
    if cfg["logLrMin"] > cfg["logLrMax"]:
        cfg["logLrMin"] = cfg["logLrMax"]
    return replace(model, config=cfg)
