#!/usr/bin/env python3
"""Which GPUs a CUDA library can run on: lists the machine code (SASS, per sm_XY) and PTX in its embedded fat binaries.

Usage: fatbin_archs.py <library.so or executable>
Prints one line per (kind, arch) with the number of entries and their bytes, then a verdict line:
  sass=37,50,...,86 ptx=none

A GPU runs a kernel when the binary holds SASS of its major compute capability at or below its minor one
(sm_86 code runs on an sm_89 card, not on sm_90), or PTX the driver can compile for it. With neither, every kernel
launch fails with cudaErrorNoKernelImageForDevice. `cuobjdump --list-elf --list-ptx` says the same where the CUDA toolkit
is installed; this reads the fat-binary headers with the standard library alone, so it runs where there is no toolkit.
"""
import collections
import mmap
import struct
import sys

FATBIN_MAGIC = b"\x50\xed\x55\xba"  # 0xBA55ED50, little-endian
KINDS = {1: "ptx", 2: "sass"}


def entries(data):
    """(kind, arch, size) of every entry of every fat binary in data."""
    pos = 0
    while (start := data.find(FATBIN_MAGIC, pos)) >= 0:
        _, version, header_size, fat_size = struct.unpack_from("<IHHQ", data, start)
        if version != 1 or header_size != 16:
            pos = start + 4
            continue
        p, end = start + header_size, start + header_size + fat_size
        while p < end:
            kind, _, entry_header_size, size = struct.unpack_from("<HHIQ", data, p)
            (arch,) = struct.unpack_from("<I", data, p + 28)
            yield KINDS.get(kind, f"kind{kind}"), arch, size
            p += entry_header_size + size
        pos = end


def main():
    with open(sys.argv[1], "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        count, size = collections.Counter(), collections.Counter()
        for kind, arch, n in entries(data):
            count[kind, arch] += 1
            size[kind, arch] += n
    for kind, arch in sorted(count):
        print(f"{kind} sm_{arch}: {count[kind, arch]} entries, {size[kind, arch]} bytes")
    archs = lambda k: ",".join(str(a) for kind, a in sorted(count) if kind == k) or "none"
    print(f"sass={archs('sass')} ptx={archs('ptx')}")


if __name__ == "__main__":
    main()
