"""transformers' Trainer: one call before train(), and the card it writes carries the measured figure.

    python train_with_trainer.py OUTPUT_DIR [--push]

``--push`` runs ``trainer.push_to_hub()`` (to the Hub that ``HF_ENDPOINT`` names, with
``HF_TOKEN``); without it the card is written by ``trainer.create_model_card()``.
"""

from __future__ import annotations

import sys

from tiny import RandomTokens, tiny_model
from transformers import Trainer, TrainingArguments

from hfcarbon_lint.integrations.transformers import track_carbon

output_dir, push = sys.argv[1], "--push" in sys.argv[2:]

args = TrainingArguments(output_dir=output_dir, max_steps=5, use_cpu=True, report_to=[], save_strategy="no")
trainer = Trainer(model=tiny_model(), args=args, train_dataset=RandomTokens())

track_carbon(trainer, country="FRA", training_type="fine-tuning")
trainer.train()
if push:
    trainer.push_to_hub()  # output_dir/README.md, with co2_eq_emissions, is committed with the model
else:
    trainer.create_model_card()  # output_dir/README.md carries co2_eq_emissions
