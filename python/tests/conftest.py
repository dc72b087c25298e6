import gzip
import json
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent  # python/tests -> repo root (the tests run from a checkout)


@lru_cache(maxsize=None)
def fixture(name: str):
    """A fixture written by scripts/make-o1-fixtures.mjs (the TS reference)."""
    with gzip.open(HERE / "fixtures" / name, "rt", encoding="utf-8") as f:
        return json.load(f)
