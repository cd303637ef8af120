# Runs inside the test VM: far JMP to every selector (ws-lib.sh, far_sweep).
. /guests/ws/ws-lib.sh
far_sweep "far JMP" 0
ws_finish afterwards
