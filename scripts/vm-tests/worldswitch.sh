# Runs inside the test VM (scripts/test-vm ... worldswitch, or
# scripts/check-worldswitch): the world switch of vtlb.ko with the guests of
# guest/ws, expected in /guests/ws (hello.native: the native transcript).
# Results in /out/results. The long sweeps (1000 create/run/close cycles,
# far JMP/CALL to every selector, INT n for every n) are
# worldswitch-cycles.sh, -farjmp.sh, -farcall.sh and -int.sh, each in its
# own VM boot (qemu-vm's timeout). Shared pieces: ws-lib.sh.
. /guests/ws/ws-lib.sh

# expect NAME STATUS GUEST [vtlb run options...]: the launcher's status.
expect() {
	name=$1 want=$2 guest=$3
	shift 3
	vtlb run --timeout 30 --mem 2M "$@" $g/$guest.elf > /tmp/o 2> /tmp/e
	rc=$?
	if [ "$rc" = "$want" ]; then
		ok "$name: status $rc"
	else
		nok "$name: status $rc, expected $want"
		head -c 2000 /tmp/o; cat /tmp/e
	fi
}

cpus=$(grep -c '^processor' /proc/cpuinfo)
last=$((cpus - 1))

# --- hello: same transcript and status as natively -------------------------
vtlb run $g/hello.elf > /tmp/hello.out 2> /tmp/hello.err
rc=$?
if [ $rc = 67 ]; then ok "hello: status 67"; else nok "hello: status $rc, expected 67"; cat /tmp/hello.err; fi
if cmp -s /tmp/hello.out $g/hello.native; then
	ok "hello: transcript equals the native run"
else
	nok "hello: transcript differs from the native run"
	cat /tmp/hello.out
fi
expect "hello --cmdline 5 (exit value 5)" 11 hello --cmdline 5
expect "hello --cmdline 0x7f" 255 hello --cmdline 0x7f
expect "hello --mem 2M" 67 hello --mem 2M

# --- a guest that spins: --timeout, SIGINT, host responsiveness -----------
t0=$(cut -d. -f1 /proc/uptime)
vtlb run --timeout 1 $g/spin.elf > /tmp/o 2> /tmp/e
rc=$?
t1=$(cut -d. -f1 /proc/uptime)
if [ $rc = 8 ] && grep -q timeout /tmp/e && [ $((t1 - t0)) -le 3 ]; then
	ok "spin --timeout 1: status 8 after $((t1 - t0)) s"
else
	nok "spin --timeout 1: status $rc after $((t1 - t0)) s"; cat /tmp/e
fi
if grep -q spinning /tmp/o; then ok "spin: output before the timeout reached stdout"; else nok "spin: output lost"; fi

vtlb run --stats $g/spin.elf > /tmp/o 2> /tmp/e &
pid=$!
sleep 1
# The shell (CPU 0) keeps working while the guest spins on CPU $last.
t0=$(cut -d' ' -f1 /proc/uptime)
i=0
while [ $i -lt 50 ]; do cat /proc/uptime > /dev/null; ls /proc > /dev/null; i=$((i + 1)); done
t1=$(cut -d' ' -f1 /proc/uptime)
if kill -0 $pid 2> /dev/null; then ok "host shell answers while a guest spins (50 commands, $t0 -> $t1 s)"; else nok "spinning guest died early"; fi
kill -INT $pid
wait $pid
rc=$?
if [ $rc = 8 ] && grep -q 'stopped by' /tmp/e; then ok "spin + SIGINT: status 8"; else nok "spin + SIGINT: status $rc"; cat /tmp/e; fi
irq=$(awk '$1 == "exit_irq" { print $2 }' /tmp/e)
exits=$(awk '$1 == "exits" { print $2 }' /tmp/e)
echo "spin: exits $exits, host interrupts forwarded $irq"
if [ -n "$irq" ] && [ "$irq" -gt 0 ]; then ok "host interrupts reached Linux while the guest spun ($irq)"; else nok "no host interrupt forwarded ($irq)"; cat /tmp/e; fi

# --- two VMs on two CPUs at once; a third on a busy CPU gets EBUSY ---------
if [ $cpus -ge 2 ]; then
	vtlb run --cpu 0 --timeout 3 $g/spin.elf > /tmp/o0 2> /tmp/e0 &
	p0=$!
	vtlb run --cpu 1 --timeout 3 $g/spin.elf > /tmp/o1 2> /tmp/e1 &
	p1=$!
	sleep 1
	expect "third VM on a busy CPU 1: refused (usage status 64)" 64 hello --cpu 1
	grep -q 'another VM owns that CPU' /tmp/e && ok "EBUSY is explained" || { nok "EBUSY message"; cat /tmp/e; }
	wait $p0; rc0=$?
	wait $p1; rc1=$?
	if [ $rc0 = 8 ] && [ $rc1 = 8 ]; then ok "two VMs on CPUs 0 and 1 at once: both stopped by --timeout"; else nok "two VMs: status $rc0 and $rc1"; cat /tmp/e0 /tmp/e1; fi
	vtlb run --cpu 0 $g/hello.elf > /tmp/o0 2>&1 &
	p0=$!
	vtlb run --cpu 1 $g/hello.elf > /tmp/o1 2>&1 &
	p1=$!
	wait $p0; rc0=$?
	wait $p1; rc1=$?
	if [ $rc0 = 67 ] && [ $rc1 = 67 ] && cmp -s /tmp/o0 $g/hello.native && cmp -s /tmp/o1 $g/hello.native; then
		ok "two hello VMs on CPUs 0 and 1 at once: both correct"
	else
		nok "two hello VMs: status $rc0 and $rc1"; cat /tmp/o0 /tmp/o1
	fi
