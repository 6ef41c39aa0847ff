"""Reading real cards as a careful reader does (issue 11): each shape with its negatives.

A placeholder, an ambiguous sentence and an upper bound are never a figure, and a
placeholder never raises the reporting class.
"""

from __future__ import annotations

import pytest

from hfcarbon_lint.lint.engine import CardReport, LintSettings, lint_bytes
from hfcarbon_lint.parsing.placeholders import is_placeholder
from hfcarbon_lint.parsing.quantities import parse_emission_text

NO_METADATA = "---\nlicense: mit\n---\n"

# The Stable Diffusion family's statement, as the v1 cards write it (the most-copied on the Hub).
STABLE_DIFFUSION = """## Training

- **Hardware:** 32 x 8 x A100 GPUs
- **Optimizer:** AdamW

## Environmental Impact

**Stable Diffusion v1** **Estimated Emissions**
Based on that information, we estimate the following CO2 emissions using the [Machine Learning Impact calculator](https://mlco2.github.io/impact#compute) presented in [Lacoste et al. (2019)](https://arxiv.org/abs/1910.09700). The hardware, runtime, cloud provider, and compute region were utilized to estimate the carbon impact.

- **Hardware Type:** A100 PCIe 40GB
- **Hours used:** 150000
- **Cloud Provider:** AWS
- **Compute Region:** US-east
- **Carbon Emitted (Power consumption x Time x Carbon produced based on location of power grid):** 11250 kg CO2 eq.
"""

LLAMA_TABLE = """## Hardware and Software

**Carbon Footprint** Pretraining utilized a cumulative 3.3M GPU hours of computation on hardware of type A100-80GB (TDP of 350-400W).

|   |Time (GPU hours)|Power Consumption (W)|Carbon Emitted(tCO2eq)|
|---|---|---|---|
|Llama 2 7B|184320|400|31.22|
|Llama 2 13B|368640|400|62.44|
|Llama 2 70B|1720320|400|291.42|
|Total|3311616||539.00|
"""


def lint(text: str) -> CardReport:
    return lint_bytes("README.md", text.encode(), LintSettings())


def findings(report: CardReport) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in report.diagnostics]


# 1. Bold labels with a comment inside or after them


def test_stable_diffusion_statement_is_read() -> None:
    report = lint(NO_METADATA + STABLE_DIFFUSION)
    facts = report.facts
    assert facts.emissions_g == pytest.approx(11_250_000)
    assert facts.emissions_origin == "body"
    assert facts.hardware_used == "A100 PCIe 40GB"  # the template's Hardware Type, not the training Hardware line
    assert report.reporting_class.level == 3
    carbon_line = 4 + STABLE_DIFFUSION.splitlines().index(STABLE_DIFFUSION.splitlines()[-1])
    assert ("HFC041", carbon_line) in findings(report)
    assert "HFC062" not in {code for code, _ in findings(report)}  # 150,000 A100 hours: a plausible 11.25 t


@pytest.mark.parametrize(
    ("line", "field", "value"),
    [
        ("- **Hardware Type (GPU model):** 8 x A100", "hardware_used", "8 x A100"),
        ("- **Hardware Type** (as used for training): TPU v3-8", "hardware_used", "TPU v3-8"),
        ("- **Hours used (total GPU hours):** 120", "hours_used", "120"),
        ("- **Cloud Provider (if any):** GCP", "cloud_provider", "GCP"),
        ("- **Compute Region (where the run was):** Quebec, Canada", "geographical_location", "Quebec, Canada"),
        ("- **Carbon Emitted (in kg):** 3.5", "emissions", "3.5"),
    ],
)
def test_labels_with_a_comment(line: str, field: str, value: str) -> None:
    report = lint(NO_METADATA + line + "\n")
    assert report.card.body[field].raw_value == value


def test_a_label_comment_names_the_unit() -> None:
    assert lint(NO_METADATA + "- **Carbon Emitted (in kg):** 3.5\n").facts.emissions_g == pytest.approx(3500)


def test_a_commented_label_left_as_the_template_is_no_figure() -> None:
    text = (
        NO_METADATA
        + "- **Hardware Type (GPU model):** [More Information Needed]\n"
        + "- **Carbon Emitted (Power consumption x Time x Carbon produced based on location of power grid):** [More Information Needed]\n"
    )
    report = lint(text)
    assert report.facts.emissions_g is None and report.facts.hardware_used is None
    assert report.reporting_class.level == 0


# 2. Hedges, escapes, ranges and bounds


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("Estimated at ~45 kg CO2eq", 45_000),
        ("Estimated 0.2 kg CO2 (based on ML CO2 calculator)", 200),
        ("Approximately 12 kg", 12_000),
        ("About 3 tCO2eq", 3_000_000),
        ("≈ 5 kg", 5_000),
        ("\\~1,100 kg CO2e", 1_100_000),
        ("roughly 7 g", 7),
        ("**11250 kg** CO2", 11_250_000),
        ("1-2 kg", 1_000),  # a range: its lower bound
        ("1 to 2 kg", 1_000),
        ("between 3 and 4 t", 3_000_000),
    ],
)
def test_hedged_values(text: str, grams: float) -> None:
    parsed = parse_emission_text(text)
    assert parsed is not None and parsed.quantity.grams == pytest.approx(grams)


@pytest.mark.parametrize(
    "text", ["< 1 kg", "&lt; 1 kg", "less than 1 kg", "up to 3 kg", "at most 2 t", "≤ 5 g", "at least 4 kg"]
)
def test_a_bound_is_no_figure(text: str) -> None:
    assert parse_emission_text(text) is None


def test_an_upper_bound_in_the_body_leaves_the_card_without_a_figure() -> None:
    report = lint(NO_METADATA + "- **Hardware Type:** A100\n- **Carbon Emitted:** < 1 kg\n")
    assert report.facts.emissions_g is None
    assert report.reporting_class.level == 1
    assert "HFC041" not in {code for code, _ in findings(report)}


