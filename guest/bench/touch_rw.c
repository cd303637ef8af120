// SPDX-License-Identifier: GPL-2.0
/* Benchmark: first read, then write, of N fresh 4 KiB pages at CPL 0 (touch.inc). */
#define TOUCH_NAME "touch_rw"
#define TOUCH_READ 1
#define TOUCH_WRITE 1
#include "touch.inc"
