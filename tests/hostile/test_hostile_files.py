"""Odd files, made for real in temporary folders: symlinks, hard links, read-only and foreign-owned
cards, FIFOs, devices, huge files, and cards that change on disk while --fix works on them."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hfcarbon_lint.base.files import MAX_CARD_SIZE, NotRegularFile, read_card, read_stream
from hfcarbon_lint.editing.textedit import ChangedOnDisk, ReadOnlyCard, atomic_write
from tests.conftest import REPO, run_process
from tests.tracking.csv_samples import HEADER_2X, ROW_2X, csv_text

FIXABLE = b"---\nco2_eq_emissions:\n  emissions: '12'\n---\n# Model\n"  # HFC014: a quoted number, safe fix
FIXED = b"---\nco2_eq_emissions:\n  emissions: 12\n---\n# Model\n"
CLEAN = b"---\nlicense: mit\n---\n# Model\n"

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="chown to another user needs root")


def card_in(folder: Path, data: bytes = FIXABLE, name: str = "README.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


# --- identity of files ---------------------------------------------------------------------------


def test_fix_through_a_symlink_edits_the_target_and_keeps_the_link(tmp_path: Path) -> None:
    target = card_in(tmp_path / "real", name="card.md")
    link = tmp_path / "repo" / "README.md"
    link.parent.mkdir()
    link.symlink_to(target)
    run = run_process("check", "--fix", str(tmp_path / "repo"))
    assert "Fixed 1 finding" in run.err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() == FIXED
    assert not [p for p in (tmp_path / "repo").iterdir() if p.name != "README.md"]  # no temp file left


def test_fix_through_a_relative_symlink_chain(tmp_path: Path) -> None:
    target = card_in(tmp_path / "a", name="card.md")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "middle.md").symlink_to(Path("..") / "a" / "card.md")
    (tmp_path / "b" / "README.md").symlink_to("middle.md")
    run_process("check", "--fix", str(tmp_path / "b" / "README.md"))
    assert (tmp_path / "b" / "README.md").is_symlink() and (tmp_path / "b" / "middle.md").is_symlink()
    assert target.read_bytes() == FIXED


def test_fix_keeps_mode(tmp_path: Path) -> None:
    card = card_in(tmp_path)
    card.chmod(0o640)
    run_process("check", "--fix", str(card))
    assert card.read_bytes() == FIXED
    assert stat.S_IMODE(card.stat().st_mode) == 0o640


@needs_root
def test_root_fixing_another_users_card_keeps_its_owner_and_group(tmp_path: Path) -> None:
    card = card_in(tmp_path)
    os.chown(card, 65534, 65534)
    card.chmod(0o664)
    run = run_process("check", "--fix", str(card))
    assert "Fixed 1 finding" in run.err
    status = card.stat()
    assert (status.st_uid, status.st_gid) == (65534, 65534)
    assert stat.S_IMODE(status.st_mode) == 0o664
    assert card.read_bytes() == FIXED


def test_hard_linked_card_is_edited_in_place_so_every_link_sees_it(tmp_path: Path) -> None:
    card = card_in(tmp_path / "one")
    other = tmp_path / "two" / "README.md"
    other.parent.mkdir()
    os.link(card, other)
    inode = card.stat().st_ino
    run = run_process("check", "--fix", str(card))
    assert "Fixed 1 finding" in run.err
    assert card.stat().st_ino == inode and card.stat().st_nlink == 2
    assert other.read_bytes() == FIXED == card.read_bytes()
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == ["README.md"]  # the backup is gone


def test_read_only_card_is_reported_and_not_rewritten(tmp_path: Path) -> None:
    card = card_in(tmp_path)
    card.chmod(0o444)
    inode = card.stat().st_ino
    run = run_process("check", "--fix", str(card))
    assert f"hfcarbon-lint: note: {card}: read-only: not fixed" in run.err
    assert "Fixed" not in run.err
    assert card.read_bytes() == FIXABLE and card.stat().st_ino == inode
    assert stat.S_IMODE(card.stat().st_mode) == 0o444
    assert "HFC014" in run.out  # the finding is still reported
    assert run.code == 1


def test_read_only_card_is_refused_by_the_writer_even_for_root(tmp_path: Path) -> None:
    card = card_in(tmp_path)
    card.chmod(0o444)
    with pytest.raises(ReadOnlyCard):
        atomic_write(card, FIXED, expected=FIXABLE)
    assert card.read_bytes() == FIXABLE


def test_writer_refuses_a_card_changed_since_it_was_read(tmp_path: Path) -> None:
    card = card_in(tmp_path)
    card.write_bytes(CLEAN)  # someone else wrote it after we read FIXABLE
    with pytest.raises(ChangedOnDisk):
        atomic_write(card, FIXED, expected=FIXABLE)
    assert card.read_bytes() == CLEAN


def test_writer_refuses_a_card_deleted_since_it_was_read(tmp_path: Path) -> None:
    card = card_in(tmp_path)
    card.unlink()
    with pytest.raises(ChangedOnDisk):
        atomic_write(card, FIXED, expected=FIXABLE)
    assert not card.exists()


def test_fix_rereads_and_refixes_a_card_changed_while_it_was_fixed(tmp_path: Path) -> None:
    """The card changes between the read and the write: the write is refused, the new text is fixed."""
    from hfcarbon_lint.app import check as runner
    from hfcarbon_lint.app.check import CheckOptions, run_check
    from hfcarbon_lint.lint.engine import LintSettings

    card = card_in(tmp_path)
    changed = b"---\nco2_eq_emissions:\n  emissions: '34'\n---\n# Someone else's edit\n"
    real_read = runner.read_card
    calls = []

    def read_then_change(path: str, limit: int) -> bytes:
        data = real_read(path, limit)
        calls.append(data)
        if len(calls) == 1:
            Path(path).write_bytes(changed)  # another process writes right after our read
        return data

    import io

    runner.read_card = read_then_change  # type: ignore[assignment]
    try:
        out, err = io.StringIO(), io.StringIO()
        run_check(CheckOptions((str(card),), LintSettings(), fix=True), out, err)
    finally:
        runner.read_card = real_read  # type: ignore[assignment]
    assert len(calls) == 2
    assert card.read_bytes() == b"---\nco2_eq_emissions:\n  emissions: 34\n---\n# Someone else's edit\n"


def test_two_fix_processes_on_the_same_cards_lose_no_fix(tmp_path: Path) -> None:
    """Two --fix runs at once, each fixing a different finding: every card ends with both fixes.

    A blind overwrite would keep only the fix of whichever process wrote last.
    """
    both = b"---\nco2_eq_emissions:\n  emissions: '12'\n  source: 1e3\n---\n# Model\n"
    cards = [card_in(tmp_path / f"m{i:02d}", both) for i in range(60)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-m", "hfcarbon_lint", "check", "--fix", "-q", "-j", "1", "--select", code, str(tmp_path)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for code in ("HFC003", "HFC014")
    ]
    for process in processes:
        _, err = process.communicate(timeout=120)
        assert b"Traceback" not in err
    expected = b"---\nco2_eq_emissions:\n  emissions: 12\n  source: 1000.0\n---\n# Model\n"
    assert [card.read_bytes() for card in cards] == [expected] * len(cards)
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith((".tmp", ".bak"))]


# --- only regular files, bounded size ---------------------------------------------------------


def test_folder_walk_skips_a_fifo_with_a_note_and_checks_the_rest(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    os.mkfifo(tmp_path / "a" / "README.md")
    card_in(tmp_path / "b")
    run = run_process("check", "-f", "concise", str(tmp_path), timeout=60)
    assert f"note: {tmp_path / 'a' / 'README.md'}: a FIFO, not a regular file: skipped" in run.err
    assert "b/README.md:3:14: HFC014" in run.out
    assert run.code == 1


def test_folder_walk_skips_dangling_and_looping_symlinks_with_a_note(tmp_path: Path) -> None:
    (tmp_path / "dangling").mkdir()
    (tmp_path / "dangling" / "README.md").symlink_to(tmp_path / "nowhere.md")
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "README.md").symlink_to("README.md")
    card_in(tmp_path / "b")
    run = run_process("check", "-f", "concise", str(tmp_path), timeout=60)
    assert f"note: {tmp_path / 'dangling' / 'README.md'}: a dangling symbolic link: skipped" in run.err
    assert f"note: {tmp_path / 'loop' / 'README.md'}: a symbolic link loop: skipped" in run.err
    assert "No such file" not in run.err and "Too many levels" not in run.err
    assert "b/README.md:3:14: HFC014" in run.out
    assert run.code == 1  # as with a FIFO: the findings decide, the skipped links are notes
    named = run_process("check", str(tmp_path / "dangling" / "README.md"), timeout=60)
    assert named.code == 2 and "README.md: no such file or directory" in named.err


def test_a_named_fifo_is_an_error_for_that_target_only(tmp_path: Path) -> None:
    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    good = card_in(tmp_path / "ok")
    run = run_process("check", "-f", "concise", str(fifo), str(good), timeout=60)
    assert f"hfcarbon-lint: {fifo}: a FIFO, not a regular file: not read" in run.err
    assert "ok/README.md:3:14: HFC014" in run.out
    assert run.code == 2


def test_fix_never_opens_a_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "README.md")
    run = run_process("check", "--fix", str(tmp_path / "README.md"), timeout=60)
    assert run.code == 2 and "a FIFO" in run.err


def test_a_card_linked_to_dev_zero_is_skipped_in_a_walk(tmp_path: Path) -> None:
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / "README.md").symlink_to("/dev/zero")
    run = run_process("check", str(tmp_path), timeout=60)
    assert "a character device, not a regular file: skipped" in run.err
    assert run.code == 0


def test_reader_refuses_a_fifo_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "README.md"
    os.mkfifo(fifo)
    with pytest.raises(NotRegularFile, match="a FIFO"):
        read_card(fifo)


def test_reader_reads_at_most_one_byte_past_the_limit(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    card.write_bytes(b"x" * 5000)
    assert len(read_card(card, limit=100)) == 101
    assert len(read_card(card, limit=10_000)) == 5000
    with open("/dev/zero", "rb") as zero:
        assert len(read_stream(zero, limit=3 * 1024 * 1024)) == 3 * 1024 * 1024 + 1


def test_stdin_from_dev_zero_is_a_too_large_card() -> None:
    with open("/dev/zero", "rb") as zero:
        completed = subprocess.run(
            [sys.executable, "-m", "hfcarbon_lint", "check", "-f", "concise", "-"],
            stdin=zero,
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            timeout=120,
        )
    assert completed.returncode == 1
    assert b"-:1:1: HFC006 [card-too-large]" in completed.stdout


def test_huge_card_with_unclosed_front_matter_is_too_large(tmp_path: Path) -> None:
    card = tmp_path / "README.md"
    with card.open("wb") as handle:
        handle.write(b"---\n")
        handle.write(b"key: value\n" * (MAX_CARD_SIZE // 11 + 10))
    run = run_process("check", "-f", "json", str(card))
    assert run.code == 1
    assert '"code": "HFC006"' in run.out


def test_max_card_size_is_configurable(tmp_path: Path) -> None:
    card = card_in(tmp_path, CLEAN + b"x" * 2000)
    (tmp_path / ".hfcarbon-lint.toml").write_text("max-card-size = 1000\n")
    run = run_process("check", "-f", "concise", "README.md", cwd=tmp_path)
    assert "README.md:1:1: HFC006 [card-too-large] error: the card is larger than 1,000 bytes" in run.out
    (tmp_path / ".hfcarbon-lint.toml").write_text("max-card-size = 0\n")
    run = run_process("check", "README.md", cwd=tmp_path)
    assert run.code == 2 and "max-card-size must be a positive number of bytes" in run.err
    assert card.exists()


def test_track_fill_keeps_a_symlinked_card_a_symlink(tmp_path: Path) -> None:
    target = card_in(tmp_path / "real", CLEAN, name="card.md")
    link = tmp_path / "README.md"
    link.symlink_to(target)
    csv_path = tmp_path / "emissions.csv"
    csv_path.write_text(csv_text(HEADER_2X, ROW_2X), encoding="utf-8")  # a real CodeCarbon 2.x row
    run = run_process("fill", "--from-codecarbon", str(csv_path), "--card", str(link))
    assert run.code in (0, 1), run.err
    assert link.is_symlink()
    assert b"co2_eq_emissions" in target.read_bytes()


def test_fill_refuses_a_read_only_card(tmp_path: Path) -> None:
    card = card_in(tmp_path, CLEAN)
    card.chmod(0o444)
    csv_path = tmp_path / "emissions.csv"
    csv_path.write_text(csv_text(HEADER_2X, ROW_2X), encoding="utf-8")
    run = run_process("fill", "--from-codecarbon", str(csv_path), "--card", str(card))
    assert run.code == 2
    assert "read-only" in run.err
    assert card.read_bytes() == CLEAN


def test_the_environment_limit_applies_when_the_config_says_nothing(tmp_path: Path) -> None:
    card_in(tmp_path, CLEAN + b"x" * 2000)
    run = run_process("check", "-f", "concise", "README.md", cwd=tmp_path, env={"HFCARBON_LINT_MAX_CARD_BYTES": "500"})
    assert "README.md:1:1: HFC006 [card-too-large] error: the card is larger than 500 bytes" in run.out


@needs_root
def test_when_the_owner_cannot_be_kept_the_card_is_rewritten_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A non-root user may edit another user's group-writable card but cannot chown a new file to
    that user: simulated by chown failing as it does then (EPERM), the card is rewritten in place."""
    card = card_in(tmp_path)
    os.chown(card, 65534, 65534)
    inode = card.stat().st_ino

    def refuse(*_: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "chown", refuse)
    atomic_write(card, FIXED, expected=FIXABLE)
    status = card.stat()
    assert card.read_bytes() == FIXED and status.st_ino == inode
    assert (status.st_uid, status.st_gid) == (65534, 65534)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["README.md"]
