// SPDX-License-Identifier: GPL-2.0
/* unit-core: unit tests of the vTLB core, one or more per patent block. */
#include "unit.h"

int main(void)
{
	return test_main("unit-core");
}
