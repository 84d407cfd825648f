#!/usr/bin/python3
"""A long session in one Recur kernel: trivial cells and small LSTM fits that create and drop models.

Checks that the kernel answers throughout and that memory levels off: after a warm-up (the first
fifth of the session; --warmup), the JVM heap in use after a full GC, the process's resident size and the
native memory ND4J holds (JavaCPP's tracked bytes) may grow by less than 10 %, and dropping the
models gives their native memory back. Prints a table of the samples and one verdict line.

Usage: soak.py [--cells 1000] [--fits 200]      (the issue's full run; CI runs --cells 200 --fits 40)
The 'recur' kernelspec must be installed where JUPYTER_PATH points.
"""
import argparse
import queue
import sys
import time

from jupyter_client.manager import KernelManager

MEASURE = ("System.gc(); System.gc(); Thread.sleep(50);\n"
           "long heapUsed = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();\n"
           "String.format(\"%d %d\", heapUsed, org.bytedeco.javacpp.Pointer.totalBytes())")
FIT = ("var soakModel = sequential(lstm(16), dense(1));\n"
       "soakModel.compile(adam(1e-2), mse());\n"
       "soakModel.fit(soakX, soakY, epochs(2), batchSize(32), verbose(false));\n"
       "soakModel.evaluate(soakX, soakY).get(\"loss\")")


def run(kc, code, timeout=300):
    msg_id = kc.execute(code)
    reply, value, idle = None, None, False
    deadline = time.time() + timeout
    while time.time() < deadline and not (reply and idle):
        if reply is None:
            try:
                m = kc.get_shell_msg(timeout=0.01)
                if m["parent_header"].get("msg_id") == msg_id:
                    reply = m["content"]
            except queue.Empty:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.01)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status":
            idle = m["content"]["execution_state"] == "idle"
        elif m["msg_type"] == "execute_result":
            value = m["content"]["data"].get("text/plain")
    if reply is None:
        raise SystemExit("FAIL the kernel did not answer %r within %d s" % (code[:60], timeout))
    if reply["status"] != "ok":
        raise SystemExit("FAIL cell %r: %s: %s" % (code[:60], reply.get("ename"), reply.get("evalue")))
    return value


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=1000)
    ap.add_argument("--fits", type=int, default=200)
    ap.add_argument("--limit", type=float, default=0.10, help="allowed growth after warm-up")
    ap.add_argument("--warmup", type=float, default=0.2, help="the part of the session that counts as warm-up")
    a = ap.parse_args()
    km = KernelManager(kernel_name="recur")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=180)
    pid = km.provisioner.process.pid
    try:
        run(kc, "var soakX = Nd4j.rand(DataType.FLOAT, 64, 20, 3);\nvar soakY = Nd4j.rand(DataType.FLOAT, 64, 1);")
        steps = 20
        per_step_cells, per_step_fits = a.cells // steps, a.fits // steps
        samples = []
        slowest = 0.0
        t0 = time.time()
        for step in range(steps):
            for i in range(per_step_cells):
                t = time.time()
                run(kc, "%d + 1" % i if i % 2 else "int soakCounter = %d;" % i)
                slowest = max(slowest, time.time() - t)
            for _ in range(per_step_fits):
                run(kc, FIT)
            run(kc, "soakModel = null;")
            heap, native = map(int, run(kc, MEASURE).strip('"').split())
            samples.append((step + 1, heap / 2**20, rss_mib(pid), native / 2**20))
        seconds = time.time() - t0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    print("step  heap after GC (MiB)  resident (MiB)  ND4J native (MiB)")
    for s in samples:
        print("%4d  %19.1f  %14.1f  %17.1f" % s)
    warm = samples[max(0, int(steps * a.warmup) - 1)]
    end = samples[-1]
    growth = {name: (end[i] - warm[i]) / warm[i] if warm[i] > 0 else 0.0
              for i, name in ((1, "heap"), (2, "resident"), (3, "native"))}
    print("%d cells and %d fits in %.0f s; slowest trivial cell %.2f s; growth after warm-up: %s"
          % (a.cells, a.fits, seconds, slowest,
             ", ".join("%s %+.1f%%" % (k, 100 * v) for k, v in growth.items())))
    bad = [k for k, v in growth.items() if v >= a.limit]
    if bad:
        print("FAIL memory keeps growing after warm-up: " + ", ".join(bad))
        sys.exit(1)
    print("SOAK PASSED")


if __name__ == "__main__":
    main()
