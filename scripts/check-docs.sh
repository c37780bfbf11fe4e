#!/usr/bin/env bash
# Fails when the docs drift from the repository: every relative link (from its page's folder)
# and every path of this repository named in README.md and docs/ (and every docs page named in
# the code) must exist, and the docs name no file outside the repository.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
fail() {
	echo "check-docs: $*" >&2
	status=1
}
pages=(README.md $(find docs -name '*.md' | sort))
roots='primitives|report|pallets|runtime|node|client|agent|cli|benches|scripts|docs|\.ci'
exists() { # a path, relative to the page's directory or the repository; globs allowed
	local base=$1 path=$2
	compgen -G "$base/$path" >/dev/null || compgen -G "$path" >/dev/null
}
for page in "${pages[@]}"; do
	dir=$(dirname "$page")
	# Markdown links that are not URLs or anchors.
	while IFS= read -r target; do
		target=${target%%#*}
		[[ -z "$target" ]] && continue
		# A link resolves from its page's folder, as on a code forge.
		compgen -G "$dir/$target" >/dev/null || fail "$page links to $target, which does not exist"
	done < <(grep -oE '\]\([^)[:space:]]+\)' "$page" | sed -E 's/^\]\((.*)\)$/\1/' |
		grep -vE '^(https?:|mailto:|#)' || true)
	# Paths of this repository named in the text: they start with one of its top-level folders.
	while IFS= read -r path; do
		path=${path%.}
		path=${path%,}
		path=${path%:}
		exists . "$path" || fail "$page names $path, which does not exist"
	done < <(grep -oE '(^|[^-A-Za-z0-9_./~$])('"$roots"')/[-A-Za-z0-9_.*/]*[A-Za-z0-9_*]' "$page" |
		sed -E 's/^[^a-z.]//' || true)
	# Nothing outside the repository.
	if grep -nE '\]\(\.\./|(^|[^a-z])shared/(LESSONS|SDK-NOTES|GOVERNANCE-NOTES)' "$page" >&2; then
		fail "$page names a file outside the repository (above)"
	fi
done
# Docs pages named in the code and scripts.
while IFS=: read -r file page; do
	[[ -f "$page" ]] || fail "$file names $page, which does not exist"
done < <(grep -roE --include='*.rs' --include='*.sh' --include='*.toml' 'docs/[A-Za-z0-9_/-]+\.md' \
	primitives report pallets runtime node client agent cli benches scripts .ci | sort -u || true)
# The money map: each function named in a row is defined in the file the row names.
while IFS= read -r row; do
	file=$(grep -oE '`[^`]+/[^`]+\.rs`' <<<"$row" | head -1 | tr -d '`' || true)
	[[ -z "$file" ]] && continue
	for function in $(grep -oE '`[a-z_]+`' <<<"$row" | tr -d '`' || true); do
		grep -qE "fn $function\b" "$file" ||
			fail "docs/architecture.md: the money map names $function in $file, which has no such function"
	done
done < <(sed -n '/<!-- money-map -->/,/^$/p' docs/architecture.md | grep '^| ')
if [[ $status -eq 0 ]]; then echo "check-docs: ${#pages[@]} pages, every link and path exists"; fi
exit $status
