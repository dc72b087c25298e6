"""The o1 update rules on one flat vector, as torch ops (docs/O1.md; the TS reference is
src/o1/o1.ts, src/o1/features.ts, src/o1/network.ts, src/o1/normalized.ts).

Two arithmetics:
- exact (float64, the default): the reference's operations in the reference's order, lane by lane
  (sequential sums, the network's sums input by input, fdlibm's exp and o1's tanh from _fdlibm),
  so every step gives the reference's doubles except where a scalar comes from Math.pow (the
  normalized rule's bias corrections: V8's pow is fdlibm's, Python's is glibc's, which differ in
  the last bit for some t; see python/tests/test_reference.py for what that amounts to).
- fast: torch.exp, torch.tanh, torch.sum and a matrix product for the network (used for float32
  state, or float64 with exact=False): the same rule, rounded differently.
"""
from __future__ import annotations

import math
from typing import Dict, List

import torch

from . import _fdlibm
from .model import Model

MULTIPLICATIVE_LR_MAX = 1e30
NORMALIZED_BETA2 = 0.999
NORMALIZED_EPS = 1e-8
LOG_STEP_MIN = -40.0
LOG_STEP_MAX = 20.0
V3_FEATURES = 8
RMS_PLAIN_MIN = 1e-290
GROWTH_RATIO_MIN = 2.0 ** -500
GROWTH_RATIO_MAX = 2.0 ** 500


class Arithmetic:
    """exp, tanh and sums: the reference's (exact) or torch's own (fast)."""

    def __init__(self, exact: bool):
        self.exact = exact

    def exp(self, x: torch.Tensor) -> torch.Tensor:
        return _fdlibm.exp(x) if self.exact else torch.exp(x)

    def tanh(self, x: torch.Tensor) -> torch.Tensor:
        return _fdlibm.o1_tanh(x) if self.exact else torch.tanh(x)

    def total(self, x: torch.Tensor) -> float:
        """Σ x in index order from 0 (cumsum is a sequential loop on CPU; on CUDA it is a scan,
        so the exact path there rounds its three reductions differently from the reference)."""
        if x.numel() == 0:
            return 0.0
        return float(torch.cumsum(x, 0)[-1]) if self.exact else float(torch.sum(x))


def _scalar(v: float, like: torch.Tensor) -> torch.Tensor:
    """v as a 0-dim tensor on like's device: a divisor torch divides by exactly (torch turns
    `number / tensor` into reciprocal·number, and CUDA `tensor / number` into a product with
    the number's reciprocal: two roundings, not the reference's one)."""
    return torch.tensor(v, dtype=like.dtype, device=like.device)


def _sign(x: torch.Tensor) -> torch.Tensor:
    # sign(0) = sign(-0) = +0, as the reference's v > 0 ? 1 : v < 0 ? -1 : 0
    one = torch.ones_like(x)
    return torch.where(x > 0, one, torch.where(x < 0, -one, torch.zeros_like(x)))


class Network:
    """The o1 MLP over (n, inputs) feature rows; output neuron 0 per row."""

    def __init__(self, model: Model, device: torch.device, dtype: torch.dtype, arith: Arithmetic):
        cfg = model.config
        self.layers: List[int] = cfg["layers"]
        self.acts: List[str] = cfg["activations"]
        self.arith = arith
        w = torch.tensor(model.weights, dtype=torch.float64)
        self.W: List[torch.Tensor] = []
        self.b: List[torch.Tensor] = []
        p = 0
        for l in range(len(self.layers) - 1):
            n_in, n_out = self.layers[l], self.layers[l + 1]
            self.W.append(w[p: p + n_in * n_out].reshape(n_out, n_in).to(device=device, dtype=dtype))
            p += n_in * n_out
            self.b.append(w[p: p + n_out].to(device=device, dtype=dtype))
            p += n_out

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        for W, b, act in zip(self.W, self.b, self.acts):
            if self.arith.exact:
                # acc = Σ_c w[r][c]·x[c] in increasing c from 0, then + bias (src/o1/network.ts)
                acc = torch.zeros(x.shape[0], W.shape[0], dtype=x.dtype, device=x.device)
                for c in range(W.shape[1]):
                    acc = acc + x[:, c: c + 1] * W[:, c]
                acc = acc + b
            else:
                acc = torch.addmm(b, x, W.t())
            if act == "tanh":
                acc = self.arith.tanh(acc)
            elif act == "relu":
                acc = torch.where(acc > 0, acc, torch.zeros_like(acc))
            x = acc
        return x[:, 0]


