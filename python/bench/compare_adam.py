"""o1.O1 against torch.optim.Adam on two small torch models trained on generated data, and the
cost of one step at 1M parameters (docs/PYTORCH.md, "Against Adam").

    /usr/bin/python3 python/bench/compare_adam.py [--seeds 5] [--steps 300] [--only train|cost]

Tasks (data generated from a seed, split train / validation / test):
  mlp   16 inputs, 4 classes given by a random teacher network; MLP 16-64-64-4 (tanh), cross-entropy
  conv  1x12x12 images of 4 stroke patterns (horizontal, vertical, diagonal, anti-diagonal) at
        random positions, plus noise; conv 8 (3x3) - relu - maxpool - conv 16 (3x3) - relu -
        global average pool - linear 4
Mini-batches of 64, the same batch order for every optimizer of a seed. Adam: lr 1e-3 (torch's
default) and the lr of the grid {1e-4, 3e-4, …, 3e-2, 1e-1} with the lowest mean validation
loss over the seeds (tuned per task); o1: the shipped models, untuned (o1 has no lr). Reported on
the test split: loss and accuracy after the last step, mean ± sd over seeds.
"""
import argparse
import math
import os
import statistics
import sys
import time

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src"))
import o1  # noqa: E402  (the checkout's package unless an installed one comes first)

ADAM_GRID = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 3e-2, 1e-1]
BATCH = 64


def mlp_data(seed):
    g = torch.Generator().manual_seed(seed)
    teacher = [torch.randn(16, 32, generator=g) / 4, torch.randn(32, 4, generator=g) / math.sqrt(32)]
    x = torch.randn(3000, 16, generator=g)
    y = (torch.tanh(x @ teacher[0]) @ teacher[1]).argmax(1)
    return x, y


def conv_data(seed):
    g = torch.Generator().manual_seed(seed)
    n = 3000
    y = torch.randint(0, 4, (n,), generator=g)
    img = torch.zeros(n, 1, 12, 12)
    r = torch.randint(2, 10, (n, 2), generator=g)
    for i in range(n):
        a, b = int(r[i, 0]), int(r[i, 1])
        for k in range(-2, 3):
            if y[i] == 0:
                img[i, 0, a, b + k] = 1
            elif y[i] == 1:
                img[i, 0, a + k, b] = 1
            elif y[i] == 2:
                img[i, 0, a + k, b + k] = 1
            else:
                img[i, 0, a + k, b - k] = 1
    img += 0.3 * torch.randn(img.shape, generator=g)
    return img, y


def mlp_model():
    return torch.nn.Sequential(torch.nn.Linear(16, 64), torch.nn.Tanh(), torch.nn.Linear(64, 64), torch.nn.Tanh(), torch.nn.Linear(64, 4))


def conv_model():
    return torch.nn.Sequential(
        torch.nn.Conv2d(1, 8, 3, padding=1), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Conv2d(8, 16, 3, padding=1), torch.nn.ReLU(), torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten(),
        torch.nn.Linear(16, 4))


TASKS = {"mlp": (mlp_data, mlp_model), "conv": (conv_data, conv_model)}


def split(x, y):
    return (x[:2000], y[:2000]), (x[2000:2500], y[2000:2500]), (x[2500:], y[2500:])


def evaluate(model, data):
    with torch.no_grad():
        out = model(data[0])
        return F.cross_entropy(out, data[1]).item(), (out.argmax(1) == data[1]).float().mean().item()


def train(task, seed, make_opt, steps):
    data_fn, model_fn = TASKS[task]
    train_d, val_d, test_d = split(*data_fn(seed))
    torch.manual_seed(seed)
    model = model_fn()
    opt = make_opt(model.parameters())
    order = torch.Generator().manual_seed(10_000 + seed)
    perm = torch.randperm(2000, generator=order)
    at = 0
    for _ in range(steps):
        if at + BATCH > 2000:
            perm, at = torch.randperm(2000, generator=order), 0
        idx = perm[at: at + BATCH]
        at += BATCH
        opt.zero_grad()
        loss = F.cross_entropy(model(train_d[0][idx]), train_d[1][idx])
        loss.backward()
        opt.step()
    tl, _ = evaluate(model, train_d)
    vl, _ = evaluate(model, val_d)
    el, ea = evaluate(model, test_d)
    return {"train": tl, "val": vl, "test": el, "acc": ea}


