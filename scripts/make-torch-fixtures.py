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

The baselines that are not in torch.optim run their reference packages' own code. PyPI is not
reachable from the machines this project is built on, so the packages' files are vendored
verbatim in scripts/official/ (with their licences) and pinned by git blob id: the script refuses
to run if a file's blob id differs from OFFICIAL below (`git hash-object FILE` gives it).

    python3 scripts/make-torch-fixtures.py --official > test/fixtures/reference-trajectories-official.json

runs OFFICIAL_CASES: adamw-schedulefree (schedulefree 1.4.1 AdamWScheduleFree),
adamw-schedulefree-paper (AdamWScheduleFreePaper), prodigy (prodigyopt 1.1.2), dog and dog-avg
(dog-optimizer 1.0.3: DoG, and DoG followed by PolynomialDecayAverager.step() each step), and
adamw-cosine / momentum-cosine (torch.optim.AdamW / SGD under torch.optim.lr_scheduler.LambdaLR
with the warmup + cosine multiplier of src/optimizers/cosine.ts, stepped once per step), and lion
(google/automl's lion/lion_pytorch.py, the paper's official PyTorch code). Those
cases also record "eval": the method's answer after t steps (t = 0 … steps) where it is not the
iterate: schedule-free's x (what optimizer.eval() sets the weights to, computed on a copy so the
run's own y is not disturbed by the eval()/train() round trip) and dog-avg's averaged model.
Hyper-parameters are the packages' keyword names (betas, beta3: null, decouple: true, …); dog-avg's
"gamma" goes to the averager. schedulefree runs with foreach=False (torch 1.13 has no
_foreach_lerp_; both paths compute the same expressions).
"""
import argparse
import contextlib
import hashlib
import importlib.util
import io
import json
import math
import os
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


# The reference packages' files, vendored verbatim (scripts/official/<package>/), by git blob id.
OFFICIAL_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "official")
OFFICIAL = {
    # facebookresearch/schedule_free @ 70785b53e778d0e872c0bbb75ff4ee54ee10c291 (schedulefree 1.4.1)
    "schedulefree/adamw_schedulefree.py": "e8f5a5d52f497577fa229b3c4341feca251bb6e9",
    "schedulefree/adamw_schedulefree_paper.py": "aeb80e58f473181204d109302ceb90680ce03f6a",
    # konstmish/prodigy @ 3efb213ee8af5a6bf76f28726398433a847b38e9 (prodigyopt 1.1.2)
    "prodigyopt/prodigy.py": "ff67f48ed5bf0e268de281e5df2cd39c2fa07b1b",
    # formll/dog @ 8d45cf569e3824212852d31cc2ae1da7ead34545 (dog-optimizer 1.0.3)
    "dog/dog.py": "05e107a5d039593d17e1540c041f83f37b7df309",
    "dog/averager.py": "2033e553753cdba00daab553a79bcefeaa7cebce",
    # google/automl @ 6a54c8741e7c3265d4547c4f35f47a0391122dc5 (Lion, Chen et al. 2023; not on PyPI)
    "lion/lion_pytorch.py": "b27f4e54cffab2e04e2c8e1bd76515123d87b3f5",
}


def load_official(rel):
    """The vendored file `rel` as a module, after checking its git blob id."""
    path = os.path.join(OFFICIAL_DIR, rel)
    with open(path, "rb") as fh:
        data = fh.read()
    blob = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()
    if blob != OFFICIAL[rel]:
        raise SystemExit(f"{path}: git blob {blob}, expected {OFFICIAL[rel]} (the pinned official file)")
    spec = importlib.util.spec_from_file_location("official_" + rel.replace("/", "_")[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cosine_multiplier(k, warmup_fraction, total_steps):
    """src/optimizers/cosine.ts's lr multiplier of step k (0-based), the same expressions."""
    warmup = math.floor(warmup_fraction * total_steps)
    if k >= total_steps:
        return 0.0
    if k < warmup:
        return (k + 1) / warmup
    return 0.5 * (1 + math.cos(math.pi * (k - warmup) / (total_steps - warmup)))


class Holder(torch.nn.Module):
    """One parameter as a model, for DoG's averager (it averages a module's state_dict)."""

    def __init__(self, x):
        super().__init__()
        self.x = x  # an nn.Parameter: registered, and the very tensor the optimizer steps


