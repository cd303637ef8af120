// SPDX-License-Identifier: GPL-2.0
/*
 * tour: the demo guest for `make run`. A tiny multi-process operating
 * system that says what it does: it boots, turns paging on, starts four
 * user programs in separate address spaces, handles their page faults
 * (demand paging, copy-on-write, a bad access) and system calls, and exits.
 * It is also an equivalence guest (deterministic transcript).
 */
#include "guest.h"

void hello_prog(u32 n);
void heap_prog(u32 pages);
void fork_prog(u32 unused);
void bad_prog(u32 addr);
static u32 kernel_secret = 0x5ec2e7;

int main(void);
int main(void)
{
	u32 pd;
	int i;

	printf("tour: hello! I am a tiny operating system running as a vtlb guest.\n");
	printf("tour: I loaded my own GDT, IDT and TSS: ring 0 for me, ring 3 for programs.\n");
	kspace_init(1);
	pd = kspace_pd();
	printf("tour: my page tables map the first %u MiB of memory for the kernel,\n",
	       GUEST_MEM >> 20);
	printf("tour:   with 4 KiB pages below 4 MiB and 4 MiB pages above.\n");
	paging_on(pd);
	write_cr0(read_cr0() | CR0_WP);
	printf("tour: paging is on (CR0 = %08x); from now on every address is virtual.\n",
	       read_cr0());
	printf("tour: starting 4 programs; each gets its own address space (page directory),\n");
	printf("tour:   all at the same virtual addresses, none can see the others.\n");
	task_create((void (*)(void))hello_prog, 3);
	task_create((void (*)(void))heap_prog, 3);
	task_create((void (*)(void))fork_prog, 0);
	task_create((void (*)(void))bad_prog, (u32)&kernel_secret);
	verbose_faults = 1;
	run_tasks();
	verbose_faults = 0;
	printf("tour: every program has finished:\n");
	for (i = 0; i < 4; i++)
		printf("tour:   program %d exit code %d%s\n", tasks[i].pid, tasks[i].exit_code,
		       tasks[i].exit_code >= 0x100 ? " (killed by the kernel)" : "");
	printf("tour: I handled %u demand-paging faults and %u copy-on-write faults,\n",
	       stat_demand, stat_cow);
	printf("tour:   and switched between programs %u times (each switch loads CR3).\n",
	       stat_switches);
	CHECK(tasks[3].exit_code == 0x100 + VEC_PF, "snoop was not stopped");
	CHECK(stat_cow >= 1 && stat_demand >= 3, "faults");
	printf("tour: goodbye.\n");
	test_done("tour");
}
