// SPDX-License-Identifier: GPL-2.0
/*
 * fork: a fork/copy-on-write workload in user mode. Demand-paged heap,
 * fork (the parent's writable PTEs made read-only, CR3 reloaded), COW
 * faults copying pages, exits freeing and reusing frames, a second round
 * to reuse them; checks counted by the kernel too.
 * Patent: Fig 5 (508-518, 522-524), 7C/7D (832-852: D emulation vs. real
 * write-protection faults), 8 (INVLPG after COW), the CR3 paragraph, 10.
 */
#include "guest.h"

void fork_main(u32 nchildren);

int main(void);
int main(void)
{
	u32 pd, free0;
	int round;

	kspace_init(1);
	pd = kspace_pd();
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	free0 = frames_free_count();
	for (round = 1; round <= 2; round++) {
		u32 pid;

		stat_demand = stat_cow = 0;
		printf("round %d:\n", round);
		pid = (u32)task_create((void (*)(void))fork_main, 5);
		run_tasks();
		CHECK(tasks[0].state == T_ZOMBIE && tasks[0].pid == (int)pid,
		      "first task slot %d pid %d", tasks[0].state, tasks[0].pid);
		printf("round %d: parent exit code %d; kernel: %u demand-paged pages, %u copy-on-write faults\n",
		       round, tasks[0].exit_code, stat_demand, stat_cow);
		CHECK(tasks[0].exit_code == 0, "parent exit code %d", tasks[0].exit_code);
		CHECK(stat_cow >= 5, "too few COW faults: %u", stat_cow);
		tasks[0].state = T_FREE;
		CHECK(frames_free_count() == free0, "frames leaked: %u of %u free",
		      frames_free_count(), free0);
	}
	test_done("fork");
}
