#!/usr/bin/python3
"""A long session in one Recur kernel: trivial cells and small LSTM fits that create and drop models.

Usage: soak.py [--cells 1000] [--fits 200]   the issue's session (about 5 minutes)
       soak.py --short                        what ./recur test runs: 200 cells and 40 fits (2-3 minutes)
       soak.py --inject-leak [--short]        keeps every model alive, to see the checks fail
       soak.py --diagnose DIR                 also class histograms, NMT and smaps at the baseline and the
                                              end (and heap dumps with SOAK_HEAP_DUMP=1), for diffing
The 'recur' kernelspec must be installed where JUPYTER_PATH points.

The session: set-up cells, then, once the kernel's background compiler warm-up has ended, a warm-up of
200 trivial cells and 40 fits (the first JIT and class-loading plateau: bench/RESULTS.md), then the
measured part in equal steps. Each fit builds a new sequential(lstm(16), dense(1)), which replaces
(drops) the previous model; each step ends with soakModel = null. After every step one cell measures,
after full collections and once the JIT is idle:
  heap      the Java heap in use (live data), the committed heap, metaspace, code cache, classes, threads;
  native    bytes malloc'd and not freed (glibc's mallinfo2) less the JVM's own (Native Memory Tracking,
            which the soak turns on): ND4J's arrays, OpenBLAS, ...;
  resident  the resident size once glibc has given its free memory back (malloc_trim), in the Java
            heap's reserved range and outside it;
and counts the session's models that are still reachable (weak references).

Checks (any failure prints FAIL and exits 1):
  - every cell answers, within 300 s;
  - no dropped model is still reachable;
  - the Java heap in use, native memory outside the JVM, the resident size and its part outside the
    Java heap grow by less than 10 % after warm-up (along the least-squares line over the samples, so
    one odd sample counts little);
  - an lstm(512) model's native memory (about 45 MiB) comes back when it is dropped (90 % or more);
  - the Java heap keeps less than 4 KiB per cell after warm-up. The kernel lets go of what JShell keeps
    of finished and replaced snippets (SpentSnippets): under 1 KiB per cell is left (the classes, which
    stay loaded). A kernel that cannot (a JVM that does not open jdk.jshell to it) keeps 10-15 KiB per
    cell, the sources wrapped with all imports, class bytes and javac's symbols, and fails here.
"""
import argparse
import os
import queue
import subprocess
import sys
import time

from jupyter_client.manager import KernelManager

PROBES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "soak_probes.jsh")
SETUP = ["var soakX = Nd4j.rand(DataType.FLOAT, 64, 20, 3);\nvar soakY = Nd4j.rand(DataType.FLOAT, 64, 1);",
         "%load " + PROBES]
FIT = ("var soakModel = soakTracked(sequential(lstm(16), dense(1)));\n"
       "%s"
       "soakModel.compile(adam(1e-2), mse());\n"
       "soakModel.fit(soakX, soakY, epochs(2), batchSize(32), verbose(false));\n"
       "soakModel.evaluate(soakX, soakY).get(\"loss\")")
DROP = "soakModel = null;"
# A model big enough to see in native memory (about 45 MiB once fitted).
BIG_FIT = ("var soakBig = soakTracked(sequential(lstm(512), dense(1)));\n"
           "soakBig.compile(adam(1e-3), mse());\n"
           "soakBig.fit(soakX, soakY, epochs(1), batchSize(64), verbose(false));")
BIG_DROP = "soakBig = null;"


class Kernel:
    def __init__(self, env):
        self.km = KernelManager(kernel_name="recur")
        self.km.start_kernel(env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=180)
        self.pid = self.km.provisioner.process.pid
        self.jcmd = os.path.join(os.path.dirname(self.km.kernel_spec.argv[0]), "jcmd")  # the kernel's own JDK's
        self.cells = 0

    def run(self, code, timeout=300):
        """Runs one cell; returns its text/plain result. Exits with FAIL when it errs or gets no answer."""
        kc = self.kc
        msg_id = kc.execute(code)
        self.cells += 1
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

    def threads(self):
        names = []
        for t in os.listdir("/proc/%d/task" % self.pid):
            try:
                with open("/proc/%d/task/%s/comm" % (self.pid, t)) as f:
                    names.append(f.read().strip())
            except OSError:
                pass  # the thread ended meanwhile
        return names

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def measure(k):
    values = {name: int(v) for name, v in (pair.split("=") for pair in k.run("soakMeasure()").strip('"').split())}
    values["outside_heap"] = values["resident"] - values["heap_resident"]
    values["cells"] = k.cells
    return values


