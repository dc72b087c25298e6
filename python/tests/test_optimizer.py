"""o1.O1 as a torch optimizer: one flat vector, param groups, checkpoints, closures, dtypes."""
import copy

import pytest
import torch

import o1
import o1.rules


def _quadratic_grads(params, t):
    # a fixed, parameter-dependent gradient so runs can be compared exactly
    return [(p.detach() - 0.3) * (1.0 + 0.1 * i) + 0.01 * t for i, p in enumerate(params)]


def _run(params, opt, steps, start=0):
    for t in range(start, start + steps):
        for p, g in zip(params, _quadratic_grads(params, t)):
            p.grad = g.to(p.dtype)
        opt.step()


def _params(dtype=torch.float64, seed=0, scale=1.0):
    g = torch.Generator().manual_seed(seed)
    return [torch.nn.Parameter(scale * torch.randn(*s, generator=g, dtype=dtype)) for s in [(3, 4), (4,), (2, 2, 2)]]


@pytest.mark.parametrize("model", list(o1.model.SHIPPED))
def test_param_list_is_one_flat_vector(model):
    """o1 on [w1, w2, w3] is o1 on their concatenation, bit for bit (also split across groups)."""
    ps = _params()
    flat = torch.nn.Parameter(torch.cat([p.detach().reshape(-1) for p in ps]))
    groups = [{"params": ps[:1]}, {"params": ps[1:]}]
    opt, opt_flat = o1.O1(groups, model), o1.O1([flat], model)
    for t in range(30):
        gs = _quadratic_grads(ps, t)
        for p, g in zip(ps, gs):
            p.grad = g
        flat.grad = torch.cat([g.reshape(-1) for g in gs])
        opt.step()
        opt_flat.step()
    assert torch.equal(torch.cat([p.detach().reshape(-1) for p in ps]), flat.detach())


@pytest.mark.parametrize("model", list(o1.model.SHIPPED))
def test_state_dict_resume_is_exact(model):
    ps, qs = _params(), _params()
    opt = o1.O1(ps, model)
    _run(ps, opt, 40)
    other = o1.O1(qs, model)
    _run(qs, other, 20)
    sd = copy.deepcopy(other.state_dict())
    resumed_params = [torch.nn.Parameter(q.detach().clone()) for q in qs]
    resumed = o1.O1(resumed_params, model)
    resumed.load_state_dict(sd)
    assert resumed.t == 20
    _run(resumed_params, resumed, 20, start=20)
    for p, r in zip(ps, resumed_params):
        assert torch.equal(p, r)
    assert torch.equal(opt.last_lr(), resumed.last_lr())


def test_load_state_dict_rejects_a_mismatch_and_changes_nothing():
    ps = _params()
    opt = o1.O1(ps)
    _run(ps, opt, 3)
    before = copy.deepcopy(opt.state_dict())
    other = o1.O1(_params(), "generalist-v2")
    _run(other.param_groups[0]["params"], other, 2)
    with pytest.raises(ValueError, match="another o1 model"):
        opt.load_state_dict(other.state_dict())
    small = o1.O1([torch.nn.Parameter(torch.zeros(3))])
    with pytest.raises(ValueError, match="param groups"):
        small.load_state_dict(before)
    bad = copy.deepcopy(before)
    bad["state"]["o1"]["m"] = bad["state"]["o1"]["m"][:-1]
    with pytest.raises(ValueError, match="'m'"):
        opt.load_state_dict(bad)
    after = opt.state_dict()
    assert after["state"]["o1"]["t"] == 3
    for k, v in before["state"]["o1"].items():
        assert (torch.equal(v, after["state"]["o1"][k]) if isinstance(v, torch.Tensor) else v == after["state"]["o1"][k])


def test_frozen_parameters_are_left_out_and_the_set_is_fixed():
    ps = _params()
    ps[1].requires_grad_(False)
    opt = o1.O1(ps)
    frozen = ps[1].detach().clone()
    for t in range(3):
        for i, g in enumerate(_quadratic_grads(ps, t)):
            if i != 1:
                ps[i].grad = g
        opt.step()
    assert torch.equal(ps[1], frozen)
    assert opt.state_dict()["state"]["o1"]["members"] == [0, 2]
    ps[1].grad = torch.ones_like(ps[1])
    x0 = [p.detach().clone() for p in ps]
    with pytest.raises(ValueError, match="fixed at the first step"):
        opt.step()
    assert all(torch.equal(a, b) for a, b in zip(x0, ps)) and opt.t == 3


