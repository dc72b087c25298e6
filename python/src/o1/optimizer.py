"""o1.O1: the o1 optimizer as a torch.optim.Optimizer, reading the same model files as the TS
package and stepping the same rule (docs/O1.md, docs/PYTORCH.md)."""
from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Optional, Tuple

import torch

from . import rules
from .knobs import with_knobs
from .model import Model, ModelLike, load_model


class O1(torch.optim.Optimizer):
    """o1: heavy-ball momentum (Adam-normalised for the 'normalized' rule) whose per-coordinate
    step length is set every step by a small learned network (docs/O1.md).

    **One flat vector.** o1 steps the whole parameter list as one flat vector, as the TS step API
    does (``opt.step(params, grads)``): every parameter of every group, group after group and in
    each group in order, flattened (``p.reshape(-1)``) and concatenated. The rule's global terms
    span that whole vector — the normalized rule's ‖g‖, cos(g, m) and gradient growth, and its
    step unit initStep·rms(x₀) (with the config's stepUnit "distance", initStep·max(rms(x₀), D),
    D the largest rms(x_t − x₀) so far); the multiplicative rule's first lr initStep / max|g₀|. So o1 on
    ``[w1, w2]`` is o1 on ``torch.cat([w1.flatten(), w2.flatten()])``, bit for bit.

    **Param groups** are accepted (torch's API needs them) but carry no options: a model's config
    (with the knobs below mapped onto it) is the whole of o1's behaviour; ``lr`` is a constructor
    argument, not a group option (learning-rate schedulers do not apply).
    The flat vector is fixed at the first step: the parameters that have a ``.grad`` then (frozen
    parameters without a gradient are left out, as torch's optimizers skip them). A later step in
    which a different set of parameters has gradients raises ValueError and changes nothing;
    make a new O1 for a new set of parameters.

    Args:
        params: parameters or param groups, as for any torch optimizer.
        model: None for the shipped default (models/default.json), a path to a JSON model file, a
            shipped id ('default', 'generalist-v2'), a parsed file (dict) or an o1.Model.
        state_dtype: torch.float64 (default): the state and the arithmetic are f64 whatever the
            parameters' dtype (float32 parameters are widened, stepped and rounded back, as the
            TS step API does). torch.float32: state and arithmetic in f32 (half the memory; not
            the reference's numbers).
        lr: multiplies o1's step unit (the model's initStep): 0.5 halves the first step and the
            unit every later step is measured in. Default 1: the model's own.
        max_growth: caps the factor by which o1 may lengthen a step in one step (the model's
            logLrMax becomes min(logLrMax, ln max_growth)); 1: a step never grows beyond the first.
            Default inf: the model's own bound. Both act as in the TS package (src/o1/knobs.ts).
        exact: with float64, True (default) runs the reference's operations in its order (its
            doubles, see docs/PYTORCH.md for the measured agreement); False uses torch's exp,
            tanh, sum and a matrix product (faster, rounds differently). Ignored for float32.
    """

    def __init__(self, params, model: ModelLike = None, *, lr: float = 1.0, max_growth: float = math.inf,
                 state_dtype: torch.dtype = torch.float64, exact: bool = True):
        if state_dtype not in (torch.float64, torch.float32):
            raise ValueError(f"o1.O1: state_dtype must be torch.float64 or torch.float32, got {state_dtype}")
        self.model: Model = with_knobs(load_model(model), lr, max_growth)
        self.state_dtype = state_dtype
        self.exact = bool(exact) and state_dtype == torch.float64
        self._arith = rules.Arithmetic(self.exact)
        self._net: Optional[rules.Network] = None
        #: Steps skipped because a gradient was NaN or ±Inf (parameters and state left as they were).
        self.skipped_steps = 0
        super().__init__(params, {})
        for group in self.param_groups:
            extra = sorted(k for k in group if k != "params")
            if extra:
                raise ValueError(f"o1.O1: param groups take no options (got {', '.join(extra)}) — o1's behaviour is its model; pass model=...")
            for p in group["params"]:
                if not p.is_floating_point():
                    raise ValueError(f"o1.O1: parameters must be floating point tensors, got one of dtype {p.dtype}")

    # torch's Optimizer pickles only defaults, state and param_groups: keep the model and options
    # too, so copy.deepcopy(opt) and pickling give a working O1.
    def __getstate__(self) -> Dict[str, Any]:
        d = super().__getstate__()
        d.update(model=self.model, state_dtype=self.state_dtype, exact=self.exact)
        return d

    def __setstate__(self, state: Dict[str, Any]) -> None:
        super().__setstate__(state)
        self._arith = rules.Arithmetic(self.exact)
        self._net = None
        self.skipped_steps = getattr(self, "skipped_steps", 0)

    def add_param_group(self, param_group: Dict[str, Any]) -> None:
        extra = sorted(k for k in param_group if k != "params")
        if extra and hasattr(self, "model"):
            raise ValueError(f"o1.O1: param groups take no options (got {', '.join(extra)}) — o1's behaviour is its model")
        super().add_param_group(param_group)

    # ---- the flat vector ---------------------------------------------------------------------

    def _all_params(self) -> List[torch.Tensor]:
        return [p for group in self.param_groups for p in group["params"]]

    @property
    def _rule(self) -> str:
        return "normalized" if self.model.lr_mode == "normalized" else "window"

    @property
    def t(self) -> int:
        """Steps taken."""
        s = self.state.get("o1")
        return s["t"] if s else 0

    def _network(self, device: torch.device) -> rules.Network:
        net = self._net
        if net is None or net.W[0].device != device:
            net = self._net = rules.Network(self.model, device, self.state_dtype, self._arith)
        return net

    @torch.no_grad()
    def step(self, closure: Optional[Callable[[], Any]] = None) -> Any:
        """One o1 step of every parameter with a gradient (one flat vector, see the class doc).
        With a closure, re-evaluates the model (under torch.enable_grad) first and returns its loss."""
        loss = None
        if closure is not None:
            with torch.enable_grad():
                loss = closure()
        everyone = self._all_params()
        members = [i for i, p in enumerate(everyone) if p.grad is not None]
        s = self.state.get("o1")
        if s is not None and members != s["members"]:
            raise ValueError(
                f"o1.O1.step: parameters {members} have gradients, but o1's state is for parameters {s['members']} "
                "(fixed at the first step: o1 steps them as one flat vector) — give the same parameters gradients, or make a new O1")
        if not members:
            return loss
        params = [everyone[i] for i in members]
        device = params[0].device
        for p in params:
            if p.grad.is_sparse:
                raise ValueError("o1.O1.step: sparse gradients are not supported")
            if p.device != device:
                raise ValueError(f"o1.O1.step: parameters on {device} and {p.device}: o1 steps one flat vector, on one device")
        dt = self.state_dtype
        x = torch.cat([p.detach().reshape(-1).to(dt) for p in params])
        g = torch.cat([p.grad.detach().reshape(-1).to(dt) for p in params])
        if not bool(torch.isfinite(g).all()):
            # A NaN or ±Inf gradient skips the step (parameters and state unchanged), as the TS step
            # API does and as torch.cuda.amp.GradScaler does for a step with an overflow.
            self.skipped_steps += 1
            return loss
        if s is None:
            s = rules.new_state(self.model, x.numel(), device, dt)
            s["members"] = members
            s["sizes"] = [p.numel() for p in params]
        work = {k: v for k, v in s.items() if k not in ("members", "sizes")}
        x = rules.step(self.model, self._network(device), self._arith, x, g, work)
        s.update(work)
        self.state["o1"] = s
        at = 0
        for p in params:
            n = p.numel()
            p.copy_(x[at: at + n].view(p.shape))
            at += n
        return loss

    # ---- checkpoints --------------------------------------------------------------------------

    def state_dict(self) -> Dict[str, Any]:
        """The state (copies) in torch's layout: {'state': {'o1': {...}} after the first step,
        'param_groups': [{'params': [indices]}], plus 'model' (the model's config and weights)
        and 'state_dtype'. The buffers keep the TS reference's names and layout (window rows
        oldest → newest)."""
        index = 0
        groups = []
        for group in self.param_groups:
            groups.append({"params": list(range(index, index + len(group["params"])))})
            index += len(group["params"])
        state: Dict[str, Any] = {}
        s = self.state.get("o1")
        if s is not None:
            state["o1"] = {k: (v.clone() if isinstance(v, torch.Tensor) else (list(v) if isinstance(v, list) else v)) for k, v in s.items()}
        return {"state": state, "param_groups": groups, "model": self.model.to_dict(), "state_dtype": str(self.state_dtype).replace("torch.", "")}

    def load_state_dict(self, state_dict: Dict[str, Any]) -> None:
        """Continues from state_dict() of an O1 with the same model, state dtype and parameter
        shapes: the next step is exactly the step that would have followed. On any mismatch it
        raises ValueError and changes nothing."""
        def fail(why: str):
            raise ValueError(f"o1.O1.load_state_dict: {why}")

        if not isinstance(state_dict, dict) or "param_groups" not in state_dict or "state" not in state_dict:
            fail("expected the dict O1.state_dict() returns")
        if state_dict.get("model") != self.model.to_dict():
            fail("the checkpoint was made with another o1 model (config or weights differ) — construct O1 with that model")
        want_dtype = str(self.state_dtype).replace("torch.", "")
        if state_dict.get("state_dtype") != want_dtype:
            fail(f"the checkpoint's state is {state_dict.get('state_dtype')}, this O1's is {want_dtype}")
        groups = state_dict["param_groups"]
        if len(groups) != len(self.param_groups) or any(len(a["params"]) != len(b["params"]) for a, b in zip(groups, self.param_groups)):
            fail("the checkpoint's param groups differ in number or size from this optimizer's")
        everyone = self._all_params()
        saved = state_dict["state"].get("o1")
        if saved is None:
            if set(state_dict["state"]) - {"o1"}:
                fail(f"unknown state keys {sorted(state_dict['state'])}")
            self.state.pop("o1", None)
            return
        members = list(saved.get("members", []))
        if not all(isinstance(i, int) and 0 <= i < len(everyone) for i in members):
            fail(f"its parameter indices {members} do not fit this optimizer's {len(everyone)} parameters")
        sizes = [everyone[i].numel() for i in members]
        if list(saved.get("sizes", [])) != sizes:
            fail(f"the checkpoint is for tensors of sizes {saved.get('sizes')}, these parameters have {sizes}")
        n = sum(sizes)
        device = everyone[members[0]].device if members else torch.device("cpu")
        template = rules.new_state(self.model, n, device, self.state_dtype)
        new: Dict[str, Any] = {"members": members, "sizes": sizes}
        for k, v in template.items():
            if k not in saved:
                fail(f"no {k!r} in the checkpoint — it was not made by this rule")
            sv = saved[k]
            if isinstance(v, torch.Tensor):
                if not isinstance(sv, torch.Tensor) or sv.shape != v.shape or sv.dtype != v.dtype:
                    fail(f"{k!r} must be a {v.dtype} tensor of shape {tuple(v.shape)}")
                new[k] = sv.detach().to(device).clone()
            elif k == "t":
                if not isinstance(sv, int) or sv < 0:
                    fail(f"'t' must be a whole number >= 0, got {sv!r}")
                new[k] = sv
            else:
                if not isinstance(sv, (int, float)):
                    fail(f"{k!r} must be a number")
                new[k] = float(sv)
        extra = set(saved) - set(new)
        if extra:
            fail(f"the checkpoint has {sorted(extra)}, which this rule does not keep — it was made by another rule")
        self.state["o1"] = new

    def last_lr(self) -> Optional[torch.Tensor]:
        """The per-coordinate lr of the last step over the flat vector (a copy), None before."""
        s = self.state.get("o1")
        return None if s is None else s["lr"].clone()
