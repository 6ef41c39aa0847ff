"""A real virtual environment with only the core dependencies: every optional library is absent.

The environment is built from this test run's own installed distributions (symlinked into a fresh
``python -m venv`` site-packages), so it is quick and offline; what is not a core dependency of
hfcarbon-lint is simply not there, as after ``pip install hfcarbon-lint``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

from tests.conftest import REPO, Run

OPTIONAL = ("codecarbon", "numpy", "scipy", "statsmodels", "matplotlib", "pycountry", "pyarrow")


def _requirement_names(distribution: str) -> set[str]:
    """The distributions ``distribution`` needs, markers evaluated, extras left out (what pip would install)."""
    from packaging.requirements import Requirement

    needed: set[str] = set()
    for line in metadata.requires(distribution) or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
            needed.add(requirement.name)
    return needed


def _closure() -> set[str]:
    """hfcarbon-lint's core dependencies as this checkout's pyproject.toml names them, and theirs."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    seen: set[str] = set()
    todo = [
        requirement.name
        for requirement in map(Requirement, project["dependencies"])
        if requirement.marker is None or requirement.marker.evaluate({"extra": ""})
    ]
    while todo:
        name = todo.pop()
        key = re.sub(r"[-_.]+", "-", name).lower()
        if key in seen:
            continue
        seen.add(key)
        try:
            todo.extend(_requirement_names(name))
        except metadata.PackageNotFoundError:
            continue  # e.g. a stdlib backport this Python does not need
    return seen


@pytest.fixture(scope="module")
def core_python(tmp_path_factory: pytest.TempPathFactory) -> Path:
    venv = tmp_path_factory.mktemp("core-only") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site_packages = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True, text=True, check=True, timeout=60,
        ).stdout.strip()
    )  # fmt: skip
    wanted = _closure()
    linked: set[str] = set()
    for distribution in metadata.distributions():
        key = re.sub(r"[-_.]+", "-", distribution.metadata["Name"]).lower()
        if key not in wanted:
            continue
        for file in distribution.files or []:
            top = file.parts[0]
            source = Path(str(distribution.locate_file(top)))
            if top in linked or top.endswith(".pth") or ".." in file.parts or not source.exists():
                continue
            (site_packages / top).symlink_to(source)
            linked.add(top)
    (site_packages / "hfcarbon_lint_checkout.pth").write_text(str(REPO) + "\n")
    return python


def run_core(python: Path, *args: str, cwd: Path) -> Run:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GITHUB_ACTIONS", "FORCE_COLOR")}
    env["HF_HUB_OFFLINE"] = "1"
    done = subprocess.run(
        [str(python), "-m", "hfcarbon_lint", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )
    return Run(done.returncode, done.stdout, done.stderr)


def test_the_environment_has_the_core_and_none_of_the_extras(core_python: Path, tmp_path: Path) -> None:
    probe = "import importlib.util as u, sys; print([m for m in sys.argv[1:] if u.find_spec(m)])"
    found = subprocess.run(
        [str(core_python), "-c", probe, "huggingface_hub", "click", "yaml", "jsonschema", *OPTIONAL],
        capture_output=True, text=True, check=True, timeout=60, cwd=tmp_path,
    ).stdout  # fmt: skip
    assert found.strip() == "['huggingface_hub', 'click', 'yaml', 'jsonschema']"


def test_a_local_check_and_a_remote_id_need_no_extra(core_python: Path, tmp_path: Path) -> None:
    local = run_core(core_python, str(REPO / "examples" / "model-card" / "README.md"), cwd=tmp_path)
    assert local.code == 0, local.err
    remote = run_core(core_python, "--offline", "openai-community/gpt2", cwd=tmp_path)
    assert "internal error" not in remote.err and "ModuleNotFoundError" not in remote.err
    assert remote.code == 2 and "offline" in remote.err  # not cached: a one-line Hub error, not a missing library


@pytest.mark.parametrize(
    ("args", "extra", "module"),
    [
        (("track", "--card", "README.md", "--dry-run", "--", sys.executable, "-c", "pass"), "track", "codecarbon"),
        (("study", "{export}"), "study", "numpy"),
        (("audit", "--from-parquet", "{export}"), "parquet", "pyarrow"),
    ],
)
def test_a_command_without_its_extra_names_the_extra(
    core_python: Path, tmp_path: Path, args: tuple[str, ...], extra: str, module: str
) -> None:
    export = tmp_path / "export.csv"
    export.write_text("modelId,co2_eq_emissions\na/b,1\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("---\nlicense: mit\n---\n# card\n", encoding="utf-8")
    run = run_core(core_python, *(a.format(export=export) for a in args), cwd=tmp_path)
    assert run.code == 2, run.out + run.err
    assert f"pip install 'hfcarbon-lint[{extra}]'" in run.err
    assert module in run.err and "Traceback" not in run.err and "internal error" not in run.err
    assert len(run.err.strip().splitlines()) == 1


GERMAN_CARD = """---
co2_eq_emissions:
  emissions: 5.6
  geographical_location: Germany
  hardware_used: NVIDIA A100-SXM4-40GB
  hours_used: 36
---
"""
ESTIMATE = ("estimate", "--hardware", "1 x T4", "--hours", "10")


def test_estimate_without_codecarbon_names_the_extra_not_the_input(core_python: Path, tmp_path: Path) -> None:
    for place in ("Germany", "Brooklyn, NY, USA", "us-east-1"):
        run = run_core(core_python, *ESTIMATE, "--location", place, cwd=tmp_path)
        assert run.code == 2 and run.out == ""
        assert run.err.strip().splitlines() == [
            "hfcarbon-lint: grid intensities come from CodeCarbon's tables: pip install 'hfcarbon-lint[track]', "
            "or pass --grid-intensity G_PER_KWH"
        ]


def test_estimate_with_a_given_intensity_reads_countries_in_a_core_install(core_python: Path, tmp_path: Path) -> None:
    # Country names ship with the package (grid/data/countries.json): no extra is needed to read them.
    run = run_core(core_python, *ESTIMATE, "--location", "Germany", "--grid-intensity", "300", cwd=tmp_path)
    assert run.code == 0, run.err
    assert "  location   'Germany': Germany" in run.out.splitlines()
    assert "  grid       300 g CO2eq/kWh: given with --grid-intensity" in run.out.splitlines()
    # A state alone needs ISO 3166-2 (pycountry): that extra is named, the place is not blamed.
    state = run_core(core_python, *ESTIMATE, "--location", "Quebec", "--grid-intensity", "30", cwd=tmp_path)
    assert state.code == 2
    assert "pip install 'hfcarbon-lint[plausibility]'" in state.err and len(state.err.strip().splitlines()) == 1


def test_hfc062_without_codecarbon_names_the_extra_not_the_input(core_python: Path, tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(GERMAN_CARD, encoding="utf-8")
    run = run_core(core_python, "--select", "HFC06", "--format", "concise", str(card), cwd=tmp_path)
    assert "gives no country" not in run.out and "names no country" not in run.out
    [line] = [line for line in run.out.splitlines() if "HFC06" in line]
    assert "HFC062" in line
    assert "on the world-average grid (475 g/kWh; grid figures need CodeCarbon: pip install 'hfcarbon-lint[track]')" in line
