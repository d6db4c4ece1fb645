#!/usr/bin/env bash
# Fails unless every C++ file in the repository matches .clang-format (clang-format --dry-run).
# scripts/check-format.sh --fix reformats them instead.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v clang-format >/dev/null || scripts/install-deps.sh clang-format
mapfile -t files < <(git ls-files '*.h' '*.cc' | grep -v '/node_modules/')
if [ "${1:-}" = --fix ]; then
  clang-format -i "${files[@]}"
else
  clang-format --dry-run --Werror "${files[@]}"
fi