# 3. Brackets and the one placeholder rule


@pytest.mark.parametrize(
    "value",
    [
        "[More Information Needed]",
        "[e.g., 1x NVIDIA V100 GPU]",
        "[Specify the hardware]",
        "TODO",
        "TODO: fill in",
        "TBD",
        "e.g. 8 x A100",
        "for example Quebec, Canada",
        "8 x A100 (example)",
        "N/A",
        "n/a (CPU only)",
        "Not applicable",
        "Unknown",
        "Unknown (not tracked)",
        # an admission with a guess or a plan after it: not the hardware of a run
        "Not measured, GPU expected for fine-tuning",
        "Not recorded (probably a T4)",
    ],
)
def test_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    "value",
    [
        "[4.51 kg CO2eq]",
        "A100",
        "NA",
        "Quebec, Canada",
        "[NVIDIA A100](https://nvidia.com)",
        "Unknown-Net v2",
        "Notebook GPU (RTX 3060)",
        "A100 (region not recorded)",
    ],
)
def test_not_placeholders(value: str) -> None:
    assert not is_placeholder(value)


def test_a_bracketed_figure_is_read() -> None:
    assert lint(NO_METADATA + "- **Carbon Emitted:** [4.51 kg CO2eq]\n").facts.emissions_g == pytest.approx(4510)


@pytest.mark.parametrize(
    "text",
    [
        NO_METADATA + "- **Hardware Type:** [e.g., 1x NVIDIA V100 GPU]\n- **Carbon Emitted:** 12 kg\n",
        NO_METADATA + "- **Hardware Type:** N/A\n- **Carbon Emitted:** 12 kg\n",
        NO_METADATA + "- **Hardware Type:** Not measured, GPU expected for fine-tuning\n- **Carbon Emitted:** 12 kg\n",
        "---\nco2_eq_emissions:\n  emissions: 12\n  hardware_used: e.g. 8 x A100\n---\n",
        "---\nco2_eq_emissions:\n  emissions: 12\n  hardware_used: Not applicable\n---\n",
        "---\nco2_eq_emissions:\n  emissions: 12\n  hardware_used: 8 x A100 (example)\n---\n",
    ],
)
def test_a_placeholder_never_raises_the_class(text: str) -> None:
    report = lint(text)
    assert report.facts.hardware_used is None
    assert report.reporting_class.level == 2  # emissions, no hardware


@pytest.mark.parametrize("value", ["TBD", "[More Information Needed]", "e.g. 12 kg", "Unknown"])
def test_a_placeholder_figure_is_no_figure(value: str) -> None:
    report = lint(NO_METADATA + f"- **Hardware Type:** A100\n- **Carbon Emitted:** {value}\n")
    assert report.facts.emissions_g is None
    assert report.reporting_class.level == 1


# 4. Units in other spellings and languages


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("0.001 grammes de CO2 équivalent", 0.001),
        ("2 grammes de CO2 équivalent", 2),
        ("3 kilogrammes de CO2", 3_000),
        ("12 kgCO₂eq", 12_000),
        ("3 tCO2e", 3_000_000),
        ("11.25 tonnes of CO2eq", 11_250_000),
        ("4 metric tons CO2", 4_000_000),
        ("10 lbs CO2", 4_535.9237),
        ("5 (in grams)", 5),
        ("0.001477 ([CO2eq], in kg)", 1.477),
        ("12 g CO2, 3 t of coal", 12),  # the first unit counts; a later word never scales it
        ("7 gigs of data", 7),  # "gigs" is no unit: grams as the spec says
    ],
)
def test_unit_spellings(text: str, grams: float) -> None:
    parsed = parse_emission_text(text)
    assert parsed is not None and parsed.quantity.grams == pytest.approx(grams)


# 5. Where else real cards put the figure


def test_autotrain_body_line_on_a_card_without_metadata() -> None:
    text = NO_METADATA + "# Model\n\n## Validation Metrics\n\n- Loss: 0.21\n- CO2 Emissions (in grams): 12.3\n"
    report = lint(text)
    assert report.facts.emissions_g == pytest.approx(12.3)
    assert ("HFC041", 9) in findings(report)
    assert report.reporting_class.level == 2


def test_llama_table_total_row() -> None:
    report = lint(NO_METADATA + LLAMA_TABLE)
    assert report.facts.emissions_g == pytest.approx(539_000_000)
    total_line = 4 + LLAMA_TABLE.splitlines().index("|Total|3311616||539.00|")
    [hfc041] = [d for d in report.diagnostics if d.code == "HFC041"]
    assert hfc041.line == total_line
    assert "table" in hfc041.message


def test_a_table_of_one_row_without_a_total() -> None:
    table = "| Model | Carbon emitted (kg CO2eq) |\n|---|---|\n| ours | 12.5 |\n"
    assert lint(NO_METADATA + table).facts.emissions_g == pytest.approx(12_500)


@pytest.mark.parametrize(
    "table",
    [
        # two carbon columns: which one is the run's?
        "| | Pre-training CO2 (t) | Fine-tuning CO2 (t) |\n|---|---|---|\n| Total | 11 | 2 |\n",
        # no unit anywhere
        "| Model | Carbon emitted |\n|---|---|\n| Total | 12 |\n",
        # several rows, no total: which one?
        "| Model | CO2 (kg) |\n|---|---|\n| small | 1 |\n| large | 9 |\n",
        # a placeholder in the total row
        "| Model | CO2 (kg) |\n|---|---|\n| Total | TBD |\n",
    ],
)
def test_unclear_tables_give_nothing(table: str) -> None:
    assert lint(NO_METADATA + table).facts.emissions_g is None