def test_closure_is_evaluated_with_grad_and_its_loss_returned():
    w = torch.nn.Parameter(torch.tensor([1.0, -2.0], dtype=torch.float64))
    opt = o1.O1([w])

    def closure():
        opt.zero_grad()
        loss = (w ** 2).sum()
        loss.backward()
        return loss

    losses = [opt.step(closure).item() for _ in range(50)]
    assert losses[0] == 5.0 and losses[-1] < 1e-2 * losses[0]


def test_param_groups_take_no_options():
    with pytest.raises(ValueError, match="no options"):
        o1.O1([{"params": _params(), "lr": 0.1}])


def test_float32_parameters_step_in_float64_and_round_back():
    """f32 parameters: widened, stepped in f64, rounded — the f64 run rounded at every step."""
    p32 = _params(torch.float32)
    p64 = [torch.nn.Parameter(p.detach().double()) for p in p32]
    o32, o64 = o1.O1(p32), o1.O1(p64)
    for t in range(20):
        gs = _quadratic_grads(p32, t)
        for a, b, g in zip(p32, p64, gs):
            a.grad = g
            b.grad = g.double()
        o32.step()
        o64.step()
        for a, b in zip(p32, p64):
            assert a.dtype == torch.float32
            b.data.copy_(b.detach().float().double())  # the f32 run sees its own rounded x
    for a, b in zip(p32, p64):
        assert torch.equal(a.detach().double(), b.detach())
    assert o32.state_dict()["state"]["o1"]["m"].dtype == torch.float64


@pytest.mark.parametrize("model", list(o1.model.SHIPPED) + ["default+distance"])
@pytest.mark.parametrize("kw", [{"state_dtype": torch.float32}, {"exact": False}], ids=["f32-state", "fast"])
def test_other_arithmetics_stay_close_to_the_exact_one(model, kw):
    if model == "default+distance":  # the 'distance' step unit's D and x₀ in those arithmetics too
        model = _distance_model()
    ps, qs = _params(), _params()
    exact, other = o1.O1(ps, model), o1.O1(qs, model, **kw)
    _run(ps, exact, 30)
    _run(qs, other, 30)
    tol = 1e-4 if kw.get("state_dtype") == torch.float32 else 1e-10
    for p, q in zip(ps, qs):
        assert torch.allclose(p, q, rtol=tol, atol=tol)
    if "state_dtype" in kw:
        assert other.state_dict()["state"]["o1"]["m"].dtype == torch.float32


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device here (CI has none)")
def test_cuda_matches_cpu_closely():
    ps = _params()
    qs = [torch.nn.Parameter(p.detach().cuda()) for p in ps]
    a, b = o1.O1(ps), o1.O1(qs)
    _run(ps, a, 20)
    _run(qs, b, 20)
    for p, q in zip(ps, qs):
        assert torch.allclose(p, q.cpu(), rtol=1e-12, atol=1e-12)



def test_deepcopy_gives_a_working_optimizer_with_the_same_future():
    ps = _params()
    opt = o1.O1(ps, "generalist-v2")
    _run(ps, opt, 5)
    twin = copy.deepcopy({"params": ps, "opt": opt})
    _run(ps, opt, 5, start=5)
    _run(twin["params"], twin["opt"], 5, start=5)
    assert twin["opt"].model == opt.model
    for p, q in zip(ps, twin["params"]):
        assert torch.equal(p, q)


@pytest.mark.parametrize("model", list(o1.model.SHIPPED))
def test_chunked_steps_give_the_same_bits(model, monkeypatch):
    """The per-coordinate work runs a block at a time (rules.CHUNK); any block size, same bits."""
    ps, qs = _params(), _params()
    whole = o1.O1(ps, model)
    _run(ps, whole, 12)
    monkeypatch.setattr(o1.rules, "CHUNK", 7)
    chunked = o1.O1(qs, model)
    _run(qs, chunked, 12)
    for p, q in zip(ps, qs):
        assert torch.equal(p, q)
    assert torch.equal(whole.last_lr(), chunked.last_lr())


