// SPDX-License-Identifier: GPL-2.0
/* Benchmark: first write of N fresh 4 KiB pages at CPL 0 (touch.inc). */
#define TOUCH_NAME "touch_write"
#define TOUCH_READ 0
#define TOUCH_WRITE 1
#include "touch.inc"
