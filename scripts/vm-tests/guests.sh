# Runs inside the test VM (scripts/check-guests): every guest in /guests in
# every mode, transcripts, statuses and counters (--stats=json, on stderr)
# to /out for the host to compare. Modes:
#   lazy     lazy fill, guest RAM in 2 MiB host blocks (the default)
#   eager    eager fill (Figs 10A-10B)
#   ram4k    lazy fill, guest RAM in 4 KiB host pages (4 MiB pages in pieces)
#   refault  lazy fill, every hidden fault handled twice (Fig 7C 820-830)
insmod /modules/vtlb.ko || exit 3
for g in /guests/*.elf; do
	n=${g##*/}
	n=${n%.elf}
	for mode in lazy eager ram4k refault; do
		case $mode in
		lazy) opts="--fill=lazy" ;;
		eager) opts="--fill=eager" ;;
		ram4k) opts="--fill=lazy --host-pages=4k" ;;
		refault) opts="--fill=lazy --debug-refault" ;;
		esac
		vtlb run $opts --stats=json --timeout 30 "$g" > "/out/$n.$mode.out" 2> "/out/$n.$mode.err"
		echo $? > "/out/$n.$mode.status"
	done
done
rmmod vtlb || exit 4
exit 0
