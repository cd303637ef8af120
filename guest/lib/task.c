// SPDX-License-Identifier: GPL-2.0
/*
 * Ring-3 execution: one-shot user probes (run_user) and cooperative user
 * tasks with their own address spaces, int $0x80 system calls, demand
 * paging of heap and stack, fork with copy-on-write.
 */
#include "guest.h"

static u8 trap_stack[16384] __aligned(16);
struct task tasks[MAX_TASKS];
struct task *current;
int verbose_faults;
u32 stat_demand, stat_cow, stat_switches;

#define MAX_FRAMES (256u << 8)	/* reference counts for up to 256 MiB */
static u8 refcnt[MAX_FRAMES];

static struct kctx probe_ctx, sched_ctx;
static int probe_active, probe_result, sched_active, next_pid = 1;
static u32 probe_eax, sched_cr3;

u32 trap_stack_top(void)
{
	return (u32)trap_stack + sizeof(trap_stack);
}

static struct frame *user_slot(void)
{
	return (struct frame *)(trap_stack_top() - sizeof(struct frame));
}

void enter_frame(struct frame *f) __noreturn;

u32 user_stack_va(void)
{
	return USER_STACK_TOP - PAGE_SIZE;
}

static void ensure_user_page(u32 pd, u32 va)
{
	u32 *pte = pte_get(pd, va, PG_RW | PG_US);

	if (!(*pte & PG_P)) {
		u32 pa = frame_alloc();

		refcnt[pa >> 12] = 1;
		*pte = pa | PG_P | PG_RW | PG_US;
	}
}

int run_user(void (*fn)(void), u32 ecx, u32 edx, u32 *eax)
{
	struct frame *f = user_slot();

	ensure_user_page(read_cr3(), user_stack_va());
	memset(f, 0, sizeof(*f));
	f->eip = (u32)fn;
	f->cs = UCS;
	f->eflags = 0x2;
	f->user_esp = USER_STACK_TOP - 16;
	f->user_ss = UDS;
	f->ecx = ecx;
	f->edx = edx;
	tss.esp0 = trap_stack_top();
	if (ksave(&probe_ctx) == 0) {
		probe_active = 1;
		enter_frame(f);
	}
	probe_active = 0;
	if (eax)
		*eax = probe_eax;
	return probe_result;
}

/* ---- address spaces ---- */

u32 space_fork(u32 pd)
{
	u32 child = kspace_pd();
	u32 i, j;

	for (i = USER_BASE >> 22; i < 1024; i++) {
		u32 pde = ((u32 *)pd)[i], *pt, *cpt;

		if (!(pde & PG_P))
			continue;
		pt = (u32 *)(pde & ~0xfffu);
		cpt = (u32 *)frame_alloc();
		((u32 *)child)[i] = (u32)cpt | (pde & 0xfff);
		for (j = 0; j < 1024; j++) {
			if (!(pt[j] & PG_P))
				continue;
			if (pt[j] & (PG_RW | PG_COW))
				pt[j] = (pt[j] & ~PG_RW) | PG_COW;
			cpt[j] = pt[j];
			refcnt[pt[j] >> 12]++;
		}
	}
	return child;
}

void space_free(u32 pd)
{
	u32 i, j;

	for (i = USER_BASE >> 22; i < 1024; i++) {
		u32 pde = ((u32 *)pd)[i], *pt;

		if (!(pde & PG_P))
			continue;
		pt = (u32 *)(pde & ~0xfffu);
		for (j = 0; j < 1024; j++) {
			u32 pa = pt[j] & ~0xfffu;

			if (!(pt[j] & PG_P))
				continue;
			if (--refcnt[pa >> 12] == 0)
				frame_free(pa);
		}
		frame_free((u32)pt);
	}
	frame_free(pd);
}

/* ---- tasks ---- */

