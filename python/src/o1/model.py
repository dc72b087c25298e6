"""o1 model files (docs/MODEL_FORMAT.md): loading, validation, the shipped models.

A model file is JSON: {"format": "o1-model", "version": 1, "name", "config", "weights",
"provenance"}. It is checked in two passes, as the TS loader (src/model/json.ts) checks it: the
JSON Schema docs/model.schema.json (shipped in this package as model.schema.json, a test keeps
the copies equal), then the rules a schema cannot state (layer sizes against the window, the
weight count, logLrMin < logLrMax). Any problem raises ModelError with one line saying what,
where and how to fix it.
"""
from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Dict, List, Optional, Tuple, Union

MODEL_FORMAT = "o1-model"
MODEL_VERSION = 1
CONFIG_KEYS = ("features", "window", "layers", "activations", "beta", "logLrMin", "logLrMax", "lrMode", "initStep", "stepUnit")
SHIPPED = ("default", "generalist-v2", "generalist-v3", "generalist-v4", "generalist-v5")  # the JSON models package.json ships


class ModelError(ValueError):
    """Anything wrong with a model (file or dict): one line, what and where."""


@dataclass(frozen=True)
class Model:
    """A validated o1 model: its config (the file's keys), flat weights (docs/O1.md layout)."""

    config: Dict[str, Any]
    weights: Tuple[float, ...]
    name: Optional[str] = None
    provenance: Optional[Dict[str, Any]] = field(default=None, compare=False)

    @property
    def lr_mode(self) -> str:
        return self.config["lrMode"]

    def to_dict(self) -> Dict[str, Any]:
        """The file's content (format, version, name, config, weights; no provenance)."""
        d: Dict[str, Any] = {"format": MODEL_FORMAT, "version": MODEL_VERSION}
        if self.name is not None:
            d["name"] = self.name
        d["config"] = {k: (list(v) if isinstance(v, (list, tuple)) else v) for k, v in self.config.items()}
        d["weights"] = list(self.weights)
        return d


# ---- the JSON Schema, checked by a small validator of the keywords the schema uses -----------
# (Debian's python3-torch does not bring jsonschema; the keyword set is small and any keyword
# this validator does not know is an error, so a schema change cannot be silently ignored.)

_KNOWN = {"$schema", "$id", "title", "description", "type", "const", "enum", "required", "properties",
          "items", "minItems", "maxItems", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
          "allOf", "if", "then", "$ref", "definitions"}


def _is_type(v: Any, t: str) -> bool:
    if t == "object":
        return isinstance(v, dict)
    if t == "array":
        return isinstance(v, list)
    if t == "string":
        return isinstance(v, str)
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "integer":
        return _is_type(v, "number") and math.isfinite(v) and float(v).is_integer()
    raise ValueError(f"model.schema.json: unknown type {t!r}")


