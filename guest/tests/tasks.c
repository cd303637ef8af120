// SPDX-License-Identifier: GPL-2.0
/*
 * tasks: user programs in separate address spaces at the same virtual
 * addresses, round-robin on int $0x80 yield (a CR3 switch each time),
 * write/getpid/sbrk/exit system calls, demand-paged heaps, and a task the
 * kernel kills for touching supervisor memory. The issue-5 "done when"
 * guest: GDT/IDT/TSS, 4 KiB + 4 MiB pages, two+ user programs, int $0x80,
 * its own page faults, exit.
 * Patent: Fig 5 (508-512 on every syscall and fault, 514-518), 7A-7D, the
 * CR3 paragraph, 10.
 */
#include "guest.h"

void counter_main(u32 id);
void intruder_main(u32 addr);
static u32 secret = 0x5ec12e7;

int main(void);
int main(void)
{
	u32 pd;
	int i;

	kspace_init(1);
	pd = kspace_pd();
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	task_create((void (*)(void))counter_main, 1);
	task_create((void (*)(void))counter_main, 2);
	task_create((void (*)(void))intruder_main, (u32)&secret);
	task_create((void (*)(void))counter_main, 3);
	printf("4 tasks created, each with its own page directory; running them\n");
	run_tasks();
	for (i = 0; i < 4; i++)
		printf("task %d exit code %d\n", tasks[i].pid, tasks[i].exit_code);
	CHECK(tasks[0].exit_code == 1 && tasks[1].exit_code == 2 && tasks[3].exit_code == 3,
	      "exit codes");
	CHECK(tasks[2].exit_code == 0x100 + VEC_PF, "intruder %x", tasks[2].exit_code);
	printf("kernel: %u demand-paged pages, %u task switches\n", stat_demand, stat_switches);
	CHECK(stat_demand == 9, "demand paging %u", stat_demand);
	test_done("tasks");
}
