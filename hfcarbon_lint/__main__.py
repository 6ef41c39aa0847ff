"""``python -m hfcarbon_lint`` behaves like the ``hfcarbon-lint`` command."""

from hfcarbon_lint.cli import entry

if __name__ == "__main__":
    raise SystemExit(entry())
