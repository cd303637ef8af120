// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite "vtlb_uapi": the user ABI of include/uapi/vtlb.h as the
 * compiler lays it out in the kernel, checked against offsets and ioctl
 * numbers written down independently here (by hand, from the x86-64 psABI
 * and the _IOC encoding). A change to the ABI must change this file too.
 */
#include <kunit/test.h>
#include <linux/stddef.h>
#include <linux/string.h>
#include "uapi/vtlb.h"
#include "vtlb/vtlb.h"

struct field_layout {
	const char *name;
	size_t offset;		/* offsetof() as compiled */
	size_t size;		/* sizeof() as compiled */
	size_t want_offset;
	size_t want_size;
};

#define FIELD(type, field, off, sz) \
	{ #type "." #field, offsetof(struct type, field), \
	  sizeof_field(struct type, field), off, sz }

static const struct field_layout uapi_fields[] = {
	FIELD(vtlb_vm_config, size, 0, 4),
	FIELD(vtlb_vm_config, flags, 4, 4),
	FIELD(vtlb_vm_config, mem_size, 8, 8),
	FIELD(vtlb_vm_config, cpu, 16, 4),
	FIELD(vtlb_vm_config, max_tables, 20, 4),
	FIELD(vtlb_vm_config, reserved, 24, 32),

	FIELD(vtlb_mem_io, size, 0, 4),
	FIELD(vtlb_mem_io, flags, 4, 4),
	FIELD(vtlb_mem_io, gpa, 8, 8),
	FIELD(vtlb_mem_io, len, 16, 8),
	FIELD(vtlb_mem_io, buf, 24, 8),
	FIELD(vtlb_mem_io, reserved, 32, 16),

	FIELD(vtlb_regs, size, 0, 4),
	FIELD(vtlb_regs, cpl, 4, 4),
	FIELD(vtlb_regs, eax, 8, 4),
	FIELD(vtlb_regs, ecx, 12, 4),
	FIELD(vtlb_regs, edx, 16, 4),
	FIELD(vtlb_regs, ebx, 20, 4),
	FIELD(vtlb_regs, esp, 24, 4),
	FIELD(vtlb_regs, ebp, 28, 4),
	FIELD(vtlb_regs, esi, 32, 4),
	FIELD(vtlb_regs, edi, 36, 4),
	FIELD(vtlb_regs, eip, 40, 4),
	FIELD(vtlb_regs, eflags, 44, 4),
	FIELD(vtlb_regs, cr0, 48, 4),
	FIELD(vtlb_regs, cr2, 52, 4),
	FIELD(vtlb_regs, cr3, 56, 4),
	FIELD(vtlb_regs, cr4, 60, 4),
	FIELD(vtlb_regs, reserved, 64, 32),

	FIELD(vtlb_run, size, 0, 4),
	FIELD(vtlb_run, exit_reason, 4, 4),
	FIELD(vtlb_run, serial_buf, 8, 8),
	FIELD(vtlb_run, serial_cap, 16, 4),
	FIELD(vtlb_run, serial_len, 20, 4),
	FIELD(vtlb_run, debug_exit.value, 24, 4),
	FIELD(vtlb_run, unsupported.vector, 24, 4),
	FIELD(vtlb_run, unsupported.error_code, 28, 4),
	FIELD(vtlb_run, unsupported.eip, 32, 4),
	FIELD(vtlb_run, unsupported.cpl, 36, 4),
	FIELD(vtlb_run, unsupported.insn_len, 40, 4),
	FIELD(vtlb_run, unsupported.insn, 44, 16),
	FIELD(vtlb_run, internal.error, 24, 4),
	FIELD(vtlb_run, internal.where, 28, 4),
	FIELD(vtlb_run, pad, 24, 64),
	FIELD(vtlb_run, reserved, 88, 32),

	FIELD(vtlb_stats, size, 0, 4),
	FIELD(vtlb_stats, nr, 4, 4),
	FIELD(vtlb_stats, values, 8, 512),
};