def diagnose(k, directory, tag, light=False):
    """Class histogram, native memory summary (with -XX:NativeMemoryTracking) and smaps, for diffing."""
    os.makedirs(directory, exist_ok=True)
    for name, args in (("nmt", ["VM.native_memory", "summary"]),) if light else (
            ("histo", ["GC.class_histogram"]), ("nmt", ["VM.native_memory", "summary"]),
            ("metaspace", ["VM.metaspace"]), ("heapinfo", ["GC.heap_info"])):
        out = subprocess.run([k.jcmd, str(k.pid)] + args, capture_output=True, text=True).stdout
        with open(os.path.join(directory, "%s.%s" % (tag, name)), "w") as f:
            f.write(out)
    with open("/proc/%d/smaps" % k.pid) as src, open(os.path.join(directory, tag + ".smaps"), "w") as dst:
        dst.write(src.read())
    if os.environ.get("SOAK_HEAP_DUMP") and not light:
        subprocess.run([k.jcmd, str(k.pid), "GC.heap_dump", os.path.abspath(os.path.join(directory, tag + ".hprof"))],
                       capture_output=True)


HEADER = ("sample   cells  heap MiB  committed  metaspace  code  classes  native MiB  malloc free  resident MiB  "
          "outside heap  models alive")


def row(label, s):
    return "%-7s  %5d  %8.1f  %9.1f  %9.1f  %4.1f  %7d  %10.1f  %11.1f  %12.1f  %12.1f  %5d of %d" % (
        label, s["cells"], s["heap"] / 2**20, s["committed"] / 2**20, s["metaspace"] / 2**20, s["code"] / 2**20,
        s["classes"], s["native"] / 2**20, s["malloc_free"] / 2**20, s["resident"] / 2**20, s["outside_heap"] / 2**20,
        s["reachable"], s["models"])


def fit(samples, field):
    """Least-squares line of a field over the cells run: (value at the first sample, growth per cell)."""
    xs = [s["cells"] for s in samples]
    ys = [s[field] for s in samples]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / var if var else 0.0
    return my + slope * (xs[0] - mx), slope


