"""Plots billing's per-block cost against the number of contracts (scripts/scale-bench.sh)."""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

BLOCK_WEIGHT_MS = 2000.0  # the runtime's maximum block weight: 2 s of computation


def main(src, dst):
    rows = list(csv.DictReader(open(src)))
    n = [int(r["contracts"]) for r in rows]
    weight = [float(r["per_block_weight_us"]) / 1000 for r in rows]
    native = [float(r["per_block_native_us"]) / 1000 for r in rows]
    fig, ax = plt.subplots(figsize=(8, 5))
    ax.plot(n, weight, "o-", label="weight charged per block (ms of ref time)")
    ax.plot(n, native, "s-", label="native time per block (ms)")
    ax.axhline(BLOCK_WEIGHT_MS * 0.10, color="red", linestyle="--", label="10% of a block's weight")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("active contracts N (100 per node: M = N / 100)")
    ax.set_ylabel("billing cost per block, steady state (ms)")
    ax.set_title("sc4it billing cost per block: hourly reports, daily payouts, 30-day contracts")
    for x, y in zip(n, weight):
        ax.annotate(f"{y / BLOCK_WEIGHT_MS * 100:.2f}%", (x, y), textcoords="offset points", xytext=(0, 8), ha="center")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(dst, dpi=110)
    print(f"wrote {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
