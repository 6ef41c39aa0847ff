"""``hfcarbon-lint fill --from-codecarbon``: a CodeCarbon CSV into the card, no CodeCarbon needed."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml
from csv_samples import HEADER_1X, HEADER_2X, HEADER_3X, ROW_1X, ROW_2X, ROW_2X_FALLBACK, ROW_3X, csv_text
from tracking_helpers import check_json, errors_of, hfcarbon

HIDE_CODECARBON = "import sys; sys.modules['codecarbon'] = None  # as if it were not installed"


def front_matter(path: Path) -> dict[str, object]:
    text = path.read_text(encoding="utf-8")
    loaded: dict[str, object] = yaml.safe_load(text.split("---")[1])
    return loaded


def test_fill_writes_grams_and_the_card_checks_clean(tmp_path: Path, card: Path) -> None:
    (tmp_path / "run.csv").write_text(csv_text(HEADER_2X, ROW_2X), encoding="utf-8")
    before = card.read_bytes()
    result = hfcarbon(
        "fill", "--from-codecarbon", "run.csv", "--card", "README.md", "--training-type", "pre-training", cwd=tmp_path
    )
    assert result.code == 0, result.err
    assert result.out == b""
    carbon = front_matter(card)["co2_eq_emissions"]
    assert carbon == {
        "emissions": 1500,
        "source": "CodeCarbon",
        "training_type": "pre-training",
        "geographical_location": "Germany",
        "hardware_used": "2 x NVIDIA A100-SXM4-40GB, AMD EPYC 7763 64-Core Processor (32 threads)",
    }
    text = card.read_bytes()
    assert text.startswith(b"---\nlicense: mit  # chosen by the authors\ntags:\n- text-classification\n")
    assert text.endswith(before[before.index(b"---\n\n# My model") :])
    assert "2.x layout" in result.err and "1.5 kg" in result.err
    document = check_json(card, cwd=tmp_path)
    assert errors_of(document) == [] and document["cards"][0]["reporting_level"] >= 3


def test_fill_needs_no_codecarbon(tmp_path: Path, card: Path) -> None:
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    prelude = (
        HIDE_CODECARBON
        + "\nimport atexit; atexit.register(lambda: print('loaded' if sys.modules.get('codecarbon') else 'absent', file=sys.stderr))"
    )
    result = hfcarbon(
        "fill", "--from-codecarbon", "emissions.csv", "--card", "README.md", cwd=tmp_path, prelude=prelude
    )
    assert result.code == 0, result.err
    assert result.err.rstrip().endswith("absent")
    assert front_matter(card)["co2_eq_emissions"] == {
        "emissions": 512,
        "source": "CodeCarbon",
        "geographical_location": "France",
    }


def test_several_runs_summed_or_one_picked(tmp_path: Path, card: Path) -> None:
    other = ROW_3X.replace("76507644-89d8-47ab-96ba-00a29e5af4ee", "99999999-0000-47ab-96ba-00a29e5af4ee")
    other = other.replace("6.75285514575728e-07", "0.002")
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_3X, ROW_3X, other), encoding="utf-8")
    result = hfcarbon("fill", "--from-codecarbon", "emissions.csv", "--card", "README.md", "--dry-run", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "+  emissions: 2.001\n" in result.text  # (0.000000675 + 0.002) kg, 4 significant digits
    assert "the sum of 2 runs" in result.err
    assert card.read_bytes().count(b"co2_eq_emissions") == 0  # a dry run writes nothing
    result = hfcarbon(
        "fill", "--from-codecarbon", "emissions.csv", "--card", "README.md", "--run-id", "99999999", cwd=tmp_path
    )
    assert result.code == 0, result.err
    assert front_matter(card)["co2_eq_emissions"]["emissions"] == 2  # type: ignore[index]


def test_existing_values_are_kept_unless_overwrite(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text("---\nco2_eq_emissions:\n  emissions: 900\n  source: my notes\n---\n", encoding="utf-8")
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    result = hfcarbon("fill", "--from-codecarbon", "emissions.csv", "--card", "README.md", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "kept the card's own emissions, source" in result.err
    assert front_matter(card)["co2_eq_emissions"] == {
        "emissions": 900,
        "source": "my notes",
        "geographical_location": "France",
    }
    # The kept 900 g disagrees with the CSV beside the card: the check says so (HFC045).
    assert "HFC045" in result.err
    result = hfcarbon("fill", "--from-codecarbon", "emissions.csv", "--card", "README.md", "--overwrite", cwd=tmp_path)
    assert result.code == 0, result.err
    assert front_matter(card)["co2_eq_emissions"]["emissions"] == 512  # type: ignore[index]
    assert "HFC045" not in result.err


def test_the_online_fallback_location_is_not_written(tmp_path: Path, card: Path) -> None:
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_2X, ROW_2X_FALLBACK), encoding="utf-8")
    result = hfcarbon("fill", "--from-codecarbon", "emissions.csv", "--card", "README.md", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "fallback" in result.err
    assert "geographical_location" not in front_matter(card)["co2_eq_emissions"]  # type: ignore[operator]


def test_a_new_card_is_created(tmp_path: Path) -> None:
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    result = hfcarbon("fill", "--from-codecarbon", "emissions.csv", "--card", "model/README.md", cwd=tmp_path)
    assert result.code == 2 and "no folder model" in result.err
    (tmp_path / "model").mkdir()
    result = hfcarbon("fill", "--from-codecarbon", "emissions.csv", "--card", "model/README.md", cwd=tmp_path)
    assert result.code == 0, result.err
    assert (tmp_path / "model" / "README.md").read_text() == (
        "---\nco2_eq_emissions:\n  emissions: 512\n  source: CodeCarbon\n  geographical_location: France\n---\n"
    )


def test_failures_exit_2_with_one_line(tmp_path: Path, card: Path) -> None:
    (tmp_path / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "zero.csv").write_text(csv_text(HEADER_1X, ROW_1X.replace("0.512", "0")), encoding="utf-8")
    (tmp_path / "broken.md").write_text("---\nlicense: [mit\n---\n", encoding="utf-8")
    (tmp_path / "emissions.csv").write_text(csv_text(HEADER_1X, ROW_1X), encoding="utf-8")
    for args, message in [
        (("--from-codecarbon", "missing.csv", "--card", "README.md"), "No such file"),
        (("--from-codecarbon", "notes.csv", "--card", "README.md"), "no 'emissions' column"),
        (("--from-codecarbon", "zero.csv", "--card", "README.md"), "not a measurement"),
        (("--from-codecarbon", "emissions.csv", "--card", "broken.md"), "does not parse"),
        (("--from-codecarbon", "emissions.csv", "--card", "README.md", "--run-id", "nope"), "no run"),
    ]:
        result = hfcarbon("fill", *args, cwd=tmp_path)
        assert result.code == 2, (args, result.err)
        assert message in result.err and "Traceback" not in result.err
    assert b"co2_eq_emissions" not in card.read_bytes()


def test_a_csv_that_is_not_a_regular_file_ends_at_once(tmp_path: Path, card: Path) -> None:
    """A FIFO (nothing ever written to it) or /dev/zero as --from-codecarbon: read non-blocking and
    bounded, as cards are, instead of waiting forever or filling memory."""
    os.mkfifo(tmp_path / "emissions.csv")
    (tmp_path / "zero.csv").symlink_to("/dev/zero")
    for name, kind in [("emissions.csv", "a FIFO"), ("zero.csv", "a character device")]:
        result = hfcarbon("fill", "--from-codecarbon", name, "--card", "README.md", cwd=tmp_path, timeout=30)
        assert result.code == 2, (name, result.err)
        assert result.err == f"hfcarbon-lint: {name}: {kind}, not a regular file: not read\n"
    assert b"co2_eq_emissions" not in card.read_bytes()


def test_fill_renames_a_misspelt_key_instead_of_adding_a_second(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(
        "---\nlicense: mit\nco2_eq_emissions:\n  emissions: 1200\n"
        "  geographic_location: Frankfurt, Germany  # the data centre\n---\n# Model\n",
        encoding="utf-8",
    )
    (tmp_path / "run.csv").write_text(csv_text(HEADER_2X, ROW_2X), encoding="utf-8")
    result = hfcarbon("fill", "--from-codecarbon", "run.csv", "--card", "README.md", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "renamed geographic_location to geographical_location" in result.err
    text = card.read_text(encoding="utf-8")
    assert "geographic_location" not in text
    assert "  geographical_location: Frankfurt, Germany  # the data centre\n" in text  # the card's own value kept
    document = check_json(card, cwd=tmp_path)
    assert [d["code"] for d in document["cards"][0]["diagnostics"] if d["code"] == "HFC031"] == []


def test_fill_refuses_two_misspellings_of_one_key(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    original = (
        "---\nco2_eq_emissions:\n  emissions: 1200\n  geographic_location: Frankfurt\n"
        "  geographical_locaton: Germany\n---\n# Model\n"
    )
    card.write_text(original, encoding="utf-8")
    (tmp_path / "run.csv").write_text(csv_text(HEADER_2X, ROW_2X), encoding="utf-8")
    result = hfcarbon("fill", "--from-codecarbon", "run.csv", "--card", "README.md", cwd=tmp_path)
    assert result.code == 2, result.err
    assert "both misspellings of 'geographical_location'" in result.err
    assert card.read_text(encoding="utf-8") == original


def test_track_refuses_two_misspellings_before_running_the_command(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(
        "---\nco2_eq_emissions:\n  emissions: 1\n  geographic_location: A\n  geographical_locaton: B\n---\n",
        encoding="utf-8",
    )
    marker = tmp_path / "ran"
    result = hfcarbon(
        "track",
        "--country",
        "DEU",
        "--card",
        "README.md",
        "--",
        sys.executable,
        "-c",
        f"open({str(marker)!r}, 'w')",
        cwd=tmp_path,
    )
    assert result.code == 2, result.err
    assert "both misspellings of 'geographical_location'" in result.err
    assert not marker.exists()
