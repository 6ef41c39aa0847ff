"""transformers' real Trainer trains a tiny random model on the CPU; the card it writes carries the figure.

In-process, except push_to_hub (huggingface_hub reads ``HF_ENDPOINT`` when transformers
imports it, so the run that pushes is a real child process pointed at the fake Hub).
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from training_helpers import TRAINER, child_env, run_example

from hfcarbon_lint.measurements.csvfile import read_codecarbon_csv
from hfcarbon_lint.measurements.measurement import round_significant
from tests.conftest import run_process

pytestmark = TRAINER

FAST: dict[str, Any] = {"measure_power_secs": 1.0, "quiet": True}


def make_trainer(output_dir: Path, dataset: Any = None, callbacks: list[Any] | None = None, **arguments: Any) -> Any:
    from tiny import RandomTokens, tiny_model
    from transformers import Trainer, TrainingArguments

    settings: dict[str, Any] = {"max_steps": 3, "save_strategy": "no", "report_to": []} | arguments
    args = TrainingArguments(
        output_dir=str(output_dir),
        use_cpu=True,
        per_device_train_batch_size=4,
        disable_tqdm=True,
        logging_strategy="no",
        **settings,
    )
    return Trainer(model=tiny_model(), args=args, train_dataset=dataset or RandomTokens(), callbacks=callbacks)


def carbon(card: Path | bytes) -> dict[str, Any] | None:
    text = (card if isinstance(card, bytes) else card.read_bytes()).decode("utf-8")
    found = yaml.safe_load(text.split("---\n")[1]).get("co2_eq_emissions")
    return dict(found) if found is not None else None


def only_inserted(before: bytes, after: bytes) -> bytes:
    """The lines ``after`` adds to ``before``; fails if any line of ``before`` changed or went."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    inserted = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            inserted.extend(new[j1:j2])
    return b"".join(inserted)


def test_the_trainers_card_keeps_its_bytes_and_gains_the_measured_figure(tmp_path: Path) -> None:
    from hfcarbon_lint.integrations.transformers import track_carbon

    trainer = make_trainer(tmp_path / "out")
    callback = track_carbon(trainer, country="FRA", training_type="fine-tuning", **FAST)
    trainer.train()
    card = tmp_path / "out" / "README.md"
    trainer.create_model_card.__wrapped__(model_name="tiny")  # the Trainer's own writer, unwrapped
    own = card.read_bytes()
    assert carbon(own) is None  # transformers writes no co2_eq_emissions by itself
    trainer.create_model_card(model_name="tiny")
    tracked = card.read_bytes()
    assert only_inserted(own, tracked).startswith(b"co2_eq_emissions:\n  emissions: ")
    measurement = callback.measurement
    assert measurement is not None and measurement.emissions_kg > 0
    assert carbon(tracked) == {
        "emissions": round_significant(measurement.emissions_g),
        "source": "CodeCarbon",
        "training_type": "fine-tuning",
        "geographical_location": "France",
        "hardware_used": measurement.hardware_text(),
    }
    assert run_process("check", str(card)).code == 0


def test_two_train_calls_are_summed_in_the_card(tmp_path: Path) -> None:
    from hfcarbon_lint.integrations.transformers import track_carbon

    trainer = make_trainer(tmp_path / "out")
    callback = track_carbon(trainer, country="FRA", **FAST)
    trainer.train()
    trainer.train()
    assert len(callback.measurements) == 2
    total = sum(m.emissions_kg for m in callback.measurements) * 1000
    trainer.create_model_card()
    assert carbon(tmp_path / "out" / "README.md")["emissions"] == round_significant(total)  # type: ignore[index]
    assert "the figure is the sum of 2 train() calls" in callback.messages


def test_codecarbons_own_callback_is_replaced_so_the_run_is_measured_once(tmp_path: Path) -> None:
    from transformers.integrations import CodeCarbonCallback

    from hfcarbon_lint.integrations.transformers import track_carbon

    out = tmp_path / "out"
    trainer = make_trainer(out, report_to=["codecarbon"])
    assert any(isinstance(cb, CodeCarbonCallback) for cb in trainer.callback_handler.callbacks)
    callback = track_carbon(trainer, country="FRA", **FAST)
    assert not any(isinstance(cb, CodeCarbonCallback) for cb in trainer.callback_handler.callbacks)
    trainer.train()
    trainer.create_model_card()
    rows = read_codecarbon_csv(out / "emissions.csv").rows
    assert len(rows) == 1  # one tracker, one row, offline at the location given
    assert rows[0].measurement.country_name == "France"
    assert carbon(out / "README.md")["emissions"] == round_significant(rows[0].measurement.emissions_g)  # type: ignore[index]
    assert callback.replaced_codecarbon
    checked = run_process("check", str(out / "README.md"))  # HFC045 cross-checks the card with emissions.csv
    assert checked.code == 0, checked.out