def growth(samples, field):
    """Relative growth from the first sample to the last along the fitted line: one odd sample moves it little."""
    start, slope = fit(samples, field)
    return slope * (samples[-1]["cells"] - samples[0]["cells"]) / start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=1000, help="trivial cells")
    ap.add_argument("--fits", type=int, default=200, help="cells that build, fit and evaluate a small LSTM")
    ap.add_argument("--samples", type=int, default=20, help="measurements after warm-up")
    ap.add_argument("--warmup-cells", type=int, default=200, help="trivial cells before the baseline")
    ap.add_argument("--warmup-fits", type=int, default=40, help="fits before the baseline")
    ap.add_argument("--heap-per-cell", type=int, default=4 * 1024,
                    help="most bytes of Java heap a cell may keep after warm-up (least squares over the samples)")
    ap.add_argument("--short", action="store_true",
                    help="the version CI runs: 200 trivial cells and 40 fits after the same warm-up, 5 samples")
    ap.add_argument("--inject-leak", action="store_true",
                    help="keep every model alive (a leak on purpose), to see the soak fail")
    ap.add_argument("--warmup-samples", type=int, default=0, help="also measure this many times during warm-up")
    ap.add_argument("--diagnose", metavar="DIR", help="write histograms, NMT and smaps at the baseline and the end")
    a = ap.parse_args()
    if a.short:
        a.cells, a.fits, a.samples = 200, 40, 5
    fit_cell = FIT % ("soakLeak.add(soakModel);\n" if a.inject_leak else "")
    env = dict(os.environ)
    env["JAVA_TOOL_OPTIONS"] = (env.get("JAVA_TOOL_OPTIONS", "") + " -XX:NativeMemoryTracking=summary").strip()
    k = Kernel(env)
    started = time.time()
    slowest = 0.0
    try:
        for cell in SETUP + (["List<Object> soakLeak = new ArrayList<>();"] if a.inject_leak else []):
            k.run(cell)
        # The kernel's background compiler warm-up (a throwaway JShell) allocates while it runs: wait for it.
        t0 = time.time()
        while "recur-warmup" in k.threads():
            if time.time() - t0 > 300:
                raise SystemExit("FAIL the kernel's compiler warm-up did not end within 300 s")
            time.sleep(1)
        warmup_wait = time.time() - t0
        before_models = measure(k)
        print(HEADER)
        print(row("start", before_models), flush=True)

        def session(cells, fits):
            nonlocal slowest
            for i in range(cells):
                t = time.time()
                k.run("%d + 1" % i if i % 2 else "int soakCounter = %d;" % i)
                slowest = max(slowest, time.time() - t)
            for _ in range(fits):
                k.run(fit_cell)
            k.run(DROP)

        parts = a.warmup_samples + 1
        for w in range(parts):
            session(a.warmup_cells * (w + 1) // parts - a.warmup_cells * w // parts,
                    a.warmup_fits * (w + 1) // parts - a.warmup_fits * w // parts)
            if w < parts - 1:
                print(row("warm-%d" % (w + 1), measure(k)), flush=True)
        base = measure(k)
        print(row("base", base), flush=True)
        samples = [base]
        if a.diagnose:
            diagnose(k, a.diagnose, "baseline")
        for step in range(a.samples):
            session(a.cells // a.samples, a.fits // a.samples)
            s = measure(k)
            samples.append(s)
            if a.diagnose:
                diagnose(k, a.diagnose, "sample%d" % (step + 1), light=True)
            print(row(str(step + 1), s), flush=True)
        if a.diagnose:
            diagnose(k, a.diagnose, "end")
        # Native memory a model holds must come back when it is dropped: shown with one big enough to see.
        k.run(BIG_FIT)
        with_big = measure(k)
        k.run(BIG_DROP)
        after_big = measure(k)
    finally:
        k.close()
    seconds = time.time() - started
    end = samples[-1]
    cells = end["cells"] - base["cells"]
    print("%d trivial cells and %d fits after a warm-up of %d and %d, %d cells in all, in %.0f s "
          "(%.0f s of it waiting for the kernel's compiler warm-up); slowest trivial cell %.2f s"
          % (a.cells, a.fits, a.warmup_cells, a.warmup_fits, end["cells"], seconds, warmup_wait, slowest))
    print("growth after warm-up, over %d cells (first and last sample; growth along the least-squares line):" % cells)
    for field, what in (("heap", "Java heap in use after full collections"),
                        ("committed", "Java heap committed"),
                        ("metaspace", "metaspace"),
                        ("code", "code cache"),
                        ("native", "native memory in use outside the JVM (ND4J, OpenBLAS, ...)"),
                        ("resident", "resident size"),
                        ("heap_resident", "  of it in the Java heap"),
                        ("outside_heap", "  of it outside the Java heap")):
        print("  %-60s %8.1f -> %8.1f MiB  %+6.1f %%  %+7.0f bytes per cell" % (
            what, base[field] / 2**20, end[field] / 2**20, 100.0 * growth(samples, field), fit(samples, field)[1]))
    print("  classes loaded %+d (JShell makes one per snippet), threads %d -> %d" % (
        end["classes"] - base["classes"], base["threads"], end["threads"]))
    print("  native outside the JVM: %.1f MiB before the first model, %.1f MiB at the end, %.1f MiB with an "
          "lstm(512) model, %.1f MiB after dropping it" % (before_models["native"] / 2**20, end["native"] / 2**20,
                                                        with_big["native"] / 2**20, after_big["native"] / 2**20))

    failures = []
    still = max(s["reachable"] for s in samples)
    if still:
        failures.append("%d dropped models were still reachable after a full collection" % still)
    big = with_big["native"] - end["native"]
    if big < 8 * 2**20:
        failures.append("an lstm(512) model added only %.1f MiB of native memory: the measurement does not see "
                        "ND4J's arrays" % (big / 2**20))
    elif after_big["native"] - end["native"] > 0.1 * big:
        failures.append("dropping the lstm(512) model gave back only %.0f %% of its %.1f MiB of native memory"
                        % (100.0 * (with_big["native"] - after_big["native"]) / big, big / 2**20))
    for field, limit, what in (("heap", 0.10, "the Java heap in use"),
                               ("native", 0.10, "native memory outside the JVM"),
                               ("resident", 0.10, "the resident size"),
                               ("outside_heap", 0.10, "resident size outside the Java heap")):
        g = growth(samples, field)
        if g > limit:
            failures.append("%s grew by %.1f %% after warm-up (limit %.0f %%)" % (what, 100 * g, 100 * limit))
    per_cell = fit(samples, "heap")[1]
    if per_cell > a.heap_per_cell:
        failures.append("the Java heap keeps %.0f bytes per cell after warm-up (limit %d; JShell keeps 10-15 KiB "
                        "per cell here when its spent snippets are not let go)" % (per_cell, a.heap_per_cell))
    if end["threads"] > base["threads"] + 2:
        failures.append("threads grew from %d to %d" % (base["threads"], end["threads"]))
    for f in failures:
        print("FAIL " + f)
    if failures:
        sys.exit(1)
    print("SOAK PASSED")


if __name__ == "__main__":
    main()
