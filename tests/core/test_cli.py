"""The command line as users drive it: exit codes, formats, options, config, colour."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import REPO, run_process, write_card

GOOD = "co2_eq_emissions:\n  emissions: 12.5\n  source: CodeCarbon\n  training_type: fine-tuning\n  geographical_location: Germany\n  hardware_used: 1 x A100\n"
BAD = 'co2_eq_emissions:\n  emissions: "3 kg"\n'


def test_clean_card_exits_0(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli(str(write_card(tmp_path, GOOD)))
    assert run.code == 0
    assert "reporting class 3 Energy Awareness, 12.5 g CO2eq" in run.out


def test_error_finding_exits_1_with_location_and_caret(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = write_card(tmp_path, BAD)
    run = cli("check", str(card))
    assert run.code == 1
    assert f"{card}:3:14: HFC013 [*] [emissions-unit-string] error: " in run.out  # "3 kg": a safe fix
    assert '    3 |   emissions: "3 kg"\n      |              ^^^^^^\n' in run.out


def test_missing_path_exits_2_with_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    run = cli(str(tmp_path / "nope.md"))
    assert run.code == 2
    assert run.err.strip() == f"hfcarbon-lint: {tmp_path / 'nope.md'}: no such file or directory"


def test_bad_option_exits_2(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("check", "--format", "xml", "README.md").code == 2
    assert cli("check", "--select", "HFC999", "README.md").code == 2
    assert cli("check", "--min-class", "9", "README.md").code == 2


def test_folder_finds_model_cards_only(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    write_card(tmp_path / "a" if (tmp_path / "a").mkdir() is None else tmp_path, BAD)
    (tmp_path / "b").mkdir()
    write_card(tmp_path / "b", BAD, name="model_card.md")
    write_card(tmp_path / "b", BAD, name="notes.md")
    (tmp_path / ".git").mkdir()
    write_card(tmp_path / ".git", BAD)
    run = cli("-q", str(tmp_path))
    found = sorted({line.split(":")[0] for line in run.out.splitlines() if "HFC013" in line})
    assert found == [str(tmp_path / "a" / "README.md"), str(tmp_path / "b" / "model_card.md")]


def test_select_ignore_and_prefixes(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = str(write_card(tmp_path, "co2_eq_emissions:\n  emissions: 3\n"))
    codes = lambda run: sorted({line.split()[1] for line in run.out.splitlines() if ": HFC" in line})  # noqa: E731
    assert codes(cli("-q", card)) == ["HFC020", "HFC021", "HFC022", "HFC023"]
    assert codes(cli("-q", "--select", "HFC02", "--ignore", "missing-source", card)) == ["HFC020", "HFC021", "HFC022"]
    assert codes(cli("-q", "--select", "HFC020,HFC021", card)) == ["HFC020", "HFC021"]


def test_min_class_fails_cards_below_the_bar(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = str(write_card(tmp_path, "co2_eq_emissions:\n  emissions: 3\n"))
    assert cli(card).code == 0
    run = cli("--min-class", "Energy Awareness", card)
    assert run.code == 1
    assert (
        "HFC050" in run.out
        and "reporting class 2 'Basic Energy Reporting' is below the required 3 'Energy Awareness'" in run.out
    )
    assert cli("--min-class", "2", card).code == 0


def test_strict_and_exit_zero(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    warning_card = str(write_card(tmp_path, "co2_eq_emissions: 3\n"))
    assert cli(warning_card).code == 0
    assert cli("--strict", warning_card).code == 1
    error_card = str(write_card(tmp_path, BAD, name="model_card.md"))
    assert cli("--exit-zero", error_card).code == 0


def test_json_output_is_the_documented_interface(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = write_card(tmp_path, BAD)
    run = cli("--format", "json", str(card), str(tmp_path / "missing.md"))
    assert run.code == 2
    document = json.loads(run.out)
    assert document["version"] == 1
    assert document["tool"]["name"] == "hfcarbon-lint"
    [entry] = document["cards"]
    assert set(entry) >= {
        "target",
        "reporting_class",
        "reporting_level",
        "emissions_g",
        "fields",
        "diagnostics",
        "remote",
    }
    assert (entry["reporting_class"], entry["reporting_level"], entry["emissions_g"]) == (
        "Basic Energy Reporting",
        2,
        3000.0,
    )
    first = next(d for d in entry["diagnostics"] if d["code"] == "HFC013")
    assert {k: first[k] for k in ("line", "column", "end_line", "end_column", "severity", "name")} == {
        "line": 3,
        "column": 14,
        "end_line": 3,
        "end_column": 20,
        "severity": "error",
        "name": "emissions-unit-string",
    }
    assert first["fix"]["applicability"] == "safe" and first["fix"]["edits"][0]["content"] == "3000"
    assert document["not_checked"] == [{"target": str(tmp_path / "missing.md"), "message": "no such file or directory"}]
    assert document["summary"]["by_class"]["Basic Energy Reporting"] == 1


def test_output_file_writes_a_second_format(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = write_card(tmp_path, BAD)
    target = tmp_path / "out.json"
    run = cli(str(card), "-o", f"json:{target}")
    assert "HFC013" in run.out
    assert json.loads(target.read_text())["cards"][0]["diagnostics"]
    assert cli(str(card), "-o", "nonsense").code == 2


def test_config_discovery_and_isolated(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    card = str(write_card(tmp_path, "co2_eq_emissions:\n  emissions: 3\n"))
    (tmp_path / "pyproject.toml").write_text('[tool.hfcarbon-lint]\nmin-class = 3\nignore = ["HFC02"]\n')
    nested = tmp_path / "deep" / "er"
    nested.mkdir(parents=True)
    monkeypatch.chdir(nested)
    run = cli(card)
    assert run.code == 1 and "HFC050" in run.out and "HFC020" not in run.out
    assert cli("--isolated", card).code == 0
    (tmp_path / ".hfcarbon-lint.toml").write_text('[severity]\nHFC020 = "error"\n')
    assert cli(card).code == 1  # the dedicated file in the same folder wins over pyproject


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[tool.hfcarbon-lint]\nbogus = 1\n", "unknown option(s) bogus"),
        ("[tool.hfcarbon-lint\n", "invalid TOML"),
        ('[tool.hfcarbon-lint]\nselect = "HFC0"\n', "select must be a list of strings"),
        ('[tool.hfcarbon-lint.severity]\nHFC999 = "error"\n', "unknown rule 'HFC999'"),
    ],
)
def test_bad_config_is_a_one_line_error(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, message: str
) -> None:  # type: ignore[no-untyped-def]
    card = str(write_card(tmp_path, GOOD))
    (tmp_path / "pyproject.toml").write_text(content)
    monkeypatch.chdir(tmp_path)
    run = cli(card)
    assert run.code == 2
    assert message in run.err and "Traceback" not in run.err


def test_a_pyproject_that_does_not_name_us_is_passed_over(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    card = str(write_card(tmp_path, GOOD))
    (tmp_path / "pyproject.toml").write_text("[project\nname = 'broken, and not ours'\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert cli(card).code == 0  # not parsed: its TOML error is not ours to report
    (tmp_path / "sub" / "pyproject.toml").write_text("[tool.ruff]\nline-length = 100\n")
    (tmp_path / "pyproject.toml").write_text('[tool.hfcarbon-lint]\nselect = "HFC0"\n')
    run = cli(card)  # the nearest pyproject says nothing to us: the one above is read
    assert run.code == 2 and "select must be a list of strings" in run.err


@pytest.mark.parametrize(
    ("content", "ours"),
    [
        ("[tool.hfcarbon-lint]\nselect = []\n", True),
        ('[ tool . "hfcarbon-lint" . severity ]\nHFC020 = "error"\n', True),
        ("tool.hfcarbon-lint.select = []\n", True),
        ("\"tool\".'hfcarbon-lint'.select = []\n", True),
        ("[tool]\nhfcarbon-lint = { select = [] }\n", True),
        ("[ 'tool' ]\nhfcarbon-lint.select = []\n", True),
        ("tool = { hfcarbon-lint = { select = [] } }\n", True),
        ('[project]\nname = "hfcarbon-lint"\n[project.scripts]\nhfcarbon-lint = "x:main"\n[tool.ruff]\n', False),
        ('[project]\ndependencies = ["hfcarbon-lint>=0.2"]\n', False),
        ("[tool.ruff]\nline-length = 100\n", False),
    ],
)
def test_a_pyproject_is_parsed_only_where_it_can_hold_our_table(tmp_path: Path, content: str, ours: bool) -> None:
    import tomllib

    from hfcarbon_lint.lint.config import _may_configure_us

    path = tmp_path / "pyproject.toml"
    path.write_text(content)
    assert _may_configure_us(path) is ours
    assert ("hfcarbon-lint" in tomllib.loads(content).get("tool", {})) is ours  # the prefilter agrees with TOML


def test_colour_follows_no_color_and_force_color(tmp_path: Path) -> None:
    card = str(write_card(tmp_path, BAD))
    assert "\x1b[" not in run_process(card).out  # not a TTY
    assert "\x1b[" in run_process(card, env={"FORCE_COLOR": "1"}).out
    assert "\x1b[" not in run_process(card, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).out
    assert "\x1b[" not in run_process(card, env={"FORCE_COLOR": ""}).out  # set but empty counts as unset
    assert "\x1b[" in run_process("--color", "always", card, env={"NO_COLOR": "1"}).out


def test_stdin_and_python_m(tmp_path: Path) -> None:
    run = run_process("-", "--stdin-filename", "card/README.md", stdin=f"---\n{BAD}---\n".encode())
    assert run.code == 1 and "card/README.md:3:14: HFC013" in run.out


def test_version_and_help() -> None:
    version = run_process("--version")
    assert version.code == 0 and version.out.startswith("hfcarbon-lint ")
    assert run_process("--help").code == 0


def test_rule_command_prints_docs() -> None:
    one = run_process("rule", "HFC013")
    assert one.code == 0 and one.out.startswith("# HFC013 emissions-unit-string") and "Fix: safe" in one.out
    by_name = run_process("rule", "legacy-bare-number")
    assert by_name.code == 0 and "HFC015" in by_name.out
    every = run_process("rule", "--all", "--format", "json")
    assert every.code == 0 and len(json.loads(every.out)) >= 25
    assert run_process("rule", "HFC999").code == 2


def test_github_actions_env_does_not_break_text_users(tmp_path: Path) -> None:
    card = str(write_card(tmp_path, BAD))
    explicit = run_process("--format", "text", card, env={"GITHUB_ACTIONS": "true"})
    assert "HFC013 [*] [emissions-unit-string]" in explicit.out


def test_example_cards_shipped_in_the_repo() -> None:
    assert run_process("examples/model-card/README.md").code == 0
    needs_work = run_process("examples/needs-work/README.md")
    assert needs_work.code == 1 and "HFC013" in needs_work.out
    assert (REPO / "examples" / "model-card" / "README.md").is_file()


def test_label_flag_adds_the_efficiency_label(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    card = str(write_card(tmp_path, "co2_eq_emissions:\n  emissions: 0.1\n  hardware_used: A100\n"))
    run = cli("--label", card)
    assert run.code == 0
    # 0.1 g: index 1,492,000, sqrt 1221.5 > b1 714.7 -> A on emissions, the only attribute known
    assert f"{card}: efficiency label A (emissions A," in run.out
    document = json.loads(cli("--label", "-f", "json", card).out)
    assert document["cards"][0]["label"]["label"] == "A"
    assert json.loads(cli("-f", "json", card).out)["cards"][0]["label"] is None


@pytest.mark.parametrize("spelling", ["./models", "models/", "models//", "./models/."])
def test_a_folder_is_shown_as_pathlib_would_print_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spelling: str
) -> None:
    from pathlib import PurePosixPath

    from hfcarbon_lint.lint.discovery import resolve, tidy_path

    (tmp_path / "models" / "a").mkdir(parents=True)
    (tmp_path / "models" / "a" / "README.md").write_text("---\nlicense: mit\n---\n", encoding="utf-8")
    assert tidy_path(spelling) == str(PurePosixPath(spelling))
    monkeypatch.chdir(tmp_path)
    assert [target.display for target in resolve([spelling])] == ["models/a/README.md"]


def test_an_empty_path_is_no_path(cli) -> None:  # type: ignore[no-untyped-def]
    run = cli("--isolated", "")
    assert run.code == 2
    assert "hfcarbon-lint: : no such file or directory" in run.err


def test_a_folder_with_no_card_warns_and_exits_0(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    (tmp_path / "empty" / "notes.md").write_text("# not a model card\n", encoding="utf-8")
    run = cli(str(tmp_path / "empty"))
    assert run.code == 0
    assert run.out == "Found 0 errors, 0 warnings, 0 info in 0 cards checked.\n"
    assert run.err == (
        f"hfcarbon-lint: warning: no model cards found in {tmp_path / 'empty'} "
        "(looked for README.md, model_card.md, modelcard.md or model-card.md)\n"
    )
    both = cli(str(tmp_path / "empty"), "examples/model-card")  # the warning names the empty one only
    assert both.code == 0 and "in 1 card checked." in both.out and "empty" in both.err


def test_every_human_format_closes_with_the_same_line(cli) -> None:  # type: ignore[no-untyped-def]
    closing = "Found 1 error, 2 warnings, 2 info, 3 fixable with --fix [*] in 2 cards checked.\n"
    for output_format in ("text", "concise"):
        run = cli("--format", output_format, "examples/")
        assert run.out.endswith(closing), output_format
    concise = cli("--format", "concise", "examples/").out.splitlines()
    assert concise[2].startswith("examples/needs-work/README.md:6:14: HFC013 [*] [emissions-unit-string] error:")
    assert cli("--format", "concise", "-q", "examples/").out.count("Found") == 0


def test_o_is_check_s_output_file_and_study_has_only_output(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    report = tmp_path / "report.json"
    run = cli("-o", f"json:{report}", "examples/model-card/README.md")
    assert run.code == 0 and json.loads(report.read_text())["summary"]["cards"] == 1
    study = cli("study", "-o", str(tmp_path / "x.md"), "export.csv")
    assert study.code == 2 and "No such option '-o'" in study.err
