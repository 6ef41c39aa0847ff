"""A tiny, randomly initialised model and a dataset of random tensors: the examples run offline in seconds.

A real training loads its model and data; these stand in for them so the examples (and the
tests that run them) need no download.
"""

from __future__ import annotations

import torch
from transformers import BertConfig, BertForSequenceClassification


class RandomTokens(torch.utils.data.Dataset):  # type: ignore[type-arg]
    """``size`` rows of 8 random token ids with a random label (fixed seed)."""

    def __init__(self, size: int = 32) -> None:
        generator = torch.Generator().manual_seed(0)
        self.input_ids = torch.randint(0, 100, (size, 8), generator=generator)
        self.labels = torch.randint(0, 2, (size,), generator=generator)

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int) -> dict[str, torch.Tensor]:
        return {"input_ids": self.input_ids[index], "labels": self.labels[index]}


def tiny_model() -> BertForSequenceClassification:
    torch.manual_seed(0)
    config = BertConfig(
        vocab_size=100, hidden_size=16, num_hidden_layers=1, num_attention_heads=2, intermediate_size=32, num_labels=2
    )
    return BertForSequenceClassification(config)
