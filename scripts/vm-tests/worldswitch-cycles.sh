# Runs inside the test VM: 1000 VM create/run/close cycles (hello, 2 MiB),
# then a normal run and rmmod (guests and hello.native in /guests/ws).
r=/out/results
g=/guests/ws
n=0
ok() { n=$((n + 1)); echo "ok $n - $1" | tee -a $r; }
nok() { n=$((n + 1)); echo "not ok $n - $1" | tee -a $r; }
: > $r
if insmod /modules/vtlb.ko; then ok "insmod vtlb.ko"; else nok "insmod vtlb.ko"; exit 0; fi
bad=0 i=0
while [ $i -lt 1000 ]; do
	vtlb run --timeout 30 --mem 2M --cmdline 3 $g/hello.elf > /dev/null 2> /tmp/e
	rc=$?
	if [ $rc != 7 ]; then bad=$((bad + 1)); [ $bad -le 3 ] && { echo "cycle $i: status $rc"; cat /tmp/e; }; fi
	i=$((i + 1))
	[ $((i % 100)) = 0 ] && echo "cycles: $i"
done
if [ $bad = 0 ]; then ok "1000 create/run/close cycles"; else nok "1000 cycles: $bad bad"; fi
vtlb run $g/hello.elf > /tmp/o 2>&1
rc=$?
if [ $rc = 67 ] && cmp -s /tmp/o $g/hello.native; then ok "hello afterwards"; else nok "hello afterwards: $rc"; cat /tmp/o; fi
if rmmod vtlb; then ok "rmmod vtlb"; else nok "rmmod vtlb"; fi
exit 0
