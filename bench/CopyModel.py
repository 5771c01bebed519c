#!/usr/bin/env python3
"""A model of a replace's pixel-data I/O alone, beside cp's (README, "The look for JPEG text made while copying").

    python3 bench/CopyModel.py /dev/shm/cookies [runs]

For every file of the folder: open it, create its copy under /dev/shm (or $TMPDIR), move its bytes one of three ways,
and print the process CPU (getrusage) and wall time of each way per run:
  cfr+pread  copy_file_range, then a 64 KB pread pass over the input (the copy, then a separate look: the old way)
  rw         one 64 KB pread/write pass (the look made on the bytes in between: the way now)
  cfr        copy_file_range alone (as cp copies)
"""
import os, resource, shutil, sys, tempfile, time

src = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
files = sorted(f for f in os.listdir(src) if os.path.isfile(os.path.join(src, f)))
root = '/dev/shm' if os.path.isdir('/dev/shm') else tempfile.gettempdir()
buf = bytearray(65536)
mv = memoryview(buf)


def copy_range(fi, fo, size):
    off = 0
    while off < size:
        n = os.copy_file_range(fi, fo, size - off, off, off)
        if n <= 0:
            break
        off += n


def read_pass(fi, size, fo=None):
    off = 0
    while off < size:
        n = os.preadv(fi, [mv], off)
        if n <= 0:
            break
        if fo is not None:
            os.write(fo, mv[:n])
        off += n


def run(mode):
    out = tempfile.mkdtemp(prefix='deid-copymodel-', dir=root)
    r0, t0 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    for f in files:
        fi = os.open(os.path.join(src, f), os.O_RDONLY)
        fo = os.open(os.path.join(out, f), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        size = os.fstat(fi).st_size
        if mode == 'rw':
            read_pass(fi, size, fo)
        else:
            copy_range(fi, fo, size)
            if mode == 'cfr+pread':
                read_pass(fi, size)
        os.close(fi)
        os.close(fo)
    r1, t1 = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    print(f'{mode:10} {len(files)} files: wall {(t1 - t0) * 1000:.0f} ms, CPU {cpu * 1000:.0f} ms')
    shutil.rmtree(out)


for _ in range(runs):
    for mode in ('cfr+pread', 'rw', 'cfr'):
        run(mode)
