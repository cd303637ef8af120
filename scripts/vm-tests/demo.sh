# `make run` before a demo guest exists: load the module and show it works.
insmod /modules/vtlb.ko || exit 3
echo "--- vtlb version"
vtlb version
if [ -f /guests/demo.elf ]; then
	echo "--- vtlb run --stats /guests/demo.elf"
	vtlb run --stats /guests/demo.elf
	echo "--- exit status $?"
fi
rmmod vtlb
