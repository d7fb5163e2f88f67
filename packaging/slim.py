"""What the spec does to the collected folder after COLLECT, to make it smaller without changing what runs (Linux).

Two steps, both measured on the bundle and both proved by ``packaging/check`` (which runs the
stripped bundle: window, demo, reports, inspect, worker):

- :func:`strip_binaries`: the symbol tables and debug sections of the shared libraries and
  extension modules (67 MB: libpython 17, GDAL 7, kiwisolver 5, pyogrio's and pyproj's modules
  7 each, Pillow, Python's own modules, ...). Nothing at run time reads them: the dynamic loader
  uses ``.dynsym``, which ``strip --strip-unneeded`` keeps. Some wheel libraries were rewritten
  by auditwheel's patchelf, and ``strip`` can lay those out again so that the loader refuses
  them ("ELF load command address/offset not page-aligned": numpy's and scipy's OpenBLAS). So
  every stripped file is checked against the loader's own rule (:func:`loads`) and put back
  unstripped when it fails.
- :func:`link_duplicates`: a library that two wheels vendored byte for byte (numpy and scipy both
  ship the same ``libgfortran`` and ``libquadmath``) becomes a relative symlink to one copy. The
  name and the SONAME stay, so the loader finds it where it looked before.

Windows DLLs are left as they are (no ``strip``; symlinks do not survive an installer there).
"""
from __future__ import annotations

import filecmp
import os
import shutil
import struct
import subprocess
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
PT_LOAD = 1
PAGE = 4096
#: Sections ``strip --strip-unneeded`` removes and the loader never reads.
STRIPPABLE = (b".symtab", b".debug_")


def is_elf(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


def load_segments(data: bytes) -> list[tuple[int, int, int]]:
    """``(offset, vaddr, align)`` of each PT_LOAD program header of a 64-bit little-endian ELF image."""
    if data[:4] != ELF_MAGIC or data[4] != 2 or data[5] != 1:
        return []
    phoff, = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    segments = []
    for i in range(phnum):
        p_type, _flags, offset, vaddr, _paddr, _filesz, _memsz, align = struct.unpack_from(
            "<IIQQQQQQ", data, phoff + i * phentsize)
        if p_type == PT_LOAD:
            segments.append((offset, vaddr, align))
    return segments


def loads(path: Path, page: int = PAGE) -> bool:
    """False when glibc's loader would refuse the file's segments: each PT_LOAD must map a whole page
    (``(vaddr - offset) % page == 0``) with a page-multiple alignment (glibc ``_dl_map_segments``)."""
    with open(path, "rb") as f:
        head = f.read(64)
        if len(head) < 64:
            return head[:4] != ELF_MAGIC
        phoff, = struct.unpack_from("<Q", head, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
        f.seek(0)
        data = f.read(phoff + phentsize * phnum)
    return all((vaddr - offset) % page == 0 and align % page == 0 for offset, vaddr, align in load_segments(data))


def has_symbols(path: Path) -> bool:
    out = subprocess.run(["readelf", "-SW", str(path)], capture_output=True).stdout
    return any(f"] {name.decode()}".encode() in out for name in STRIPPABLE)


def elf_files(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink() and is_elf(path):
            yield path


def strip_binaries(folder: Path) -> tuple[int, list[str]]:
    """Strip every ELF file below ``folder`` that has symbols; returns (bytes saved, files kept unstripped)."""
    if not (shutil.which("strip") and shutil.which("readelf")):
        return 0, []
    saved, refused = 0, []
    for path in elf_files(folder):
        if not has_symbols(path) or not loads(path):
            continue
        backup = path.with_name(path.name + ".unstripped")
        shutil.copy2(path, backup)
        before = path.stat().st_size
        done = subprocess.run(["strip", "--strip-unneeded", str(path)], capture_output=True).returncode == 0
        if done and loads(path):
            saved += before - path.stat().st_size
            backup.unlink()
        else:  # the patchelf'd kind: keep it as the wheel shipped it
            os.replace(backup, path)
            refused.append(str(path.relative_to(folder)))
    return saved, refused


def link_duplicates(folder: Path) -> int:
    """Replace each byte-identical copy of a vendored library (same name in two ``*.libs`` folders) with a
    relative symlink to the first; returns the bytes saved."""
    first: dict[str, Path] = {}
    saved = 0
    for libs in sorted(p for p in folder.glob("*.libs") if p.is_dir() and not p.is_symlink()):
        for path in sorted(libs.iterdir()):
            if not path.is_file() or path.is_symlink():
                continue
            original = first.setdefault(path.name, path)
            if original is path or not filecmp.cmp(original, path, shallow=False):
                continue
            size = path.stat().st_size
            path.unlink()
            path.symlink_to(os.path.relpath(original, path.parent))
            saved += size
    return saved
