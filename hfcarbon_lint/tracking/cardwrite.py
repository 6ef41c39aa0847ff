"""Write ``co2_eq_emissions`` fields into a card and check the result: shared by ``track``, ``fill`` and ``estimate``.

Only the ``co2_eq_emissions`` block changes (the byte-preserving editor in
``editing/carbon_block.py``), written atomically; the card is then checked at once and
the verdict reported. What happens is told through a :class:`Notes` (the CLI prints it
to stderr); nothing here prints.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hfcarbon_lint.base.diagnostics import Severity
from hfcarbon_lint.base.escaping import visible
from hfcarbon_lint.base.files import MAX_CARD_SIZE, read_card
from hfcarbon_lint.editing.carbon_block import CardEditError, edit_card_bytes, plan_carbon_fields, yaml_scalar
from hfcarbon_lint.editing.textedit import WRITE_ATTEMPTS, ChangedOnDisk, atomic_write
from hfcarbon_lint.lint.engine import LintSettings, lint_bytes
from hfcarbon_lint.parsing.card import SPEC_KEYS
from hfcarbon_lint.parsing.source import SourceText, UnreadableCard


def _ignore(_: str) -> None:
    return None


@dataclass(frozen=True, slots=True)
class Notes:
    """Where a command's messages go: a note, a detail line under it, and a ``--dry-run`` diff."""

    say: Callable[[str], None] = _ignore
    detail: Callable[[str], None] = _ignore
    diff: Callable[[str], None] = _ignore


@dataclass(frozen=True, slots=True)
class WriteResult:
    """What :func:`write_fields` did: written (or would be, in a dry run), and whether the check is clean."""

    written: bool
    clean: bool
    reporting_level: int | None = None


def card_problem(card: Path) -> str | None:
    """Why the card could not be written at all, checked before anything runs."""
    if card.is_dir():
        return f"{card} is a folder; --card takes the card file (e.g. {card / 'README.md'})"
    if not card.exists():
        parent = card.parent if str(card.parent) else Path(".")
        return None if parent.is_dir() else f"cannot create {card}: no folder {parent}"
    try:
        source = SourceText.from_bytes(str(card), read_card_bytes(card))
        # every spec key, so a card the write would refuse (two misspellings of one key) is refused now
        plan_carbon_fields(source, dict.fromkeys(SPEC_KEYS, "x") | {"emissions": 1.0}, overwrite=False)
    except OSError as exc:
        return f"cannot read {card}: {exc.strerror or exc}"
    except UnreadableCard as exc:
        return f"{card}: {exc.message}"
    except CardEditError as exc:
        return f"{card}: {exc}"
    return None


def read_card_bytes(card: Path) -> bytes:
    """The card's bytes: a regular file only (a FIFO would block), no larger than the size limit."""
    raw = read_card(card, MAX_CARD_SIZE)
    if len(raw) > MAX_CARD_SIZE:
        raise OSError(f"{card} is larger than {MAX_CARD_SIZE:,} bytes; not a model card")
    return raw


def write_fields(card: Path, fields: Mapping[str, Any], overwrite: bool, dry_run: bool, notes: Notes) -> WriteResult:
    """Edit, write atomically (or give the diff), check; ``written`` is False when the card could not be written."""
    for _ in range(WRITE_ATTEMPTS):
        try:
            existed = card.exists()
            raw = read_card_bytes(card) if existed else b""
            new, plan = edit_card_bytes(str(card), raw, fields, overwrite)
        except OSError as exc:
            notes.say(f"cannot read {card}: {exc.strerror or exc}")
            return WriteResult(written=False, clean=False)
        except (CardEditError, UnreadableCard) as exc:
            notes.say(f"{card} was not written: {exc}")
            return WriteResult(written=False, clean=False)
        shown = ", ".join(f"{key}: {yaml_scalar(value)}" for key, value in fields.items())
        if dry_run:
            notes.diff(unified_diff(str(card), raw, new))
            notes.say(f"dry run: {card} not written" + ("" if plan.changed else " (nothing would change)"))
        elif plan.changed:
            try:
                # The bytes it was made from: a card changed meanwhile is read and edited again.
                atomic_write(card, new, expected=raw if existed else None)
            except ChangedOnDisk:
                continue
            except OSError as exc:  # ReadOnlyCard included: a read-only card is not rewritten
                notes.say(f"cannot write {card}: {exc.strerror or exc}")
                return WriteResult(written=False, clean=False)
            verb = "created" if not raw else "wrote"
            notes.say(f"{verb} co2_eq_emissions in {card} ({shown})")
        else:
            notes.say(f"{card} already has these co2_eq_emissions keys; nothing changed")
        break
    else:
        notes.say(f"cannot write {card}: it kept changing on disk ({WRITE_ATTEMPTS} tries)")
        return WriteResult(written=False, clean=False)
    if plan.renamed:
        notes.detail("renamed " + ", ".join(f"{old} to {new}" for old, new in plan.renamed) + " (one key per field)")
    if plan.replaced:
        notes.detail(f"replaced: {', '.join(plan.replaced)}")
    if plan.kept:
        notes.detail(f"kept the card's own {', '.join(plan.kept)} (--overwrite replaces them)")
    if plan.converted_legacy:
        notes.detail("the bare co2_eq_emissions number became the mapping form; its value is kept as emissions")
    report = lint_bytes(str(card), new, LintSettings())
    problems = [d for d in report.diagnostics if d.severity >= Severity.WARNING]
    errors = sum(1 for d in problems if d.severity is Severity.ERROR)
    warnings = len(problems) - errors
    label = report.reporting_class
    shown = f"{label.label} (class {label.level})" if label is not None else report.class_phrase
    notes.say(
        f"check: {shown}, {errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
    )
    for diagnostic in problems:
        notes.detail(
            f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} "
            f"[{diagnostic.severity.label}] {diagnostic.message}"
        )
    return WriteResult(written=True, clean=errors == 0, reporting_level=label.level if label is not None else None)


def unified_diff(path: str, before: bytes, after: bytes) -> str:
    old = before.decode("utf-8", errors="replace").splitlines(keepends=True)
    new = after.decode("utf-8", errors="replace").splitlines(keepends=True)
    name = visible(path.lstrip("/"))  # a newline in a path would end the header line
    lines = difflib.unified_diff(old, new, fromfile=f"a/{name}", tofile=f"b/{name}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)
