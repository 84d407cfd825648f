#!/usr/bin/python3
"""How quick the notebook itself feels: the Recur kernel against Debian's ipykernel, in one run.

Drives both kernels with jupyter_client, as a front end does, alternating between them:
  start   time from launching the kernel process to the first cell's result ("1+1"), fresh each time
  cell    round trip of a trivial cell (execute_request until its reply and the idle status), with one
          kernel of each kept running and their cells alternating: first right after start (20 warm-up
          cells, then the measured ones), then again after the kernels sat idle for --settle seconds, as
          a notebook does while its reader reads (Recur warms its compiler up in the background then);
          the cell is "1+1" each time, or with --distinct "1+i", a new expression each time (the kernel
          then compiles and loads a new class for every cell, as for a notebook's cells)
Prints one table of medians (and the spread) that README quotes.

Usage (after ./recur showcase or any kernel install; JUPYTER_PATH may point at a --prefix install):
  /usr/bin/python3 bench/kernel_latency.py [--starts 5] [--cells 50] [--settle 30] [--kernels recur,python3] [--distinct]
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 ... installs nothing: the recur kernelspec decides the JDK.
"""
import argparse
import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager


def ipykernel_spec_dir():
    """A kernelspec for Debian's ipykernel run by /usr/bin/python3 (PATH's python3 may lack it)."""
    d = tempfile.mkdtemp(prefix="latency-spec-")
    k = os.path.join(d, "kernels", "debian-ipykernel")
    os.makedirs(k)
    with open(os.path.join(k, "kernel.json"), "w") as f:
        json.dump({"argv": ["/usr/bin/python3", "-Xfrozen_modules=off", "-m", "ipykernel_launcher",
                            "-f", "{connection_file}"],
                   "display_name": "Python 3 (Debian ipykernel)", "language": "python",
                   "env": {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}}, f)
    return d


def run_cell(kc, code, timeout=120):
    """Runs one cell; returns when both its execute_reply and its idle status have arrived.

    The two waits block in turn (no polling interval that would add latency): whichever message comes
    first waits in its socket's queue while the other is awaited."""
    msg_id = kc.execute(code, store_history=True)
    deadline = time.time() + timeout
    reply = None
    while reply is None:
        m = kc.get_shell_msg(timeout=max(0.001, deadline - time.time()))
        if m["parent_header"].get("msg_id") == msg_id:
            reply = m
    while True:
        m = kc.get_iopub_msg(timeout=max(0.001, deadline - time.time()))
        if (m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status"
                and m["content"]["execution_state"] == "idle"):
            break
    if reply["content"]["status"] != "ok":
        raise RuntimeError("cell %r failed: %r" % (code, reply["content"]))


def start_to_first_result(name):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    run_cell(kc, "1+1")
    seconds = time.perf_counter() - t0
    return seconds, km, kc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--starts", type=int, default=5)
    ap.add_argument("--cells", type=int, default=50)
    ap.add_argument("--settle", type=float, default=30.0)
    ap.add_argument("--kernels", default="recur,debian-ipykernel")
    ap.add_argument("--distinct", action="store_true",
                    help="measured cells are 1+i, each different, instead of 1+1 again and again")
    a = ap.parse_args()
    load_before = os.getloadavg()[0]
    spec = ipykernel_spec_dir()
    os.environ["JUPYTER_PATH"] = os.pathsep.join(p for p in (os.environ.get("JUPYTER_PATH"), spec) if p)
    names = a.kernels.split(",")
    starts = {n: [] for n in names}
    cells = {n: [] for n in names}
    settled = {n: [] for n in names}
    try:
        for _ in range(a.starts):
            for n in names:  # interleaved: both kernels see the same machine state
                seconds, km, kc = start_to_first_result(n)
                starts[n].append(seconds)
                kc.stop_channels()
                km.shutdown_kernel(now=True)
        # Started last first: a kernel started earlier idles while the others start, and a Recur kernel uses
        # that time for its background warm-up, so the first-listed kernel would get a head start.
        running = {n: start_to_first_result(n)[1:] for n in reversed(names)}
        try:
            for n in names:  # warm-up: the JIT (and Python's caches) settle
                for _ in range(20):
                    run_cell(running[n][1], "1+1")
            for measured in (cells, settled):
                if measured is settled:
                    time.sleep(a.settle)
                for i in range(a.cells):
                    code = "1+%d" % (i + (1000 if measured is settled else 2)) if a.distinct else "1+1"
                    for n in names:  # cells interleaved one by one
                        t = time.perf_counter()
                        run_cell(running[n][1], code)
                        measured[n].append((time.perf_counter() - t) * 1000)
        finally:
            for km, kc in running.values():
                kc.stop_channels()
                km.shutdown_kernel(now=True)
    finally:
        shutil.rmtree(spec, ignore_errors=True)
    print("# %s, %d cores, load average %.2f before, %.2f after; %d starts per kernel; %d trivial cells (%s) per kernel "
          "right after start (after 20 warm-up cells) and %d more after %.0f s idle, interleaved"
          % (time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), os.cpu_count(), load_before, os.getloadavg()[0],
             a.starts, a.cells, "1+i, each different" if a.distinct else "1+1", a.cells, a.settle))
    print("| kernel | start to first result, median (min-max) | trivial cell right after start, median (p10-p90) "
          "| trivial cell after %.0f s idle, median (p10-p90) |" % a.settle)
    print("|---|---|---|---|")
    for n in names:
        s = starts[n]
        print("| %s | %.2f s (%.2f-%.2f) | %s | %s |"
              % (n, statistics.median(s), min(s), max(s), spread(cells[n]), spread(settled[n])))


def spread(milliseconds):
    c = sorted(milliseconds)
    return "%.1f ms (%.1f-%.1f)" % (statistics.median(c), c[len(c) // 10], c[(len(c) * 9) // 10])


if __name__ == "__main__":
    sys.exit(main())
