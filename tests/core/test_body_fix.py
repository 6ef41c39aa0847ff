"""HFC041's unsafe fix: the body's figure written into co2_eq_emissions, or no fix and why (issue 22).

Every shape of front matter (none, ``---``/``---``, blank, existing keys, CRLF, BOM), every
reason to refuse, the comments naming the body lines, huggingface_hub's own readers on the
result, the real cards, and a property: no fix ever changes a byte of the body.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
from hfcarbon_lint.lint.fixing import fix_card
from hfcarbon_lint.parsing.card import parse_card
from hfcarbon_lint.parsing.source import SourceText

SETTINGS = LintSettings()
SD_BODY = (
    "# Stable Diffusion v1\n"
    "\n"
    "## Environmental Impact\n"
    "\n"
    "Based on that information, we estimate the following CO2 emissions using the "
    "[Machine Learning Impact calculator](https://mlco2.github.io/impact#compute).\n"
    "\n"
    "- **Hardware Type:** A100 PCIe 40GB\n"
    "- **Hours used:** 150000\n"
    "- **Cloud Provider:** AWS\n"
    "- **Compute Region:** US-east\n"
    "- **Carbon Emitted (Power consumption x Time x Carbon produced based on location of power grid):** "
    "11250 kg CO2 eq.\n"
)
SD_BLOCK = (
    "co2_eq_emissions:\n"
    "  emissions: 11250000  # from the body, line {e}: 11250 kg CO2 eq.\n"
    "  source: Machine Learning Impact calculator  # from the body, line {s}: …CO2 emissions using the "
    "Machine Learning Impact calculator\n"
    "  geographical_location: US-east  # from the body, line {g}: US-east\n"
    "  hardware_used: A100 PCIe 40GB  # from the body, line {h}: A100 PCIe 40GB\n"
)


def fixed(text: str | bytes, unsafe: bool = True) -> bytes:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return fix_card("README.md", raw, SETTINGS, unsafe=unsafe).fixed


def hfc041(text: str) -> str:
    report = lint_bytes("README.md", text.encode("utf-8"), SETTINGS)
    (finding,) = [d for d in report.diagnostics if d.code == "HFC041"]
    return finding.message


def lines_at(text: bytes, block: str) -> dict[str, int]:
    """The line numbers the comments must name: where each value's words are in the fixed card."""
    decoded = text.decode("utf-8-sig").replace("\r\n", "\n").split("\n")
    body_start = [i for i, line in enumerate(decoded) if line == "---"][1] + 1
    found = {}
    for key, needle in (("e", "11250 kg"), ("s", "Based on that"), ("g", "Region:** US-east"), ("h", "Type:** A100")):
        found[key] = next(i for i, line in enumerate(decoded[body_start:], body_start + 1) if needle in line)
    return found


# -- the three shapes of front matter --------------------------------------------------------------


def test_no_front_matter_one_is_created_at_the_top() -> None:
    after = fixed(SD_BODY)
    block = "---\n" + SD_BLOCK.format(e=18, s=12, g=17, h=14) + "---\n"
    assert after.decode() == block + SD_BODY
    assert lines_at(after, block) == {"e": 18, "s": 12, "g": 17, "h": 14}  # the comments name the right lines


@pytest.mark.parametrize("empty", ["---\n---\n", "---\n\n---\n"])
def test_an_empty_front_matter_is_filled(empty: str) -> None:
    after = fixed(empty + SD_BODY).decode()
    assert after.startswith("---\n" + SD_BLOCK.format(**lines_at(after.encode(), "")))
    assert after.endswith("---\n" + SD_BODY)
    assert parse_card(SourceText.from_text("README.md", after)).fence_problem is None


def test_an_existing_front_matter_gains_the_block_beside_its_keys() -> None:
    front = "---\nlicense: openrail  # the licence\ntags:\n- stable-diffusion\n---\n"
    after = fixed(front + SD_BODY).decode()
    expected_lines = lines_at(after.encode(), "")
    assert after == (
        "---\nlicense: openrail  # the licence\ntags:\n- stable-diffusion\n"
        + SD_BLOCK.format(**expected_lines)
        + "---\n"
        + SD_BODY
    )


