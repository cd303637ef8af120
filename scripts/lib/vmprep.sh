# Shared by the scripts that boot the test VM: make sure the dependencies
# are installed and vtlb.ko + the launcher are built for a given kernel.
# shellcheck shell=bash
top=${top:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
. "$top/scripts/lib/kernels.sh"

# vm_prepare 6.1|6.12  ->  sets VM_KVER, VM_KO, VM_LAUNCHER
vm_prepare() {
	local short=$1 kdir
	VM_KVER=$(kver_for "$short")
	if [ -z "$VM_KVER" ] || [ ! -f "$(kimage_dir "$VM_KVER")/vmlinuz" ] ||
	   [ ! -d "/usr/src/linux-headers-$VM_KVER" ]; then
		"$top/scripts/install-deps" >&2
		VM_KVER=$(kver_for "$short")
	fi
	kdir=/usr/src/linux-headers-$VM_KVER
	VM_KO=$("$top/scripts/build-module" "$kdir" "$top/build")
	make -s -C "$top/userspace" O="$top/build/userspace" >&2
	VM_LAUNCHER=$top/build/userspace/vtlb
}
