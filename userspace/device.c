// SPDX-License-Identifier: GPL-2.0
/* Opening /dev/vtlb and choosing the CPU a VM runs on. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/ioctl.h>
#include "launcher.h"

int open_device(void)
{
	int fd = open("/dev/vtlb", O_RDWR | O_CLOEXEC);
	int ver;

	if (fd < 0) {
		fprintf(stderr, "vtlb: cannot open /dev/vtlb: %s (is the module loaded? insmod vtlb.ko)\n",
			strerror(errno));
		exit(EXIT_NODEV);
	}
	ver = ioctl(fd, VTLB_GET_API_VERSION, 0);
	if (ver != VTLB_API_VERSION) {
		fprintf(stderr, "vtlb: module API version %d, launcher expects %d\n",
			ver, VTLB_API_VERSION);
		exit(EXIT_NODEV);
	}
	return fd;
}

/* The highest-numbered online CPU, as the module's default (VTLB_CPU_DEFAULT). */
int highest_online_cpu(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/online", "r");
	char buf[256], *p;
	int last = -1;

	if (!f)
		return -1;
	if (fgets(buf, sizeof(buf), f)) {
		/* "0-3,5,7-8": the last number is the highest. */
		for (p = buf; *p; p++)
			if ((*p >= '0' && *p <= '9') && (p == buf || p[-1] < '0' || p[-1] > '9'))
				last = atoi(p);
	}
	fclose(f);
	return last;
}

bool parse_size(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return false;
	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end)
		return false;
	*out = v;
	return true;
}
