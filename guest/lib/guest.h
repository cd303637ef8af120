/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vtlb guest library: a freestanding 32-bit IA-32 kernel toolkit for test
 * guests that keep to Documentation/guest-abi.md (Multiboot entry, GDT/IDT/
 * TSS, COM1, isa-debug-exit, two-level paging, ring-3 tasks, int $0x80).
 */
#ifndef GUEST_H
#define GUEST_H

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int s32;
typedef unsigned int size_t;
typedef __builtin_va_list va_list;
#define va_start(ap, last) __builtin_va_start(ap, last)
#define va_arg(ap, t) __builtin_va_arg(ap, t)
#define va_end(ap) __builtin_va_end(ap)
#define NULL ((void *)0)
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define __noreturn __attribute__((noreturn))
#define __aligned(n) __attribute__((aligned(n)))

/* Selectors (our GDT). */
#define KCS 0x08
#define KDS 0x10
#define UCS 0x1b
#define UDS 0x23
#define TSS_SEL 0x28

/* Page-table bits (IA-32, CR4.PAE = 0). */
#define PG_P 0x001
#define PG_RW 0x002
#define PG_US 0x004
#define PG_PWT 0x008
#define PG_PCD 0x010
#define PG_A 0x020
#define PG_D 0x040
#define PG_PS 0x080
#define PG_G 0x100
#define PG_COW 0x200 /* software bit: copy-on-write */
#define PAGE_SIZE 4096u
#define BIG_PAGE 0x400000u
#define GUEST_MEM (32u << 20) /* what the guests use, whatever the RAM */

#define CR0_PE 0x00000001u
#define CR0_ET 0x00000010u
#define CR0_WP 0x00010000u
#define CR0_PG 0x80000000u
#define CR4_PSE 0x00000010u
#define CR4_PAE 0x00000020u
#define CR4_PGE 0x00000080u

/* Exception vectors. */
#define VEC_DE 0
#define VEC_BP 3
#define VEC_OF 4
#define VEC_UD 6
#define VEC_DF 8
#define VEC_NP 11
#define VEC_GP 13
#define VEC_PF 14
#define VEC_MC 18
#define VEC_SYSCALL 0x80

/* Trap frame as built by the stubs in entry.S (pusha order). */
struct frame {
	u32 edi, esi, ebp, esp_unused, ebx, edx, ecx, eax;
	u32 vector, err;
	u32 eip, cs, eflags;
	u32 user_esp, user_ss; /* only valid when from CPL 3 */
};

