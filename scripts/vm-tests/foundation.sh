# Runs inside the test VM (scripts/test-vm): module load, the device, the
# launcher, the ioctl interface, module unload. Results in /out/results.
r=/out/results
n=0
ok() { n=$((n + 1)); echo "ok $n - $1" >> $r; }
nok() { n=$((n + 1)); echo "not ok $n - $1" >> $r; }
t() { name=$1; shift; if "$@" >/tmp/t.out 2>&1; then ok "$name"; else nok "$name"; cat /tmp/t.out; fi; }

: > $r
vtlb version >/tmp/v 2>&1; rc=$?
if [ $rc = 68 ] && grep -q 'cannot open /dev/vtlb' /tmp/v; then ok "vtlb version without the module: status 68 and a clear line"; else nok "vtlb version without the module (rc=$rc)"; cat /tmp/v; fi
t "insmod vtlb.ko" insmod /modules/vtlb.ko
t "/dev/vtlb exists" test -c /dev/vtlb
t "/sys/kernel/debug/vtlb exists" test -d /sys/kernel/debug/vtlb
vtlb version > /tmp/v 2>&1
if grep -q 'module API version 1' /tmp/v; then ok "vtlb version shows the module API version"; else nok "vtlb version"; cat /tmp/v; fi
t "vtlb --help" vtlb --help
vtlb bogus >/dev/null 2>&1; rc=$?
if [ $rc = 64 ]; then ok "unknown subcommand: status 64"; else nok "unknown subcommand: status $rc"; fi
vtlb run --host-pages=1g /nonexistent.elf >/dev/null 2>&1; rc=$?
if [ $rc = 64 ]; then ok "vtlb run --host-pages=1g: status 64"; else nok "vtlb run --host-pages=1g: status $rc"; fi
/bin/ioctl_test > /tmp/ioctl.out 2>&1
grep -E '^(ok|not ok) ' /tmp/ioctl.out | sed 's/^\(ok\|not ok\) [0-9]* - /\1 - ioctl: /' | while read -r line; do
	case "$line" in
	"ok - "*) ok "${line#ok - }" ;;
	*) nok "${line#not ok - }" ;;
	esac
done
n=$(grep -c '' $r)
grep -q 'passed, 0 failed' /tmp/ioctl.out || { cat /tmp/ioctl.out; echo "not ok 999 - ioctl_test did not finish cleanly" >> $r; }
t "rmmod vtlb" rmmod vtlb
t "/dev/vtlb gone after rmmod" test ! -e /dev/vtlb
t "insmod again after rmmod" insmod /modules/vtlb.ko
t "rmmod again" rmmod vtlb
cat $r
exit 0
