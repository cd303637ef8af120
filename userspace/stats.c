// SPDX-License-Identifier: GPL-2.0
/* Counters: read them from a VM fd or from debugfs, print a table or JSON. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include "launcher.h"

#define DEBUGFS_DIR "/sys/kernel/debug/vtlb"

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

int get_stats(int vmfd, struct vtlb_stats *st)
{
	memset(st, 0, sizeof(*st));
	st->size = sizeof(*st);
	st->nr = VTLB_STAT_NR;
	if (ioctl(vmfd, VTLB_GET_STATS, st) < 0) {
		fprintf(stderr, "vtlb: VTLB_GET_STATS: %s\n", strerror(errno));
		return -1;
	}
	return 0;
}

void print_stats(FILE *f, const struct vtlb_stats *st, bool json)
{
	unsigned int i;

	if (json) {
		fprintf(f, "{");
		for (i = 0; i < st->nr && i < VTLB_STAT_NR; i++)
			fprintf(f, "%s\"%s\": %llu", i ? ", " : "", stat_names[i],
				(unsigned long long)st->values[i]);
		fprintf(f, "}\n");
		return;
	}
	fprintf(f, "%-18s %14s  %s\n", "counter", "value", "meaning");
	for (i = 0; i < st->nr && i < VTLB_STAT_NR; i++)
		fprintf(f, "%-18s %14llu  %s\n", stat_names[i],
			(unsigned long long)st->values[i], stat_help[i]);
}

/* debugfs directories are "<pid>-<comm>-vm<id>": match a PID or "vmN"/"N". */
static bool dir_matches(const char *d, const char *want)
{
	size_t n = strlen(want);
	const char *vm = strrchr(d, '-');

	if (!strncmp(d, want, n) && d[n] == '-')
		return true;		/* PID */
	if (vm && (!strcmp(vm + 1, want) ||
		   (!strncmp(vm + 1, "vm", 2) && !strcmp(vm + 3, want))))
		return true;		/* vmN or N */
	return !strcmp(d, want);
}

int cmd_stats(int argc, char **argv)
{
	struct vtlb_stats st = { .size = sizeof(st), .nr = VTLB_STAT_NR };
	bool json = argc > 2 && !strcmp(argv[2], "--json");
	const char *want = argc > 1 ? argv[1] : NULL;
	char path[512], name[64];
	unsigned long long v;
	struct dirent *de;
	int found = 0;
	DIR *dir;
	FILE *f;

	if (!want) {
		fprintf(stderr, "usage: vtlb stats PID|VM [--json]\n");
		return EXIT_USAGE;
	}
	dir = opendir(DEBUGFS_DIR);
	if (!dir) {
		fprintf(stderr, "vtlb: %s: %s (is debugfs mounted and the module loaded?)\n",
			DEBUGFS_DIR, strerror(errno));
		return EXIT_NODEV;
	}
	while ((de = readdir(dir))) {
		unsigned int i;

		if (de->d_name[0] == '.' || !dir_matches(de->d_name, want))
			continue;
		snprintf(path, sizeof(path), DEBUGFS_DIR "/%s/stats", de->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		memset(st.values, 0, sizeof(st.values));
		while (fscanf(f, "%63s %llu", name, &v) == 2)
			for (i = 0; i < VTLB_STAT_NR; i++)
				if (!strcmp(name, stat_names[i]))
					st.values[i] = v;
		fclose(f);
		if (!json)
			printf("%s\n", de->d_name);
		print_stats(stdout, &st, json);
		found++;
	}
	closedir(dir);
	if (!found) {
		fprintf(stderr, "vtlb: no running VM matches '%s'\n", want);
		return EXIT_USAGE;
	}
	return 0;
}