/* ---- port I/O and control registers ---- */
static inline void outb(u16 port, u8 v) { asm volatile("outb %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outw(u16 port, u16 v) { asm volatile("outw %0, %1" : : "a"(v), "Nd"(port)); }
static inline void outl(u16 port, u32 v) { asm volatile("outl %0, %1" : : "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u16 inw(u16 port) { u16 v; asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u32 inl(u16 port) { u32 v; asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u32 read_cr0(void) { u32 v; asm volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline u32 read_cr2(void) { u32 v; asm volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline u32 read_cr3(void) { u32 v; asm volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline u32 read_cr4(void) { u32 v; asm volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr0(u32 v) { asm volatile("mov %0, %%cr0" : : "r"(v) : "memory"); }
static inline void write_cr2(u32 v) { asm volatile("mov %0, %%cr2" : : "r"(v) : "memory"); }
static inline void write_cr3(u32 v) { asm volatile("mov %0, %%cr3" : : "r"(v) : "memory"); }
static inline void write_cr4(u32 v) { asm volatile("mov %0, %%cr4" : : "r"(v) : "memory"); }
static inline void invlpg(u32 va) { asm volatile("invlpg (%0)" : : "r"(va) : "memory"); }
static inline void barrier(void) { asm volatile("" : : : "memory"); }
/* Accesses the compiler neither merges nor moves across page-table updates
 * (the CPU, or vtlb, changes A/D bits behind the compiler's back). */
static inline u32 peek(u32 a)
{
	u32 v;

	barrier();
	v = *(volatile u32 *)a;
	barrier();
	return v;
}

static inline void poke(u32 a, u32 v)
{
	barrier();
	*(volatile u32 *)a = v;
	barrier();
}

/* ---- console and exit (console.c) ---- */
void serial_init(void);
void putc(char c);
void puts(const char *s);
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void __noreturn debug_exit(u32 v);
void __noreturn panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* ---- self-checks: every guest ends with test_done() ---- */
extern u32 checks_run, checks_failed;
#define CHECK(cond, ...) check_((cond), __FILE__, __LINE__, __VA_ARGS__)
void check_(int ok, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void __noreturn test_done(const char *name);

/* ---- CPU setup (cpu.c) ---- */
struct tss {
	u32 link, esp0, ss0, esp1, ss1, esp2, ss2, cr3, eip, eflags;
	u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u32 es, cs, ss, ds, fs, gs, ldt;
	u16 trap, iomap;
} __attribute__((packed));

extern struct tss tss;
extern u32 mb_magic, mb_info; /* as found at entry */
extern u32 entry_cr0, entry_cr2, entry_cr3, entry_cr4;
extern u32 ram_size;          /* from Multiboot mem_upper */
void cpu_init(void);           /* GDT, IDT, TSS; CS/DS/SS reloaded */
void idt_set(int vec, void (*handler)(void), int dpl, int present);
extern void (*isr_table[256])(void);
void load_idt(u32 limit);

/* Exception dispatch: a test may install a handler per vector; returns
 * nonzero if handled. Unhandled exceptions print and fail the guest. */
typedef int (*trap_fn)(struct frame *f);
extern trap_fn trap_handlers[256];
int from_user(const struct frame *f);
void print_frame(const char *what, const struct frame *f);

/* Kernel probes: access one address, report whether it faulted. */
struct fault_info {
	u32 vector, err, cr2, eip, user_esp;
};
extern struct fault_info last_fault;
int kprobe_read(u32 addr, u32 *val);   /* 0 ok, 1 faulted */
int kprobe_write(u32 addr, u32 val);

/* setjmp-style kernel context (entry.S) */
struct kctx {
	u32 ebx, esi, edi, ebp, esp, eip;
};
int ksave(struct kctx *c);
void __noreturn krestore(struct kctx *c, int ret);

/* ---- physical memory and page tables (mm.c) ---- */
void frames_init(u32 first, u32 end);
u32 frame_alloc(void);           /* zeroed 4 KiB frame */
void frame_free(u32 pa);
u32 frames_free_count(void);
u32 pd_new(void);                /* zeroed page directory */
u32 *pde_ptr(u32 pd, u32 va);
u32 *pte_ptr(u32 pd, u32 va);    /* NULL if no page table */
u32 *pte_get(u32 pd, u32 va, u32 pde_flags); /* allocates the PT */
void map4k(u32 pd, u32 va, u32 pa, u32 flags);
void map4m(u32 pd, u32 va, u32 pa, u32 flags);
void unmap(u32 pd, u32 va);
/* Kernel space: identity [0, ram) supervisor-only, the .user section
 * user-readable; big = use 4 MiB pages above 4 MiB (turns on CR4.PSE). */
void kspace_init(int big);
u32 kspace_pd(void);             /* new PD sharing the kernel mappings */
void paging_on(u32 pd);
const char *pgflags(u32 e);	/* "PWUADSG" with '-' for clear bits */
/* Guest-physical memory the tests use at fixed addresses (never allocated). */
#define TEST_PHYS 0x01400000u	/* 20 MiB .. 32 MiB: three 4 MiB pages */
#define TEST_PHYS_END GUEST_MEM
extern char __user_start[], __user_end[], __kernel_end[];

/* ---- user tasks (task.c) ---- */
#define SYS_EXIT 0
#define SYS_WRITE 1
#define SYS_FORK 2
#define SYS_YIELD 3
#define SYS_GETPID 4
#define SYS_DONE 5   /* end of a user probe */
#define SYS_SBRK 6
#define SYS_WAIT 7
#define SYS_ECHO 8   /* returns ebx + ecx + edx; for register checks */
#define USER_BASE 0x40000000u
#define USER_STACK_TOP 0x40400000u
#define USER_HEAP 0x40200000u
#define MAX_TASKS 32

struct task {
	int pid, state, exit_code, parent;
	u32 pd;
	u32 heap_end;
	struct frame regs;
};
enum { T_FREE, T_READY, T_ZOMBIE };
extern struct task tasks[MAX_TASKS];
extern struct task *current;
extern int verbose_faults;
extern u32 stat_demand, stat_cow, stat_switches;
int task_create(void (*entry)(void), u32 arg);
void run_tasks(void);            /* until every task exited */
u32 trap_stack_top(void);
/* Run fn at CPL 3 in the current address space with ecx/edx set; returns
 * 0 if it ended with SYS_DONE (eax = its eax) or the vector it faulted on. */
int run_user(void (*fn)(void), u32 ecx, u32 edx, u32 *eax);
u32 user_stack_va(void);
void u_probe(void);		/* ECX addr, EDX 0 read / else write EDX */
#define RUN_USER_OK (-1)
/* Clone an address space for fork (user part copy-on-write). */
u32 space_fork(u32 pd);
void space_free(u32 pd);

/* deterministic pseudo-random numbers */
static inline u32 lcg(u32 *s)
{
	*s = *s * 1103515245u + 12345u;
	return *s >> 8;
}

#endif
