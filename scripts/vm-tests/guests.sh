# Runs inside the test VM (scripts/check-guests): every guest in /guests,
# lazy and eager, transcripts and statuses to /out for the host to compare.
insmod /modules/vtlb.ko || exit 3
for g in /guests/*.elf; do
	n=${g##*/}
	n=${n%.elf}
	for fill in lazy eager; do
		vtlb run --fill=$fill --timeout 30 "$g" > "/out/$n.$fill.out" 2> "/out/$n.$fill.err"
		echo $? > "/out/$n.$fill.status"
	done
done
rmmod vtlb || exit 4
exit 0
