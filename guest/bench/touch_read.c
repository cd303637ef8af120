// SPDX-License-Identifier: GPL-2.0
/* Benchmark: first read of N fresh 4 KiB pages at CPL 0 (touch.inc). */
#define TOUCH_NAME "touch_read"
#define TOUCH_READ 1
#define TOUCH_WRITE 0
#include "touch.inc"