def test_a_market_based_column_is_not_the_runs_emissions() -> None:
    table = "| | Location-based emissions (tCO2eq) | Market-based emissions (tCO2eq) |\n|---|---|---|\n| Total | 11390 | 0 |\n"
    assert lint(NO_METADATA + table).facts.emissions_g == pytest.approx(11_390_000_000)


def test_a_sentence_in_an_environmental_impact_section() -> None:
    text = (
        NO_METADATA
        + "## Environmental Impact\n\nTraining on 8 GPUs for 3 days emitted an estimated 11.25 tonnes of CO2eq.\n"
    )
    report = lint(text)
    assert report.facts.emissions_g == pytest.approx(11_250_000)
    assert ("HFC041", 6) in findings(report)


def test_a_bold_carbon_paragraph_states_the_total() -> None:
    text = (
        NO_METADATA
        + "**Training Greenhouse Gas Emissions** Estimated total location-based greenhouse gas emissions were "
        + "**11,390** tons CO2eq for training. The total market-based greenhouse gas emissions for training were 0 tons CO2eq.\n"
    )
    assert lint(text).facts.emissions_g == pytest.approx(11_390_000_000)


@pytest.mark.parametrize(
    "body",
    [
        # two different figures, neither a total
        "## Carbon Footprint\n\nPre-training emitted 5 kg CO2 and fine-tuning emitted 2 kg CO2.\n",
        # a comparison, not the model's own figure
        "## Environmental Impact\n\nThis is less than GPT-3, which emitted 552 tCO2eq.\n",
        "## Environmental Impact\n\nOur run is comparable to 552 tCO2eq of a large model.\n",
        # an upper bound
        "## Environmental Impact\n\nTraining emitted less than 1 kg CO2.\n",
        # a rate
        "## Environmental Impact\n\nThe grid emits 475 g CO2/kWh.\n",
        # outside any carbon section
        "## Intended use\n\nA car emits about 120 g CO2 per km; this model is for route planning, e.g. 4 kg CO2 saved.\n",
        # the template's own wording, no figure
        "## Environmental Impact\n\nCarbon emissions can be estimated using the Machine Learning Impact calculator.\n",
    ],
)
def test_ambiguous_or_foreign_sentences_give_nothing(body: str) -> None:
    report = lint(NO_METADATA + body)
    assert report.facts.emissions_g is None
    assert "HFC041" not in {code for code, _ in findings(report)}


def test_a_label_line_wins_over_a_table_and_a_sentence() -> None:
    body = "## Environmental Impact\n\nWe emitted 9 kg CO2.\n\n- **Carbon Emitted:** 3 kg\n\n" + LLAMA_TABLE
    assert lint(NO_METADATA + body).facts.emissions_g == pytest.approx(3000)


def test_an_emissions_label_without_a_figure_does_not_hide_a_later_one() -> None:
    body = "- **Emissions:** see the table below\n- **Carbon Emitted:** 7 kg\n"
    assert lint(NO_METADATA + body).facts.emissions_g == pytest.approx(7000)


def test_prose_after_a_colonless_label_is_not_read() -> None:
    body = "- **Carbon emissions** stats for 3 runs are logged in this file.\n"
    assert lint(NO_METADATA + body).facts.emissions_g is None
    assert lint(NO_METADATA + "- Carbon emission 0.1069 Kg\n").facts.emissions_g == pytest.approx(106.9)


# 6. Front matter that parses but cannot be built


@pytest.mark.parametrize(
    ("front_matter", "line"),
    [
        ("{{ card_data }}\n", 2),
        ("license: mit\nextra: {a: {{ card_data }}}\n", 3),
        ("license: mit\ntags:\n  ? [a, b]\n  : x\n", 4),
        ("license: mit\n<<: 1\n", 3),
    ],
)
def test_unconstructable_front_matter_is_hfc001(front_matter: str, line: int) -> None:
    report = lint("---\n" + front_matter + "---\n# Card\n")
    assert ("HFC001", line) in findings(report)


def test_a_valid_merge_key_is_fine() -> None:
    report = lint("---\nbase: &b {license: mit}\n<<: *b\n---\n")
    assert "HFC001" not in {code for code, _ in findings(report)}


# 7. Body figures go through the same checks as metadata


A100_HOUR = "- **Hardware Type:** NVIDIA A100\n- **Hours used:** 1\n- **Compute Region:** Germany\n"


def test_an_implausible_body_figure_is_flagged_like_metadata() -> None:
    body_only = lint(NO_METADATA + A100_HOUR + "- **Carbon Emitted:** 0.11 g\n")
    with_metadata = lint("---\nco2_eq_emissions:\n  emissions: 0.11\n---\n" + A100_HOUR)
    [from_body] = [d for d in body_only.diagnostics if d.code == "HFC062"]
    [from_metadata] = [d for d in with_metadata.diagnostics if d.code == "HFC062"]
    assert from_body.line == 7 and "Carbon Emitted" in from_body.message
    assert from_metadata.line == 3
    assert "kilograms written as grams" in from_body.message and "kilograms written as grams" in from_metadata.message
    assert from_body.fix is None


def test_a_plausible_body_figure_is_not_flagged() -> None:
    report = lint(NO_METADATA + A100_HOUR + "- **Carbon Emitted:** 0.15 kg\n")
    assert "HFC062" not in {code for code, _ in findings(report)}


def test_codecarbon_csv_is_compared_with_a_body_figure(tmp_path: object) -> None:
    from pathlib import Path

    from hfcarbon_lint.lint.engine import lint_file

    folder = Path(str(tmp_path))
    (folder / "emissions.csv").write_text(
        "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,ram_power,"
        "cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,region,cloud_provider,"
        "cloud_region,os,python_version,codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,"
        "latitude,ram_total_size,tracking_mode,on_cloud,pue\n"
        "2024-01-01T00:00:00,codecarbon,r1,3600,0.5,0.0001,10,0,1,0.01,0,0.001,0.011,Germany,DEU,,,,Linux,3.11,"
        "2.3.4,8,cpu,0,,,,16,machine,N,1.0\n",
        encoding="utf-8",
    )
    card = folder / "README.md"
    card.write_text(NO_METADATA + "- **Carbon Emitted:** 0.5 g\n", encoding="utf-8")
    report = lint_file(card, LintSettings())
    [mismatch] = [d for d in report.diagnostics if d.code == "HFC045"]
    assert mismatch.line == 4 and "Carbon Emitted" in mismatch.message


