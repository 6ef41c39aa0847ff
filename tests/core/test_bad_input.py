"""Every input, however broken, ends in a located diagnostic or a one-line error; check never writes.

Each case runs the real CLI in a child process with a timeout, so a hang fails the test.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import run_process


def alias_bomb() -> bytes:
    lines = ["---", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        previous = chr(ord("a") + i - 1)
        name = chr(ord("a") + i)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    lines += ["co2_eq_emissions: *j", "---", ""]
    return "\n".join(lines).encode()


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty file": (lambda: b"", "HFC010"),
    "binary": (lambda: bytes(range(256)) * 4, "HFC005"),
    "invalid utf-8": (lambda: b"---\nlicense: mit\nco2_eq_emissions: \xff\xfe\n---\n", "HFC005"),
    "utf-16": (lambda: "---\nlicense: mit\n---\n".encode("utf-16"), "HFC005"),
    "unterminated front matter": (lambda: b"---\nlicense: mit\nco2_eq_emissions: 3\n", "HFC001"),
    "alias bomb": (alias_bomb, "HFC011"),
    "deep flow nesting": (lambda: b"---\nco2_eq_emissions: " + b"[" * 50_000 + b"]" * 50_000 + b"\n---\n", "HFC001"),
    "deep block nesting": (
        lambda: b"---\n" + b"".join(b" " * i + b"k:\n" for i in range(0, 3000, 1)) + b"---\n",
        "HFC001",
    ),
    "garbage yaml": (lambda: b"---\n@#$@%@#\n---\n", "HFC001"),
    "front matter is a string": (lambda: b"---\njust a string\n---\n", "HFC001"),
    "control characters": (lambda: b"---\nlicense: mit\x07\n---\n", "HFC001"),
    "tags of the wrong type": (lambda: b"---\ntags: 3\nco2_eq_emissions: {emissions: .nan}\n---\n", "HFC012"),
    "python object tag": (lambda: b"---\nco2_eq_emissions: !!python/object:os.system ls\n---\n", "HFC001"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_broken_input_gets_a_located_answer(name: str, tmp_path: Path) -> None:
    make, code = CASES[name]
    card = tmp_path / "README.md"
    data = make()
    card.write_bytes(data)
    before = hashlib.sha256(card.read_bytes()).hexdigest()
    run = run_process(str(card), timeout=60)
    assert "Traceback" not in run.err and "Traceback" not in run.out
    assert run.code in (0, 1)
    assert f": {code} " in run.out, run.out
    assert hashlib.sha256(card.read_bytes()).hexdigest() == before  # check never writes


def test_fifty_megabyte_card_is_too_large_not_read(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    with card.open("wb") as handle:
        handle.write(b"---\nco2_eq_emissions:\n  emissions: 12\n  hardware_used: A100\n---\n")
        line = b"Lorem ipsum dolor sit amet, hardware is fine, carbon emitted elsewhere.\n"
        handle.write(line * (50 * 1024 * 1024 // len(line)))
    run = run_process(str(card), "-q", timeout=120)
    assert run.code == 1 and "Traceback" not in run.err
    assert "HFC006 [card-too-large]" in run.out and ":1:1:" in run.out


def test_huge_front_matter_is_refused_not_parsed(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_bytes(b"---\n" + b"".join(b"key%d: value\n" % i for i in range(120_000)) + b"---\n")
    run = run_process(str(card), timeout=60)
    assert run.code == 1 and "HFC001" in run.out and "parses at most" in run.out


def test_directory_named_like_a_card_and_unreadable_file(tmp_path: Path) -> None:
    folder = tmp_path / "README.md"
    folder.mkdir()
    locked = tmp_path / "locked" / "README.md"
    locked.parent.mkdir()
    locked.write_text("---\nco2_eq_emissions: 3\n---\n")
    locked.chmod(0)
    try:
        run = run_process(str(locked), timeout=60)
        if os.geteuid() != 0:  # root reads anything
            assert run.code == 2 and run.err.startswith(f"hfcarbon-lint: {locked}: ")
        assert "Traceback" not in run.err
    finally:
        locked.chmod(0o644)


def test_alias_bomb_inside_a_context_field(tmp_path: Path) -> None:
    bomb = (
        alias_bomb().decode().replace("co2_eq_emissions: *j", "co2_eq_emissions:\n  emissions: 3\n  hardware_used: *j")
    )
    card = tmp_path / "README.md"
    card.write_text(bomb)
    run = run_process(str(card), "-f", "json", timeout=60)
    assert run.code == 1 and "HFC011" in run.out


@pytest.mark.parametrize(
    "value",
    ["1.1e32815143214785873", "9" * 5000, "1e400", '"1e9999 kg"', "1.5e-99999999", "'0." + "0" * 6000 + "1 g'"],
)
def test_absurd_numbers_are_answered_quickly(value: str, tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_text(f"---\nco2_eq_emissions:\n  emissions: {value}\n---\n")
    run = run_process(str(card), timeout=60)
    assert run.code == 1 and "Traceback" not in run.err


def test_control_character_with_a_tab_is_located(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_bytes(b"---\nlicense:\tmit\nco2_eq_emissions: 3\x1a\n---\n")
    run = run_process(str(card), timeout=60)
    assert run.code == 1 and ": HFC001 " in run.out and "Traceback" not in run.err
