#!/usr/bin/env bash
# Install hfcarbon-lint for the composite action (action.yml) into its own virtual
# environment, so the runner's Python stays untouched (and PEP 668 never gets in the way).
# Runs under bash on Linux, macOS and Windows (Git Bash) runners.
#
#   HFCL_VERSION      "" installs the action's own checkout; "0.2.0" pins hfcarbon-lint==0.2.0;
#                     "latest" takes the newest release; ">=0.2,<0.3" is used as a requirement.
#   HFCL_ACTION_PATH  the action's checkout (github.action_path)
#   HFCL_BASE_PYTHON  optional: the Python to build the environment with (default: python3, then python)
#   HFCARBON_LINT_VENV_ARGS  optional extra arguments for "python -m venv" (the tests use
#                     --system-site-packages to install offline; pip reads PIP_* variables as usual)
#
# Writes "python=<the environment's interpreter>" to $GITHUB_OUTPUT.
set -euo pipefail

version="${HFCL_VERSION:-}"
action_path="${HFCL_ACTION_PATH:?HFCL_ACTION_PATH must name the action checkout}"
base="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"
if command -v cygpath >/dev/null 2>&1; then
  base="$(cygpath -u "$base")"
  action_path="$(cygpath -u "$action_path")"
fi

python="${HFCL_BASE_PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3 python; do
    # A Windows "python3" can be the Store alias, which exists but does not run: try it.
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; then
      python="$candidate"
      break
    fi
  done
fi
if [ -z "$python" ]; then
  echo "::error title=hfcarbon-lint::no Python 3.11 or newer on this runner; add actions/setup-python or set the python-version input"
  exit 2
fi

case "$version" in
  "") requirement="$action_path" ;;
  latest) requirement="hfcarbon-lint" ;;
  [0-9]*) requirement="hfcarbon-lint==$version" ;;
  *) requirement="hfcarbon-lint$version" ;;
esac

venv="$base/hfcarbon-lint-venv"
# shellcheck disable=SC2086 # the extra venv arguments are words on purpose
"$python" -m venv ${HFCARBON_LINT_VENV_ARGS:-} "$venv"
if [ -x "$venv/bin/python" ]; then
  venv_python="$venv/bin/python"
else
  venv_python="$venv/Scripts/python.exe"
fi
echo "hfcarbon-lint: installing $requirement with $("$venv_python" --version)"
"$venv_python" -m pip install --disable-pip-version-check --quiet "$requirement"
"$venv_python" -m hfcarbon_lint --version
echo "python=$venv_python" >>"${GITHUB_OUTPUT:-/dev/stdout}"