fi

# --- hostile guests ----------------------------------------------------------
# With the virtual CPU wired in (vcpu.md): SYSENTER at CPL 0 is
# unsupported; SYSCALL is #UD as on an IA-32 CPU with EFER.SCE = 0,
# delivered through the guest's IDT (none here: triple fault, status 4).
# LGDT, LIDT, MOV CR3, INVLPG are emulated (the guest carries on and exits
# with 0x10: status 33); LTR of the guest's selector 0x28 with no GDT of
# its own is a #GP (triple fault); LLDT, WRMSR, RDMSR, CLTS, MOV DR stay
# unsupported.
expect "SYSENTER" 6 sysenter --cmdline 0
expect "SYSCALL (#UD, no guest IDT)" 4 sysenter --cmdline 1
i=0
for ins in LGDT:33 LIDT:33 LLDT:6 LTR:4 MOV-CR3:33 WRMSR:6 RDMSR:6 CLTS:6 INVLPG:33 MOV-DR7:6; do
	expect "system instruction ${ins%:*}" ${ins#*:} sysinsn --cmdline $i
	i=$((i + 1))
done

if grep -qw ospke /proc/cpuinfo || grep -qw pku /proc/cpuinfo; then
	expect "WRPKRU allow-all" 37 wrpkru --cmdline 0
	expect "WRPKRU deny key 0, then a store" 6 wrpkru --cmdline 1
else
	expect "WRPKRU without PKU (#UD)" 4 wrpkru --cmdline 1
fi

# INT n (a sample; every n: worldswitch-int.sh), INT3, INTO, INT1: a guest
# exception with no guest IDT.
for v in 0 1 2 3 4 8 13 14 18 32 128 255 256 257 258; do
	expect "INT $v (256 INT3, 257 INTO, 258 INT1)" 4 intn --cmdline $v
done

for f in "0 UD2" "1 divide-error" "2 ESP-above-RAM" "3 ESP-0-wraps" "4 read-0xfffff000" "5 write-above-RAM" "6 read-across-end-of-RAM" "7 BOUND"; do
	set -- $f
	expect "fault: $2" 4 fault --cmdline $1 --mem 4M
done
expect "fault: x87 FLD1 (no FPU in ABI v1)" 6 fault --cmdline 8

# QEMU TCG (7.2) pops IRET's frame and pushes far CALL's return address with
# supervisor-mode accesses, which SMAP refuses on the guest's user pages:
# with SMAP a far CALL that would succeed on hardware ends "unsupported"
# (ok_call below). Run with --cpu-model max,-smap to see the hardware outcome.
# With the virtual CPU, every IRET of this guest (virtual CPL 0, EFLAGS.NT
# = 1 in the real flags) traps and is emulated against the guest's GDT,
# which it never loaded: #GP on the CS selector, no guest IDT, triple
# fault (status 4) whatever the frame.
ok_call=35
grep -qw smap /proc/cpuinfo && ok_call=6
for f in "0 4 CS=0x10" "1 4 CS=0x18" "2 4 CS=null" "3 4 IOPL3+IF-ignored" "4 4 NT-then-IRET" "5 4 TF" "8 4 CS=TSS"; do
	set -- $f
	expect "IRET forged frame $3" $2 iret --cmdline $1
done
# EFLAGS.AC: the emulated IRET faults on CS first (status 4). EFLAGS.VM = 1:
# an IRET to virtual-8086 mode is unsupported (status 6).
expect "IRET forged frame AC-misaligned" 4 iret --cmdline 6
expect "IRET forged frame VM" 6 iret --cmdline 7

# Far JMP and far CALL to a sample of selectors, RPL 0 and 3 (every selector:
# worldswitch-selectors.sh): our kernel CS/DS, the guest code and data
# segments, empty slots, our TSS, beyond the limit, LDT selectors. This
# guest never loads a GDT: its slots 0-505 are empty, and the only code it
# can reach is our flat 32-bit code at 0xfd0 (switch.h).
bad=0 tried=0
for sel in 0 8 0x10 0x18 0x20 0x28 0x30 0x38 0x100 0xfd0 0xfd8 0xfe0 0xfe8 0xff0 0xff8 0x1000 0xfff8; do
	for rpl in 0 3; do
		for call in 0 65536; do
			want=6
			[ $((sel)) = $((0xfd0)) ] && want=35
			[ $((sel)) = $((0xfd0)) ] && [ $call = 65536 ] && want=$ok_call
			vtlb run --timeout 30 --mem 2M --cmdline $((sel + rpl + call)) $g/farjmp.elf > /dev/null 2> /tmp/e
			rc=$?
			tried=$((tried + 1))
			if [ $rc != $want ]; then bad=$((bad + 1)); echo "far transfer $((sel + rpl + call)): status $rc, expected $want"; cat /tmp/e; fi
		done
	done
done
for sel in 4 7 0x24 0x27; do
	vtlb run --timeout 30 --mem 2M --cmdline $sel $g/farjmp.elf > /dev/null 2> /tmp/e
	rc=$?
	tried=$((tried + 1))
	if [ $rc != 6 ]; then bad=$((bad + 1)); echo "far jmp $sel (LDT): status $rc"; cat /tmp/e; fi
done
if [ $bad = 0 ]; then ok "far JMP/CALL to $tried selectors: only the guest code segment is reachable"; else nok "far JMP/CALL: $bad of $tried bad"; fi

# --- the host is intact afterwards ------------------------------------------
ws_finish "after the hostile guests"