static void vtlb_uapi_field_offsets(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(uapi_fields); i++) {
		const struct field_layout *f = &uapi_fields[i];

		KUNIT_EXPECT_EQ_MSG(test, f->offset, f->want_offset,
				    "offset of %s", f->name);
		KUNIT_EXPECT_EQ_MSG(test, f->size, f->want_size,
				    "size of %s", f->name);
	}
}

struct struct_layout {
	const char *name;
	size_t size, align, want_size;
};

#define STRUCT(type, sz) \
	{ #type, sizeof(struct type), __alignof__(struct type), sz }

static const struct struct_layout uapi_structs[] = {
	STRUCT(vtlb_vm_config, 56),
	STRUCT(vtlb_mem_io, 48),
	STRUCT(vtlb_regs, 96),
	STRUCT(vtlb_run, 120),
	STRUCT(vtlb_stats, 520),
};

/*
 * Sizes are what the "size" field must carry; a multiple of 8 means a
 * 32-bit launcher (where __u64 is 4-aligned) sees the same layout.
 */
static void vtlb_uapi_struct_sizes(struct kunit *test)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(uapi_structs); i++) {
		const struct struct_layout *s = &uapi_structs[i];

		KUNIT_EXPECT_EQ_MSG(test, s->size, s->want_size,
				    "sizeof(struct %s)", s->name);
		KUNIT_EXPECT_EQ_MSG(test, s->size % 8, (size_t)0,
				    "struct %s has tail padding", s->name);
		KUNIT_EXPECT_LE_MSG(test, s->align, (size_t)8,
				    "struct %s alignment", s->name);
	}
}

struct ioctl_number {
	const char *name;
	unsigned int cmd;
	unsigned int want;	/* dir << 30 | size << 16 | 0xB7 << 8 | nr */
	size_t arg_size;
};

#define IOCTL(c, want, argsz) { #c, c, want, argsz }

static const struct ioctl_number uapi_ioctls[] = {
	IOCTL(VTLB_GET_API_VERSION, 0x0000B700, 0),
	IOCTL(VTLB_CREATE_VM, 0x4038B701, 56),
	IOCTL(VTLB_WRITE_MEM, 0x4030B710, 48),
	IOCTL(VTLB_READ_MEM, 0x4030B711, 48),
	IOCTL(VTLB_GET_REGS, 0x8060B712, 96),
	IOCTL(VTLB_SET_REGS, 0x4060B713, 96),
	IOCTL(VTLB_RUN, 0xC078B714, 120),
	IOCTL(VTLB_GET_STATS, 0xC208B715, 520),
};

static void vtlb_uapi_ioctl_numbers(struct kunit *test)
{
	size_t i, j;

	for (i = 0; i < ARRAY_SIZE(uapi_ioctls); i++) {
		const struct ioctl_number *n = &uapi_ioctls[i];

		KUNIT_EXPECT_EQ_MSG(test, n->cmd, n->want, "%s", n->name);
		KUNIT_EXPECT_EQ_MSG(test, _IOC_TYPE(n->cmd), 0xB7U, "%s", n->name);
		KUNIT_EXPECT_EQ_MSG(test, (size_t)_IOC_SIZE(n->cmd), n->arg_size,
				    "%s", n->name);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE_MSG(test, n->cmd, uapi_ioctls[j].cmd,
					    "%s == %s", n->name,
					    uapi_ioctls[j].name);
	}
	KUNIT_EXPECT_EQ(test, VTLB_API_VERSION, 1);
}

static const char *const stat_names[] = {
#define STAT_NAME(id, name, help) #name,
	VTLB_STATS(STAT_NAME)
#undef STAT_NAME
};

static const char *const stat_help[] = {
#define STAT_HELP(id, name, help) help,
	VTLB_STATS(STAT_HELP)
#undef STAT_HELP
};

