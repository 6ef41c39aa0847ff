"""``hfcarbon-lint estimate``: the real CLI on real files; the written card checks clean."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from hfcarbon_lint.grid.regional import regional_figures
from hfcarbon_lint.grid.tables import country_intensities
from hfcarbon_lint.measurements.measurement import round_significant
from hfcarbon_lint.tracking.estimate import SOURCE
from tests.conftest import Run, run_process

CARD = b"---\nlicense: mit  # chosen by the authors\ntags:\n- text-classification\n---\n\n# My model\n\nBody text.\n"
A100_8 = ("--hardware", "8 x A100-SXM4-40GB", "--hours", "12")


@pytest.fixture
def card(tmp_path: Path) -> Path:
    path = tmp_path / "README.md"
    path.write_bytes(CARD)
    return path


def carbon(path: Path) -> dict[str, object]:
    loaded: dict[str, dict[str, object]] = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
    return loaded["co2_eq_emissions"]


def test_prints_the_parts_and_their_product(cli) -> None:  # type: ignore[no-untyped-def]
    usa = regional_figures("USA")["virginia"].g_per_kwh  # AWS places us-east-1 in Virginia
    run: Run = cli("estimate", *A100_8, "--location", "us-east-1")
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == "estimate: device power x count x hours x PUE x grid intensity"
    assert "  device     8 x A100 SXM4 at 400 W = 3200 W" in lines
    assert "  hours      12 h" in lines and "  PUE        1" in lines
    assert "  energy     3200 W x 12 h x 1 / 1000 = 38.4 kWh" in lines
    assert any(line.startswith(f"  grid       {usa:g} g CO2eq/kWh: CodeCarbon's") for line in lines)
    assert any(line.startswith("  location   'us-east-1'") and "US East (N. Virginia)" in line for line in lines)
    assert f"= {38.4 * usa:.6g} g CO2eq" in lines[-1]
    assert run.err == ""


def test_json_output_and_pue(cli) -> None:  # type: ignore[no-untyped-def]
    germany = country_intensities()["DEU"].g_per_kwh
    run = cli("estimate", *A100_8, "--country", "deu", "--pue", "1.1", "--format", "json")
    assert run.code == 0, run.err
    result = json.loads(run.out)
    assert result["energy_kwh"] == pytest.approx(3200 * 12 / 1000 * 1.1)
    assert result["grid"]["g_per_kwh"] == germany and result["grid"]["location"] == "Germany"
    assert result["emissions_g"] == pytest.approx(3200 * 12 / 1000 * 1.1 * germany)
    assert result["co2_eq_emissions"]["source"] == SOURCE
    assert result["co2_eq_emissions"]["hardware_used"] == "8 x A100-SXM4-40GB"


def test_write_puts_the_estimate_in_the_card_and_it_checks_clean(card: Path) -> None:
    run = run_process(
        "estimate",
        *A100_8,
        "--location",
        "us-east-1",
        "--pue",
        "1.1",
        "--training-type",
        "fine-tuning",
        "--write",
        str(card),
    )
    assert run.code == 0, run.err
    expected = round_significant(3200 * 12 / 1000 * 1.1 * regional_figures("USA")["virginia"].g_per_kwh)
    assert carbon(card) == {
        "emissions": expected,
        "source": SOURCE,
        "training_type": "fine-tuning",
        "geographical_location": "us-east-1",
        "hardware_used": "8 x A100-SXM4-40GB",
    }
    text = card.read_bytes()
    assert text.startswith(b"---\nlicense: mit  # chosen by the authors\ntags:\n- text-classification\n")
    assert text.endswith(b"---\n\n# My model\n\nBody text.\n")
    assert "check: Energy Awareness (class 3), 0 errors, 0 warnings" in run.err
    # Every rule, the plausibility ones included, accepts what it wrote, at Energy Awareness or above.
    check = run_process("check", "--min-class", "energy-awareness", "--format", "json", str(card))
    assert check.code == 0, check.out
    report = json.loads(check.out)["cards"][0]
    assert report["reporting_level"] >= 3
    assert report["diagnostics"] == []


@pytest.mark.parametrize(
    "place",
    [("--country", "FRA"), ("--location", "europe-west1"), ("--location", "Quebec, Canada"), ("--location", "Japan")],
)
def test_what_it_writes_passes_the_plausibility_rules(card: Path, place: tuple[str, str]) -> None:
    for hardware, hours in (("4 x TPU v3-8", "30"), ("1 x T4", "0.5"), ("2 x RTX 4090", "200")):
        run = run_process(
            "estimate", "--hardware", hardware, "--hours", hours, *place, "--overwrite", "--write", str(card)
        )
        assert run.code == 0, run.err
        check = run_process("check", "--select", "HFC06", "--format", "json", str(card))
        assert json.loads(check.out)["cards"][0]["diagnostics"] == [], (hardware, place)


def test_dry_run_prints_the_diff_and_leaves_the_card(card: Path) -> None:
    run = run_process("estimate", *A100_8, "--country", "FRA", "--write", str(card), "--dry-run")
    assert run.code == 0, run.err
    assert card.read_bytes() == CARD
    assert "+co2_eq_emissions:" in run.out and "+  hardware_used: 8 x A100-SXM4-40GB" in run.out
    assert "dry run" in run.err


def test_keeps_the_cards_own_keys_unless_overwrite(card: Path) -> None:
    card.write_bytes(b"---\nco2_eq_emissions:\n  emissions: 999\n---\n")
    run = run_process("estimate", *A100_8, "--country", "FRA", "--write", str(card))
    assert carbon(card)["emissions"] == 999 and "kept the card's own emissions" in run.err
    run = run_process("estimate", *A100_8, "--country", "FRA", "--write", str(card), "--overwrite")
    assert run.code == 0, run.err
    assert carbon(card)["emissions"] == round_significant(3200 * 12 / 1000 * country_intensities()["FRA"].g_per_kwh)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--hardware", "8 x B300", "--hours", "1", "--country", "FRA"), "nearest known: NVIDIA B200"),
        (("--hardware", "8 x quantum toaster", "--hours", "1", "--country", "FRA"), "unknown hardware"),
        (("--hardware", "A100s", "--hours", "1", "--country", "FRA"), "write the count"),
        (("--hardware", "A100", "--hours", "1", "--country", "FRA"), "'1 x NVIDIA A100' for one"),
        (("--hardware", "8 x TPU v5e", "--hours", "1", "--country", "FRA"), "no power figure for Google TPU v5e"),
        (("--hardware", "", "--hours", "1", "--country", "FRA"), "--hardware is empty"),
        ((*A100_8, "--location", "Germny"), "nearest known: Germany"),
        ((*A100_8, "--location", "Atlantis"), "cannot resolve location 'Atlantis'"),
        ((*A100_8, "--location", "Europe"), "names no country"),
        ((*A100_8, "--location", "NA"), "ambiguous"),
        ((*A100_8, "--country", "FR"), "alpha-3: FRA"),
        ((*A100_8, "--country", "XXX"), "unknown country"),
        ((*A100_8,), "where did this run?"),
        ((*A100_8, "--country", "FRA", "--location", "France"), "one of them"),
        (("--hardware", "8 x A100", "--hours", "0", "--country", "FRA"), "--hours must be a positive"),
        (("--hardware", "8 x A100", "--hours", "nan", "--country", "FRA"), "--hours must be a positive"),
        ((*A100_8, "--country", "FRA", "--pue", "0.5"), "--pue must be between"),
        ((*A100_8, "--country", "FRA", "--grid-intensity", "-3"), "--grid-intensity is in g CO2eq/kWh"),
        (("--hardware", "8 x A100 " * 100, "--hours", "1", "--country", "FRA"), "900 characters long"),
        ((*A100_8, "--location", "Paris, France " * 30), "characters long"),
    ],
)
def test_refuses_to_guess(card: Path, args: tuple[str, ...], message: str) -> None:
    run = run_process("estimate", *args, "--write", str(card))
    assert run.code == 2
    assert message in run.err and "Traceback" not in run.err
    assert run.out == ""
    assert card.read_bytes() == CARD


def test_a_broken_card_is_not_written(tmp_path: Path) -> None:
    broken = tmp_path / "README.md"
    broken.write_bytes(b"---\nlicense: [mit\n---\n")
    run = run_process("estimate", *A100_8, "--country", "FRA", "--write", str(broken))
    assert run.code == 2 and "does not parse" in run.err
    assert broken.read_bytes() == b"---\nlicense: [mit\n---\n"


def test_creates_a_missing_card(tmp_path: Path) -> None:
    run = run_process("estimate", *A100_8, "--country", "FRA", "--write", str(tmp_path / "README.md"))
    assert run.code == 0, run.err
    assert carbon(tmp_path / "README.md")["geographical_location"] == "France"


def test_terminal_control_characters_are_escaped(card: Path) -> None:
    run = run_process(
        "estimate", "--hardware", "8 x \x1b[2J", "--hours", "1", "--location", "\x1b]0;x\x07", "--country", "FRA"
    )
    assert run.code == 2 and "\x1b" not in run.err and "\x07" not in run.err
    run = run_process("estimate", *A100_8, "--location", "Paris\x1b[31m, France")
    assert "\x1b" not in run.out + run.err


def test_help_names_the_method(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("estimate", "--help")
    assert run.code == 0 and "--grid-intensity" in run.out and "ML CO2 Impact calculator" in run.out


@pytest.mark.parametrize(
    ("hardware", "line"),
    [
        ("2 x L40S", "  device     2 x L40S at 350 W = 700 W"),
        ("8 x B200", "  device     8 x NVIDIA B200 at 1000 W = 8000 W"),
        ("8 x H800 SXM5", "  device     8 x H800 SXM5 at 700 W = 5600 W"),
        ("8 x Gaudi 3", "  device     8 x Gaudi 3 OAM (HL-325L) at 900 W = 7200 W"),
        (
            "1 x RTX 4060 Laptop",
            "  device     1 x NVIDIA GeForce RTX 4060 Laptop GPU at 115 W = 115 W "
            "(the maker publishes 35-115 W, set by the laptop's maker: the top figure)",
        ),
    ],
)
def test_current_devices_are_estimated_as_written(cli, hardware: str, line: str) -> None:  # type: ignore[no-untyped-def]
    run = cli("estimate", "--hardware", hardware, "--hours", "1", "--country", "DEU")
    assert run.code == 0, run.err
    assert line in run.out.splitlines()


def test_a_device_without_a_published_figure_is_named_not_guessed(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("estimate", "--hardware", "8 x H20", "--hours", "1", "--country", "DEU")
    assert run.code == 2
    assert "no power figure for NVIDIA H20 (its maker publishes none)" in run.err
