#!/usr/bin/env bash
# Regenerates pallets/{registry,contracts,oracle,governance,validators}/src/weights.rs: builds the
# node in release with its benchmarks, then measures every pallet in two runs with
# `sc4it-node benchmark pallet` on the runtime's wasm (compiled execution, dev genesis preset),
# each file written from scripts/weight-template.hbs with this machine and the exact command in
# its header. The CLI times each benchmark over and over (its sizes, `repeat` times each) until
# `--min-duration` seconds have passed, so a benchmark's samples are its seconds: a burst of load
# on the machine lasting seconds slows most of one call's samples, and moved a call's median by a
# quarter in one run of 10 seconds a benchmark. A run is therefore PASSES passes of MIN_DURATION
# seconds a benchmark (5 of 2: the same 10 seconds), and each call's weight is taken from the
# pass that timed it at the median (scripts/weights-doc.py --median): spread over passes minutes
# apart, a burst slows that call in one pass only. The two runs' passes alternate, so that both
# see the same machine. Each pallet's reference kernel (fixed hashing work) is timed in every
# pass, first (`reference`) and last (`reference_end`): a pass whose two timings differ by more
# than 10% saw the machine change under it and is taken again (at most MAX_TAKES times). The two
# runs are compared call by call as ratios to the reference (scripts/weights-doc.py --compare),
# the comparison written to docs/weights-runs.md, and the second run is committed. Then the
# weights table of docs/benchmarks.md is generated again. STEPS and REPEAT (a pass's repeats of
# each size before it looks at the clock) override the defaults. About 45 minutes of release
# build on 2 cores, then about 12 minutes a run.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/release-build.sh
steps="${STEPS:-5}"
repeat="${REPEAT:-8}"
passes="${PASSES:-5}"
min_duration="${MIN_DURATION:-2}"
max_takes="${MAX_TAKES:-3}"
node="$release_dir/sc4it-node"
runtime="$release_dir/wbuild/sc4it-runtime/sc4it_runtime.compact.compressed.wasm"
runs=$(mktemp -d)
trap 'rm -rf "$runs"' EXIT

measure() {
	local pallet=$1 out=$2
	"$node" benchmark pallet \
		--runtime "$runtime" \
		--genesis-builder runtime \
		--genesis-builder-preset development \
		--pallet "pallet_sc4it_$pallet" \
		--extrinsic '*' \
		--steps "$steps" \
		--repeat "$repeat" \
		--min-duration "$min_duration" \
		--wasm-execution compiled \
		--heap-pages 4096 \
		--template scripts/weight-template.hbs \
		--output "$out"
	# The header names the binary by its path on this machine; say where it is built instead,
	# and where the committed file lives.
	sed -i -e "s|$CARGO_TARGET_DIR|\$CARGO_TARGET_DIR|g" -e "s|$runs/[12]/pass[0-9]*/$pallet.rs|pallets/$pallet/src/weights.rs|" "$out"
}

pallets=(registry contracts oracle governance validators)
# The two runs' passes of a pallet alternate: what the machine does meanwhile drifts over
# minutes, and the runs of one call should see the same machine.
retakes=()
for pallet in "${pallets[@]}"; do
	for pass in $(seq "$passes"); do
		for run in 1 2; do
			mkdir -p "$runs/$run/pass$pass"
			for take in $(seq "$max_takes"); do
				measure "$pallet" "$runs/$run/pass$pass/$pallet.rs"
				status=0
				moved=$(python3 scripts/weights-doc.py --drift "$runs/$run/pass$pass/$pallet.rs") || status=$?
				if ((status == 0)); then
					break
				elif ((status != 1)); then
					echo "$pallet: the pass has no reference timed first and last" >&2
					exit 1
				fi
				what="$pallet, run $run, pass $pass, take $take: the reference moved by $moved"
				echo "$what during the pass"
				if ((take < max_takes)); then
					retakes+=("$what; taken again")
				else
					retakes+=("$what; kept, the last of $max_takes takes")
				fi
			done
		done
	done
	for run in 1 2; do
		python3 scripts/weights-doc.py --median "$runs/$run/$pallet.rs" "$runs/$run"/pass*/"$pallet.rs"
	done
done
{
	echo "# Two weights runs"
	echo
	echo "Written by \`./scripts/benchmark-weights.sh\` on $(date -u +%Y-%m-%d) at $(git rev-parse --short HEAD)"
	echo "(steps $steps, repeat $repeat; $passes passes of $min_duration s a benchmark a run, the runs' passes"
	echo "alternating, each call weighed by its median pass). Each call's compute at its largest measured size, as a"
	echo "multiple of its run's reference kernel (the mean of its median timings first and last);"
	echo "the second run is the one committed."
	echo
	python3 scripts/weights-doc.py --compare "$runs/1" "$runs/2" 2>&1 || true
	echo
	if ((${#retakes[@]})); then
		echo "Passes in which the reference moved by more than 10%:"
		echo
		printf -- '- %s\n' "${retakes[@]}"
	else
		echo "No pass was taken again: in every pass the reference moved by 10% or less."
	fi
} >docs/weights-runs.md
for pallet in "${pallets[@]}"; do
	cp "$runs/2/$pallet.rs" "pallets/$pallet/src/weights.rs"
	echo "wrote pallets/$pallet/src/weights.rs"
done
python3 scripts/weights-doc.py
echo "wrote docs/weights-runs.md and the weights table of docs/benchmarks.md"
# The targets table of docs/benchmarks.md, from the results files.
python3 scripts/benchmarks-doc.py
python3 scripts/weights-doc.py --compare "$runs/1" "$runs/2" >/dev/null
