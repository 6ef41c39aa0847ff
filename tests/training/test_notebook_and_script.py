"""The notebook and the script of the docs, run for real: a Jupyter kernel (nbclient, ipykernel) and a process."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from training_helpers import EXAMPLES, child_env, needs, run_example

from tests.conftest import run_process

TORCH = ("torch", "transformers", "codecarbon")


def carbon(card: Path) -> dict[str, object]:
    return dict(yaml.safe_load(card.read_text(encoding="utf-8").split("---\n")[1])["co2_eq_emissions"])


@needs(*TORCH, "nbclient", "nbformat", "ipykernel")
def test_the_notebook_writes_the_card_from_a_jupyter_kernel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(EXAMPLES / "notebook.ipynb", as_version=4)
    # What makes a kernel different from a script: no __main__.__file__, and an event loop already running.
    probe = "import asyncio, __main__\nprint(asyncio.get_running_loop().is_running(), hasattr(__main__, '__file__'))"
    notebook.cells.insert(1, nbformat.v4.new_code_cell(probe))
    for name, value in child_env().items():
        monkeypatch.setenv(name, value)  # the kernel inherits it: this checkout and tiny.py importable
    for name in [n for n in os.environ if n.startswith("CODECARBON_")]:
        monkeypatch.delenv(name)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.get("outputs", [])]
    text = "".join(output.get("text", "") for output in outputs if output.get("output_type") == "stream")
    assert "True False" in text  # the block ran inside a running loop, with no script file
    assert "g CO2eq written: True, check clean: True" in text
    assert "hfcarbon-lint: created co2_eq_emissions in README.md" in text  # its notes reach the notebook (stderr)
    card = tmp_path / "README.md"
    block = carbon(card)
    assert block["geographical_location"] == "France" and block["training_type"] == "fine-tuning"
    assert isinstance(block["emissions"], float) and block["emissions"] > 0
    assert run_process("check", str(card)).code == 0


@needs(*TORCH)
def test_the_script_example_measures_each_call_of_its_training_function(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nlicense: apache-2.0\n---\n\n# A model trained in a script\n", encoding="utf-8")
    done = run_example("train_in_a_script.py", str(card), cwd=tmp_path, env=child_env())
    assert done.returncode == 0, done.stderr[-3000:]
    assert f"train: {card} written" in done.stdout
    block = carbon(card)
    assert block["geographical_location"] == "Germany" and block["training_type"] == "pre-training"
    assert card.read_text(encoding="utf-8").endswith("---\n\n# A model trained in a script\n")
    assert run_process("check", str(card)).code == 0
