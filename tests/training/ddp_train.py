"""Run by ``torchrun --nproc_per_node 2``: the same training on two processes (CPU, gloo).

Prints one JSON line per rank: what its callback measured. Used by test_distributed.py.
"""

from __future__ import annotations

import json
import sys

from tiny import RandomTokens, tiny_model
from transformers import Trainer, TrainingArguments

from hfcarbon_lint.integrations.transformers import track_carbon

output_dir = sys.argv[1]
args = TrainingArguments(
    output_dir=output_dir, max_steps=3, use_cpu=True, report_to=[], save_strategy="no", disable_tqdm=True,
    per_device_train_batch_size=4, logging_strategy="no",
)
trainer = Trainer(model=tiny_model(), args=args, train_dataset=RandomTokens())
callback = track_carbon(trainer, country="FRA", measure_power_secs=1.0)
trainer.train()
trainer.create_model_card()
rank = trainer.args.process_index
record = {"rank": rank, "world": trainer.args.world_size, "measurements": len(callback.measurements)}
print(json.dumps(record), flush=True)
