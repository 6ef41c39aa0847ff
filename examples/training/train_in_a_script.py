"""A training function of your own: the decorator measures each call and writes the card.

    python train_in_a_script.py CARD
"""

from __future__ import annotations

import sys

import torch
from tiny import RandomTokens, tiny_model

import hfcarbon_lint

card = sys.argv[1]


@hfcarbon_lint.track_card(card, country="DEU", training_type="pre-training")
def train(steps: int = 20) -> None:
    model, data = tiny_model(), RandomTokens()
    optimiser = torch.optim.AdamW(model.parameters(), lr=1e-3)
    for step in range(steps):
        batch = data[step % len(data)]
        loss = model(input_ids=batch["input_ids"][None], labels=batch["labels"][None]).loss
        loss.backward()
        optimiser.step()
        optimiser.zero_grad()


train()
print(f"{train.__name__}: {card} written")
