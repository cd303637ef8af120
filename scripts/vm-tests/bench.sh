# shellcheck shell=sh
# Runs inside the test VM (scripts/bench): every workload in /guests, under
# vtlb with lazy and eager fill, its transcript and launcher status and its
# vTLB counters (--stats=json, the last line of stderr) to /out.
#   icount mode (the default): each workload once with its default
#     operation count and once with 0 operations (--cmdline 0), so that the
#     host can subtract the setup from the counters;
#   wall-clock mode (/guests/bench.mode says "wall R"): R runs each, default
#     count only, named NAME.FILL.rK.
insmod /modules/vtlb.ko || exit 3
mode=icount runs=1
[ -f /guests/bench.mode ] && read -r mode runs < /guests/bench.mode
for g in /guests/*.elf; do
	n=${g##*/}
	n=${n%.elf}
	for fill in lazy eager; do
		if [ "$mode" = wall ]; then
			r=1
			while [ "$r" -le "$runs" ]; do
				vtlb run --fill=$fill --timeout 120 "$g" \
					> "/out/$n.$fill.r$r.out" 2> "/out/$n.$fill.r$r.err"
				echo $? > "/out/$n.$fill.r$r.status"
				r=$((r + 1))
			done
			continue
		fi
		vtlb run --fill=$fill --timeout 120 --stats=json "$g" \
			> "/out/$n.$fill.out" 2> "/out/$n.$fill.err"
		echo $? > "/out/$n.$fill.status"
		vtlb run --fill=$fill --timeout 120 --stats=json --cmdline 0 "$g" \
			> "/out/$n.$fill.base.out" 2> "/out/$n.$fill.base.err"
		echo $? > "/out/$n.$fill.base.status"
	done
done
rmmod vtlb || exit 4
exit 0
