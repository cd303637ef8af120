# Sourced by scripts/vm-tests/worldswitch*.sh inside the test VM
# (check-worldswitch copies it to /guests/ws with the guests and
# hello.native): results file, ok/nok, loading the module; ws_finish checks
# the host afterwards; far_sweep is the far JMP/CALL selector sweep.
r=/out/results
g=/guests/ws
n=0
ok() { n=$((n + 1)); echo "ok $n - $1" | tee -a $r; }
nok() { n=$((n + 1)); echo "not ok $n - $1" | tee -a $r; }
: > $r
if insmod /modules/vtlb.ko; then ok "insmod vtlb.ko"; else nok "insmod vtlb.ko"; exit 0; fi

# ws_finish LABEL: a normal guest still runs as natively, and rmmod works.
ws_finish() {
	vtlb run $g/hello.elf > /tmp/o 2>&1
	rc=$?
	if [ $rc = 67 ] && cmp -s /tmp/o $g/hello.native; then ok "hello $1"; else nok "hello $1: $rc"; cat /tmp/o; fi
	if rmmod vtlb; then ok "rmmod vtlb"; else nok "rmmod vtlb"; fi
	exit 0
}

# far_sweep NAME OFFSET: far JMP (OFFSET 0) or CALL (65536) with RPL 3 to
# every selector of our GDT (512 entries) and a few beyond its limit. Only
# the guest's flat code segment (index 506, 0xfd3: switch.h) is reachable
# (status 35); everything else faults into the VMM: "unsupported" (6).
far_sweep() {
	bad=0 tried=0 idx=0
	while [ $idx -lt 516 ]; do
		sel=$((idx * 8 + 3))
		want=6
		if [ $idx = 506 ]; then
			want=35
			# QEMU TCG pushes far CALL's return address with a
			# supervisor access, which SMAP refuses on the guest's
			# pages (Documentation/world-switch.md).
			[ "$2" != 0 ] && grep -qw smap /proc/cpuinfo && want=6
		fi
		vtlb run --timeout 30 --mem 2M --cmdline $((sel + $2)) $g/farjmp.elf > /dev/null 2> /tmp/e
		rc=$?
		tried=$((tried + 1))
		if [ $rc != $want ]; then bad=$((bad + 1)); echo "far transfer $((sel + $2)): status $rc, expected $want"; cat /tmp/e; fi
		idx=$((idx + 1))
		[ $((idx % 64)) = 0 ] && echo "selectors: $idx"
	done
	if [ $bad = 0 ]; then ok "$1 to all $tried selectors (RPL 3): only the guest code segment is reachable"; else nok "$1: $bad of $tried bad"; fi
}