def test_crlf_and_a_bom_are_kept() -> None:
    raw = b"\xef\xbb\xbf---\r\nlicense: mit\r\n---\r\n" + SD_BODY.replace("\n", "\r\n").encode()
    after = fixed(raw)
    assert after.startswith(b"\xef\xbb\xbf---\r\nlicense: mit\r\nco2_eq_emissions:\r\n  emissions: 11250000  #")
    assert after.endswith(b"---\r\n" + SD_BODY.replace("\n", "\r\n").encode())
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_safe_fixes_alone_leave_the_card_alone() -> None:
    assert fixed(SD_BODY, unsafe=False) == SD_BODY.encode()


# -- the result checks clean and agrees with the body ----------------------------------------------


def test_the_result_checks_clean_with_the_class_kept() -> None:
    before = lint_bytes("README.md", SD_BODY.encode(), SETTINGS)
    after = lint_bytes("README.md", fixed(SD_BODY), SETTINGS)
    assert after.reporting_class == before.reporting_class
    assert after.reporting_class.level == 3
    assert not [d for d in after.diagnostics if d.severity.value >= 2 or d.code in ("HFC040", "HFC041")], [
        (d.code, d.message) for d in after.diagnostics
    ]
    assert after.facts is not None and after.facts.emissions_origin == "metadata"
    assert after.facts.emissions_g == 11250000


@pytest.mark.parametrize(
    ("line", "grams"),
    [
        ("- **Carbon Emitted:** 0.07728 kg of CO2", "77.28"),  # exact decimal, not 77.28000000000001
        ("- CO2 Emissions (in grams): 0.10685501288084795", "0.10685501288084795"),
        ("- **Carbon Emitted (kg CO2):** 0.4", "400"),
        ("- **Carbon emitted:** ~0.2 kgCO₂eq (estimated)", "200"),
        ("- **Carbon Emitted:** 0.0010 grammes de CO2 équivalent", "0.001"),
        ("- **Carbon Emitted:** ~85 tons CO2eq", "85000000"),
    ],
)
def test_emissions_are_written_in_grams(line: str, grams: str, tmp_path: Path) -> None:
    after = fixed(f"# Model\n\n{line}\n").decode()
    assert f"  emissions: {grams}  # from the body, line 7: " in after
    card = tmp_path / "README.md"
    card.write_text(after, encoding="utf-8")
    import huggingface_hub  # the Hub's client reads what the fix wrote

    metadata = huggingface_hub.metadata_load(card)
    assert metadata is not None and metadata["co2_eq_emissions"]["emissions"] == float(grams)
    loaded = huggingface_hub.ModelCard.load(card)
    assert loaded.data.to_dict()["co2_eq_emissions"]["emissions"] == float(grams)
    assert loaded.text == f"# Model\n\n{line}\n"


def test_the_hub_reads_the_block_the_fix_wrote_beside_other_keys(tmp_path: Path) -> None:
    import huggingface_hub

    card = tmp_path / "README.md"
    card.write_bytes(fixed("---\nlicense: mit\nlibrary_name: diffusers\n---\n" + SD_BODY))
    data = huggingface_hub.ModelCard.load(card).data.to_dict()
    assert data["license"] == "mit" and data["library_name"] == "diffusers"
    assert data["co2_eq_emissions"] == {
        "emissions": 11250000,
        "source": "Machine Learning Impact calculator",
        "geographical_location": "US-east",
        "hardware_used": "A100 PCIe 40GB",
    }


# -- no fix when the reading is not sure; the message says why --------------------------------------

REFUSED = [
    ("- **Carbon Emitted:** ~5-10 kg CO2eq (estimated)\n", "gives a range"),
    ("- **Carbon Emitted:** 5.44 kg CO2 equivalent per model\n", "per something"),
    (
        "## Environmental Impact\n\n<!-- Total emissions (in grams of CO2eq) and additional considerations -->\n\n"
        "- **Carbon Emitted:** 13\n",
        "gives no unit ('13'); it is read in grams from line 3",
    ),
    ("- **Carbon Emitted:** 2 kg\n- **CO2 emissions:** 5 kg\n", "the body's figures disagree"),
    ("## Environmental impact\n\nTraining emitted about 580.61 kgCO2eq in total.\n", "only in prose"),
    (  # the reading takes the line's figure; the statement below it says it is not this model's
        "## Environmental Impact\n\n- **Carbon Emitted:** 11250 kg CO2 eq. (the base model)\n\n"
        "The fine-tune's own emissions: still to be determined\n",
        "unfilled",
    ),
    ("---\nlicense: [mit\n---\n- **Carbon Emitted:** 2 kg\n", "does not parse"),
]


