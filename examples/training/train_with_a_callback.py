"""A trainer built with the callback: the figure is in output_dir/README.md after train().

    python train_with_a_callback.py OUTPUT_DIR

Then ``track_carbon(trainer)`` (no arguments: it adopts the callback) keeps the figure in
the card that ``create_model_card()`` and ``push_to_hub()`` write.
"""

from __future__ import annotations

import sys

from tiny import RandomTokens, tiny_model
from transformers import Trainer, TrainingArguments

from hfcarbon_lint.integrations.transformers import CarbonCallback, track_carbon

output_dir = sys.argv[1]
model, data = tiny_model(), RandomTokens()
args = TrainingArguments(output_dir=output_dir, max_steps=5, use_cpu=True, report_to=[], save_strategy="no")

trainer = Trainer(model=model, args=args, train_dataset=data, callbacks=[CarbonCallback(country="FRA")])
trainer.train()  # output_dir/README.md now carries co2_eq_emissions
print(open(f"{output_dir}/README.md", encoding="utf-8").read(), end="")

track_carbon(trainer)
trainer.create_model_card()  # rewrites README.md; the figure is written into it again