# Found while measuring on the real-card set (tests/realcards on the cardset branch)


@pytest.mark.parametrize("value", ["13", "3.5", "~ 12"])
def test_a_body_figure_without_a_unit_is_no_figure(value: str) -> None:
    report = lint(NO_METADATA + f"- **Hardware Type:** A100\n- **Carbon Emitted:** {value}\n")
    assert report.facts.emissions_g is None
    assert report.reporting_class.level == 1


def test_a_metadata_number_is_grams() -> None:
    assert lint("---\nco2_eq_emissions:\n  emissions: 13\n---\n").facts.emissions_g == 13


@pytest.mark.parametrize("value", ["0.000618 kWh", "12 Wh", "3 kW", "5 MJ"])
def test_an_energy_figure_is_not_emissions(value: str) -> None:
    assert parse_emission_text(value) is None
    assert lint(NO_METADATA + f"- **Carbon Emitted:** {value}\n").facts.emissions_g is None


def test_a_total_line_wins_over_the_runs_before_it() -> None:
    body = "- **Training:** 0.016 g CO2\n- **CO2 Emissions:** 0.2 g\n- **Total CO₂ Emissions:** 0.24 g CO₂eq\n"
    assert lint(NO_METADATA + body).facts.emissions_g == pytest.approx(0.24)


def test_a_table_and_a_sentence_that_disagree_give_nothing() -> None:
    body = (
        "## Training Greenhouse Gas Emissions\n\nEstimated total emissions were 11,390 tons CO2eq.\n\n"
        "| | Training Time (GPU hours) | Training Location-Based Greenhouse Gas Emissions (tons CO2eq) |\n"
        "|---|---|---|\n| Llama 3.3 70B | 7.0M | 12.9 |\n"
    )
    assert lint(NO_METADATA + body).facts.emissions_g is None


def test_a_table_and_a_sentence_that_agree() -> None:
    body = "## Carbon Footprint\n\nEstimated total emissions were 539 tCO2eq.\n\n" + LLAMA_TABLE
    assert lint(NO_METADATA + body).facts.emissions_g == pytest.approx(539_000_000)


def test_a_codecarbon_key_value_table_is_in_kilograms() -> None:
    body = (
        "### Carbon Emissions\n\n| key | value |\n| --- | ----- |\n| timestamp | 2021-07-06T21:57:39 |\n"
        "| duration | 1841.46 |\n| emissions | 0.178 |\n| energy_consumed | 0.598 |\n| country_name | USA |\n"
    )
    report = lint(NO_METADATA + body)
    assert report.facts.emissions_g == pytest.approx(178)
    assert report.card.body["emissions"].line == 10


# A row of CodeCarbon's emissions.csv copied as a Markdown table (a Bari SE4AI card): its
# Emissions column is CodeCarbon's kilograms, read when the table holds one run.
CODECARBON_CSV_HEADER = (
    "| Timestamp | Project Name | Duration | Emissions | Emissions Rate | CPU Power | GPU Power | RAM Power |\n"
    "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
)


def test_a_codecarbon_csv_row_as_a_table_is_in_kilograms() -> None:
    row = "| 2024-09-19T19:09:24 | codecarbon | 14.245 | 1.7599e-05 | 1.235e-06 | 7.5 | 0.0 | 5.955 |\n"
    report = lint(NO_METADATA + "## Code Carbon\n\n" + CODECARBON_CSV_HEADER + row)
    assert report.facts.emissions_g == pytest.approx(0.017599)
    assert report.card.body["emissions"].line == 8
    assert report.reporting_class.level == 2  # power columns name no hardware


@pytest.mark.parametrize(
    "table",
    [
        # several runs (batch sizes, optimisers) are no one figure
        CODECARBON_CSV_HEADER
        + "| t1 | a | 14 | 0.00023 | 1e-06 | 14 | 0 | 0.4 |\n| t2 | b | 15 | 0.00011 | 1e-06 | 14 | 0 | 0.4 |\n",
        # an Emissions column without CodeCarbon's other columns has no unit
        "| Model | Emissions |\n| --- | --- |\n| bert | 0.0012 |\n",
        # CodeCarbon's names, but no emissions column
        "| Timestamp | Project Name | Duration | Energy Consumed |\n| --- | --- | --- | --- |\n| t | p | 14 | 0.002 |\n",
    ],
)
def test_tables_that_are_not_one_codecarbon_run(table: str) -> None:
    assert lint(NO_METADATA + table).facts.emissions_g is None


def test_a_two_column_table_without_codecarbon_keys_is_not_read() -> None:
    body = "| key | value |\n| --- | ----- |\n| emissions | 0.178 |\n| model | bert |\n"
    assert lint(NO_METADATA + body).facts.emissions_g is None