def make_official(name, x, hp):
    """(optimizer, scheduler or None, answer() → the method's answer after the steps so far, or None)."""
    hp = dict(hp)
    if "betas" in hp:
        hp["betas"] = tuple(hp["betas"])
    if name in ("adamw-schedulefree", "adamw-schedulefree-paper"):
        if name == "adamw-schedulefree":
            cls = load_official("schedulefree/adamw_schedulefree.py").AdamWScheduleFree
        else:
            cls = load_official("schedulefree/adamw_schedulefree_paper.py").AdamWScheduleFreePaper
        opt = cls([x], foreach=False, **hp)
        opt.train()
        beta1 = opt.param_groups[0]["betas"][0]

        def answer():
            state = opt.state[x]
            if "z" not in state:
                return x.detach().tolist()
            # eval()'s own operation, p.lerp_(end=z, weight=1-1/beta1), on a copy of p
            return x.detach().clone().lerp_(end=state["z"], weight=1 - 1 / beta1).tolist()

        return opt, None, answer
    if name == "prodigy":
        with contextlib.redirect_stdout(io.StringIO()):  # it prints a line for decoupled decay
            return load_official("prodigyopt/prodigy.py").Prodigy([x], **hp), None, None
    if name in ("dog", "dog-avg"):
        gamma = hp.pop("gamma", None)
        opt = load_official("dog/dog.py").DoG([x], **hp)
        if name == "dog":
            return opt, None, None
        averager = load_official("dog/averager.py").PolynomialDecayAverager(Holder(x), gamma=gamma if gamma is not None else 8.0)
        opt.averager = averager  # stepped after each optimizer step, as the package's example does
        return opt, None, lambda: averager.averaged_model.x.detach().tolist()
    if name == "lion":
        return load_official("lion/lion_pytorch.py").Lion([x], **hp), None, None
    if name in ("adamw-cosine", "momentum-cosine"):
        frac = hp.pop("warmup_fraction", 0.05)
        total = hp.pop("total_steps")
        if name == "adamw-cosine":
            opt = torch.optim.AdamW([x], **hp)
        else:
            hp.setdefault("momentum", 0.9)
            opt = torch.optim.SGD([x], **hp)
        sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: cosine_multiplier(k, frac, total))
        return opt, sched, None
    raise SystemExit(f"unknown official optimizer {name!r}")


def run_case(case):
    fn = FUNCTIONS[case["function"]]
    # a Parameter (a tensor that requires grad), so DoG's averager finds it in Holder's state_dict
    x = torch.nn.Parameter(torch.tensor(case["start"], dtype=torch.float64))
    official = case["optimizer"] in OFFICIAL_OPTIMIZERS
    if official:
        opt, sched, answer = make_official(case["optimizer"], x, case["hyperparameters"])
    else:
        opt, sched, answer = make_optimizer(case["optimizer"], [x], case["hyperparameters"]), None, None
    xs, losses, grads = [x.detach().tolist()], [], []
    evals = [answer()] if answer else None
    for _ in range(case["steps"]):
        opt.zero_grad()
        loss = fn(x)
        loss.backward()
        losses.append(loss.item())
        grads.append(x.grad.detach().tolist())
        opt.step()
        if getattr(opt, "averager", None) is not None:
            opt.averager.step()
        if sched is not None:
            sched.step()
        xs.append(x.detach().tolist())
        if answer:
            evals.append(answer())
    out = {**case, "x": xs, "loss": losses, "grad": grads}
    if evals is not None:
        out["eval"] = evals
    return out


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


OFFICIAL_OPTIMIZERS = ("adamw-schedulefree", "adamw-schedulefree-paper", "prodigy", "dog", "dog-avg",
                       "adamw-cosine", "momentum-cosine", "lion")


def official_case(opt, hp, f, steps=100):
    return {"function": f, "optimizer": opt, "hyperparameters": hp, "start": STARTS[f][0], "steps": steps}


