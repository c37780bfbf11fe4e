#!/usr/bin/env bash
# Billing at scale: builds the runtime's state with N contracts on M nodes (N up to 1,000,000,
# M up to 10,000), measures billing's cost per block natively and in weight, and writes
# docs/scale/{scale.csv,table.md,compare.txt,choose.txt,scale.png,machine.txt}: compare.txt has one line
# per comparison with tfchain (from the weights, and natively side by side in each state, the
# median of five interleaved pairs). Arguments go to the benchmark (for
# example `--points 1000:10,10000:100`). About 15 minutes on 2 cores once built.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-build.sh
out=docs/scale
mkdir -p "$out"
/usr/bin/time -v "$release_dir/sc4it-scale" --out "$out" --compare "$@" 2> >(tee "$out/run.log" >&2)
# Choosing what is due with 100,000 registered nodes (docs/scale/choose.txt).
"$release_dir/sc4it-scale" --choose 100000 --out "$out"
# docs/benchmarks.md's comparison with tfchain, from the same weights (this run's table, its
# comparison lines and the other results files: scripts/benchmarks-doc.py, below).
"$release_dir/sc4it-scale" --doc docs/benchmarks.md
venv="$HOME/.cache/sc4it/venv"
if [ ! -x "$venv/bin/python" ]; then
	python3 -m venv "$venv"
fi
"$venv/bin/python" -c 'import matplotlib' 2>/dev/null || "$venv/bin/pip" install --quiet matplotlib
"$venv/bin/python" scripts/plot_scale.py "$out/scale.csv" "$out/scale.png"
{
	echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "commit: $(git rev-parse --short HEAD)"
	echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
	echo "cores: $(nproc)"
	echo "memory: $(free -g | awk '/Mem:/ {print $2}') GiB"
	echo "peak memory of the run: $(awk '/Maximum resident/ {print $6}' "$out/run.log") KiB"
} > "$out/machine.txt"
cat "$out/machine.txt"
# The targets table of docs/benchmarks.md, from the results files.
python3 scripts/benchmarks-doc.py