@pytest.mark.parametrize(
    ("body", "hardware_line"),
    [
        # below an empty label
        (
            "- **Hardware Used:**\n  - CPU: AMD Ryzen 7 7435HS (16 cores)\n  - RAM: 15.7 GB\n- **Carbon Emitted:** 1 g\n",
            5,
        ),
        # a Hardware section
        ("#### Hardware\n\nUsed V100/P100 from Google Colab Pro\n\n#### Software\n\nPyTorch\n", 6),
        # the carbon prose (Llama)
        (LLAMA_TABLE, 6),
        # a key/value table row
        ("| key | value |\n| --- | --- |\n| AzureML SKU | ND40rs_v2 (8 X V100 32GB) |\n", 6),
        # a sentence that states the emissions
        ("We trained for 140 hours on Tesla V-100 hardware and estimated the total emissions at 580.61 kgCO2eq.\n", 4),
    ],
)
def test_hardware_named_where_a_reader_looks(body: str, hardware_line: int) -> None:
    report = lint(NO_METADATA + body)
    assert report.facts.hardware_used is not None
    assert report.card.body["hardware_used"].line == hardware_line


@pytest.mark.parametrize(
    "body",
    [
        "- **Hardware Type:** CPU or GPU (varies by user)\n",
        "- **Hardware Type:** [More Information Needed]\n\n## Uses\n\nRuns on any A100 or T4 you have.\n",
        "#### Hardware\n\n[More Information Needed]\n",
        "## Evaluation\n\nInference takes 20 ms on an A100 GPU.\n",
    ],
)
def test_hardware_is_not_guessed(body: str) -> None:
    assert lint(NO_METADATA + body).facts.hardware_used is None


# Issue 19: the second set's families, each with its negatives


@pytest.mark.parametrize(
    ("line", "grams"),
    [
        # a unit in the label, after a qualifier
        ("Emissions as CO2-equivalents (in kg): 0.1161", 116.1),
        ("- Emissions in kg: 2.5", 2500),
        # a prefixed label
        ("- **Training emissions:** 0.0004 kg CO2e", 0.4),
        ("**Estimated carbon footprint:** 3 kg CO2eq", 3000),
        ("Fine-tuning emissions: 12 g", 12),
        # "=" as the separator, the unit in the label's comment
        ("Total Emissions (tCO2e) = 0.8075", 807_500),
        ("- **Carbon Emitted (kg)** = 1.5", 1500),
    ],
)
def test_labels_outside_the_template(line: str, grams: float) -> None:
    report = lint(NO_METADATA + line + "\n")
    assert report.facts.emissions_g == pytest.approx(grams)
    assert ("HFC041", 4) in findings(report)


@pytest.mark.parametrize(
    "line",
    [
        "Emissions as CO2-equivalents: not measured",  # a qualifier, no figure
        "- **Inference emissions per query:** 0.2 g",  # not a training label, and a rate
        "Training emissions were logged with CodeCarbon (see below).",  # prose, no separator
        "Total Emissions (tCO2e) == 0.8",  # a comparison operator, not a separator
    ],
)
def test_labels_outside_the_template_negatives(line: str) -> None:
    assert lint(NO_METADATA + line + "\n").facts.emissions_g is None


@pytest.mark.parametrize(
    ("table", "grams"),
    [
        ("| Metric | Value |\n|---|---|\n| Carbon Footprint | 0.12 kg CO2eq |\n| Training Time | 2 h |\n", 120),
        ("| | |\n|---|---|\n| **Total Emissions (tCO2e)** | 0.8 |\n", 800_000),
    ],
)
def test_a_key_value_row_keyed_by_an_emissions_label(table: str, grams: float) -> None:
    assert lint(NO_METADATA + table).facts.emissions_g == pytest.approx(grams)


@pytest.mark.parametrize(
    "table",
    [
        # no unit in the cell or the key
        "| Metric | Value |\n|---|---|\n| Carbon Footprint | 0.12 |\n",
        # two emissions rows that differ: which is the run's?
        "| Metric | Value |\n|---|---|\n| Carbon Footprint | 1 kg |\n| Training emissions | 3 kg |\n",
        # the key says more than a label ("per epoch")
        "| Metric | Value |\n|---|---|\n| Carbon Footprint per epoch | 1 kg |\n",
        # a rate
        "| Metric | Value |\n|---|---|\n| Carbon Footprint | 0.4 kg/kWh |\n",
        # a comparison of two things, not a key and its value
        "| Metric | Before | After |\n|---|---|---|\n| Carbon Footprint | ~53 MT CO2 | ~0.01 MT CO2 |\n",
        # a row that describes a method, not a figure
        "| Metric | Method |\n|---|---|\n| Carbon Footprint | Rule-based, kg CO2/month per person |\n",
    ],
)
def test_key_value_rows_that_give_no_figure(table: str) -> None:
    assert lint(NO_METADATA + table).facts.emissions_g is None


@pytest.mark.parametrize(
    ("value", "grams"),
    [
        ("250W x 10h = 2.5 kWh x 0.57 kg eq. CO2/kWh = 1.42 kg eq. CO2", 1420),
        ("0.3 kW × 4 h × 400 g/kWh = 480 g", 480),
        ("2 * 3 kWh * 0.1 kg/kWh = 0.6 kg CO2eq", 600),
    ],
)
def test_an_arithmetic_chain_gives_its_result(value: str, grams: float) -> None:
    assert lint(NO_METADATA + f"- **Carbon Emitted:** {value}\n").facts.emissions_g == pytest.approx(grams)


@pytest.mark.parametrize(
    ("value", "grams"),
    [
        ("0.5 kg (PUE = 1.1)", 500),  # "=" in a note: no chain, the first figure
        ("8xA100 = 3 kg", None),  # no product of numbers before "=": no chain, and no figure first
        ("2.5 kWh x 0.57 = ?", None),  # a chain without a result
    ],
)
def test_not_a_chain(value: str, grams: float | None) -> None:
    got = lint(NO_METADATA + f"- **Carbon Emitted:** {value}\n").facts.emissions_g
    assert got == (pytest.approx(grams) if grams is not None else None)


@pytest.mark.parametrize(
    "value", ["0.432 kg/kWh", "0.432 kgCO2eq/kWh", "475 g CO2 per kWh", "3 g/h", "120 g CO2 per km", "0.1 kg per epoch"]
)
def test_a_rate_is_not_a_mass(value: str) -> None:
    assert parse_emission_text(value) is None
    report = lint(NO_METADATA + f"- **Carbon Emitted:** {value}\n")
    assert report.facts.emissions_g is None
    assert "HFC041" not in {code for code, _ in findings(report)}


