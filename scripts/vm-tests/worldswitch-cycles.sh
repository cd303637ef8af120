# Runs inside the test VM: 1000 VM create/run/close cycles (hello, 2 MiB),
# then a normal run and rmmod (guests and hello.native in /guests/ws).
. /guests/ws/ws-lib.sh
bad=0 i=0
while [ $i -lt 1000 ]; do
	vtlb run --timeout 30 --mem 2M --cmdline 3 $g/hello.elf > /dev/null 2> /tmp/e
	rc=$?
	if [ $rc != 7 ]; then bad=$((bad + 1)); [ $bad -le 3 ] && { echo "cycle $i: status $rc"; cat /tmp/e; }; fi
	i=$((i + 1))
	[ $((i % 100)) = 0 ] && echo "cycles: $i"
done
if [ $bad = 0 ]; then ok "1000 create/run/close cycles"; else nok "1000 cycles: $bad bad"; fi
ws_finish afterwards
