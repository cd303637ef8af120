#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Make an initramfs (newc cpio, gzip) byte-for-byte reproducible, in place:
entries sorted by name (a directory sorts before its contents), inode
numbers 1, 2, ..., mtimes 0, device numbers 0, gzip without a time stamp.

    repro_initrd.py INITRD.gz

scripts/bench needs this for identical icount numbers under vtlb: the test
VM's instruction count from power-on must not depend on when the files were
copied (cpio mtimes, inode numbers), or the timer interrupts land at other
points of the benchmark loops (Documentation/benchmarks.md, "Reproducible").
"""
import gzip
import sys

HDR = 110


def main():
    path = sys.argv[1]
    with open(path, "rb") as f:
        data = gzip.decompress(f.read())
    entries, off = [], 0
    while True:
        h = data[off:off + HDR]
        if h[:6] != b"070701":
            sys.exit(f"repro_initrd: bad cpio header at {off}")
        fld = [int(h[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        namesize, filesize = fld[11], fld[6]
        p = off + HDR
        name = data[p:p + namesize - 1]
        p = (p + namesize + 3) & ~3
        body = data[p:p + filesize]
        off = (p + filesize + 3) & ~3
        if name == b"TRAILER!!!":
            break
        entries.append((name, fld, body))
    entries.sort(key=lambda e: e[0])
    out = bytearray()

    def put(name, fld, body):
        fields = b"".join(b"%08X" % v for v in fld)
        out.extend(b"070701" + fields + name + b"\0")
        out.extend(b"\0" * (-len(out) % 4))
        out.extend(body)
        out.extend(b"\0" * (-len(out) % 4))

    for i, (name, fld, body) in enumerate(entries, 1):
        # ino mode uid gid nlink mtime filesize devmaj devmin rdevmaj rdevmin namesize check
        fld = list(fld)
        fld[0], fld[5], fld[7], fld[8] = i, 0, 0, 0
        put(name, fld, body)
    put(b"TRAILER!!!", [0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 11, 0], b"")
    out.extend(b"\0" * (-len(out) % 512))
    with open(path, "wb") as f:
        f.write(gzip.compress(bytes(out), compresslevel=1, mtime=0))


if __name__ == "__main__":
    main()
