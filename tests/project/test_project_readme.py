"""The README says what the project is: its install lines match pyproject.toml, its pre-commit
snippet is docs/pre-commit.md's, every example names the current release, and the feature list
names every command."""

from __future__ import annotations

import re
import tomllib
from typing import Any

from hfcarbon_lint import __version__
from hfcarbon_lint.cli.commands import COMMANDS
from tests.conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
PYPROJECT: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# Extras for the project's own developers, not for users: the README's install section leaves them out.
DEVELOPER_EXTRAS = {"test", "train-test", "docs", "bench"}  # train-test: the training tests' torch, transformers, TRL


def section(text: str, heading: str) -> str:
    start = text.index(f"\n{heading}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else len(text)]


def package_name(requirement: str) -> str:
    """A distribution name, normalised: 'huggingface_hub>=2.4,<3' -> 'huggingface-hub', PyYAML -> pyyaml."""
    found = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement)
    assert found, requirement
    return re.sub(r"[-_.]+", "-", found[0]).lower()


def named(text: str) -> set[str]:
    return {package_name(name.strip()) for name in text.split(",") if name.strip()}


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)


def test_the_install_lines_name_the_core_dependencies_and_every_user_extra() -> None:
    install = section(README, "## Install")
    block = re.search(r"```bash\n(.*?)```", install, re.DOTALL)
    assert block
    lines = block[1].strip().splitlines()
    plain, comment = lines[0].split("#", 1)
    assert plain.split() == ["pip", "install", "hfcarbon-lint"]
    assert named(comment.split(":", 1)[1]) == {package_name(d) for d in PYPROJECT["project"]["dependencies"]}

    extras: dict[str, set[str]] = {}
    for line in lines[1:]:  # pip install 'hfcarbon-lint[track]'   # + ... (CodeCarbon)
        found = re.fullmatch(r"pip install 'hfcarbon-lint\[(\w+)\]'\s+# \+ .*\((.+)\)", line.strip())
        assert found, line
        extras[found[1]] = named(found[2])
    others = install[install.index("Other extras:") :].split("\n\n", 1)[0]
    for name, packages in re.findall(r"`(\w+)`\s+\(([^)]*)\)", others):
        extras[name] = named(packages)
    declared = PYPROJECT["project"]["optional-dependencies"]
    assert declared["hub"] == [], "the hub extra is kept, empty: huggingface_hub is a core dependency"
    assert "The `hub` extra is kept, empty" in others
    user_extras = set(declared) - DEVELOPER_EXTRAS - {"hub"}
    assert set(extras) == user_extras
    for name, packages in extras.items():
        assert packages == {package_name(d) for d in declared[name]}, name
    assert "hfcarbon-lint[hub]'" not in README.replace("`hfcarbon-lint[hub]`", "")  # no line tells a user to install it


def test_the_readme_hook_snippet_is_the_one_docs_pre_commit_explains() -> None:
    readme_snippet = next(block for block in yaml_blocks(README) if "rev:" in block)
    docs_snippet = yaml_blocks((REPO / "docs" / "pre-commit.md").read_text(encoding="utf-8"))[0]
    assert readme_snippet == docs_snippet
    revs = re.findall(r"^\s+rev: (\S+)", readme_snippet, re.MULTILINE)
    assert revs == [f"v{__version__}"]
    hook_ids = re.findall(r"id: ([\w-]+)", readme_snippet)
    defined = re.findall(
        r"^- id: ([\w-]+)", (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"), re.MULTILINE
    )
    assert hook_ids == defined


def test_every_release_reference_names_the_current_version() -> None:
    """docs/development.md's Releasing section lists the files whose rev / @v examples a release updates."""
    files = [REPO / "README.md", REPO / "action.yml", *sorted((REPO / "docs").glob("*.md"))]
    files += sorted((REPO / "examples" / "workflows").glob("*.yml"))
    seen = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        references = re.findall(r"hfcarbon-lint/hfcarbon-lint@(\S+?)[\s}`]", text) + re.findall(r"rev: (v\S+)", text)
        references += re.findall(r"/blob/(v[^/]+)/", text)  # SARIF's rule links point at the release's docs
        for reference in (r for r in references if r != "vX.Y.Z"):  # the Releasing section's placeholder
            seen += 1
            assert reference == f"v{__version__}", (path.name, reference)
    assert seen >= 6  # README (rev, @v), docs/pre-commit.md, docs/github-actions.md, both example workflows


def test_the_feature_list_names_every_command() -> None:
    features = section(README, "## Why")
    for command in set(COMMANDS) - {"check", "rule"}:  # check is the tool itself; rule prints the rules' docs
        assert f"`{command}`" in features, command
    for command in COMMANDS:
        assert f"`{command}`" in README or f"hfcarbon-lint {command}" in README, command


def test_the_readme_names_the_licence_file_and_the_changelog() -> None:
    licence = section(README, "## Licence")
    assert "Apache-2.0" in licence and "[LICENSE](LICENSE)" in licence
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    assert "[CHANGELOG.md](CHANGELOG.md)" in README
    assert (REPO / "LICENSE").is_file() and (REPO / "CHANGELOG.md").is_file()