int task_create(void (*entry)(void), u32 arg)
{
	struct task *t = NULL;
	u32 *stack;
	int i;

	for (i = 0; i < MAX_TASKS; i++) {
		if (tasks[i].state == T_FREE) {
			t = &tasks[i];
			break;
		}
	}
	if (!t)
		return -1;
	memset(t, 0, sizeof(*t));
	t->pid = next_pid++;
	t->parent = current ? current->pid : 0;
	t->pd = kspace_pd();
	t->heap_end = USER_HEAP;
	ensure_user_page(t->pd, user_stack_va());
	stack = (u32 *)((*pte_ptr(t->pd, user_stack_va()) & ~0xfffu) + PAGE_SIZE - 16);
	stack[0] = 0;		/* return address: none */
	stack[1] = arg;
	t->regs.eip = (u32)entry;
	t->regs.cs = UCS;
	t->regs.eflags = 0x2;
	t->regs.user_esp = USER_STACK_TOP - 16;
	t->regs.user_ss = UDS;
	t->state = T_READY;
	return t->pid;
}

static struct task *pick_next(void)
{
	int start = current ? (int)(current - tasks) + 1 : 0, i;

	for (i = 0; i < MAX_TASKS; i++) {
		struct task *t = &tasks[(start + i) % MAX_TASKS];

		if (t->state == T_READY)
			return t;
	}
	return NULL;
}

/* Make t current: its address space and its registers in frame f. */
static void switch_to(struct task *t, struct frame *f)
{
	if (current != t)
		stat_switches++;
	current = t;
	write_cr3(t->pd);
	*f = t->regs;
}

static void schedule(struct frame *f, int save)
{
	struct task *t;

	if (save)
		current->regs = *f;
	t = pick_next();
	if (!t) {
		write_cr3(sched_cr3);
		current = NULL;
		krestore(&sched_ctx, 1);
	}
	switch_to(t, f);
}

void run_tasks(void)
{
	struct task *t;

	sched_cr3 = read_cr3();
	tss.esp0 = trap_stack_top();
	current = NULL;
	t = pick_next();
	if (!t)
		return;
	if (ksave(&sched_ctx) == 0) {
		sched_active = 1;
		switch_to(t, user_slot());
		enter_frame(user_slot());
	}
	sched_active = 0;
}

static int user_range_ok(u32 va, u32 len)
{
	u32 end = va + len, p;

	if (end < va || va < USER_BASE)
		return 0;
	for (p = va & ~0xfffu; p < end; p += PAGE_SIZE) {
		u32 *pte = pte_ptr(read_cr3(), p);

		if (!pte || (*pte & (PG_P | PG_US)) != (PG_P | PG_US))
			return 0;
	}
	return 1;
}

static void task_exit(struct frame *f, int code)
{
	struct task *t = current;
	int i;

	t->state = T_ZOMBIE;
	t->exit_code = code;
	/* Orphans are reaped at once. */
	for (i = 0; i < MAX_TASKS; i++)
		if (tasks[i].state == T_ZOMBIE && tasks[i].parent == t->pid)
			tasks[i].state = T_FREE;
	/* Nobody will wait for a task whose parent is gone. */
	if (t->parent) {
		int alive = 0;

		for (i = 0; i < MAX_TASKS; i++)
			if (tasks[i].pid == t->parent && tasks[i].state == T_READY)
				alive = 1;
		if (!alive)
			t->state = T_FREE;
	}
	write_cr3(sched_cr3);
	space_free(t->pd);
	t->pd = 0;
	schedule(f, 0);
}

static int wait_child(void)
{
	int i, any = 0;

	for (i = 0; i < MAX_TASKS; i++) {
		struct task *t = &tasks[i];

		if (t->parent != current->pid || t->state == T_FREE)
			continue;
		any = 1;
		if (t->state == T_ZOMBIE) {
			t->state = T_FREE;
			return t->exit_code;
		}
	}
	return any ? -2 : -1;
}

