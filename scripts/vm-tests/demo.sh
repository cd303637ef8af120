# `make run` (scripts/run-demo): load the module, show it works and run the
# demo guest (guest/tour, see Documentation/guests.md) under vtlb with its
# virtual-TLB statistics.
insmod /modules/vtlb.ko || exit 3
echo "--- vtlb version"
vtlb version
if [ -f /guests/demo.elf ]; then
	echo "--- vtlb run --stats /guests/demo.elf  (the guest's COM1 output follows)"
	vtlb run --stats /guests/demo.elf
	rc=$?
	case $rc in
	1) echo "--- exit status 1: the guest finished and reported success" ;;
	3) echo "--- exit status 3: the guest finished but one of its checks failed" ;;
	*) echo "--- exit status $rc (see Documentation/guest-abi.md, \"Launcher exit status\")" ;;
	esac
fi
rmmod vtlb
