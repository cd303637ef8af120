# Runs inside the test VM: far JMP (RPL 3) to every selector
# of our GDT (512 entries) and a few beyond its limit. Only the guest's flat
# code segment (index 506, 0xfd3: switch.h) is reachable (status 35); everything else faults
# into the VMM and ends the VM "unsupported" (status 6).
r=/out/results
g=/guests/ws
n=0
ok() { n=$((n + 1)); echo "ok $n - $1" | tee -a $r; }
nok() { n=$((n + 1)); echo "not ok $n - $1" | tee -a $r; }
: > $r
if insmod /modules/vtlb.ko; then ok "insmod vtlb.ko"; else nok "insmod vtlb.ko"; exit 0; fi
bad=0 tried=0 idx=0
while [ $idx -lt 516 ]; do
	for call in 0; do
		sel=$((idx * 8 + 3))
		want=6
		[ $idx = 506 ] && want=35
		vtlb run --timeout 30 --mem 2M --cmdline $((sel + call)) $g/farjmp.elf > /dev/null 2> /tmp/e
		rc=$?
		tried=$((tried + 1))
		if [ $rc != $want ]; then bad=$((bad + 1)); echo "far transfer $((sel + call)): status $rc, expected $want"; cat /tmp/e; fi
	done
	idx=$((idx + 1))
	[ $((idx % 64)) = 0 ] && echo "selectors: $idx"
done
if [ $bad = 0 ]; then ok "far JMP to all $tried selectors (RPL 3): only the guest code segment is reachable"; else nok "far JMP: $bad of $tried bad"; fi
vtlb run $g/hello.elf > /tmp/o 2>&1
rc=$?
if [ $rc = 67 ] && cmp -s /tmp/o $g/hello.native; then ok "hello afterwards"; else nok "hello afterwards: $rc"; cat /tmp/o; fi
if rmmod vtlb; then ok "rmmod vtlb"; else nok "rmmod vtlb"; fi
exit 0