@pytest.mark.parametrize(
    ("value", "grams"),
    [("5.44 kg CO2 per model", 5440), ("3 kg CO2 / 2 runs", 3000), ("12 kg (1/2 of the total)", 12000)],
)
def test_a_slash_or_per_that_is_no_rate(value: str, grams: float) -> None:
    parsed = parse_emission_text(value)
    assert parsed is not None and parsed.quantity.grams == pytest.approx(grams)


@pytest.mark.parametrize(
    ("body", "hardware"),
    [
        ("- **GPU:** 1x A100\n", "1x A100"),
        ("- GPU used : NVIDIA T4\n", "NVIDIA T4"),
        ("**Training GPUs:** 8 x V100\n", "8 x V100"),
        ("- Training Hardware: TPU v3-8\n", "TPU v3-8"),
        ("| Setting | Value |\n|---|---|\n| Training Hardware | 1x A100 |\n", "1x A100"),
        ("- **GPU:** NVIDIA T4 (e.g. for a free Colab)\n", "NVIDIA T4"),
    ],
)
def test_hardware_under_labels_outside_the_template(body: str, hardware: str) -> None:
    report = lint(NO_METADATA + "- **Carbon Emitted:** 12 kg\n" + body)
    assert report.facts.hardware_used == hardware
    assert report.reporting_class.level == 3


@pytest.mark.parametrize(
    "body",
    [
        "- **GPU:** [e.g., NVIDIA V100]\n",  # the template's example
        "- GPU memory: 24 GB on an A100\n",  # what is said of the GPU is its memory
        "- **Inference GPU:** T4\n",  # not the training hardware
        "- GPU: not needed\n",  # no model named
        "- **GPU:** (for example: A100)\n",
    ],
)
def test_hardware_labels_that_name_no_training_hardware(body: str) -> None:
    assert lint(NO_METADATA + "- **Carbon Emitted:** 12 kg\n" + body).facts.hardware_used is None


# Placeholders: examples and instructions inside brackets or parentheses, in every field


@pytest.mark.parametrize(
    "value",
    [
        "(e.g., NVIDIA V100)",
        "[Hardware type, e.g. A100 x 8]",
        "(for example: A100)",
        "[Estimate if available]",
        "[Estimate if available, e.g. 0.5 kg]",
        "(Specify the region)",
        "[Optional]",
        "[If applicable]",
        "12 kg (example)",
        "**[e.g., 1x NVIDIA V100 GPU]**",
    ],
)
def test_bracketed_examples_and_instructions_are_placeholders(value: str) -> None:
    assert is_placeholder(value)


@pytest.mark.parametrize(
    ("value", "kept"),
    [
        ("GPU [e.g., NVIDIA V100]", "GPU"),
        ("NVIDIA T4 (e.g. free Colab)", "NVIDIA T4"),
        ("12 kg (estimate based on the ML CO2 calculator)", "12 kg (estimate based on the ML CO2 calculator)"),
        ("[Estimate: 12 kg]", "[Estimate: 12 kg]"),  # an instruction holds no figure: this is data
        ("[NVIDIA A100](https://nvidia.com)", "[NVIDIA A100](https://nvidia.com)"),
        ("8 x A100 (i.e. one node)", "8 x A100 (i.e. one node)"),
        ("(egg) A100", "(egg) A100"),
    ],
)
def test_strip_examples_keeps_the_authors_text(value: str, kept: str) -> None:
    from hfcarbon_lint.parsing.placeholders import strip_examples

    assert strip_examples(value) == kept
    assert not is_placeholder(value)


@pytest.mark.parametrize(
    "text",
    [
        NO_METADATA + "- **Hardware Type:** (e.g., NVIDIA V100)\n- **Carbon Emitted:** 12 kg\n",
        NO_METADATA + "- **Hardware Type:** [GPU model, e.g. A100]\n- **Carbon Emitted:** 12 kg\n",
        "---\nco2_eq_emissions:\n  emissions: 12\n  hardware_used: (e.g., NVIDIA V100)\n---\n",
        "---\nco2_eq_emissions:\n  emissions: 12\n  hardware_used: '[Estimate if available]'\n---\n",
        NO_METADATA + "## Hardware\n\n- GPU: [e.g., NVIDIA V100]\n\n- **Carbon Emitted:** 12 kg\n",
    ],
)
def test_an_example_in_brackets_never_raises_the_class(text: str) -> None:
    report = lint(text)
    assert report.facts.hardware_used is None
    assert report.reporting_class.level == 2


def test_a_figure_left_as_an_instruction_is_no_figure() -> None:
    report = lint(
        NO_METADATA + "- **Hardware Type:** A100\n- **Carbon Emitted:** [Estimate if available, e.g. 0.5 kg]\n"
    )
    assert report.facts.emissions_g is None
    assert report.reporting_class.level == 1


def test_an_example_hardware_name_is_not_used_for_plausibility() -> None:
    # "GPU [e.g., NVIDIA V100]" names a GPU: the class counts it, the power estimate cannot use the V100.
    report = lint(NO_METADATA + "- **Hardware Type:** GPU [e.g., NVIDIA V100]\n- **Carbon Emitted:** 12 kg\n")
    assert report.facts.hardware_used == "GPU"
    assert ("HFC061", 4) in findings(report)


# A figure without a unit, read in the unit its section states (issue 19, item 1)

TEMPLATE_COMMENT = (
    "## Environmental Impact\n\n<!-- Total emissions (in grams of CO2eq) and additional considerations, "
    "such as electricity usage, go here. Edit the suggested text below accordingly -->\n\n"
)