@pytest.mark.parametrize(("body", "why"), REFUSED)
def test_no_fix_when_the_reading_is_not_sure(body: str, why: str) -> None:
    message = hfc041(body)
    assert "(no fix: " in message and why in message.partition("(no fix: ")[2]
    assert fixed(body) == body.encode()


def test_a_total_among_runs_is_the_figure() -> None:
    body = "- Training: 0.016 g\n- Evaluation: 0.2 g\n- **Total CO2 Emissions:** 0.24 g CO₂eq\n"
    assert "  emissions: 0.24  # from the body, line 7: 0.24 g CO₂eq\n" in fixed(body).decode()


def test_a_bound_gets_no_fix_and_the_info_says_why() -> None:
    report = lint_bytes("README.md", b"- **Carbon Emitted:** < 10 g CO2eq\n", SETTINGS)
    assert "HFC041" not in {d.code for d in report.diagnostics}
    (info,) = [d for d in report.diagnostics if d.code == "HFC010"]
    assert "states only a bound ('< 10 g CO2eq')" in info.message
    assert fixed("- **Carbon Emitted:** < 10 g CO2eq\n") == b"- **Carbon Emitted:** < 10 g CO2eq\n"


def test_the_template_sentence_is_no_source_and_vague_context_is_not_copied() -> None:
    body = (
        "## Environmental Impact\n\nCarbon emissions can be estimated using the "
        "[Machine Learning Impact calculator](https://mlco2.github.io/impact#compute).\n\n"
        "- **Hardware Type:** NVIDIA A100 40GB / T4 15GB\n- **Compute Region:** Europe (likely)\n"
        "- **Training Type:** Tabular\n- **Carbon Emitted:** 0.6 kg\n"
    )
    after = fixed(body).decode()
    block = after[: after.index("---\n", 4)]
    assert block == "---\nco2_eq_emissions:\n  emissions: 600  # from the body, line 12: 0.6 kg\n"


def test_a_comment_never_becomes_a_suppression() -> None:
    body = "- **Carbon Emitted:** 2 kg # hfcarbon-lint: ignore-file\n"
    after = fixed(body).decode()
    assert "  emissions: 2000\n---\n" in after  # the value, without the comment that could silence rules


# -- real cards --------------------------------------------------------------------------------------


def _body_bytes(raw: bytes) -> bytes:
    """The bytes after the front matter as the Hub finds it (all of them when there is none)."""
    source = SourceText.from_bytes("README.md", raw)
    card = parse_card(source)
    start = source.original_offset(card.body_offset)
    return source.original[start:].encode("utf-8")


def test_real_cards_get_the_careful_reading_or_no_fix(tmp_path: Path) -> None:
    import huggingface_hub

    from benchmarks.body_fix import body_only_cards

    cases = body_only_cards()
    assert len(cases) >= 80
    wrong = []
    for case in cases:
        raw = case.path.read_bytes()
        before = lint_bytes(case.path.name, raw, SETTINGS)
        outcome = fix_card(case.path.name, raw, SETTINGS, unsafe=True)
        if not outcome.changed:
            (finding,) = [d for d in outcome.report.diagnostics if d.code == "HFC041"]
            assert "(no fix: " in finding.message, case.path.name
            continue
        report = outcome.report
        assert report.card is not None and report.card.carbon is not None
        written = report.card.carbon.entries["emissions"].value
        if case.grams is None or abs(written - case.grams) > 1e-6 * case.grams:
            wrong.append((case.path.name, written, case.grams))
        if case.level is not None:
            assert report.reporting_class.level == case.level, case.path.name
        assert _body_bytes(outcome.fixed) == _body_bytes(raw), case.path.name
        assert not {"HFC040", "HFC041"} & {d.code for d in report.diagnostics}, case.path.name
        assert report.reporting_class == before.reporting_class, case.path.name
        warned = {d.code for d in before.diagnostics if d.severity.value >= 2}
        assert {d.code for d in report.diagnostics if d.severity.value >= 2} <= warned, case.path.name
        card = tmp_path / "README.md"
        card.write_bytes(outcome.fixed)
        metadata = huggingface_hub.metadata_load(card)  # what the Hub's client reads
        assert metadata is not None and metadata["co2_eq_emissions"]["emissions"] == written, case.path.name
    assert wrong == []


# -- the property: no fix ever changes a byte of the body ----------------------------------------------