def _clamp(o: torch.Tensor, lo: float, hi: float) -> torch.Tensor:
    # o >= lo ? (o <= hi ? o : hi) : lo — a NaN output maps to lo, the safe brake
    return torch.where(o >= lo, torch.where(o <= hi, o, torch.full_like(o, hi)), torch.full_like(o, lo))


def window_features(features: str, win: torch.Tensor, arith: Arithmetic) -> torch.Tensor:
    """v1/v2 features of each row of the (n, W) window (src/o1/features.ts computeFeaturesAt)."""
    n, W = win.shape
    a = win.abs()
    M = torch.amax(a, dim=1) if n else torch.zeros(0, dtype=win.dtype, device=win.device)
    zero = M == 0
    Ms = torch.where(zero, torch.ones_like(M), M)[:, None]
    y = win / Ms
    sum_y = torch.zeros_like(M)
    sum_a = torch.zeros_like(M)
    for k in range(W):
        sum_y = sum_y + y[:, k]
        sum_a = sum_a + y[:, k].abs()
    Wt = _scalar(W, win)
    mean = sum_y / Wt
    v = torch.zeros_like(M)
    sq = torch.zeros_like(M)
    for k in range(W):
        d = y[:, k] - mean
        v = v + d * d
        sq = sq + y[:, k] * y[:, k]
    variance = v / Wt
    if features == "v1":
        last = Ms[:, 0] * (variance / sum_a)
        e = arith.exp(a - Ms)
    else:
        r = variance / (sq / Wt)
        last = torch.where(r > 1, torch.ones_like(r), r)
        scale = (Wt / sum_a)[:, None]
        e = arith.exp(y.abs() * scale - scale)
    total = torch.zeros_like(M)
    for k in range(W):
        total = total + e[:, k]
    out = torch.empty(n, W + 1, dtype=win.dtype, device=win.device)
    out[:, :W] = (_sign(win) * e) / total[:, None]
    out[:, W] = last
    return torch.where(zero[:, None], torch.zeros_like(out), out)


def initial_multiplicative_lr(x: torch.Tensor, g: torch.Tensor, init_step: float) -> float:
    """lr₋₁ = min(initStep, max|x₀|) / max|g₀| (initStep when g₀ = 0), capped (src/o1/o1.ts)."""
    def amax(t: torch.Tensor) -> float:
        a = t.abs()
        a = torch.where(torch.isnan(a), torch.zeros_like(a), a)  # NaN is skipped by `a > max`
        return float(a.max()) if a.numel() else 0.0
    g_max, x_max = amax(g), amax(x)
    move = x_max if 0 < x_max < init_step else init_step
    lr = move / g_max if g_max > 0 else init_step
    return MULTIPLICATIVE_LR_MAX if lr > MULTIPLICATIVE_LR_MAX else lr


def start_rms(x: torch.Tensor, arith: Arithmetic) -> float:
    """rms(x₀), rescaled by max|x| when Σx² under- or overflows (src/o1/normalized.ts startRms)."""
    n = x.numel()
    if n == 0:
        return math.nan  # 0/0 as in the reference; the caller then uses initStep
    xx = arith.total(x * x)
    if RMS_PLAIN_MIN <= xx < math.inf:
        return math.sqrt(xx / n)
    M = float(x.abs().max())
    if not (0 < M < math.inf):
        return math.sqrt(xx / n)  # NaN or Inf, as the reference's
    y = x / _scalar(M, x)
    return M * math.sqrt(arith.total(y * y) / n)