def _same(a: Any, b: Any) -> bool:
    """JSON equality: numbers by value (1 = 1.0), booleans only equal booleans."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if _is_type(a, "number") and _is_type(b, "number"):
        return a == b
    return type(a) is type(b) and a == b


def schema_errors(value: Any, schema: Dict[str, Any], root: Dict[str, Any], where: str = "") -> List[str]:
    """Problems of `value` against `schema` (a draft-07 subset), as 'where: what' lines."""
    unknown = set(schema) - _KNOWN
    if unknown:
        raise ValueError(f"model.schema.json uses keywords this validator does not know: {sorted(unknown)}")
    at = where or "the file"
    out: List[str] = []
    if "$ref" in schema:
        name = schema["$ref"].split("/")[-1]
        out += schema_errors(value, root["definitions"][name], root, where)
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, t) for t in types):
            return out + [f"{at} must be {' or '.join(types)}, got {_show(value)}"]
    if "const" in schema and not _same(value, schema["const"]):
        out.append(f"{at} must be {json.dumps(schema['const'])}, got {_show(value)}")
    if "enum" in schema and not any(_same(value, e) for e in schema["enum"]):
        out.append(f"{at} must be one of {', '.join(map(str, schema['enum']))}, got {_show(value)}")
    if _is_type(value, "number"):
        if "minimum" in schema and not value >= schema["minimum"]:
            out.append(f"{at} must be >= {schema['minimum']}, got {_show(value)}")
        if "maximum" in schema and not value <= schema["maximum"]:
            out.append(f"{at} must be <= {schema['maximum']}, got {_show(value)}")
        if "exclusiveMinimum" in schema and not value > schema["exclusiveMinimum"]:
            out.append(f"{at} must be > {schema['exclusiveMinimum']}, got {_show(value)}")
        if "exclusiveMaximum" in schema and not value < schema["exclusiveMaximum"]:
            out.append(f"{at} must be < {schema['exclusiveMaximum']}, got {_show(value)}")
    if isinstance(value, dict):
        for k in schema.get("required", []):
            if k not in value:
                out.append(f"{at} is missing {json.dumps(k)}")
        for k, sub in schema.get("properties", {}).items():
            if k in value:
                out += schema_errors(value[k], sub, root, f"{where}.{k}" if where else k)
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            out.append(f"{at} must have at least {schema['minItems']} entries, got {len(value)}")
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            out.append(f"{at} must have at most {schema['maxItems']} entries, got {len(value)}")
        items = schema.get("items")
        if isinstance(items, list):
            for i, sub in enumerate(items[: len(value)]):
                out += schema_errors(value[i], sub, root, f"{at}[{i}]")
        elif isinstance(items, dict):
            for i, v in enumerate(value):
                e = schema_errors(v, items, root, f"{at}[{i}]")
                if e:
                    out += e
                    break  # the first bad entry is enough
    for sub in schema.get("allOf", []):
        out += schema_errors(value, sub, root, where)
    if "if" in schema and not schema_errors(value, schema["if"], root, where):
        out += schema_errors(value, schema.get("then", {}), root, where)
    return out


def _show(v: Any) -> str:
    s = json.dumps(v) if not isinstance(v, float) or math.isfinite(v) else str(v)
    return s if len(s) <= 40 else s[:37] + "..."


_SCHEMA: Optional[Dict[str, Any]] = None


def schema() -> Dict[str, Any]:
    """The model JSON Schema shipped in this package (a copy of docs/model.schema.json)."""
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = json.loads(resources.files("o1").joinpath("model.schema.json").read_text("utf-8"))
    return _SCHEMA


# Feature sets the schema knows (docs/O1.md, "Feature sets after v3") that only the TS reference
# and kernels run: a file with one is refused in one line rather than stepped wrongly.
EXPERIMENTAL_FEATURE_SETS = ("v3-progress", "v3-progress-noise")


def param_count(layers: List[int]) -> int:
    return sum(layers[l] * layers[l + 1] + layers[l + 1] for l in range(len(layers) - 1))


def _cross_field_problems(cfg: Dict[str, Any], weights: List[Any]) -> List[str]:
    layers = cfg["layers"]
    out: List[str] = []
    if cfg["features"] != "v3" and layers[0] != cfg["window"] + 1:
        out.append(f"the first layer must have window + 1 = {int(cfg['window']) + 1} inputs, got layers {_show(layers)}")
    if layers[-1] != 1:
        out.append(f"the last layer must have 1 output (the log-lr), got layers {_show(layers)}")
    if len(cfg["activations"]) != len(layers) - 1:
        out.append(f"{len(layers)} layers need {len(layers) - 1} activations, got {len(cfg['activations'])}")
    if not cfg["logLrMin"] < cfg["logLrMax"]:
        out.append(f'"logLrMin" must be below "logLrMax", got {cfg["logLrMin"]} >= {cfg["logLrMax"]}')
    if not out and len(weights) != param_count(layers):
        out.append(f"expected {param_count(layers)} weights for layers {_show(layers)}, found {len(weights)} — re-save the model or fix \"layers\"")
    return out


def model_from_dict(doc: Any, source: str = "(dict)") -> Model:
    """Validates a parsed model file and returns the Model (ModelError on any problem)."""
    if not isinstance(doc, dict):
        raise ModelError(f"model {source}: not an o1 model: expected a JSON object with \"format\": \"{MODEL_FORMAT}\"")
    if doc.get("format") != MODEL_FORMAT:
        raise ModelError(f"model {source}: \"format\" must be \"{MODEL_FORMAT}\", got {_show(doc.get('format'))} (is this the right file?)")
    v = doc.get("version")
    if _is_type(v, "number") and not isinstance(v, bool) and v > MODEL_VERSION:
        raise ModelError(f"model {source}: format version {v} is newer than this o1 reads ({MODEL_VERSION}) — upgrade o1")
    problems = schema_errors(doc, schema(), schema())
    if not problems and doc["config"]["features"] in EXPERIMENTAL_FEATURE_SETS:
        raise ModelError(
            f"model {source}: features {doc['config']['features']} is an experimental feature set that the Python port does not run "
            "(it runs v1, v2 and v3; the TS package's o1 train, o1 bench and o1 run do)"
        )
    if not problems:
        problems = _cross_field_problems(doc["config"], doc["weights"])
    if problems:
        raise ModelError(f"model {source}: {'; '.join(problems)}")
    # The normalized rule keeps no window: its files may leave it out, and one written before is
    # read and dropped, as the TS loader does (so the same model compares equal either way).
    cfg = {k: doc["config"][k] for k in CONFIG_KEYS if k in doc["config"]}
    if cfg["lrMode"] == "normalized":
        cfg.pop("window", None)
        # stepUnit 'start' is the default: dropped, as the TS loader does (one model, one dict)
        if cfg.get("stepUnit") == "start":
            del cfg["stepUnit"]
    else:
        cfg["window"] = int(cfg["window"])
    cfg["layers"] = [int(n) for n in cfg["layers"]]
    for k in ("beta", "logLrMin", "logLrMax", "initStep"):
        cfg[k] = float(cfg[k])
    weights = tuple(float(w) for w in doc["weights"])
    bad = [i for i, w in enumerate(weights) if not math.isfinite(w)]
    if bad:
        raise ModelError(f"model {source}: weight {bad[0]} is {weights[bad[0]]}, not a finite number")
    prov = doc.get("provenance")
    return Model(config=cfg, weights=weights, name=doc.get("name"), provenance=prov)


def _reject_constant(token: str) -> float:
    raise ModelError(f"contains {token}, which is neither valid JSON nor a valid weight (every weight must be a finite number)")


def parse_model_json(text: str, source: str = "(text)") -> Model:
    """A model from the text of a JSON model file."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ModelError(f"model file '{source}': the file is empty — no model in it")
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except ModelError as e:
        raise ModelError(f"model file '{source}': {e}") from None
    except (ValueError, RecursionError) as e:
        raise ModelError(f"model file '{source}': not valid JSON ({e}) — the file may be truncated or not a JSON model") from None
    return model_from_dict(doc, f"file '{source}'")