FIGURES = st.tuples(
    st.sampled_from(["0.5", "12", "1,234", "43,24", "~3", "1e3", "5-10", "< 2", "0", "TBD", "7.5e-4"]),
    st.sampled_from([" kg", " g", "kg CO2eq", " t", "", " kWh", " kg per run", " (in grams)"]),
).map("".join)
LINES = st.one_of(
    FIGURES.map(lambda figure: f"- **Carbon Emitted:** {figure}"),
    st.sampled_from(
        [
            "- **Hardware Type:** A100 PCIe 40GB",
            "- **Compute Region:** US-east",
            "- **Training Type:** fine-tuning",
            "Emissions were measured with CodeCarbon.",
            "The run emitted 4 kg CO2eq in total.",
            "| Model | Carbon emitted (tCO2eq) |",
            "|---|---|",
            "| Total | 539 |",
            "```",
            "<!-- a comment -->",
            "---",
            "",
            "# Environmental Impact",
            "Still to be determined.",
        ]
    ),
    st.text(alphabet="ab1:#-*|<>\t\u2028\x85é", max_size=10),
)
CLEAR = st.tuples(st.sampled_from(["0.5", "12", "0.0042", "11250"]), st.sampled_from([" kg", " g", " kgCO2eq"])).map(
    lambda pair: f"- **Carbon Emitted:** {pair[0]}{pair[1]}"
)
FRONTS = st.sampled_from(["", "---\n---\n", "---\n\n---\n", "---\nlicense: mit\n---\n", "\n---\ntags: [a]\n---\n"])


@settings(
    max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
@given(
    front=FRONTS,
    lines=st.lists(LINES, max_size=8),
    clear=CLEAR,
    at=st.integers(min_value=0, max_value=8),
    crlf=st.booleans(),
    bom=st.booleans(),
)
def test_no_fix_ever_changes_a_byte_of_the_body(
    front: str, lines: list[str], clear: str, at: int, crlf: bool, bom: bool
) -> None:
    lines.insert(at, clear)  # a clear figure among the rest: most examples are fixed
    text = front + "\n".join(lines) + "\n"
    raw = (b"\xef\xbb\xbf" if bom else b"") + (text.replace("\n", "\r\n") if crlf else text).encode("utf-8")
    after = fix_card("README.md", raw, SETTINGS, unsafe=True).fixed
    if after == raw:
        return
    # One insertion before the body: every byte of the card is kept, in order, the body untouched.
    prefix = next((i for i, (a, b) in enumerate(zip(raw, after, strict=False)) if a != b), len(raw))
    suffix = next((i for i, (a, b) in enumerate(zip(reversed(raw), reversed(after), strict=False)) if a != b), len(raw))
    assert len(after) > len(raw) and prefix + suffix >= len(raw)
    pair = re.match(rb"(\xef\xbb\xbf)?\s*---\r?\n---[ \t]*\r?\n", raw)
    expected_body = raw[pair.end() :] if pair else _body_bytes(raw)
    assert suffix >= len(expected_body)
    assert _body_bytes(after) == expected_body


# -- the promises of the docs and the command line ---------------------------------------------------


def test_the_docs_diff_is_what_the_fix_writes() -> None:
    from hfcarbon_lint.lint.fixing import unified_diff
    from tests.conftest import REPO

    page = (REPO / "docs" / "rules" / "index.md").read_text(encoding="utf-8")
    section = page[page.index("### Copying the body's figure into the metadata (HFC041)") :]
    shown = section[section.index("```diff\n") + len("```diff\n") : section.index("```\n", section.index("```diff"))]
    raw = ("---\nlicense: openrail\n---\n" + SD_BODY).encode()
    assert unified_diff("README.md", raw, fixed(raw)) == shown


def test_fix_unsafe_fixes_on_the_command_line(tmp_path: Path) -> None:
    from tests.conftest import run_process

    card = tmp_path / "README.md"
    card.write_bytes(b"---\nlicense: mit\n---\n" + SD_BODY.encode())
    safe = run_process("--fix", "-q", str(card))
    assert safe.code == 0 and b"co2_eq_emissions" not in card.read_bytes()  # a warning, not fixed without consent
    assert "HFC041 [emissions-only-in-body] warning" in safe.out
    run = run_process("--fix", "--unsafe-fixes", str(card))
    assert "Traceback" not in run.err and run.code == 0, run.out + run.err
    assert card.read_bytes() == fixed(b"---\nlicense: mit\n---\n" + SD_BODY.encode())
    assert "HFC041" not in run.out
