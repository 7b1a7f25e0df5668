#!/usr/bin/env bash
# Set up, then create (if needed) and serve the demo practice on http://127.0.0.1:8000.
# The demo's data lives in $SEALBOOK_HOME, or in .home/demo inside this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export SEALBOOK_HOME="${SEALBOOK_HOME:-$PWD/.home/demo}"
unset SEALBOOK_DATABASE_URL
exec .venv/bin/sealbook demo "$@"