@pytest.mark.parametrize(
    ("section", "value", "grams"),
    [
        (TEMPLATE_COMMENT, "13", 13),
        (TEMPLATE_COMMENT, "~ 3.5", 3.5),
        (TEMPLATE_COMMENT, "1,200 (estimated)", 1200),
        ("## Carbon Footprint\n\nEmissions are reported in kg of CO2eq.\n\n", "2.5", 2500),
        ("### Emissions\n\n*Emissions (in tonnes of CO2eq)*\n\n", "0.8", 800_000),
    ],
)
def test_a_figure_without_a_unit_reads_the_sections_unit(section: str, value: str, grams: float) -> None:
    report = lint(NO_METADATA + section + f"- **Hardware Type:** A100\n- **Carbon Emitted:** {value}\n")
    assert report.facts.emissions_g == pytest.approx(grams)
    assert report.reporting_class.level == 3
    [warning] = [d for d in report.diagnostics if d.code == "HFC042"]
    assert warning.line == report.card.body["emissions"].line
    assert "without a unit" in warning.message and f"line {report.card.body['emissions'].unit_line}" in warning.message


@pytest.mark.parametrize(
    "text",
    [
        # no statement at all
        NO_METADATA + "## Environmental Impact\n\n- **Carbon Emitted:** 13\n",
        # the statement is in another section
        NO_METADATA + TEMPLATE_COMMENT + "## Training\n\n- **Carbon Emitted:** 13\n",
        # a statement of something else's unit
        NO_METADATA + "## Environmental Impact\n\nEnergy is given in kWh.\n\n- **Carbon Emitted:** 13\n",
        # not a bare figure: words after the number
        NO_METADATA + TEMPLATE_COMMENT + "- **Carbon Emitted:** 13 runs were logged\n",
        # the statement comes after the figure
        NO_METADATA + "## Environmental Impact\n\n- **Carbon Emitted:** 13\n\nTotal emissions (in grams of CO2eq).\n",
    ],
)
def test_a_figure_without_a_unit_stays_unread_without_a_statement(text: str) -> None:
    report = lint(text)
    assert report.facts.emissions_g is None
    assert "HFC042" not in {code for code, _ in findings(report)}


def test_a_written_unit_wins_over_the_sections() -> None:
    report = lint(NO_METADATA + TEMPLATE_COMMENT + "- **Carbon Emitted:** 0.4 kg\n")
    assert report.facts.emissions_g == pytest.approx(400)
    assert "HFC042" not in {code for code, _ in findings(report)}


def test_implausible_in_the_stated_unit_and_plausible_in_kilograms() -> None:
    # 0.11 "g" for one hour of an A100 (about 95 g); 0.11 kg fits.
    report = lint(NO_METADATA + TEMPLATE_COMMENT + A100_HOUR + "- **Carbon Emitted:** 0.11\n")
    [hfc062] = [d for d in report.diagnostics if d.code == "HFC062"]
    assert "no unit" in hfc062.message and "0.11 kg is 110 g, which fits" in hfc062.message
    plausible = lint(NO_METADATA + TEMPLATE_COMMENT + A100_HOUR + "- **Carbon Emitted:** 90\n")
    assert "HFC062" not in {code for code, _ in findings(plausible)}


def test_the_same_digits_in_kilograms_say_grams_were_read_and_why() -> None:
    report = lint("---\nco2_eq_emissions:\n  emissions: 12.5\n---\n- **Carbon Emissions:** 12.5 Kg CO2eq\n")
    assert report.facts.emissions_g == 12.5
    [hfc040] = [d for d in report.diagnostics if d.code == "HFC040"]
    assert "read as 12.5 g" in hfc040.message and "Hub spec" in hfc040.message
    assert "write 'emissions: 12500'" in hfc040.message
    other = lint("---\nco2_eq_emissions:\n  emissions: 12.5\n---\n- **Carbon Emissions:** 3 kg\n")
    [plain] = [d for d in other.diagnostics if d.code == "HFC040"]
    assert "read as" not in plain.message


# Whose figure, and hardware in a carbon sentence (realset's M1-M5)


def test_a_base_model_section_is_another_models() -> None:
    body = (
        "## Training\n\n| Setting | Value |\n|---|---|\n| GPU Type | NVIDIA L40S |\n\n# Base Model\n\n"
        "## Hardware and Software\n\n**Carbon Footprint** Pretraining utilized 7.7M GPU hours of computation on "
        "hardware of type H100-80GB. Estimated total emissions were 2290 tCO2eq.\n\n"
        "- **Carbon Emitted:** 2290 t\n\n| Model | CO2 (t) |\n|---|---|\n| Total | 2290 |\n"
    )
    report = lint(NO_METADATA + body)
    assert report.facts.emissions_g is None
    assert report.facts.hardware_used == "NVIDIA L40S"  # the card's own, not the base model's H100
    assert report.reporting_class.level == 1


@pytest.mark.parametrize(
    "heading",
    ["# Original model card: Meta's Llama 2 7B", "## Model description (based on the base model card)", "## Training"],
)
def test_other_headings_keep_their_figures(heading: str) -> None:
    # A quantised copy carries its original's statement (read as written); only "Base Model ..." headings say whose.
    body = f"{heading}\n\nEstimated total emissions were 539 tCO2eq.\n"
    assert lint(NO_METADATA + body).facts.emissions_g == pytest.approx(539_000_000)


@pytest.mark.parametrize(
    ("sentence", "hardware"),
    [
        (
            "The model was fine-tuned using an Intel GPU (XPU). The specific carbon emissions are not available.",
            "Intel GPU (XPU)",
        ),
        ("It was trained on a single GPU for two hours; emissions were not measured.", "single GPU"),
        ("We fine-tuned it with 4 GPUs, and did not track emissions.", "4 GPUs"),
    ],
)
def test_a_carbon_sentence_names_generic_training_hardware(sentence: str, hardware: str) -> None:
    report = lint(NO_METADATA + "## Environmental Impact\n\n" + sentence + "\n")
    assert report.facts.hardware_used == hardware
    assert report.reporting_class.level == 1
    assert "HFC061" not in {code for code, _ in findings(report)}  # prose is not a field to fix