OFFICIAL_CASES = [
    official_case(opt, hp, f)
    for opt, hp, fs in [
        ("adamw-schedulefree", {"lr": 0.05}, STARTS),
        ("adamw-schedulefree", {"lr": 0.02, "betas": [0.95, 0.99], "weight_decay": 0.01, "warmup_steps": 20, "r": 1.0,
                                "weight_lr_power": 1.5}, ["rosenbrock", "beale"]),
        ("adamw-schedulefree", {"lr": 0.02, "inner_momentum": 0.9}, ["rosenbrock", "beale"]),
        ("adamw-schedulefree", {"lr": 0.01, "inner_momentum": 0.5, "weight_decay": 0.01, "warmup_steps": 10}, ["himmelblau"]),
        ("adamw-schedulefree-paper", {"lr": 0.05}, STARTS),
        ("adamw-schedulefree-paper", {"lr": 0.02, "weight_decay": 0.01, "warmup_steps": 20}, ["rosenbrock"]),
        ("prodigy", {}, STARTS),
        ("prodigy", {"betas": [0.0, 0.999]}, STARTS),
        ("prodigy", {"betas": [0.0, 0.99], "weight_decay": 0.01, "decouple": False}, ["rosenbrock"]),
        ("prodigy", {"use_bias_correction": True, "weight_decay": 0.01, "growth_rate": 1.02}, ["rosenbrock", "beale"]),
        ("prodigy", {"lr": 0.5, "safeguard_warmup": True, "beta3": 0.9, "d_coef": 2.0}, ["himmelblau"]),
        ("dog", {}, STARTS),
        ("dog", {"weight_decay": 0.01, "eps": 1e-6}, ["rosenbrock", "beale"]),
        ("dog", {"init_eta": 0.001}, ["rosenbrock"]),
        ("dog", {"lr": 0.5, "reps_rel": 1e-4}, ["himmelblau"]),
        ("dog-avg", {}, STARTS),
        ("dog-avg", {"gamma": 2.0, "weight_decay": 0.01}, ["rosenbrock"]),
        ("adamw-cosine", {"lr": 0.02, "total_steps": 100}, ["rosenbrock", "beale"]),
        ("adamw-cosine", {"lr": 0.05, "weight_decay": 0.1, "warmup_fraction": 0.2, "total_steps": 100}, ["himmelblau"]),
        ("momentum-cosine", {"lr": 0.001, "total_steps": 100}, ["rosenbrock", "beale"]),
        ("momentum-cosine", {"lr": 0.01, "momentum": 0.5, "weight_decay": 0.01, "warmup_fraction": 0.0,
                             "total_steps": 100}, ["himmelblau"]),
    ]
    for f in fs
] + [
    # a run longer than its horizon: the multiplier is 0 after total_steps
    official_case("momentum-cosine", {"lr": 0.001, "total_steps": 70}, "rosenbrock", 100),
] + [
    # small gradients (‖g‖² ≈ 2e-7), where DoG's eps = 1e-8 in G changes the steps by percents
    {"function": "sphere", "optimizer": opt, "hyperparameters": {}, "start": [1e-4, -2e-4], "steps": 100}
    for opt in ("dog", "dog-avg")
] + [
    official_case(opt, hp, f)
    for opt, hp, fs in [
        ("lion", {"lr": 0.01}, STARTS),
        ("lion", {"lr": 0.003, "betas": [0.95, 0.98], "weight_decay": 0.1}, ["rosenbrock", "beale"]),
    ]
    for f in fs
] + [
    # sign(0) = 0: the first coordinate starts at the minimum, so its g and m stay 0, u = 0 every
    # step and it does not move; the second moves by lr a step (and decays with weight_decay)
    {"function": "sphere", "optimizer": "lion", "hyperparameters": hp, "start": [0.0, 0.3], "steps": 20}
    for hp in ({"lr": 0.01}, {"lr": 0.01, "weight_decay": 0.5})
]

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", help="JSON file with a list of cases (default: the built-in list)")
    parser.add_argument("--official", action="store_true", help="the reference packages' cases (OFFICIAL_CASES)")
    args = parser.parse_args()
    cases = OFFICIAL_CASES if args.official else DEFAULT_CASES
    if args.cases:
        with open(args.cases) as fh:
            cases = json.load(fh)
    source = f"torch {torch.__version__}, float64, autograd gradients"
    if args.official:
        pins = ", ".join(f"{rel} blob {blob[:12]}" for rel, blob in OFFICIAL.items())
        source += f"; schedulefree 1.4.1, prodigyopt 1.1.2, dog-optimizer 1.0.3, google/automl lion (scripts/official/: {pins})"
    out = {"source": source, "cases": [run_case(c) for c in cases]}
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
