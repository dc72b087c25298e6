"""o1 for PyTorch: the learned learning-rate optimizer o1 as a torch.optim.Optimizer, reading the
same model files as the TypeScript package and stepping the same rule (docs/PYTORCH.md).

    import o1
    opt = o1.O1(model.parameters())      # the shipped default model
    loss.backward(); opt.step(); opt.zero_grad()

The whole parameter list is stepped as one flat vector (see o1.O1).
"""
from .model import Model, ModelError, load_model, parse_model_json, schema, shipped_model_text
from .optimizer import O1

__all__ = ["O1", "Model", "ModelError", "load_model", "parse_model_json", "schema", "shipped_model_text"]
__version__ = "0.1.0"
