# Runs inside the test VM: far CALL to every selector (ws-lib.sh, far_sweep).
. /guests/ws/ws-lib.sh
far_sweep "far CALL" 65536
ws_finish afterwards
