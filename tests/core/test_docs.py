"""The documentation site builds with `mkdocs build --strict`: no broken link, no page left out of the nav.

CI runs the README's test command, so this test is CI building the site.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO

needs_mkdocs = pytest.mark.skipif(
    importlib.util.find_spec("mkdocs") is None or importlib.util.find_spec("material") is None,
    reason="mkdocs and mkdocs-material are not installed (pip install -e '.[docs]')",
)


def without_network() -> list[str]:
    """A command prefix that runs the child with no network at all, where the system allows it."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-rn", "true"], capture_output=True, check=False).returncode == 0:
        return [unshare, "-rn"]  # a new network namespace: loopback only, and down
    return []


def mkdocs_build(site: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # Where no network namespace can be made, at least no proxy that could reach out.
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        environment[name] = "http://127.0.0.1:9"
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(REPO / "mkdocs.yml"), "-d", str(site)]
    return subprocess.run(
        [*without_network(), *command], cwd=REPO, env=environment, capture_output=True, text=True, timeout=300
    )


@needs_mkdocs
def test_the_site_builds_strictly(tmp_path: Path) -> None:
    site = tmp_path / "site"
    built = mkdocs_build(site)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr, built.stderr
    # Every Markdown page became an HTML page, the generated rule pages included.
    for page in (REPO / "docs").rglob("*.md"):
        relative = page.relative_to(REPO / "docs").with_suffix("")
        folder = relative.parent if relative.name == "index" else relative  # foo.md -> foo/index.html
        assert (site / folder / "index.html").is_file(), f"{page} was not built"
    assert "HFC013 emissions-unit-string" in (site / "rules" / "HFC013" / "index.html").read_text(encoding="utf-8")


def test_every_page_is_in_the_nav() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)

    def pages(entries: object) -> list[str]:
        found: list[str] = []
        if isinstance(entries, list):
            for entry in entries:
                found += pages(entry)
        elif isinstance(entries, dict):
            for value in entries.values():
                found += pages(value)
        elif isinstance(entries, str):
            found.append(entries)
        return found

    in_nav = set(pages(config["nav"]))
    on_disk = {page.relative_to(REPO / "docs").as_posix() for page in (REPO / "docs").rglob("*.md")}
    assert on_disk - in_nav == set(), "add these pages to mkdocs.yml's nav"
    assert in_nav - on_disk == set(), "the nav names pages that do not exist"


def test_the_site_needs_no_network_plugin() -> None:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugins = [next(iter(p)) if isinstance(p, dict) else p for p in config.get("plugins", [])]
    assert not {"social", "privacy", "optimize"} & set(plugins)
    assert config["theme"].get("font") == "false", "web fonts would be fetched from Google when the site is read"
    assert "analytics" not in config.get("extra", {})


def test_the_readme_links_to_files_that_exist() -> None:
    # The README is read on GitHub and PyPI, outside the site: mkdocs does not check its links.
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = [t for t in re.findall(r"\]\(([^)\s]+)\)", readme) if "://" not in t]
    assert "docs/usage.md" in targets
    missing = [t for t in targets if not (REPO / t.split("#")[0]).exists()]
    assert missing == []
