"""Property test: generated front matter and bodies, however hostile, through every output format and
``--fix --unsafe-fixes``. Bounded (a fixed number of derandomised examples, no deadline) so the suite
stays fast and the same on every run."""

from __future__ import annotations

import io
import json
import re
import tempfile
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hfcarbon_lint.app.check import CheckOptions, run_check
from hfcarbon_lint.lint.engine import LintSettings
from hfcarbon_lint.reporters import FORMATS

RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE_TEXT = st.lists(
    st.sampled_from(
        ["a", "1", " ", ":", "-", "#", "'", '"', "\x1b", "\x07", "\x00", "\t", "\u202e", "é", "\r", "\n", "::"]
    ),
    max_size=12,
).map("".join)
NUMBERS = st.one_of(
    st.integers(min_value=-(10**5), max_value=10**5).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        [
            "9" * 400,
            "0x" + "f" * 300,
            "0" + "7" * 400,
            ":".join(["59"] * 200),
            "!!float " + "9" * 400,
            "1.0e-320",
            "1e3",
            "017",
            "0o17",
            ".inf",
            "-.nan",
            "1_000",
            "190:20:30",
        ]
    ),
)
SCALARS = st.one_of(
    NUMBERS,
    st.sampled_from(
        [
            "!!bool maybe",
            "!!timestamp abc",
            "2001-13-45",
            "!!int abc",
            "yes",
            "~",
            "'12'",
            '"1e308 kg"',
            '"1.2 kg"',
            "0.319355 Kg",
            "[More Information Needed]",
            '"\\e[2J 5 kg"',
            "*missing",
            "&a 5",
            "{emissions: 5}",
            "[1, 2]",
            "|\n    block",
        ]
    ),
    HOSTILE_TEXT.map(lambda text: json.dumps(text)),  # a double-quoted YAML string holding anything
)
KEYS = st.sampled_from(
    ["emissions", "source", "training_type", "geographical_location", "hardware_used", "hours_used", "<<", "x y"]
)
CARBON = st.one_of(
    SCALARS.map(lambda value: f"co2_eq_emissions: {value}\n"),
    st.lists(st.tuples(KEYS, SCALARS), max_size=6).map(
        lambda pairs: "co2_eq_emissions:\n" + "".join(f"  {key}: {value}\n" for key, value in pairs)
    ),
)
OTHER = st.lists(
    st.tuples(st.sampled_from(["license", "tags", "<<", "base_model", "model-index", "a"]), SCALARS), max_size=3
).map(lambda pairs: "".join(f"{key}: {value}\n" for key, value in pairs))
BODY_LINE = st.one_of(
    st.tuples(
        st.sampled_from(["Carbon Emitted", "Hardware Type", "Hours used", "Compute Region", "Training time"]),
        st.one_of(SCALARS, HOSTILE_TEXT),
    ).map(lambda pair: f"- **{pair[0]}:** {pair[1]}"),
    st.sampled_from(
        ["<!-- hfcarbon-lint: ignore[HFC014, HFC999] -->", "```", "<!--", "-->", "---", "# Model", "\x1b[2J"]
    ),
    HOSTILE_TEXT,
)


@st.composite
def cards(draw: st.DrawFn) -> bytes:
    front = draw(OTHER) + draw(CARBON) + draw(OTHER)
    body = "\n".join(draw(st.lists(BODY_LINE, max_size=6)))
    opened = draw(st.sampled_from(["---\n", "---\n", " ---\n", "----\n"]))
    closed = draw(st.sampled_from(["---\n", "---\n", "--- \n", ""]))
    text = opened + front + closed + body + "\n"
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    raw = text.replace("\n", newline).encode("utf-8", errors="surrogatepass")
    return (b"\xef\xbb\xbf" if draw(st.booleans()) else b"") + raw


def check(path: Path, output_format: str, **options: object) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run_check(CheckOptions((str(path),), LintSettings(), output_format=output_format, **options), out, err)  # type: ignore[arg-type]
    return code, out.getvalue(), err.getvalue()


# Both properties: 200 derandomised examples each (reproducible in CI), no deadline.
HOSTILE = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "HFCARBON_LINT_DEBUG"):
        monkeypatch.delenv(name, raising=False)


@HOSTILE
@given(card=cards())
def test_any_card_in_every_format(card: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "README.md"
        path.write_bytes(card)
        for output_format in sorted(FORMATS):
            code, out, err = check(path, output_format, label=output_format == "json")  # the A-E label too
            assert code in (0, 1), (output_format, out, err)  # not 2: no HFC000, nothing went wrong inside
            if output_format in ("json", "sarif"):
                json.loads(out)
            elif output_format == "junit":
                ElementTree.fromstring(out)
            elif output_format in ("text", "concise"):
                assert not RAW_CONTROL.search(out), out
            assert not RAW_CONTROL.search(err)
            assert not [line for line in (out + err).splitlines() if line.strip().startswith("::")] or (
                output_format == "github"
            )
        assert path.read_bytes() == card  # checking never writes


@HOSTILE
@given(card=cards())
def test_fix_is_stable_and_keeps_every_byte_outside_the_front_matter(card: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "README.md"
        path.write_bytes(card)
        code, out, err = check(path, "json", fix=True, unsafe_fixes=True)
        assert code in (0, 1), (out, err)
        fixed = path.read_bytes()
        if fixed != card:
            assert fixed.startswith(b"\xef\xbb\xbf") == card.startswith(b"\xef\xbb\xbf")
            assert _body(fixed) == _body(card)  # fixes edit the front matter only
        again = check(path, "json", fix=True, unsafe_fixes=True)
        assert again[0] in (0, 1)
        assert path.read_bytes() == fixed, "a second --fix changed the card again"


def _body(raw: bytes) -> bytes:
    """What follows the front matter's closing fence (the whole card when there is none)."""
    match = re.match(rb"^(?:\xef\xbb\xbf)?\s*---(?:\r\n|\r|\n)[\s\S]*?(?:\r\n|\r|\n)---[ \t]*(?:\r\n|\n|$)", raw)
    return raw[match.end() :] if match else raw