static void do_syscall(struct frame *f)
{
	struct task *child;
	int pid;

	switch (f->eax) {
	case SYS_EXIT:
		task_exit(f, (int)f->ebx);
		return;
	case SYS_WRITE:
		if (!user_range_ok(f->ebx, f->ecx)) {
			f->eax = (u32)-1;
			return;
		}
		for (u32 i = 0; i < f->ecx; i++)
			putc(((const char *)f->ebx)[i]);
		f->eax = f->ecx;
		return;
	case SYS_FORK:
		pid = task_create((void (*)(void))f->eip, 0);
		if (pid < 0) {
			f->eax = (u32)-1;
			return;
		}
		child = &tasks[0];
		while (child->pid != pid)
			child++;
		/* Replace the fresh space by a copy-on-write clone. */
		space_free(child->pd);
		child->pd = space_fork(current->pd);
		write_cr3(current->pd);	/* parent's PTEs were write-protected */
		child->heap_end = current->heap_end;
		child->regs = *f;
		child->regs.eax = 0;
		f->eax = (u32)pid;
		return;
	case SYS_YIELD:
		f->eax = 0;
		schedule(f, 1);
		return;
	case SYS_GETPID:
		f->eax = (u32)current->pid;
		return;
	case SYS_SBRK:
		f->eax = current->heap_end;
		if (f->ebx <= USER_STACK_TOP - 0x10000 - current->heap_end)
			current->heap_end += f->ebx;
		else
			f->eax = (u32)-1;
		return;
	case SYS_WAIT:
		f->eax = (u32)wait_child();
		return;
	case SYS_ECHO:
		f->eax = f->ebx + f->ecx + f->edx;
		return;
	default:
		f->eax = (u32)-1;
		return;
	}
}

/* Demand paging and copy-on-write; returns 1 if the fault was resolved. */
static int user_pf(u32 va, u32 err)
{
	u32 pd = read_cr3(), *pte, pa, copy;
	int in_heap = va >= USER_HEAP && va < current->heap_end;
	int in_stack = va >= USER_STACK_TOP - 0x10000 && va < USER_STACK_TOP;

	if (!(err & 1)) {
		if (!in_heap && !in_stack)
			return 0;
		ensure_user_page(pd, va & ~0xfffu);
		stat_demand++;
		if (verbose_faults)
			printf("  [kernel] page fault at %08x in task %d: gave it a fresh zeroed page (demand paging)\n",
			       va, current->pid);
		return 1;	/* not present before: no invalidation needed */
	}
	pte = pte_ptr(pd, va);
	if (!(err & 2) || !pte || !(*pte & PG_COW))
		return 0;
	pa = *pte & ~0xfffu;
	if (refcnt[pa >> 12] > 1) {
		copy = frame_alloc();
		memcpy((void *)copy, (void *)pa, PAGE_SIZE);
		refcnt[pa >> 12]--;
		refcnt[copy >> 12] = 1;
		*pte = copy | (*pte & 0xfff & ~PG_COW & ~PG_A & ~PG_D) | PG_RW;
	} else {
		*pte = (*pte & ~PG_COW) | PG_RW;
	}
	invlpg(va);
	stat_cow++;
	if (verbose_faults)
		printf("  [kernel] write to shared page %08x by task %d: copied it (copy-on-write)\n",
		       va, current->pid);
	return 1;
}

int user_trap(struct frame *f);
int user_trap(struct frame *f)
{
	if (probe_active) {
		if (f->vector == VEC_SYSCALL && f->eax == SYS_WRITE) {
			f->eax = (u32)-1;
			if (user_range_ok(f->ebx, f->ecx)) {
				for (u32 i = 0; i < f->ecx; i++)
					putc(((const char *)f->ebx)[i]);
				f->eax = f->ecx;
			}
			return 1;
		}
		if (f->vector == VEC_SYSCALL && f->eax == SYS_ECHO) {
			f->eax = f->ebx + f->ecx + f->edx;
			return 1;
		}
		last_fault.eip = f->eip;
		last_fault.user_esp = f->user_esp;
		if (f->vector == VEC_SYSCALL && f->eax == SYS_DONE) {
			probe_result = -1;
			probe_eax = f->ebx;
		} else {
			probe_result = (int)f->vector;
			last_fault.vector = f->vector;
			last_fault.err = f->err;
			last_fault.cr2 = f->vector == VEC_PF ? read_cr2() : 0;
		}
		krestore(&probe_ctx, 1);
	}
	if (!sched_active)
		return 0;
	if (f->vector == VEC_SYSCALL) {
		do_syscall(f);
		return 1;
	}
	if (f->vector == VEC_PF && user_pf(read_cr2(), f->err))
		return 1;
	if (verbose_faults)
		printf("  [kernel] program %d touched %08x, which is not its memory: stopping it\n",
		       current->pid, read_cr2());
	else {
		printf("  [kernel] task %d killed: ", current->pid);
		print_frame("exception", f);
	}
	task_exit(f, 0x100 + (int)f->vector);
	return 1;
}
