// SPDX-License-Identifier: GPL-2.0
/*
 * Refuse to load, with a clear message, on hosts where an IDT-based world
 * switch cannot work (world-switch-pitfalls.md, section 1).
 */
#define pr_fmt(fmt) "vtlb: " fmt

#include <linux/kernel.h>
#include <linux/errno.h>
#include <asm/cpufeature.h>
#include "glue.h"

int vtlb_host_check(void)
{
	if (!IS_ENABLED(CONFIG_X86_64)) {
		pr_err("needs an x86-64 host kernel\n");
		return -ENODEV;
	}
#ifdef X86_FEATURE_FRED
	if (cpu_feature_enabled(X86_FEATURE_FRED)) {
		pr_err("FRED is enabled: the IDT-based world switch cannot work (boot with fred=off)\n");
		return -ENODEV;
	}
#endif
	return 0;
}