/* The counter list: ids dense, names unique, room in struct vtlb_stats. */
static void vtlb_uapi_counters(struct kunit *test)
{
	struct vtlb_stats st;
	size_t i, j;

	KUNIT_EXPECT_EQ(test, ARRAY_SIZE(stat_names), (size_t)VTLB_STAT_NR);
	KUNIT_EXPECT_LE(test, (size_t)VTLB_STAT_NR, ARRAY_SIZE(st.values));
	KUNIT_EXPECT_EQ(test, sizeof(struct vtlb_counters),
			VTLB_STAT_NR * sizeof(u64));
	/* Ids are append-only: spot-check the first and a few fixed ones. */
	KUNIT_EXPECT_EQ(test, VTLB_STAT_PF_TOTAL, 0);
	KUNIT_EXPECT_EQ(test, VTLB_STAT_PF_HIDDEN, 1);
	KUNIT_EXPECT_EQ(test, VTLB_STAT_INVLPG, 11);
	KUNIT_EXPECT_EQ(test, VTLB_STAT_TABLES_ALLOC, 17);
	KUNIT_EXPECT_EQ(test, VTLB_STAT_RUNS, 24);
	/* The counter struct field for id N is values[N] of the uapi. */
	KUNIT_EXPECT_EQ(test, offsetof(struct vtlb_counters, pf_total), (size_t)0);
	KUNIT_EXPECT_EQ(test, offsetof(struct vtlb_counters, invlpg),
			VTLB_STAT_INVLPG * sizeof(u64));
	KUNIT_EXPECT_EQ(test, offsetof(struct vtlb_counters, run_ns),
			VTLB_STAT_RUN_NS * sizeof(u64));
	for (i = 0; i < ARRAY_SIZE(stat_names); i++) {
		KUNIT_EXPECT_GT_MSG(test, strlen(stat_names[i]), (size_t)0,
				    "counter %zu", i);
		KUNIT_EXPECT_GT_MSG(test, strlen(stat_help[i]), (size_t)0,
				    "counter %s", stat_names[i]);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_STRNEQ_MSG(test, stat_names[i], stat_names[j],
						"counter %zu and %zu", i, j);
	}
}

static void vtlb_uapi_exit_reasons(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, VTLB_EXIT_NONE, 0);
	KUNIT_EXPECT_EQ(test, VTLB_EXIT_SERIAL, 1);
	KUNIT_EXPECT_EQ(test, VTLB_EXIT_DEBUG_EXIT, 2);
	KUNIT_EXPECT_EQ(test, VTLB_EXIT_HLT, 3);
	KUNIT_EXPECT_EQ(test, VTLB_EXIT_TRIPLE_FAULT, 4);
	KUNIT_EXPECT_EQ(test, VTLB_EXIT_UNSUPPORTED, 5);
	KUNIT_EXPECT_EQ(test, VTLB_EXIT_INTERNAL_ERROR, 6);
	KUNIT_EXPECT_EQ(test, VTLB_VM_FLAGS_ALL, 7U);
	KUNIT_EXPECT_EQ(test, VTLB_CPU_DEFAULT, -1);
	KUNIT_EXPECT_EQ(test, VTLB_MEM_DEFAULT, 64ULL << 20);
	KUNIT_EXPECT_EQ(test, VTLB_MEM_MAX, 3ULL << 30);
	KUNIT_EXPECT_GE(test, sizeof_field(struct vtlb_run, unsupported.insn),
			(size_t)VTLB_INSN_MAX);
}

static struct kunit_case vtlb_uapi_cases[] = {
	KUNIT_CASE(vtlb_uapi_field_offsets),
	KUNIT_CASE(vtlb_uapi_struct_sizes),
	KUNIT_CASE(vtlb_uapi_ioctl_numbers),
	KUNIT_CASE(vtlb_uapi_counters),
	KUNIT_CASE(vtlb_uapi_exit_reasons),
	{}
};

static struct kunit_suite vtlb_uapi_suite = {
	.name = "vtlb_uapi",
	.test_cases = vtlb_uapi_cases,
};

kunit_test_suites(&vtlb_uapi_suite);