def test_a_non_finite_gradient_skips_the_step_as_the_ts_step_api_does():
    """A NaN or ±Inf gradient leaves parameters and state unchanged (GradScaler-like), counted in
    skipped_steps; the run then continues exactly as one that never saw the bad step."""
    import torch
    import o1

    def run(bad_steps):
        torch.manual_seed(0)
        w = torch.nn.Parameter(torch.randn(5, dtype=torch.float64))
        opt = o1.O1([w])
        for t in range(12):
            if t in bad_steps:
                w.grad = torch.full_like(w, float("nan") if t % 2 else float("inf"))
                before = (w.detach().clone(), {k: (v.clone() if isinstance(v, torch.Tensor) else v) for k, v in opt.state.get("o1", {}).items()})
                opt.step()
                assert torch.equal(w.detach(), before[0])
                for k, v in opt.state.get("o1", {}).items():
                    if isinstance(v, torch.Tensor):
                        assert torch.equal(v, before[1][k]), k
            w.grad = 2 * w.detach() - 1
            opt.step()
        return w.detach(), opt.skipped_steps

    clean, skipped_clean = run(set())
    dirty, skipped_dirty = run({0, 3, 7})
    assert skipped_clean == 0 and skipped_dirty == 3
    assert torch.equal(clean, dirty)


def _distance_model(base="default"):
    """A shipped model's network with the normalized rule's 'distance' step unit."""
    d = o1.load_model(base).to_dict()
    d["config"]["stepUnit"] = "distance"
    return o1.model.model_from_dict(d)


def _start_model(base="default"):
    """A shipped model's network with the 'start' step unit (whichever unit it ships with)."""
    d = o1.load_model(base).to_dict()
    d["config"].pop("stepUnit", None)
    return o1.model.model_from_dict(d)


def test_distance_unit_keeps_x0_b_and_d_and_resumes_exactly():
    """stepUnit 'distance': x₀, b and D in the state (with that unit only); u = initStep·max(b, D);
    state_dict → load_state_dict resumes bit for bit."""
    model = _distance_model()
    ps, qs = _params(scale=1e-4), _params(scale=1e-4)
    opt = o1.O1(ps, model)
    start = torch.cat([p.detach().reshape(-1) for p in ps])
    _run(ps, opt, 40)
    s = opt.state_dict()["state"]["o1"]
    assert torch.equal(s["x0"], start)
    assert s["maxDistance"] > s["unitBase"] > 0  # moved far past the start's own scale: D sets the unit
    assert s["stepUnit"] == model.config["initStep"] * s["maxDistance"]
    other = o1.O1(qs, model)
    _run(qs, other, 17)
    resumed_params = [torch.nn.Parameter(q.detach().clone()) for q in qs]
    resumed = o1.O1(resumed_params, model)
    resumed.load_state_dict(copy.deepcopy(other.state_dict()))
    _run(resumed_params, resumed, 23, start=17)
    for p, r in zip(ps, resumed_params):
        assert torch.equal(p, r)
    # the start unit's state keeps its keys
    plain = o1.O1(_params(), _start_model())
    _run(plain.param_groups[0]["params"], plain, 2)
    assert not {"x0", "unitBase", "maxDistance"} & set(plain.state_dict()["state"]["o1"])


def test_distance_unit_state_does_not_load_into_the_start_unit_and_back():
    dist = o1.O1(_params(), _distance_model())
    _run(dist.param_groups[0]["params"], dist, 3)
    plain = o1.O1(_params(), _start_model())
    _run(plain.param_groups[0]["params"], plain, 3)
    with pytest.raises(ValueError, match="another o1 model"):
        plain.load_state_dict(dist.state_dict())
    sd = plain.state_dict()
    sd["model"] = dist.model.to_dict()
    with pytest.raises(ValueError, match="no 'x0'"):
        dist.load_state_dict(sd)
    assert dist.t == 3


def test_step_unit_start_is_the_default_and_is_not_kept():
    d = _start_model().to_dict()
    d["config"]["stepUnit"] = "start"
    assert o1.model.model_from_dict(d) == _start_model()
    assert "stepUnit" not in o1.model.model_from_dict(d).to_dict()["config"]
    assert _distance_model().to_dict()["config"]["stepUnit"] == "distance"
