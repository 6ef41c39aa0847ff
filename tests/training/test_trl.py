"""TRL's SFTTrainer writes its own card (``BaseTrainer.create_model_card``, ``generate_model_card``): it keeps the figure.

TRL subclasses ``Trainer`` and replaces ``create_model_card``; ``track_carbon`` wraps the
instance's own writer, so TRL's card is the one that gains the block. TRL also writes its
card at every checkpoint (``_save_checkpoint``): the figure appears there once a
``train()`` has finished.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from training_helpers import needs

from hfcarbon_lint.measurements.measurement import round_significant
from tests.conftest import run_process


def tiny_sft(output_dir: Path) -> Any:
    import torch
    from datasets import Dataset
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import GPT2Config, GPT2LMHeadModel, PreTrainedTokenizerFast
    from trl import SFTConfig, SFTTrainer

    words = [f"w{i}" for i in range(60)]
    vocab = {"[UNK]": 0, "[PAD]": 1, "[EOS]": 2, **{word: i + 3 for i, word in enumerate(words)}}
    core = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    core.pre_tokenizer = pre_tokenizers.Whitespace()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=core, unk_token="[UNK]", pad_token="[PAD]", eos_token="[EOS]")
    torch.manual_seed(0)
    config = GPT2Config(vocab_size=len(vocab), n_positions=32, n_embd=16, n_layer=1, n_head=2,
                        bos_token_id=2, eos_token_id=2, pad_token_id=1)
    data = Dataset.from_dict({"text": [" ".join(words[i : i + 8]) for i in range(32)]})
    args = SFTConfig(output_dir=str(output_dir), report_to=[], save_strategy="no", use_cpu=True, max_steps=3,
                     per_device_train_batch_size=4, logging_strategy="no", disable_tqdm=True, max_length=16)
    return SFTTrainer(model=GPT2LMHeadModel(config), args=args, train_dataset=data, processing_class=tokenizer)


@needs("torch", "transformers", "accelerate", "codecarbon", "trl", "datasets", "tokenizers")
def test_trls_own_card_writer_keeps_the_figure(tmp_path: Path) -> None:
    from hfcarbon_lint.integrations.transformers import track_carbon

    out = tmp_path / "out"
    trainer = tiny_sft(out)
    callback = track_carbon(trainer, country="FRA", training_type="fine-tuning", measure_power_secs=1.0, quiet=True)
    trainer.train()
    trainer.create_model_card(model_name="tiny-sft")
    text = (out / "README.md").read_text(encoding="utf-8")
    assert "It has been trained using [TRL]" in text  # TRL's template, not transformers'
    front = yaml.safe_load(text.split("---\n")[1])
    assert "trl" in front["tags"] and "sft" in front["tags"]
    assert front["co2_eq_emissions"]["emissions"] == round_significant(callback.measurement.emissions_g)  # type: ignore[union-attr]
    assert front["co2_eq_emissions"]["training_type"] == "fine-tuning"
    assert run_process("check", str(out / "README.md")).code == 0
