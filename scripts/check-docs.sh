#!/usr/bin/env bash
# Fails when the docs drift from the repository: every relative link (from its page's folder)
# and every path of this repository named in README.md and docs/ (and every docs page named in
# the code) must exist, the docs name no file outside the repository, and each function of the
# money map in docs/architecture.md is in the file it names.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)
status=0
fail() {
	echo "check-docs: $*" >&2
	status=1
}
pages=(README.md $(find docs -name '*.md' | sort))
roots='primitives|report|pallets|runtime|node|client|agent|cli|indexer|serve|benches|testkit|scripts|docs|\.ci'
for page in "${pages[@]}"; do
	dir=$(dirname "$page")
	# Markdown links that are not URLs or anchors resolve from their page's folder, as on a code
	# forge, to a file of this repository.
	while IFS= read -r target; do
		target=${target%%#*}
		[[ -z "$target" ]] && continue
		resolved=$(realpath -m "$dir/${target//%20/ }")
		if [[ "$resolved" != "$root" && "$resolved" != "$root"/* ]]; then
			fail "$page links to $target, outside the repository"
		elif ! compgen -G "$resolved" >/dev/null; then
			fail "$page links to $target, which does not exist"
		fi
	done < <(grep -oE '\]\([^)[:space:]]+\)' "$page" | sed -E 's/^\]\((.*)\)$/\1/' |
		grep -vE '^(https?:|mailto:|#)' || true)
	# Paths of this repository named in the text (`./scripts/test.sh`, pallets/*/src/weights.rs):
	# they start with one of its top-level folders, and are relative to the repository.
	while IFS= read -r path; do
		compgen -G "$path" >/dev/null || fail "$page names $path, which does not exist"
	done < <(grep -oE '(^|[^-A-Za-z0-9_./~$]|\./)('"$roots"')/[-A-Za-z0-9_.*/]*[A-Za-z0-9_*]' \
		"$page" | sed -E 's/^[^a-z.]//; s/^\.\///' || true)
	# Nothing outside the repository by name.
	if grep -nE '(^|[^a-z])shared/(LESSONS|SDK-NOTES|GOVERNANCE-NOTES)' "$page" >&2; then
		fail "$page names a file outside the repository (above)"
	fi
done
# Docs pages named in the code, the scripts and CI.
while IFS=: read -r file page; do
	[[ -f "$page" ]] || fail "$file names $page, which does not exist"
done < <({
	grep -roE --include='*.rs' --include='*.sh' --include='*.toml' 'docs/[A-Za-z0-9_/-]+\.md' \
		primitives report pallets runtime node client agent cli indexer serve benches testkit scripts
	grep -oE 'docs/[A-Za-z0-9_/-]+\.md' .ci/run | sed 's|^|.ci/run:|'
} | sort -u || true)
# The weights table of docs/benchmarks.md is the committed weights'.
python3 scripts/weights-doc.py --check || status=1
# Its targets table is the results files' (each benchmark script writes its own).
python3 scripts/benchmarks-doc.py --check || status=1
# The money map: each function named in a row is defined in the file the row names.
rows=$(sed -n '/<!-- money-map -->/,/^$/p' docs/architecture.md | grep -E '^\| .*\.rs`' || true)
[[ -n "$rows" ]] || fail "docs/architecture.md has no money map (a table after <!-- money-map -->)"
while IFS= read -r row; do
	[[ -z "$row" ]] && continue
	file=$(grep -oE '`[^`]+/[^`]+\.rs`' <<<"$row" | head -1 | tr -d '`' || true)
	[[ -z "$file" ]] && continue
	for function in $(grep -oE '\| `[a-z_]+`.*$' <<<"$row" | grep -oE '`[a-z_]+`' | tr -d '`' || true); do
		grep -qE "fn $function\b" "$file" ||
			fail "docs/architecture.md: the money map names $function in $file, which has no such function"
	done
done <<<"$rows"
if [[ $status -eq 0 ]]; then echo "check-docs: ${#pages[@]} pages, every link and path exists"; fi
exit $status