def unit_base(rms: float) -> float:
    """b of the step unit: rms(x₀) when positive and finite, else 1 (src/o1/normalized.ts unitBase)."""
    return rms if rms > 0 and math.isfinite(rms) else 1.0


def uses_distance_unit(model: Model) -> bool:
    """The normalized rule with the config's stepUnit "distance" (docs/O1.md)."""
    return model.lr_mode == "normalized" and model.config.get("stepUnit") == "distance"


def tanh_of_log(ratio: float) -> float:
    q = GROWTH_RATIO_MIN if ratio < GROWTH_RATIO_MIN else GROWTH_RATIO_MAX if ratio > GROWTH_RATIO_MAX else ratio
    return ((q - 1) * (q + 1)) / (q * q + 1)


def new_state(model: Model, n: int, device: torch.device, dtype: torch.dtype) -> Dict[str, object]:
    """The rule's fresh state over n coordinates, under the TS reference's names."""
    z = lambda: torch.zeros(n, dtype=dtype, device=device)  # noqa: E731
    if model.lr_mode == "normalized":
        s = {"t": 0, "m": z(), "v": z(), "logStep": z(), "lr": z(), "prevGradNorm": 0.0, "stepUnit": 0.0}
        if uses_distance_unit(model):
            # the 'distance' unit only (the 'start' unit's state keeps its keys): x₀, b, D
            s.update(x0=z(), unitBase=0.0, maxDistance=0.0)
        return s
    return {"t": 0, "window": torch.zeros(n, model.config["window"], dtype=dtype, device=device), "m": z(), "lr": z()}


# Coordinates per chunk of the per-coordinate work: every step is elementwise per coordinate
# once the global terms are known, so a large vector is stepped a block at a time. That keeps the
# temporaries (a few hundred per step) small enough for the allocator to reuse and the cache to
# hold; the results are the same bits whatever the chunk size.
CHUNK = 1 << 16


def _chunks(n: int):
    for a in range(0, n, CHUNK):
        yield a, min(n, a + CHUNK)


def window_step(model: Model, net: Network, arith: Arithmetic, x: torch.Tensor, g: torch.Tensor, s: Dict) -> torch.Tensor:
    """One step of the absolute or multiplicative rule (src/o1/o1.ts), x updated in place."""
    cfg = model.config
    mult = cfg["lrMode"] == "multiplicative"
    win = s["window"]
    first = s["t"] == 0
    if first and mult:
        s["lr"].fill_(initial_multiplicative_lr(x, g, cfg["initStep"]))
    for a, b in _chunks(x.numel()):
        w, gc = win[a:b], g[a:b]
        if first:
            w.copy_(gc[:, None].expand_as(w))
        else:
            w[:, :-1] = w[:, 1:].clone()
            w[:, -1] = gc
        o = net.forward(window_features(cfg["features"], w, arith))
        c = _clamp(o, cfg["logLrMin"], cfg["logLrMax"])
        if mult:
            lr = s["lr"][a:b] * arith.exp(c)
            lr = torch.where(lr > MULTIPLICATIVE_LR_MAX, torch.full_like(lr, MULTIPLICATIVE_LR_MAX), lr)
        else:
            lr = arith.exp(c)
        s["lr"][a:b] = lr
        m = cfg["beta"] * s["m"][a:b] + gc
        s["m"][a:b] = m
        x[a:b] = x[a:b] - lr * m
    s["t"] += 1
    return x


