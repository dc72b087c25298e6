"""exp and o1's tanh as torch ops, with the TS reference's bits.

The TS reference calls V8's Math.exp, a port of fdlibm's __ieee754_exp, and o1's own tanh
(src/o1/tanh.ts). Both are built only from operations IEEE 754 rounds the same everywhere
(+ - * /, comparisons, trunc/floor, exact powers of two), so written here as elementwise torch
ops in the same order they give the same double, lane by lane (python/tests/test_fdlibm.py
checks it on points the TS side wrote). torch.exp (glibc/SLEEF) is within an ulp or so but not
the same bits, which is why it is not used on the exact path.

Every function takes and returns a float64 tensor on any device; nothing here assumes CPU.
"""
import struct

import torch


def _f(bits: int) -> float:
    """The double with these IEEE 754 bits (constants given as fdlibm gives them, in hex)."""
    return struct.unpack("<d", struct.pack("<Q", bits))[0]


LN2_HI = _f(0x3FE62E42FEE00000)
LN2_LO = _f(0x3DEA39EF35793C76)
INVLN2 = _f(0x3FF71547652B82FE)
P1 = _f(0x3FC555555555553E)
P2 = _f(0xBF66C16C16BEBD93)
P3 = _f(0x3F11566AAF25DE2C)
P4 = _f(0xBEBBBD41C5D26BF1)
P5 = _f(0x3E66376972BEA4D0)
EXP_O_THRESHOLD = _f(0x40862E42FEFA39EF)  # 709.78...
EXP_U_THRESHOLD = _f(0xC0874910D52D3051)  # -745.13...
EULER = _f(0x4005BF0A8B145769)  # V8 returns this exact e for exp(1)


def _hi_word(hw: int) -> float:
    """The double whose high word is hw and low word 0: fdlibm's tests on the high word of |x|
    become comparisons of |x| with it (non-negative doubles order like their bits)."""
    return _f(hw << 32)


# fdlibm's high-word thresholds as numbers: hx >= H  <=>  |x| >= _hi_word(H);  hx > H  <=>
# |x| >= _hi_word(H + 1).
_BIG = _hi_word(0x40862E42)  # |x| >= 709.78: over/underflow checks
_HALF_LN2 = _hi_word(0x3FD62E42 + 1)  # |x| > 0.5 ln2
_ONE_HALF_LN2 = _hi_word(0x3FF0A2B2)  # |x| < 1.5 ln2
_TINY = _hi_word(0x3E300000)  # |x| < 2^-28


def _pow2(k: torch.Tensor) -> torch.Tensor:
    """2^k for int64 k in [-1022, 1023], built from its exponent bits (exact on any device)."""
    return ((k + 1023) << 52).view(torch.float64)


def exp(x: torch.Tensor) -> torch.Tensor:
    """e^x with the bits of V8's Math.exp (fdlibm's __ieee754_exp; assembly/math.ts expS)."""
    ax = x.abs()
    neg = x < 0
    reduce_a = (ax >= _HALF_LN2) & (ax < _ONE_HALF_LN2)  # k = +-1
    reduce_b = ax >= _ONE_HALF_LN2  # k = trunc(x/ln2 +- 1/2)
    special = (ax >= _BIG) & ((x > EXP_O_THRESHOLD) | (x < EXP_U_THRESHOLD) | torch.isnan(x))
    half = torch.where(neg, -0.5, 0.5)
    kb = torch.trunc(INVLN2 * x + half)
    ka = torch.where(neg, -1.0, 1.0)
    kf = torch.where(reduce_b & ~special, kb, torch.where(reduce_a, ka, torch.zeros_like(x)))
    hi = x - kf * LN2_HI  # exact; x itself when k = 0
    lo = kf * LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    y0 = 1.0 - ((r * c) / (c - 2.0) - r)  # k = 0
    y1 = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    k = kf.to(torch.int64)
    k1 = torch.div(k, 2, rounding_mode="floor")  # y*2^k in two exact steps (one rounding if subnormal)
    y1 = y1 * _pow2(k1) * _pow2(k - k1)
    out = torch.where(kf == 0, y0, y1)
    out = torch.where(ax < _TINY, 1.0 + x, out)
    out = torch.where(x == 1.0, torch.full_like(x, EULER), out)
    out = torch.where(x > EXP_O_THRESHOLD, torch.full_like(x, float("inf")), out)
    out = torch.where(x < EXP_U_THRESHOLD, torch.zeros_like(x), out)
    return torch.where(torch.isnan(x), x + x, out)


# o1's tanh (src/o1/tanh.ts, docs/O1.md "The network's tanh").
TANH_BOUND = 19.1
_K_MAX = int(2 * TANH_BOUND * INVLN2 + 0.5)  # 55


def o1_tanh(x: torch.Tensor) -> torch.Tensor:
    """o1's own tanh with the bits of src/o1/tanh.ts o1Tanh (branch-free, one division)."""
    ax = x.abs()
    a = torch.where(ax > TANH_BOUND, TANH_BOUND, ax)  # NaN stays NaN
    a2 = a + a
    k = torch.floor(a2 * INVLN2 + 0.5)
    r = a2 - k * LN2_HI - k * LN2_LO
    rr = r * r
    w = rr * (P1 + rr * (P2 + rr * (P3 + rr * (P4 + rr * P5))))
    ki = torch.where(torch.isnan(k), torch.zeros_like(k), k).to(torch.int64)  # JS: POW2[NaN | 0]
    s = _pow2(ki)
    sm = s - 1
    sp = s + 1
    m = sm * r + sp * w + (sp + sp)
    big = 1 - (2 * (2 - (r - w))) / m
    small = (sp * r + sm * w + (sm + sm)) / m
    z = torch.where(k >= 3, big, small)
    return torch.where(x > 0, z, torch.where(x < 0, -z, x))
