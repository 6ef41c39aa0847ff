"""The package's layers: every import runs downwards, lazy ones included.

Each folder of ``hfcarbon_lint/`` has a place in ``LAYERS`` (bottom first). A module may import
its own folder and the folders listed before its own, never one after it; and no modules import
each other in a circle. Every import counts: at the top of a module, inside a function, under
``TYPE_CHECKING``, and a module named in a string for ``importlib`` (the lazy command and
reporter registries). docs/development.md shows the same order, and a test keeps the two equal.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "hfcarbon_lint"

# Bottom first. The top package (``hfcarbon_lint/__init__.py``, ``__main__``) sits above them all.
LAYERS: tuple[str, ...] = (
    "base",
    "grid",
    "hardware",
    "measurements",
    "parsing",
    "editing",
    "plausibility",
    "rules",
    "lint",
    "reporters",
    "label",
    "tracking",
    "integrations",
    "hub",
    "census",
    "study",
    "pictures",
    "app",
    "cli",
)
TOP = len(LAYERS)
_MODULE_STRING = re.compile(r"hfcarbon_lint(?:\.\w+)+(?=$|:)")


def module_names() -> dict[str, Path]:
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


MODULES = module_names()


def _resolve(name: str) -> str | None:
    """The module a dotted import name lands in (``a.b.c`` may be the attribute ``c`` of ``a.b``)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _docstrings(tree: ast.Module) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def imports_of(module: str) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import of ``module``, wherever it stands."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            targets = [f"{source}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            match = _MODULE_STRING.match(node.value)
            targets = [match.group()] if match else []
        for target in targets:
            resolved = _resolve(target) if target.startswith("hfcarbon_lint") else None
            if resolved is not None and resolved != module:
                yield resolved, node.lineno


def layer(module: str) -> int:
    parts = module.split(".")
    if len(parts) == 1 or parts[1] == "__main__":
        return TOP
    return LAYERS.index(parts[1])


def test_every_folder_has_a_layer() -> None:
    folders = {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    assert folders - set(LAYERS) == set(), "a new folder needs its place in LAYERS and in docs/development.md"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_run_downwards(module: str) -> None:
    upward = [
        f"{MODULES[module].relative_to(REPO)}:{line} imports {target} ({target.split('.')[1]} is above {module.split('.')[1]})"
        for target, line in imports_of(module)
        if layer(target) > layer(module)
    ]
    assert upward == []


def test_no_module_cycle() -> None:
    graph = {module: sorted({target for target, _ in imports_of(module)}) for module in MODULES}
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in graph[module]:
            if state.get(target) == 1:
                circle = [*path[path.index(target) :], target]
                pytest.fail(f"import cycle, closed by {module} -> {target}: {' -> '.join(circle)}")
            if target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in graph:
        if module not in state:
            visit(module)


def test_the_map_in_the_docs_lists_the_layers_in_order() -> None:
    text = (REPO / "docs" / "development.md").read_text(encoding="utf-8")
    table = re.search(r"<!-- layers -->\n(.*?)<!-- /layers -->", text, re.S)
    assert table is not None, "docs/development.md lost its layer table"
    documented = re.findall(r"^\| *\d+ *\| *`(\w+)/`", table.group(1), re.M)
    assert tuple(reversed(documented)) == LAYERS


def test_the_checker_sees_lazy_and_string_imports() -> None:
    """The rules above would pass vacuously if imports went unseen: check what it reads."""
    cli_targets = {target for target, _ in imports_of("hfcarbon_lint.cli.app")}
    assert "hfcarbon_lint.cli.commands" in cli_targets
    registry = {target for target, _ in imports_of("hfcarbon_lint.cli.commands")}
    assert {"hfcarbon_lint.cli.check", "hfcarbon_lint.cli.audit"} <= registry  # "module:attribute" strings
    lazy = {target for target, _ in imports_of("hfcarbon_lint.cli")}
    assert "hfcarbon_lint.cli.app" in lazy  # imported inside main()