def step_scalars(beta: float, t: int):
    """bc1, bc2, tanh(t/30), tanh(t/300) (src/o1/normalized.ts stepScalars). math.tanh is glibc's
    fdlibm tanh, equal to V8's; math.pow is glibc's, V8's is fdlibm's: they can differ by an ulp."""
    bc1 = (1 - beta) / (1 - math.pow(beta, t + 1))
    bc2 = 1 / (1 - math.pow(NORMALIZED_BETA2, t + 1))
    return bc1, bc2, math.tanh(t / 30), math.tanh(t / 300)


def normalized_step(model: Model, net: Network, arith: Arithmetic, x: torch.Tensor, g: torch.Tensor, s: Dict) -> torch.Tensor:
    """One step of the normalized rule with the v3 features (src/o1/normalized.ts), x in place."""
    cfg = model.config
    beta = cfg["beta"]
    t = s["t"]
    # the global features: reductions over the whole vector, before any coordinate moves
    g_norm = math.sqrt(arith.total(g * g))
    m_norm = math.sqrt(arith.total(s["m"] * s["m"]))
    gm = arith.total(g * s["m"])
    cos_gm = gm / (g_norm * m_norm) if g_norm > 0 and m_norm > 0 else 0.0
    prev = s["prevGradNorm"]
    growth = tanh_of_log(g_norm / prev) if t > 0 and prev > 0 and g_norm > 0 else 0.0
    bc1, bc2, time1, time2 = step_scalars(beta, t)
    s["prevGradNorm"] = g_norm
    distance = uses_distance_unit(model)
    if t == 0:
        b = unit_base(start_rms(x, arith))  # initStep·1 = initStep exactly when x₀ = 0
        s["stepUnit"] = cfg["initStep"] * b
        if distance:
            s["x0"].copy_(x)
            s["unitBase"] = b
            s["maxDistance"] = 0.0
    elif distance:
        # D ← max(D, rms(x_t − x₀)) (a NaN distance keeps D), u = initStep·max(b, D)
        dist = start_rms(x - s["x0"], arith)
        D = dist if dist > s["maxDistance"] else s["maxDistance"]
        s["maxDistance"] = D
        b = s["unitBase"]
        s["stepUnit"] = cfg["initStep"] * (D if D > b else b)
    unit = s["stepUnit"]
    for a, b in _chunks(x.numel()):
        gc, m_prev, ls_prev = g[a:b], s["m"][a:b], s["logStep"][a:b]
        agree = _sign(gc * m_prev)
        m = beta * m_prev + gc
        v = NORMALIZED_BETA2 * s["v"][a:b] + (1 - NORMALIZED_BETA2) * gc * gc
        den = torch.sqrt(v * bc2) + NORMALIZED_EPS
        d = (m * bc1) / den
        feats = torch.empty(b - a, V3_FEATURES, dtype=x.dtype, device=x.device)
        feats[:, 0] = gc / den
        feats[:, 1] = d
        feats[:, 2] = agree
        feats[:, 3] = arith.tanh(ls_prev / 4)
        feats[:, 4] = cos_gm
        feats[:, 5] = growth
        feats[:, 6] = time1
        feats[:, 7] = time2
        c = _clamp(net.forward(feats), cfg["logLrMin"], cfg["logLrMax"])
        ls = ls_prev + c
        ls = torch.where(ls < LOG_STEP_MIN, torch.full_like(ls, LOG_STEP_MIN), torch.where(ls > LOG_STEP_MAX, torch.full_like(ls, LOG_STEP_MAX), ls))
        step = unit * arith.exp(ls)
        s["m"][a:b] = m
        s["v"][a:b] = v
        s["logStep"][a:b] = ls
        s["lr"][a:b] = (step * bc1) / den
        x[a:b] = x[a:b] - step * d
    s["t"] = t + 1
    return x


def step(model: Model, net: Network, arith: Arithmetic, x: torch.Tensor, g: torch.Tensor, s: Dict) -> torch.Tensor:
    if model.lr_mode == "normalized":
        return normalized_step(model, net, arith, x, g, s)
    return window_step(model, net, arith, x, g, s)