def fmt(xs):
    finite = [x for x in xs if math.isfinite(x)]
    if len(finite) < len(xs):
        return f"{len(xs) - len(finite)} diverged"
    return f"{statistics.mean(xs):.3f} ± {statistics.stdev(xs) if len(xs) > 1 else 0:.3f}"


def run_training(seeds, steps):
    optimizers = {
        "o1 (default model)": lambda p: o1.O1(p),
        "o1 (generalist-v2)": lambda p: o1.O1(p, "generalist-v2"),
    }
    for lr in ADAM_GRID:
        optimizers[f"adam lr={lr:g}"] = (lambda lr: lambda p: torch.optim.Adam(p, lr=lr))(lr)
    print(f"steps {steps}, batch {BATCH}, seeds {list(range(seeds))}; test split (500 examples): cross-entropy and accuracy, mean ± sd\n")
    for task in TASKS:
        res = {name: [train(task, s, make, steps) for s in range(seeds)] for name, make in optimizers.items()}
        best = min(ADAM_GRID, key=lambda lr: statistics.mean(r["val"] for r in res[f"adam lr={lr:g}"]))
        print(f"### {task}\n")
        print("| optimizer | train loss | test loss | test accuracy |\n|---|---|---|---|")
        for name, rs in res.items():
            tag = " (default lr)" if name == "adam lr=0.001" else ""
            edge = " ‡ at the grid's edge" if best in (ADAM_GRID[0], ADAM_GRID[-1]) else ""
            tag += f" (tuned: best validation loss{edge})" if name == f"adam lr={best:g}" else ""
            print(f"| {name}{tag} | {fmt([r['train'] for r in rs])} | {fmt([r['test'] for r in rs])} | {fmt([r['acc'] for r in rs])} |")
        print()


def run_cost(n=1_000_000, reps=7):
    """Seconds per opt.step() on one tensor of n parameters, interleaved repetitions, median."""
    g = torch.Generator().manual_seed(0)
    p0 = torch.randn(n, generator=g)
    grads = [torch.randn(n, generator=g) * 0.01 for _ in range(4)]
    makers = {
        "adam": lambda p: torch.optim.Adam([p], lr=1e-3),
        "o1 exact (default)": lambda p: o1.O1([p]),
        "o1 exact=False": lambda p: o1.O1([p], exact=False),
        "o1 state_dtype=float32": lambda p: o1.O1([p], state_dtype=torch.float32),
        "o1 generalist-v2 exact": lambda p: o1.O1([p], "generalist-v2"),
    }
    opts = {}
    for name, make in makers.items():
        p = torch.nn.Parameter(p0.clone())
        opts[name] = (p, make(p))
        for k in range(3):  # warm up (first steps fill state)
            p.grad = grads[k % 4]
            opts[name][1].step()
    # for scale: one forward + backward of a 1M-parameter MLP (1000-1000-10) on a batch of 128
    net = torch.nn.Sequential(torch.nn.Linear(1000, 999), torch.nn.ReLU(), torch.nn.Linear(999, 10))
    xb, yb = torch.randn(128, 1000, generator=g), torch.randint(0, 10, (128,), generator=g)
    fb = "forward + backward, 1M-parameter MLP, batch 128 (for scale)"
    times = {name: [] for name in list(makers) + [fb]}
    for r in range(reps):
        for name, (p, opt) in opts.items():
            p.grad = grads[r % 4]
            t0 = time.perf_counter()
            opt.step()
            times[name].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        F.cross_entropy(net(xb), yb).backward()
        times[fb].append(time.perf_counter() - t0)
    adam = statistics.median(times["adam"])
    load = os.getloadavg()
    print(f"per-step cost at {n:,} float32 parameters on CPU (torch {torch.__version__}, {torch.get_num_threads()} threads; load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores; median of {reps} interleaved steps)\n")
    print("| optimizer | ms per step | ÷ Adam |\n|---|---|---|")
    for name, ts in times.items():
        m = statistics.median(ts)
        print(f"| {name} | {1e3 * m:.1f} | {m / adam:.1f}× |")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--only", choices=["train", "cost"])
    a = ap.parse_args()
    torch.set_num_threads(1)  # the machine is shared; one thread keeps runs comparable
    if a.only != "cost":
        run_training(a.seeds, a.steps)
    if a.only != "train":
        run_cost()


if __name__ == "__main__":
    main()
