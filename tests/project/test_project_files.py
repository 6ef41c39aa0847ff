"""The files an open-source Python project carries: the licence pyproject.toml names, word for word;
a changelog in the Keep a Changelog form whose newest release is the package's version; and a
built sdist and wheel that carry both and say which Python they need."""

from __future__ import annotations

import datetime
import hashlib
import itertools
import re
import tarfile
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path
from typing import Any

import pytest

from hfcarbon_lint import __version__
from tests.conftest import REPO

PYPROJECT: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
# The Apache License 2.0 exactly as the ASF publishes it (LICENSE-2.0.txt, 11,358 bytes): the same
# digest as the copies in tornado, trio, sniffio or s3transfer. A licence file must not be retyped.
APACHE_2_SHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"
CHANGELOG = REPO / "CHANGELOG.md"
SECTIONS = ("Added", "Changed", "Deprecated", "Removed", "Fixed", "Security")  # Keep a Changelog's, in its order
RELEASE = re.compile(r"^## \[(\d+\.\d+\.\d+)\] - (\d{4}-\d{2}-\d{2})$", re.MULTILINE)


def test_the_licence_is_the_apache_2_text_word_for_word() -> None:
    assert PYPROJECT["project"]["license"] == "Apache-2.0"
    text = (REPO / "LICENSE").read_bytes()
    assert hashlib.sha256(text).hexdigest() == APACHE_2_SHA256
    assert b"Apache License\n                           Version 2.0, January 2004" in text


def releases() -> list[tuple[str, str, str]]:
    """(version, date, body) of every release heading, newest first as written."""
    text = CHANGELOG.read_text(encoding="utf-8")
    found = list(RELEASE.finditer(text))
    bodies = [
        text[m.end() : (found[i + 1].start() if i + 1 < len(found) else text.find("\n[", m.end()))]
        for i, m in enumerate(found)
    ]
    return [(m[1], m[2], body) for m, body in zip(found, bodies, strict=True)]


def test_the_changelog_follows_keep_a_changelog() -> None:
    text = CHANGELOG.read_text(encoding="utf-8")
    assert text.startswith("# Changelog\n")
    assert "https://keepachangelog.com/en/1.1.0/" in text and "https://semver.org/spec/v2.0.0.html" in text
    headings = re.findall(r"^## .*$", text, re.MULTILINE)
    assert headings[0] == "## [Unreleased]"
    found = releases()
    assert len(headings) == len(found) + 1, "every heading after Unreleased is '## [X.Y.Z] - YYYY-MM-DD'"
    versions = [tuple(int(part) for part in version.split(".")) for version, _, _ in found]
    assert versions == sorted(versions, reverse=True) and len(set(versions)) == len(versions)
    dates = [datetime.date.fromisoformat(date) for _, date, _ in found]
    assert dates == sorted(dates, reverse=True)
    for version, _, body in found:
        sections = re.findall(r"^### (.*)$", body, re.MULTILINE)
        assert sections, f"{version} says nothing"
        assert all(name in SECTIONS for name in sections), (version, sections)
        assert sections == sorted(sections, key=SECTIONS.index), (version, sections)  # in the form's order
        for name in sections:  # no empty section
            entries = body.split(f"### {name}\n", 1)[1].split("\n### ", 1)[0]
            assert re.search(r"^- \S", entries, re.MULTILINE), (version, name)


def test_the_newest_release_is_the_package_version_and_every_release_has_its_link() -> None:
    found = releases()
    assert found[0][0] == __version__
    assert found[-1][0] == "0.1.0"
    text = CHANGELOG.read_text(encoding="utf-8")
    links = dict(re.findall(r"^\[([^\]]+)\]: (\S+)$", text, re.MULTILINE))
    base = "https://github.com/hfcarbon-lint/hfcarbon-lint"
    assert links["Unreleased"] == f"{base}/compare/v{__version__}...HEAD"
    for (version, _, _), (older, _, _) in itertools.pairwise(found):
        assert links[version] == f"{base}/compare/v{older}...v{version}"
    assert links[found[-1][0]] == f"{base}/releases/tag/v{found[-1][0]}"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A real sdist and wheel, built by hatchling (the build backend) in this process."""
    wheel_builder = pytest.importorskip("hatchling.builders.wheel")
    sdist_builder = pytest.importorskip("hatchling.builders.sdist")
    folder = tmp_path_factory.mktemp("dist")
    wheel = Path(next(wheel_builder.WheelBuilder(str(REPO)).build(directory=str(folder), versions=["standard"])))
    sdist = Path(next(sdist_builder.SdistBuilder(str(REPO)).build(directory=str(folder), versions=["standard"])))
    return sdist, wheel


def test_the_wheel_carries_the_licence_and_says_which_python_it_needs(built: tuple[Path, Path]) -> None:
    _, wheel = built
    assert wheel.name == f"hfcarbon_lint-{__version__}-py3-none-any.whl"
    info = f"hfcarbon_lint-{__version__}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        assert archive.read(f"{info}/licenses/LICENSE") == (REPO / "LICENSE").read_bytes()
        metadata = HeaderParser().parsestr(archive.read(f"{info}/METADATA").decode("utf-8"))
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "Apache-2.0"
    assert metadata.get_all("License-File") == ["LICENSE"]
    assert metadata["Requires-Python"] == PYPROJECT["project"]["requires-python"]


def test_the_sdist_carries_the_licence_the_changelog_and_what_its_tests_need(built: tuple[Path, Path]) -> None:
    sdist, _ = built
    top = f"hfcarbon_lint-{__version__}"
    assert sdist.name == f"{top}.tar.gz"
    with tarfile.open(sdist) as archive:
        names = set(archive.getnames())
        licence = archive.extractfile(f"{top}/LICENSE")
        assert licence is not None and licence.read() == (REPO / "LICENSE").read_bytes()
    for name in ("CHANGELOG.md", "README.md", "pyproject.toml", "PKG-INFO", "hfcarbon_lint/__init__.py"):
        assert f"{top}/{name}" in names, name
