"""Distributed training for real: ``torchrun`` starts two processes (CPU, gloo); only the main one measures and writes."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
from pathlib import Path

import yaml
from training_helpers import TRAINER, child_env

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@TRAINER
def test_only_the_main_process_measures_and_writes(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_addr", "127.0.0.1",
               "--master_port", str(free_port()), str(HERE / "ddp_train.py"), "out"]
    done = subprocess.run(command, cwd=tmp_path, env=child_env(), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    # the two processes share stdout, so their lines may run together: find the records, not the lines
    records = re.findall(r'\{"rank": \d+, "world": \d+, "measurements": \d+\}', done.stdout)
    ranks = {row["rank"]: row for row in map(json.loads, records)}
    assert ranks.keys() == {0, 1} and ranks[0]["world"] == 2
    assert ranks[0]["measurements"] == 1 and ranks[1]["measurements"] == 0
    assert done.stderr.count("(offline) measured") == 1  # one tracker for the run, not one per process
    card = (tmp_path / "out" / "README.md").read_text(encoding="utf-8")
    assert yaml.safe_load(card.split("---\n")[1])["co2_eq_emissions"]["emissions"] > 0