@pytest.mark.parametrize(
    "body",
    [
        # no training verb: a GPU for inference
        "## Environmental Impact\n\nInference on a GPU emits little.\n",
        # outside a carbon section and not a carbon sentence
        "## Usage\n\nThe model was fine-tuned using a GPU.\n",
    ],
)
def test_generic_hardware_is_not_guessed(body: str) -> None:
    assert lint(NO_METADATA + body).facts.hardware_used is None


def test_a_named_model_wins_over_a_generic_word() -> None:
    body = "## Environmental Impact\n\nThe model was trained on a GPU.\n\n## Hardware\n\n- 8 x A100\n"
    assert lint(NO_METADATA + body).facts.hardware_used == "8 x A100"


@pytest.mark.parametrize(
    "value", ["[e.g., 50 kg CO2]", "0.5 kg CO2 (example)", "[Estimate if available, e.g. 0.5 kg CO2]"]
)
def test_an_example_figure_is_no_sentence_figure(value: str) -> None:
    report = lint(NO_METADATA + f"## Environmental Impact\n\n- **Carbon Emitted:** {value}\n")
    assert report.facts.emissions_g is None


def test_statements_of_several_models_give_no_figure() -> None:
    # realset's M6: the base model's statement kept, then this model's, still to be determined.
    fine_tune = "\n**fAIrytale fine tunning** **Estimated Emissions**\nStill to be determined.\n"
    report = lint(NO_METADATA + STABLE_DIFFUSION + fine_tune)
    assert report.facts.emissions_g is None
    assert "HFC041" not in {code for code, _ in findings(report)}
    # one model's statement, however led, is read (the Stable Diffusion family)
    assert lint(NO_METADATA + STABLE_DIFFUSION).facts.emissions_g == pytest.approx(11_250_000)
    twice = STABLE_DIFFUSION + "\n**Stable Diffusion v1** **Estimated Emissions**\nSee above.\n"
    assert lint(NO_METADATA + twice).facts.emissions_g == pytest.approx(11_250_000)


# The accelerator named on the template's Cloud Provider line when the hardware line names none
# ("GCP tpu-v8s" on a gpt-neo card; "GCC TPU v2-8 and v3-8." on a CodeTrans card).
@pytest.mark.parametrize(
    ("cloud", "hardware"),
    [("GCP  tpu-v8s", "GCP  tpu-v8s"), ("Kaggle (Dual T4)", "Kaggle (Dual T4)"), ("GCP TPU v3-8", "GCP TPU v3-8")],
)
def test_hardware_on_the_cloud_provider_line(cloud: str, hardware: str) -> None:
    body = f"- **Hardware Type:** [More information needed]\n- **Cloud Provider:** {cloud}\n"
    report = lint(NO_METADATA + body)
    assert report.facts.hardware_used == hardware
    assert report.card.body["hardware_used"].line == 5
    assert "HFC061" not in {code for code, _ in findings(report)}  # not a hardware field to fix


@pytest.mark.parametrize(
    "body",
    [
        # a provider alone names no hardware
        "- **Hardware Type:** [More information needed]\n- **Cloud Provider:** AWS\n",
        "- **Hardware Type:** Unknown\n- **Cloud Provider:** runpod.io\n",
        # an example in brackets is the template's
        "- **Hardware Type:** [More information needed]\n- **Cloud Provider:** GCP [e.g., TPU v3-8]\n",
        # words that merely contain the letters
        "- **Hardware Type:** [More information needed]\n- **Cloud Provider:** Outpu Cloud, gpuless tier\n",
    ],
)
def test_a_cloud_provider_alone_is_no_hardware(body: str) -> None:
    assert lint(NO_METADATA + body).facts.hardware_used is None


def test_the_hardware_line_wins_over_the_cloud_provider_line() -> None:
    body = "- **Hardware Type:** Nvidia RTX 8000 GPUs\n- **Cloud Provider:** GCC TPU v2-8 and v3-8.\n"
    assert lint(NO_METADATA + body).facts.hardware_used == "Nvidia RTX 8000 GPUs"


# An estimate declared a maximum in words is a bound, as "< 5.44 kg" is (restor's TCD cards:
# one card for a family of models, its figure "the maximum ... for the SegFormer family").
RESTOR_LIKE = "- **Hardware Type:** NVIDIA RTX3090\n- **Carbon Emitted:** 5.44 kg CO2 equivalent per model\n"


@pytest.mark.parametrize(
    "sentence",
    [
        "This estimate is the maximum (in terms of training time) for the family of models presented here.",
        "These figures are an upper bound: the runs were shorter.",
        "Our estimate is a worst-case value.",
    ],
)
def test_an_estimate_declared_a_maximum_is_no_figure(sentence: str) -> None:
    report = lint(NO_METADATA + "## Environmental Impact\n\n" + sentence + "\n\n" + RESTOR_LIKE)
    assert report.facts.emissions_g is None
    assert report.reporting_class.level == 1  # the hardware still counts


@pytest.mark.parametrize(
    "sentence",
    [
        "This estimate is the total for the final run.",
        "The maximum power draw of the card is 350 W.",
        "<!-- This estimate is the maximum for the family. -->",
        "```\nThis estimate is the maximum for the family.\n```",
    ],
)
def test_words_that_declare_no_bound(sentence: str) -> None:
    report = lint(NO_METADATA + "## Environmental Impact\n\n" + sentence + "\n\n" + RESTOR_LIKE)
    assert report.facts.emissions_g == pytest.approx(5440)
