"""Front matter found as the Hub finds it; positions in the file; units read correctly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
from hfcarbon_lint.parsing.card import parse_card
from hfcarbon_lint.parsing.frontmatter import REGEX_YAML_BLOCK, FenceProblem, find_front_matter
from hfcarbon_lint.parsing.quantities import parse_emission_text
from hfcarbon_lint.parsing.source import SourceText


def test_regex_is_huggingface_hubs() -> None:
    repocard = pytest.importorskip("huggingface_hub.repocard")
    assert REGEX_YAML_BLOCK.pattern == repocard.REGEX_YAML_BLOCK.pattern


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("---\na: 1\n---\nbody", "block"),
        ("  \n---\na: 1\n---\n", "block"),  # leading whitespace is allowed (huggingface_hub accepts it)
        ("# Title\n---\na: 1\n---\n", None),  # leading text: no metadata
        ("----\na: 1\n---\n", "opening fence is '----'"),
        ("--- x\na: 1\n---\n", "text after the opening '---'"),
        ("---\na: 1\n ---\nbody\n", "closing '---' is indented"),
        ("---\na: 1\nb: 2\n", "never closed"),
        ("", None),
    ],
)
def test_front_matter_detection(text: str, expected: str | None) -> None:
    found = find_front_matter(SourceText.from_text("x", text))
    if expected is None:
        assert found is None
    elif expected == "block":
        assert found is not None and not isinstance(found, FenceProblem)
    else:
        assert isinstance(found, FenceProblem) and expected in found.message


@pytest.mark.parametrize("newline", ["\r", "\r\r\n"])
def test_line_endings_that_hide_the_block_from_huggingface_hub(newline: str) -> None:
    text = newline.join(["---", "license: mit", "co2_eq_emissions: 5", "---", "body"])
    report = lint_bytes("c.md", text.encode(), LintSettings())
    assert [d.code for d in report.diagnostics] == ["HFC001"]
    assert "line endings" in report.diagnostics[0].message


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_positions_survive_line_endings(newline: str) -> None:
    text = newline.join(["---", "license: mit", "co2_eq_emissions:", '  emissions: "3 kg"', "---", "body"])
    report = lint_bytes("c.md", text.encode(), LintSettings(select=("HFC013",)))
    [diagnostic] = report.diagnostics
    assert (diagnostic.line, diagnostic.column) == (4, 14)


def test_bom_is_stripped_located_and_reported() -> None:
    raw = b"\xef\xbb\xbf---\nco2_eq_emissions:\n  emissions: '3 kg'\n---\n"
    report = lint_bytes("c.md", raw, LintSettings(select=("HFC004", "HFC013")))
    assert [(d.code, d.line, d.column) for d in report.diagnostics] == [("HFC004", 1, 1), ("HFC013", 3, 14)]


def test_yaml_error_is_located_in_the_file() -> None:
    raw = b"# Card\n"
    report = lint_bytes("c.md", b"---\nlicense: mit\ntags: [a, b\n---\n", LintSettings())
    [d] = [d for d in report.diagnostics if d.code == "HFC001"]
    assert d.line >= 3 and "YAML syntax error" in d.message
    assert raw  # keep the intent explicit: a parse error is a diagnostic, not an exception


@pytest.mark.parametrize(
    ("text", "grams"),
    [
        ("12.3 kg", 12300.0),
        ("0.319355 Kg", 319.355),
        ("28.53 in grams of CO2", 28.53),
        ("1.2g CO2", 1.2),
        ("0.001477 ([CO₂eq], in kg)", 1.477),
        ("43,24 kg Co2", 43240.0),
        ("5 tCO2eq", 5_000_000.0),
        ("149.2 kg eq. CO2", 149200.0),
        ("~3 g", 3.0),
        ("7", 7.0),
    ],
)
def test_units_are_converted_to_grams(text: str, grams: float) -> None:
    parsed = parse_emission_text(text)
    assert parsed is not None and parsed.quantity.grams == pytest.approx(grams)


@pytest.mark.parametrize("text", ["Kg", "TBD", "number (in grams of CO2)", "[More Information Needed]", ""])
def test_no_number_no_quantity(text: str) -> None:
    assert parse_emission_text(text) is None


def test_bold_template_lines_are_read_and_placeholders_are_absent() -> None:
    body = "## Environmental Impact\n\n- **Hardware Type:** 8 x V100\n- **Hours used:** [More Information Needed]\n- **Carbon Emitted:** 12.3 kg\n"
    card = parse_card(SourceText.from_text("c.md", body))
    assert card.body["hardware_used"].raw_value == "8 x V100"
    assert card.body["hours_used"].is_placeholder
    assert card.body["emissions"].raw_value == "12.3 kg"
    assert (card.body["emissions"].line, card.body["emissions"].value_column) == (5, 23)


BODY_SAMPLES = [
    "- **Carbon Emitted:** 12 kg\n- hardware type: A100\n",
    "# Title\n\nHARDWARE: TPU v3-8\n  * __Hours used__: 3\n",
    "text hardware in prose\n```\nCarbon Emitted: 1 g\n```\nCloud Provider: none",
    "no newline at the end, Compute Region: Quebec",
    "Hardware Type:",
    "x\r\nCompute region: ſ\n",
    "İ Hardware Type: K80 \u017f",
]


def _matching_starts(text: str, starts: list[int]) -> list[int]:
    from hfcarbon_lint.parsing.body import _LABEL_LINE

    return [s for s in starts if _LABEL_LINE.match(text, s, text.find("\n", s) % (len(text) + 1) or len(text))]


@pytest.mark.parametrize("body", BODY_SAMPLES)
def test_label_lines_found_without_a_full_scan_are_the_full_scans(body: str) -> None:
    from hfcarbon_lint.parsing.body import _candidate_line_starts, _line_starts

    for start in (0, 1, 3):
        expected = _matching_starts(body, _line_starts(body, start))
        assert _matching_starts(body, _candidate_line_starts(body, start)) == expected


def _cards(source: str) -> list[Path]:
    from tests.conftest import CORPUS, NO_CORPUS, project_cards

    if source == "project":
        return project_cards()
    if not CORPUS.is_dir():
        pytest.skip(NO_CORPUS)
    return sorted(CORPUS.glob("*.md"))


@pytest.mark.parametrize("source", ["project", "corpus"])
def test_label_lines_agree_with_the_full_scan_on_real_cards(source: str) -> None:
    from hfcarbon_lint.parsing.body import _candidate_line_starts, _line_starts

    found = 0
    for card in _cards(source):
        text = card.read_text(encoding="utf-8", errors="replace")
        expected = _matching_starts(text, _line_starts(text, 0))
        assert _matching_starts(text, _candidate_line_starts(text, 0)) == expected, card
        found += len(expected)
    assert found > 0


def test_only_four_characters_fold_differently_in_the_regex_and_in_lower() -> None:
    import string
    import sys

    from hfcarbon_lint.parsing.body import _FOLDS_TO_ASCII

    every = "".join(chr(code) for code in range(128, sys.maxunicode + 1) if not 0xD800 <= code <= 0xDFFF)
    differing = set(re.findall("[a-z]", every, re.IGNORECASE))  # non-ASCII that IGNORECASE folds to ASCII
    differing |= {char for char in every if len(char.lower()) != 1 or char.lower() in string.ascii_letters}
    assert differing == set(_FOLDS_TO_ASCII)


def _tags(node: object) -> list[str]:
    from yaml.nodes import MappingNode, SequenceNode

    tags = [node.tag]  # type: ignore[attr-defined]
    if isinstance(node, MappingNode):
        for key, value in node.value:
            tags += _tags(key) + _tags(value)
    elif isinstance(node, SequenceNode):
        for item in node.value:
            tags += _tags(item)
    return tags


RESOLVER_SAMPLES = [
    "a: 1\nb: 1.5\nc: 1e3\nd: .inf\ne: yes\nf: ~\ng: ''\nh: 2023-01-01\ni: 0x1F\nj: =\nk: <<\nl: -1\nm: +.5\n",
    "list: [on, off, Null, NULL, 'yes', \"1\", 1_000, 0o17, 190:20:30]\n",
    "<<: {a: 1}\nb: !!str 3\nc: &x [1]\nd: *x\n",
]


@pytest.mark.parametrize(("source", "at_least"), [("project", 60), ("corpus", 700)])
def test_the_fast_resolver_tags_every_node_as_safe_load_does(source: str, at_least: int) -> None:
    import yaml

    from hfcarbon_lint.parsing.yaml_doc import _LibyamlLoader

    blocks = list(RESOLVER_SAMPLES)
    for card in _cards(source):
        match = REGEX_YAML_BLOCK.search(card.read_text(encoding="utf-8", errors="replace"))
        if match and "\t" not in match.group(2):
            blocks.append(match.group(2))
    compared = 0
    for block in blocks:
        try:
            expected = yaml.compose(block, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            continue
        if expected is None:  # an empty front matter: no node to compare
            continue
        assert _tags(yaml.compose(block, Loader=_LibyamlLoader)) == _tags(expected), block[:80]
        compared += 1
    assert compared > at_least


LINE_SAMPLES = [
    "# Model\n\nTrained on a GPU.\n| Hardware | 8 x A100 |\n",
    "```\ngpu: x\n```\nGPU: T4\n<!-- cpu: hidden -->\nCPU: Xeon <!-- tpu -->\n",
    "\u0130stanbul model\nGPU: T4\nsku line\n",  # lower-casing lengthens the text: every line is visited
    "Device: \u212a80\nSKU: x\n" + "y" * 3000 + " gpu\n",  # a Kelvin sign; a line past the length limit
    "no hardware words at all\n",
]


@pytest.mark.parametrize("source", ["samples", "project", "corpus"])
def test_lines_naming_visits_the_lines_iter_lines_would_keep(source: str) -> None:
    """The hardware reader visits only lines naming its words; it must see every such line iter_lines gives."""
    from hfcarbon_lint.parsing.body import _HARDWARE_LINE_WORDS, BodyText

    texts = (
        LINE_SAMPLES
        if source == "samples"
        else [p.read_text(encoding="utf-8", errors="replace") for p in _cards(source)]
    )
    named = 0
    for text in texts:
        body = BodyText(text, 0)
        expected = [(o, line) for o, line in body.iter_lines() if any(w in line.lower() for w in _HARDWARE_LINE_WORDS)]
        assert list(body.lines_naming(_HARDWARE_LINE_WORDS)) == expected, text[:80]
        named += len(expected)
    assert named > 0


TAB_SAMPLES = [
    "license: \twtfpl\ntags:\n- a\n",  # after a value indicator
    "a: 1\n\tb: 2\nc: 3\n",  # as indentation
    "split: validation\t\nnext: 1\n",  # after a plain value
    'a: "x\ty"\nb: 1\n',  # inside a double-quoted value: fine, the full parse decides
    "a: 'x\ty'\nb: c\td\n",  # quoted first, refused later
    "a: |\n  x\ty\nb: 1\n",  # inside a block scalar
    "a: 1 # a\tcomment\nb: 2\n",  # inside a comment
    'a: "one\n  two\tthree"\nb: 1\n',  # a quoted value spanning the tab's line
    'a: "x\ty\n  z"\nb: 1\n',  # a quoted value going on past the tab's line: the prefix alone fails otherwise
    "a: |\n  x\n  y\tz\n  w\n",  # a block scalar going on past the tab's line
    "a: [1,\t2]\nb: 1\n",  # in a flow sequence
    "a: b\n\t\n",  # a line of only a tab
    "a: 1\nb: 2\t",  # on the last line
    "a: 1\nb:\n  - x\n  -\ty\n",
    "? a\t\n: b\n",
]


def _pyyaml_outcome(text: str) -> tuple[str, int] | None:
    import yaml

    try:
        yaml.SafeLoader(text).get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return (" ".join(p for p in (exc.context, exc.problem) if p), mark.line + 1 if mark else 0)
    return None


@pytest.mark.parametrize("source", ["samples", "corpus"])
def test_a_tab_is_refused_where_and_as_pyyaml_refuses_it(source: str) -> None:
    """The first-tab shortcut (parse only up to the tab's line) gives what the full reference parse gives."""
    from hfcarbon_lint.parsing.yaml_doc import YamlProblem, parse_yaml

    blocks = list(TAB_SAMPLES)
    if source == "corpus":
        blocks = []
        for card in _cards("corpus"):
            match = REGEX_YAML_BLOCK.search(card.read_text(encoding="utf-8", errors="replace"))
            if match and "\t" in match.group(2):
                blocks.append(match.group(2))
        assert len(blocks) >= 8
    for block in blocks:
        source_text = SourceText.from_text(
            "README.md", f"---\n{block}{'' if block.endswith(chr(10)) else chr(10)}---\n"
        )
        found = find_front_matter(source_text)
        assert found is not None and not isinstance(found, FenceProblem)
        expected = _pyyaml_outcome(found.yaml_text)
        try:
            parse_yaml(source_text, found)
            got = None
        except YamlProblem as problem:
            if not problem.message.startswith("YAML syntax error: "):
                continue  # refused after parsing (a tag, a merge key): not the scanner's business
            got = (problem.message.removeprefix("YAML syntax error: "), problem.span.start.line - 1)
        assert got == expected, block


@pytest.mark.parametrize(
    ("front_matter", "problem"),
    [
        ("a: =\n", "cannot be read by yaml.safe_load"),  # an implicit tag with no safe constructor
        ("a: !!python/name:os.system ''\n", "cannot be read by yaml.safe_load"),
        ("a: &x {b: 1}\nc: *x\nc: 2\n", None),  # anchors: the full walk, duplicates still found
    ],
)
def test_unsafe_tags_are_found_with_the_fast_walk(front_matter: str, problem: str | None) -> None:
    from hfcarbon_lint.parsing.yaml_doc import YamlProblem, parse_yaml

    source = SourceText.from_text("README.md", f"---\n{front_matter}---\n")
    block = find_front_matter(source)
    assert block is not None and not isinstance(block, FenceProblem)
    if problem is None:
        assert [path for _, _, path in parse_yaml(source, block).duplicates] == ["c"]
    else:
        with pytest.raises(YamlProblem, match=problem):
            parse_yaml(source, block)


def _body(body: str) -> dict[str, str]:
    card = parse_card(SourceText.from_text("c.md", "---\nlicense: mit\n---\n" + body))
    return {name: field.raw_value for name, field in card.body.items()}


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # issue 15's hostile shapes: read in linear time, with the sensible answer
        ("- **Carbon Emitted:** 1" + " " * 40_000 + "kg\n", {}),  # a line over MAX_LINE: not read, "1" is not 1 g
        ("- **Carbon Emitted:** 1" + " " * 100 + "kg\n", {"emissions": "1" + " " * 100 + "kg"}),
        ("Carbon Emitted:" + "<!--" * 20_000 + "\n", {}),
        ("Carbon Emitted: 3 kg <!-- <!--\n", {"emissions": "3 kg <!-- <!--"}),  # unclosed: hides nothing
        ("<!--\nCarbon Emitted: 1\n-->\n" * 20_000, {}),
        ("<!-- note -->Carbon Emitted: 2 kg <!-- was 3 kg -->\n", {"emissions": "2 kg"}),
        ("```\nCarbon Emitted: 1 kg\n" * 5_000, {"emissions": "1 kg"}),  # the second one is outside
        ("```\nCarbon Emitted: 1 kg\n```\nCarbon Emitted: 2 kg\n", {"emissions": "2 kg"}),
        ("-" + " " * 50_000 + "Hardware Type: A100\n", {}),
    ],
    ids=lambda value: str(value)[:40] if isinstance(value, str) else None,
)
def test_hostile_body_lines(body: str, expected: dict[str, str]) -> None:
    assert _body(body) == expected
