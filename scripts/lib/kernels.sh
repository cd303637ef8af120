# Shared helpers: resolve Debian kernel versions and cache locations.
# shellcheck shell=bash
VTLB_CACHE=${VTLB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/vtlb}

# ABI name of Debian's default 6.1 kernel, e.g. 6.1.0-56-amd64.
kver_61() {
	apt-cache depends linux-headers-amd64 2>/dev/null |
		sed -n 's/.*Depends: linux-headers-\(6\.1\.[0-9]*-[0-9]*-amd64\)$/\1/p' | head -n1
}

# Newest 6.12 kernel that bookworm carries, e.g. 6.12.117+deb12-amd64.
kver_612() {
	apt-cache search --names-only '^linux-headers-6\.12\.[0-9]+\+deb12-amd64$' 2>/dev/null |
		awk '{print $1}' | sed 's/^linux-headers-//' | sort -V | tail -n1
}

src_61_version() {
	dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null ||
		apt-cache policy linux-source-6.1 | sed -n 's/ *Candidate: //p'
}

kimage_dir() { echo "$VTLB_CACHE/kernels/$1"; }

# Map a short name (6.1, 6.12) to an installed kernel version.
kver_for() {
	case "$1" in
	6.1) kver_61 ;;
	6.12) kver_612 ;;
	*) echo "$1" ;;
	esac
}