def test_a_train_that_raises_is_not_counted_and_its_measurement_is_kept(tmp_path: Path) -> None:
    from tiny import RandomTokens

    from hfcarbon_lint.integrations.transformers import track_carbon

    class Breaks(RandomTokens):
        def __getitem__(self, index: int) -> dict[str, Any]:
            if index >= 20:
                raise RuntimeError("corrupt shard")
            return super().__getitem__(index)

    out = tmp_path / "out"
    trainer = make_trainer(out, dataset=Breaks(), max_steps=8)
    callback = track_carbon(trainer, country="FRA", **FAST)
    with pytest.raises(RuntimeError, match="corrupt shard"):
        trainer.train()
    assert callback.measurements == [] and not callback.measuring
    kept = [line for line in callback.messages if "the measurement is kept in" in line]
    assert kept and any("train() raised RuntimeError: corrupt shard" in line for line in callback.messages)
    csv_path = Path(kept[0].split("kept in ", 1)[1].split(";")[0])
    try:
        assert read_codecarbon_csv(csv_path).select().emissions_kg > 0
    finally:
        shutil.rmtree(csv_path.parent)
    trainer.create_model_card()
    assert carbon(out / "README.md") is None


def test_the_callback_alone_writes_the_output_folders_card_and_track_carbon_adopts_it(tmp_path: Path) -> None:
    done = run_example("train_with_a_callback.py", "out", cwd=tmp_path, env=child_env())
    assert done.returncode == 0, done.stderr[-3000:]
    after_train = carbon(done.stdout.encode())  # the card the callback wrote at the end of train()
    assert after_train is not None and after_train["geographical_location"] == "France"
    card = (tmp_path / "out" / "README.md").read_bytes()
    assert b"generated_from_trainer" in card  # the Trainer's card, written after train()...
    assert carbon(card) == after_train  # ...carries the same figure
    assert done.stderr.count("CodeCarbon 3") == 1  # one measurement: track_carbon adopted the callback


def test_track_carbon_refuses_settings_for_a_trainer_that_has_a_callback(tmp_path: Path) -> None:
    from hfcarbon_lint.integrations.transformers import CarbonCallback, TrackingRefused, track_carbon

    ours = CarbonCallback(country="CAN", region="quebec", **FAST)
    trainer = make_trainer(tmp_path / "out", callbacks=[ours])
    with pytest.raises(TrackingRefused, match="already has a CarbonCallback"):
        track_carbon(trainer, country="FRA")
    assert track_carbon(trainer) is ours and track_carbon(trainer) is ours
    assert sum(isinstance(cb, CarbonCallback) for cb in trainer.callback_handler.callbacks) == 1


def test_a_resumed_training_says_what_its_figure_covers(tmp_path: Path) -> None:
    from hfcarbon_lint.integrations.transformers import track_carbon

    out = tmp_path / "out"
    first = make_trainer(out, max_steps=2, save_strategy="steps", save_steps=2)
    track_carbon(first, country="FRA", **FAST)
    first.train()
    resumed = make_trainer(out, max_steps=4, save_strategy="no")
    callback = track_carbon(resumed, country="FRA", **FAST)
    resumed.train(resume_from_checkpoint=True)
    assert any("training resumes at step 2" in line for line in callback.messages)
    assert len(callback.measurements) == 1


def test_a_location_it_cannot_use_is_refused_before_training(tmp_path: Path) -> None:
    from hfcarbon_lint.integrations.transformers import TrackingRefused, track_carbon

    trainer = make_trainer(tmp_path / "out")
    with pytest.raises(TrackingRefused, match="country="):
        track_carbon(trainer)
    with pytest.raises(TrackingRefused, match="cloud_region="):
        track_carbon(trainer, cloud_provider="aws")
    assert trainer.state.global_step == 0


def test_push_to_hub_commits_the_card_with_the_measured_figure(tmp_path: Path) -> None:
    from fakehub import FakeHub

    with FakeHub() as hub:
        hub.add_token("hf_write", role="write", user="alice")
        env = child_env(HF_ENDPOINT=hub.url, HF_TOKEN="hf_write", HF_HOME=str(tmp_path / "hf-home"))
        done = run_example("train_with_trainer.py", "tiny-bert", "--push", cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "alice/tiny-bert" in hub.models
        commits = [c for c in hub.commits if c.repo_id == "alice/tiny-bert"]
    assert len(commits) == 1 and not commits[0].create_pr
    files = commits[0].files
    assert "model.safetensors" in files and "config.json" in files  # the model went up with its card
    pushed = files["README.md"]
    assert pushed == (tmp_path / "tiny-bert" / "README.md").read_bytes()
    block = carbon(pushed)
    assert block is not None and block["source"] == "CodeCarbon" and block["geographical_location"] == "France"
    assert isinstance(block["emissions"], float) and block["emissions"] > 0
    assert b"# tiny-bert" in pushed and b"generated_from_trainer" in pushed  # the Trainer's own card around it
    (tmp_path / "pushed.md").write_bytes(pushed)
    checked = run_process("check", str(tmp_path / "pushed.md"))
    assert checked.code == 0, checked.out
    assert "wrote co2_eq_emissions" in done.stderr or "created co2_eq_emissions" in done.stderr
