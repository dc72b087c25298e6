#!/usr/bin/env python3
"""Reference trajectories made by PyTorch's own optimizers, for the fixture tests.

Every case runs one torch.optim optimizer in float64 on a standard test function, with the
gradient from autograd (not from a hand-derived formula), and records x_0 … x_T, f(x_t) and
∇f(x_t) in the format of the committed fixtures (test/fixtures/*.json):

    { "source": "torch <version>, float64, autograd gradients",
      "cases": [ { "function", "optimizer", "hyperparameters", "start", "steps",
                   "x": [[...], ...] (steps + 1 points), "loss": [...], "grad": [[...], ...] } ] }

Run with Debian's PyTorch (CI does not need it; the fixtures are committed data):

    sudo apt-get install python3-torch
    python3 scripts/make-torch-fixtures.py > /tmp/cases.json              # the default case list
    python3 scripts/make-torch-fixtures.py --cases my-cases.json > out.json  # your own list

A case list is a JSON array of {"function", "optimizer", "hyperparameters", "start", "steps"}
with PyTorch's keyword names (betas, etas and step_sizes as lists; nesterov: true for SGD).
Optimizer names: sgd, momentum (SGD with momentum), nesterov, adam, adamw, rmsprop, adagrad,
nadam, rprop. NAdam is run with foreach=True where the installed torch has it: torch 1.13's
single-tensor NAdam multiplies μ into the running product twice (see ../shared/ANCHORS.md);
its foreach path has the published formula, which src/optimizers/nadam.ts follows.

Copy the output into test/fixtures/ (keep its "source" line) and add a test that replays it,
as test/optimizers.test.ts and test/optimizers.rprop.test.ts do.
"""
import argparse
import json
import math
import sys

import torch

torch.set_default_dtype(torch.float64)


def rosenbrock(x):
    return sum(100.0 * (x[i + 1] - x[i] ** 2) ** 2 + (1.0 - x[i]) ** 2 for i in range(len(x) - 1))


def beale(x):
    a, b = x[0], x[1]
    return (1.5 - a + a * b) ** 2 + (2.25 - a + a * b ** 2) ** 2 + (2.625 - a + a * b ** 3) ** 2


def himmelblau(x):
    a, b = x[0], x[1]
    return (a ** 2 + b - 11.0) ** 2 + (a + b ** 2 - 7.0) ** 2


def rastrigin(x):
    return 10.0 * len(x) + sum(xi ** 2 - 10.0 * torch.cos(2.0 * math.pi * xi) for xi in x)


def booth(x):
    a, b = x[0], x[1]
    return (a + 2.0 * b - 7.0) ** 2 + (2.0 * a + b - 5.0) ** 2


def sphere(x):
    return sum(xi ** 2 for xi in x)


FUNCTIONS = {"rosenbrock": rosenbrock, "beale": beale, "himmelblau": himmelblau, "rastrigin": rastrigin,
             "booth": booth, "sphere": sphere}


def make_optimizer(name, params, hp):
    hp = dict(hp)
    if name == "sgd":
        return torch.optim.SGD(params, **hp)
    if name in ("momentum", "nesterov"):
        hp.setdefault("momentum", 0.9)
        hp["nesterov"] = name == "nesterov"
        return torch.optim.SGD(params, **hp)
    if name == "nadam":
        try:
            return torch.optim.NAdam(params, foreach=True, **hp)
        except TypeError:  # a torch without the foreach argument: check its formula by hand
            return torch.optim.NAdam(params, **hp)
    classes = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "rmsprop": torch.optim.RMSprop,
               "adagrad": torch.optim.Adagrad, "rprop": torch.optim.Rprop}
    if name not in classes:
        raise SystemExit(f"unknown optimizer {name!r} (known: sgd, momentum, nesterov, nadam, {', '.join(classes)})")
    for key in ("betas", "etas", "step_sizes"):
        if key in hp:
            hp[key] = tuple(hp[key])
    return classes[name](params, **hp)


def run_case(case):
    fn = FUNCTIONS[case["function"]]
    x = torch.tensor(case["start"], dtype=torch.float64, requires_grad=True)
    opt = make_optimizer(case["optimizer"], [x], case["hyperparameters"])
    xs, losses, grads = [x.detach().tolist()], [], []
    for _ in range(case["steps"]):
        opt.zero_grad()
        loss = fn(x)
        loss.backward()
        losses.append(loss.item())
        grads.append(x.grad.detach().tolist())
        opt.step()
        xs.append(x.detach().tolist())
    return {**case, "x": xs, "loss": losses, "grad": grads}


STARTS = {"rosenbrock": ([-1.5, 2.0], 200), "beale": ([1.0, 1.5], 200), "himmelblau": ([0.5, -0.5], 100)}
DEFAULT_CASES = [
    {"function": f, "optimizer": opt, "hyperparameters": hp, "start": s, "steps": n}
    for opt, hp in [("sgd", {"lr": 0.001}), ("momentum", {"lr": 0.001, "momentum": 0.9}),
                    ("nesterov", {"lr": 0.001, "momentum": 0.9, "nesterov": True}), ("adam", {"lr": 0.01}),
                    ("adamw", {"lr": 0.01, "weight_decay": 0.01}), ("rmsprop", {"lr": 0.01}),
                    ("adagrad", {"lr": 0.1}), ("rprop", {"lr": 0.01}), ("nadam", {"lr": 0.002})]
    for f, (s, n) in STARTS.items()
] + [
    {"function": "rastrigin", "optimizer": "adam", "hyperparameters": {"lr": 0.01}, "start": [2.2, -1.3], "steps": 150},
    {"function": "booth", "optimizer": "momentum", "hyperparameters": {"lr": 0.01, "momentum": 0.9}, "start": [-4.0, 6.0], "steps": 100},
    {"function": "rastrigin", "optimizer": "rprop",
     "hyperparameters": {"lr": 0.05, "etas": [0.3, 1.5], "step_sizes": [0.0001, 1.0]}, "start": [2.2, -1.3], "steps": 150},
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", help="JSON file with a list of cases (default: the built-in list)")
    args = parser.parse_args()
    cases = DEFAULT_CASES
    if args.cases:
        with open(args.cases) as fh:
            cases = json.load(fh)
    out = {"source": f"torch {torch.__version__}, float64, autograd gradients", "cases": [run_case(c) for c in cases]}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
