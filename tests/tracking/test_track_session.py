"""``track``'s and ``fill``'s core as a library: a plain options object in, an exit code and messages out."""

from __future__ import annotations

from pathlib import Path

from csv_samples import HEADER_2X, ROW_2X, csv_text

from hfcarbon_lint.tracking.cardwrite import Notes
from hfcarbon_lint.tracking.session import FillOptions, TrackOptions, run_fill, run_track


def _collect() -> tuple[Notes, list[str]]:
    lines: list[str] = []
    return Notes(say=lines.append, detail=lambda m: lines.append("  " + m), diff=lines.append), lines


def test_run_fill_writes_the_card_and_says_so(tmp_path: Path, card: Path) -> None:
    (tmp_path / "run.csv").write_text(csv_text(HEADER_2X, ROW_2X), encoding="utf-8")
    notes, lines = _collect()
    code = run_fill(FillOptions(tmp_path / "run.csv", card, training_type="fine-tuning"), notes)
    assert code == 0, lines
    text = card.read_text(encoding="utf-8")
    assert "emissions: 1500" in text and "training_type: fine-tuning" in text
    assert any(line.startswith("wrote co2_eq_emissions in") for line in lines)
    assert any(line.startswith("check: ") for line in lines)


def test_run_fill_dry_run_gives_the_diff_and_leaves_the_card(tmp_path: Path, card: Path) -> None:
    (tmp_path / "run.csv").write_text(csv_text(HEADER_2X, ROW_2X), encoding="utf-8")
    before = card.read_bytes()
    notes, lines = _collect()
    assert run_fill(FillOptions(tmp_path / "run.csv", card, dry_run=True), notes) == 0
    assert card.read_bytes() == before
    assert any(line.startswith("--- a/") and "+  emissions: 1500" in line for line in lines)


def test_run_track_refuses_an_unknown_country_before_running(tmp_path: Path, card: Path) -> None:
    notes, lines = _collect()
    marker = tmp_path / "ran"
    command = ("python3", "-c", f"open({str(marker)!r}, 'w')")
    assert run_track(TrackOptions(card, command, country="XXX"), notes) == 2
    assert not marker.exists() and "unknown country 'XXX'" in lines[0]
