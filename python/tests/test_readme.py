"""The README's PyTorch example runs as written (the block after the pytorch-example marker)."""
import re
import subprocess
import sys

from conftest import REPO


def test_readme_pytorch_example_runs(tmp_path):
    readme = (REPO / "README.md").read_text("utf-8")
    at = readme.index("<!-- pytorch-example")
    block = re.search(r"```python\n(.*?)```", readme[at:], re.S).group(1)
    script = tmp_path / "example.py"
    script.write_text(block, "utf-8")
    out = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    m = re.search(r"o1: loss ([0-9.]+) after 200 steps", out.stdout)
    assert m, out.stdout
    # the example's loss at its start is ~0.5 (measured 0.47); o1 must have trained
    assert float(m.group(1)) < 0.1
