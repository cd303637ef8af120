# Runs inside the test VM: INT n for every n = 0..255, then INT3, INTO and
# INT1 (ICEBP). Every gate of our IDT has DPL 0, so none reaches a host
# vector: each is a guest exception with no guest IDT, a triple fault
# (status 4).
. /guests/ws/ws-lib.sh
bad=0 v=0
while [ $v -le 258 ]; do
	vtlb run --timeout 30 --mem 2M --cmdline $v $g/intn.elf > /dev/null 2> /tmp/e
	rc=$?
	if [ $rc != 4 ]; then bad=$((bad + 1)); echo "INT $v: status $rc"; cat /tmp/e; fi
	v=$((v + 1))
	[ $((v % 64)) = 0 ] && echo "int: $v"
done
if [ $bad = 0 ]; then ok "INT n for n = 0..255, INT3, INTO, INT1: all status 4 (triple fault)"; else nok "INT n: $bad of 259 bad"; fi
ws_finish afterwards
