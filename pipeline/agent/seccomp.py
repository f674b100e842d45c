"""A seccomp filter for the sandbox: the kernel calls that sandboxed code never needs answer EPERM.

Namespaces already confine what these calls could reach; the filter takes away kernel surface that
has carried escapes (ptrace, keyrings, BPF, perf, userfaultfd, io_uring, mounts, module loading).
It is a classic BPF program, built here so that bwrap can load it with `--seccomp FD`.
"""
from __future__ import annotations

import platform
import struct

BLOCKED = ("ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "kexec_load", "kexec_file_load",
           "init_module", "finit_module", "delete_module", "bpf", "perf_event_open", "userfaultfd", "keyctl",
           "add_key", "request_key", "mount", "umount2", "pivot_root", "chroot", "unshare", "setns", "swapon",
           "swapoff", "reboot", "acct", "quotactl", "open_by_handle_at", "name_to_handle_at",
           "fsopen", "fsmount", "move_mount", "open_tree", "fspick", "mount_setattr",
           "io_uring_setup", "io_uring_enter", "io_uring_register")
_COMMON = {"fsopen": 430, "fsmount": 432, "move_mount": 429, "open_tree": 428, "fspick": 433, "mount_setattr": 442,
           "io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427}
# (audit arch, syscall numbers); from <sys/syscall.h> on x86_64 and asm-generic/unistd.h for aarch64.
ARCHES = {
    "x86_64": (0xC000003E, {"ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312,
                            "kexec_load": 246, "kexec_file_load": 320, "init_module": 175, "finit_module": 313,
                            "delete_module": 176, "bpf": 321, "perf_event_open": 298, "userfaultfd": 323,
                            "keyctl": 250, "add_key": 248, "request_key": 249, "mount": 165, "umount2": 166,
                            "pivot_root": 155, "chroot": 161, "unshare": 272, "setns": 308, "swapon": 167,
                            "swapoff": 168, "reboot": 169, "acct": 163, "quotactl": 179, "open_by_handle_at": 304,
                            "name_to_handle_at": 303, **_COMMON}),
    "aarch64": (0xC00000B7, {"ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272,
                             "kexec_load": 104, "kexec_file_load": 294, "init_module": 105, "finit_module": 273,
                             "delete_module": 106, "bpf": 280, "perf_event_open": 241, "userfaultfd": 282,
                             "keyctl": 219, "add_key": 217, "request_key": 218, "mount": 40, "umount2": 39,
                             "pivot_root": 41, "chroot": 51, "unshare": 97, "setns": 268, "swapon": 224,
                             "swapoff": 225, "reboot": 142, "acct": 89, "quotactl": 60, "open_by_handle_at": 265,
                             "name_to_handle_at": 264, **_COMMON}),
}
_LD_W_ABS, _JEQ_K, _JGE_K, _RET_K = 0x20, 0x15, 0x35, 0x06
_KILL_PROCESS, _ALLOW, _ERRNO_EPERM = 0x80000000, 0x7FFF0000, 0x00050001
_X32_BIT = 0x40000000


def program(machine: str | None = None) -> bytes | None:
    """The filter for this machine's architecture, or None where it has no table (namespaces still hold)."""
    arch = ARCHES.get(machine or platform.machine())
    if arch is None:
        return None
    audit_arch, numbers = arch
    nrs = sorted({numbers[name] for name in BLOCKED})
    insns = [(_LD_W_ABS, 0, 0, 4), (_JEQ_K, 1, 0, audit_arch), (_RET_K, 0, 0, _KILL_PROCESS), (_LD_W_ABS, 0, 0, 0)]
    deny_at = len(insns) + 1 + len(nrs) + 1  # after the x32 check, one jump per number, and ALLOW
    if audit_arch == ARCHES["x86_64"][0]:
        insns.append((_JGE_K, deny_at - len(insns) - 1, 0, _X32_BIT))  # the x32 ABI: refused whole
    else:
        insns.append((_JEQ_K, 0, 0, 0xFFFFFFFF))  # a no-op keeps the offsets the same on every arch
    for nr in nrs:
        insns.append((_JEQ_K, deny_at - len(insns) - 1, 0, nr))
    insns += [(_RET_K, 0, 0, _ALLOW), (_RET_K, 0, 0, _ERRNO_EPERM)]
    return b"".join(struct.pack("=HBBI", *i) for i in insns)
