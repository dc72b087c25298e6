"""Model files: the shipped copies, the schema, the loader's rules (docs/MODEL_FORMAT.md)."""
import json

import pytest

import o1
from o1.model import ModelError, model_from_dict, parse_model_json, schema_errors
from conftest import REPO


@pytest.mark.parametrize("name", o1.model.SHIPPED)
def test_shipped_model_is_the_repo_file_byte_for_byte(name):
    assert o1.shipped_model_text(name).encode("utf-8") == (REPO / "models" / f"{name}.json").read_bytes(), (
        f"models/{name}.json changed: copy it to python/src/o1/models/ and regenerate the fixtures "
        "(npm run build && node scripts/make-o1-fixtures.mjs)")


def test_default_model_is_models_default_json():
    assert o1.load_model() == parse_model_json((REPO / "models" / "default.json").read_text("utf-8"))


def test_schema_is_the_repo_schema_byte_for_byte():
    from importlib import resources
    packaged = resources.files("o1").joinpath("model.schema.json").read_bytes()
    assert packaged == (REPO / "docs" / "model.schema.json").read_bytes()


def test_every_repo_model_validates():
    for path in sorted((REPO / "models").glob("*.json")):
        doc = json.loads(path.read_text("utf-8"))
        assert schema_errors(doc, o1.schema(), o1.schema()) == [], path
        want = {k: v for k, v in doc["config"].items() if not (k == "window" and doc["config"]["lrMode"] == "normalized")}
        assert o1.load_model(str(path)).config == want


def _good():
    return json.loads((REPO / "models" / "generalist-v2.json").read_text("utf-8"))


def _mutate(**cfg):
    d = _good()
    for k, v in cfg.items():
        if v is None:
            del d["config"][k]
        else:
            d["config"][k] = v
    return d


BAD = {
    "unknown feature set": (_mutate(features="v9"), "config.features"),
    "missing beta": (_mutate(beta=None), 'missing "beta"'),
    "beta = 1": (_mutate(beta=1), "beta"),
    "window 0": (_mutate(window=0), "window"),
    "window not whole": (_mutate(window=5.5), "window"),
    "bad activation": (_mutate(activations=["tanh", "softmax"]), "activations"),
    "v3 with multiplicative": (_mutate(features="v3", layers=[8, 8, 1]), "lrMode"),
    "first layer vs window": (_mutate(window=4), "window + 1"),
    "last layer not 1": (_mutate(layers=[6, 8, 2]), "1 output"),
    "logLrMin >= logLrMax": (_mutate(logLrMin=1, logLrMax=0.5), "logLrMin"),
    "initStep 0": (_mutate(initStep=0), "initStep"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_loader_rejects_with_one_line(case):
    doc, word = BAD[case]
    with pytest.raises(ModelError) as e:
        model_from_dict(doc)
    assert word in str(e.value) and "\n" not in str(e.value)


def test_wrong_weight_count_and_version_and_format():
    d = _good()
    d["weights"] = d["weights"][:-1]
    with pytest.raises(ModelError, match="expected 65 weights"):
        model_from_dict(d)
    d = _good()
    d["version"] = 2
    with pytest.raises(ModelError, match="newer"):
        model_from_dict(d)
    with pytest.raises(ModelError, match="format"):
        model_from_dict({"format": "other"})
    with pytest.raises(ModelError, match="NaN"):
        parse_model_json('{"format": "o1-model", "weights": [NaN]}', "x.json")
    with pytest.raises(ModelError, match="not valid JSON"):
        parse_model_json('{"format": ', "x.json")
    with pytest.raises(ModelError, match="neither a file nor a shipped model id"):
        o1.load_model("no-such-model")


def test_unknown_keys_are_ignored_as_the_ts_loader_does():
    d = _good()
    d["extra"] = 1
    d["config"]["note"] = "x"
    assert model_from_dict(d).config == _good()["config"]


def test_a_normalized_model_needs_no_window():
    # o1 (TS) writes a normalized model without "window" (it keeps none); files written before have one.
    # models/generalist-v3.json (o1 v3, written before) has one; the v4 default was written without.
    doc = json.loads((REPO / "models" / "generalist-v3.json").read_text("utf-8"))
    assert doc["config"]["lrMode"] == "normalized" and "window" in doc["config"]
    del doc["config"]["window"]
    assert schema_errors(doc, o1.schema(), o1.schema()) == []
    m = o1.model.model_from_dict(doc)
    assert "window" not in m.config and list(m.weights) == doc["weights"]
    assert "window" not in json.loads((REPO / "models" / "default.json").read_text("utf-8"))["config"]
    v2 = json.loads((REPO / "models" / "generalist-v2.json").read_text("utf-8"))
    del v2["config"]["window"]
    assert any("window" in e for e in schema_errors(v2, o1.schema(), o1.schema()))


def test_a_normalized_models_window_is_dropped_so_both_forms_are_one_model():
    with_w = json.loads((REPO / "models" / "default.json").read_text("utf-8"))
    with_w["config"]["window"] = 5
    without = json.loads(json.dumps(with_w))
    del without["config"]["window"]
    assert model_from_dict(with_w) == model_from_dict(without)
    assert "window" not in model_from_dict(with_w).config


def test_experimental_feature_sets_are_refused_in_one_line():
    # docs/O1.md "Feature sets after v3": valid files under the schema, run by the TS package only
    for features, inputs in (("v3-progress", 9), ("v3-progress-noise", 10)):
        doc = json.loads((REPO / "models" / "default.json").read_text())
        doc["config"]["features"] = features
        doc["config"]["layers"] = [inputs, 8, 1]
        doc["weights"] = [0.1] * (inputs * 8 + 8 + 8 + 1)
        assert schema_errors(doc, o1.schema(), o1.schema()) == []
        with pytest.raises(ModelError) as e:
            model_from_dict(doc, "x.json")
        assert str(e.value) == (
            f"model x.json: features {features} is an experimental feature set that the Python port does not run "
            "(it runs v1, v2 and v3; the TS package's o1 train, o1 bench and o1 run do)"
        )
