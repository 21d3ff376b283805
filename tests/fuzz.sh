#!/usr/bin/env bash
# Runs every libFuzzer target in a build: "smoke" (a few thousand runs from the
# seed corpus, for make test) or "long" ($FUZZ_SECONDS each, for make fuzz).
# New inputs go to a scratch folder, never into the repo's corpus.
# Prints "fuzz-result: PASSED FAILED".
set -u
cd "$(dirname "$0")/.."
build=$1
mode=${2:-smoke}
passed=0
failed=0
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

for f in "$build"/fuzz_*; do
	[ -f "$f" ] && [ -x "$f" ] || continue
	name=${f##*/fuzz_}
	corpus=fuzz/corpus/$name
	dict=()
	[ -f "fuzz/$name.dict" ] && dict=(-dict="fuzz/$name.dict")
	mkdir -p "$scratch/$name"
	if [ "$mode" = long ]; then
		limit=(-max_total_time="${FUZZ_SECONDS:-60}")
	else
		# fuzz_batch runs each input six ways (both calculators' paths, with and
		# without --skip-bad, again on 3 threads the general way and on 2 the fast
		# way, the 低保 kernel): about 10 ms an input, 40 s for 4000
		case $name in batch) limit=(-runs=1000) ;; *) limit=(-runs=4000) ;; esac
	fi
	if "$f" "${limit[@]}" "${dict[@]}" -max_len=4096 -artifact_prefix="$scratch/" \
		"$scratch/$name" "$corpus" >"$scratch/$name.log" 2>&1; then
		passed=$((passed + 1))
		echo "ok fuzz_$name: $(grep -o 'Done [0-9]* runs' "$scratch/$name.log" | tail -1)"
	else
		failed=$((failed + 1))
		echo "not ok fuzz_$name"
		tail -40 "$scratch/$name.log"
		ls "$scratch"/crash-* "$scratch"/leak-* 2>/dev/null
	fi
done
echo "fuzz-result: $passed $failed"
