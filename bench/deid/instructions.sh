#!/bin/bash
# Instruction counts (callgrind), which the load of a shared machine does not change:
#   bench/deid/instructions.sh [ROOT] [DOCUMENTS]
# ROOT is a checkout of the project (default: this one), run with this checkout's .venv, so
# an older commit can be compared (`git archive COMMIT sealbook bench tests | tar -x -C DIR`).
# Prints the instructions per character of `Packet.deidentify` (safe-harbor, redact) on
# DOCUMENTS (default 100) documents of about 800 characters cut from the dev speed text
# (after 20 to warm up, one packet), then those of loading the engine (import + preload)
# and of `sealbook deid --no-roster` on a one-line file, beyond Python's own start-up.
# Compile the tree's bytecode first (python -m compileall), as an installed package has it.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
root=$(cd "${1:-$here}" && pwd)
documents=${2:-100}
python="$here/.venv/bin/python"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$root"
export PYTHONPATH="$root"
cat > "$tmp/docs.py" <<PY
import itertools, sys
sys.path.insert(0, "$root/bench/deid")
import run
docs = run.documents_of(run.speed_text("dev", 0.3))
from sealbook.core.deid import Packet
from sealbook.core.deid.engine import preload
preload()
packet = Packet("safe-harbor", "redact", secret=b"b" * 32)
for d in docs[:20]:
    packet.deidentify(d)
packet = Packet("safe-harbor", "redact", secret=b"b" * 32)
measured = docs[20 : 20 + $documents]
for _ in itertools.starmap(packet.deidentify, ((d,) for d in measured)):  # counted
    pass
print(sum(map(len, measured)))
PY
ir() { valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >"$tmp/out" | awk '/refs:/{gsub(",","",$4); print $4}'; }
counted=$(ir --collect-atstart=no --toggle-collect=starmap_next "$python" "$tmp/docs.py")
echo "deidentify ~800 chars: $((counted / $(cat "$tmp/out"))) instructions per character"
echo "Seen today." > "$tmp/small.txt"
bare=$(ir "$python" -c pass)
engine=$(ir "$python" -c "import sealbook.core.deid.engine as e; e.preload()")
cli=$(ir "$python" -c "import sys; sys.argv = ['sealbook', 'deid', '--no-roster', '$tmp/small.txt']; from sealbook.cli.main import main; main()")
echo "engine load (import + preload): $(( (engine - bare) / 1000000 )) M instructions"
echo "sealbook deid start-up: $(( (cli - bare) / 1000000 )) M instructions"
