#!/usr/bin/env bash
# Instruction profile of the vTLB core (no world switch, no exception entry)
# on the benchmarks' paths: bench/coreprof.c under valgrind's callgrind.
#   bench/coreprof.sh [SCENARIO...]    (read write rw cr3 invlpg big4m)
# Prints, per scenario and fill mode, core instructions per operation and
# the functions they go to (exclusive, >= 2 %). Deterministic.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
command -v valgrind > /dev/null || { echo "coreprof: needs valgrind" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# -O2 like the module (Kbuild); the env host's callbacks count too.
gcc -std=gnu11 -O2 -g -Wall -Wextra -Werror -I"$top/include" -I"$top/src" -I"$top/tests/lib" \
	-o "$work/coreprof" "$top/bench/coreprof.c" "$top"/src/vtlb/*.c "$top/tests/lib/env.c"
[ $# -gt 0 ] || set -- read write rw cr3 invlpg big4m
for s in "$@"; do
	case $s in
	read|write) ops=2048 ;;
	rw|cr3|invlpg) ops=2048 ;;
	big4m) ops=256 ;;
	*) echo "coreprof: unknown scenario $s" >&2; exit 64 ;;
	esac
	for fill in lazy eager; do
		cg=$work/cg.$s.$fill
		"$work/coreprof" "$s" "$fill" > /dev/null
		valgrind -q --tool=callgrind --callgrind-out-file="$cg" --collect-atstart=no \
			"$work/coreprof" "$s" "$fill" > "$work/out"
		total=$(callgrind_annotate "$cg" | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
		printf 'coreprof %-6s %-5s ops=%s core_insns=%s per_op=%s  (%s)\n' "$s" "$fill" "$ops" \
			"$total" "$(awk -v t="$total" -v n="$ops" 'BEGIN { printf "%.1f", t / n }')" \
			"$(sed 's/^coreprof [a-z0-9]* [a-z]*: //' "$work/out")"
		# Exclusive cost per function (inlined copies merged), >= 2 %.
		callgrind_annotate --auto=no --inclusive=no "$cg" | awk -v t="$total" '
			/file:function/ { on = 1; next }
			on && /^$/ && seen { exit }
			on && $1 ~ /^[0-9,]+$/ {
				seen = 1
				n = $1; gsub(",", "", n)
				f = ""
				for (i = 2; i <= NF; i++) if ($i ~ /:/) { f = $i; sub(/^.*:/, "", f); break }
				sum[f] += n
			}
			END { for (f in sum) if (sum[f] / t >= 0.02) printf "    %6.1f%%  %s\n", 100 * sum[f] / t, f }' |
			sort -rn
	done
done
