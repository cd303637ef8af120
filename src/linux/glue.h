/* SPDX-License-Identifier: GPL-2.0 */
/* Functions shared between the files of the Linux glue (src/linux). */
#ifndef _VTLB_LINUX_GLUE_H
#define _VTLB_LINUX_GLUE_H

#include <linux/compiler_types.h>

struct vtlb_vm;

/* host_check.c: refuse to load where the design cannot work. */
int vtlb_host_check(void);

/* vm.c: VTLB_CREATE_VM. Returns a new VM fd or -errno. */
int vtlb_vm_create(void __user *uconfig);

/* debugfs.c */
void vtlb_debugfs_init(void);
void vtlb_debugfs_exit(void);
void vtlb_debugfs_add_vm(struct vtlb_vm *vm);
void vtlb_debugfs_remove_vm(struct vtlb_vm *vm);

#endif /* _VTLB_LINUX_GLUE_H */
