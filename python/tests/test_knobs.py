"""o1.O1's knobs lr and max_growth map onto the model's config as the TS package maps them
(src/o1/knobs.ts): the same config bit for bit, and the same steps within the port's stated
tolerance for the normalized rule (1e-9·max|x|, tests/test_reference.py: Math.pow's last bit
differs between V8 and glibc, with or without knobs). The expected points are the TS
reference's (generalist-v3 mapped by withKnobs, createO1Stepper, g = (2·x0, 20·x1), 40 steps from
(-1.2, 1.7)), printed by node with the script in the docstring of test_knob_steps_match_ts."""
import math

import pytest
import torch

import o1
from o1.knobs import with_knobs

TS = {
    # knobs -> (final x after 40 steps, initStep, logLrMax) from the TS reference
    (): ([0.035491311795753364, 0.03011467907669613], 0.5, 0.5),
    (("lr", 0.3), ("max_growth", 1.3)): ([0.04365161589768696, -0.06156489717439496], 0.15, 0.26236426446749106),
    (("lr", 2),): ([-0.012589953027857495, -0.04873628756072905], 1, 0.5),
}


def test_knob_steps_match_ts():
    """node: withKnobs(loadModel('models/generalist-v3.json'), knobs) → createO1Stepper → 40 steps."""
    for knobs, (x_ts, init_step, log_lr_max) in TS.items():
        p = torch.nn.Parameter(torch.tensor([-1.2, 1.7], dtype=torch.float64))
        opt = o1.O1([p], "generalist-v3", **dict(knobs))
        assert opt.model.config["initStep"] == init_step
        assert opt.model.config["logLrMax"] == log_lr_max
        for _ in range(40):
            with torch.no_grad():
                p.grad = torch.stack([2 * p[0], 20 * p[1]])
            opt.step()
        err = (p.detach() - torch.tensor(x_ts, dtype=torch.float64)).abs().max().item()
        assert err <= 1e-9 * 1.7, (knobs, err)
        # and the knob moved the run: not the no-knob point
        if knobs:
            assert p.detach().tolist() != TS[()][0]


def test_defaults_keep_the_model_and_bad_values_raise():
    m = o1.load_model("generalist-v3")
    assert with_knobs(m) is m
    assert with_knobs(m, 1.0, math.inf) is m
    p = torch.nn.Parameter(torch.zeros(2, dtype=torch.float64))
    for kw, msg in [({"lr": -1}, "lr must be a number"), ({"lr": float("nan")}, "lr must be a number"),
                    ({"max_growth": 0.5}, "max_growth must be a number in \\[1, inf\\]"), ({"lr": "0.5"}, "lr must be a number")]:
        with pytest.raises(ValueError, match=msg):
            o1.O1([p], **kw)