def shipped_model_text(name: str = "default") -> str:
    """The bytes (as text) of a model shipped in this package: 'default' or 'generalist-v2'."""
    if name not in SHIPPED:
        raise ModelError(f"no shipped model '{name}' (shipped: {', '.join(SHIPPED)})")
    return resources.files("o1").joinpath("models", f"{name}.json").read_text("utf-8")


ModelLike = Union[None, str, "os.PathLike[str]", Dict[str, Any], Model]


def load_model(model: ModelLike = None) -> Model:
    """None: the shipped default (models/default.json); a Model; a dict (a parsed file); a path to
    a .json model file; or the id of a shipped model ('default', 'generalist-v2')."""
    if model is None:
        return parse_model_json(shipped_model_text("default"), "o1/models/default.json")
    if isinstance(model, Model):
        return model
    if isinstance(model, dict):
        return model_from_dict(model)
    if isinstance(model, (str, os.PathLike)):
        path = os.fspath(model)
        if os.path.isfile(path):
            with open(path, "r", encoding="utf-8") as f:
                return parse_model_json(f.read(), path)
        if path in SHIPPED:
            return parse_model_json(shipped_model_text(path), f"o1/models/{path}.json")
        if os.path.exists(path):
            raise ModelError(f"model '{path}' is not a regular file")
        raise ModelError(f"model '{path}' is neither a file nor a shipped model id (ids: {', '.join(SHIPPED)})")
    raise ModelError(f"model must be None, a path, a shipped id, a dict or an o1.Model, got {type(model).__name__}")
