// SPDX-License-Identifier: GPL-2.0
/*
 * vtlb.ko entry points: the /dev/vtlb misc device and module load/unload.
 *
 * /dev/vtlb answers two ioctls (include/uapi/vtlb.h): VTLB_GET_API_VERSION
 * and VTLB_CREATE_VM, which returns a VM file descriptor (vm.c). Each VM fd
 * holds a reference on this module, so the module cannot be removed while a
 * VM is alive.
 */
#define pr_fmt(fmt) "vtlb: " fmt

#include <linux/module.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include "vm.h"
#include "glue.h"

static long vtlb_dev_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	switch (cmd) {
	case VTLB_GET_API_VERSION:
		if (arg)
			return -EINVAL;
		return VTLB_API_VERSION;
	case VTLB_CREATE_VM:
		return vtlb_vm_create((void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations vtlb_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = vtlb_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static struct miscdevice vtlb_misc = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "vtlb",
	.fops = &vtlb_dev_fops,
	.mode = 0600,
};

static int __init vtlb_init_module(void)
{
	int ret;

	ret = vtlb_host_check();
	if (ret)
		return ret;

	vtlb_debugfs_init();
	ret = misc_register(&vtlb_misc);
	if (ret) {
		vtlb_debugfs_exit();
		return ret;
	}
	pr_info("loaded, API version %d\n", VTLB_API_VERSION);
	return 0;
}

static void __exit vtlb_exit_module(void)
{
	misc_deregister(&vtlb_misc);
	vtlb_debugfs_exit();
}

module_init(vtlb_init_module);
module_exit(vtlb_exit_module);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("vtlb: a shadow-paging VMM implementing the virtual TLB");
MODULE_AUTHOR("vtlb developers");
