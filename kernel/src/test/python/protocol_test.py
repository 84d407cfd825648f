#!/usr/bin/python3
"""Protocol test of the Recur kernel with the real Jupyter client (Debian python3-jupyter-client).

Starts the installed kernelspec 'recur' (JUPYTER_PATH must point at it), exchanges every message
type the kernel supports, and exits non-zero on the first failed check, printing what it saw.
Usage: protocol_test.py KERNEL_LOG_FILE WORK_DIR
"""
import base64
import os
import queue
import subprocess
import sys
import time
import uuid

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

LOG, WORK = sys.argv[1], sys.argv[2]
metrics = {}


def check(cond, what, seen=None):
    if not cond:
        print("FAIL:", what)
        if seen is not None:
            print("  saw:", repr(seen)[:3000])
        sys.exit(1)
    print("ok  ", what)


def execute(kc, code, timeout=90, wait=True):
    msg_id = kc.execute(code, allow_stdin=False)
    if not wait:
        return msg_id
    return collect(kc, msg_id, timeout)


def collect(kc, msg_id, timeout=90):
    outputs, reply = [], None
    deadline = time.time() + timeout
    idle = False
    while time.time() < deadline and not (idle and reply):
        if reply is None:
            try:
                m = kc.get_shell_msg(timeout=0.05)
                if m["parent_header"].get("msg_id") == msg_id:
                    reply = m
            except queue.Empty:
                pass
        try:
            m = kc.get_iopub_msg(timeout=0.05)
        except queue.Empty:
            continue
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        t = m["msg_type"]
        if t == "status":
            idle = m["content"]["execution_state"] == "idle"
        elif t != "execute_input":
            outputs.append(m)
    if reply is None:
        raise AssertionError("no execute_reply for %r within %ss; outputs %r" % (msg_id, timeout, outputs))
    return reply["content"], outputs


def shell_reply(kc, msg_id, timeout=30):
    end = time.time() + timeout
    while time.time() < end:
        m = kc.get_shell_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") == msg_id:
            return m["content"]
    raise AssertionError("no reply to " + msg_id)


def text(outputs, stream="stdout"):
    return "".join(o["content"]["text"] for o in outputs if o["msg_type"] == "stream" and o["content"]["name"] == stream)


def result(outputs):
    r = [o["content"]["data"] for o in outputs if o["msg_type"] == "execute_result"]
    return r[-1] if r else {}


def ok_cell(kc, code, what, **kw):
    reply, outputs = execute(kc, code, **kw)
    check(reply["status"] == "ok", what + " (cell ran without error)", (reply, outputs))
    return outputs


def error_cell(kc, code, what):
    reply, outputs = execute(kc, code)
    errors = [o["content"] for o in outputs if o["msg_type"] == "error"]
    check(reply["status"] == "error" and errors, what + " (cell reported an error)", (reply, outputs))
    return errors[0]


def main():
    km = KernelManager(kernel_name="recur")
    log = open(LOG, "w")
    t0 = time.time()
    km.start_kernel(stdout=log, stderr=log)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    reply, _ = execute(kc, "1 + 1")
    metrics["startup_to_first_cell_s"] = time.time() - t0

    # kernel_info
    info = kc.kernel_info(reply=True)["content"]
    check(info["language_info"]["name"] == "java" and info["implementation"] == "recur"
          and info["protocol_version"].startswith("5."), "kernel_info_reply describes a Java kernel", info)

    # the user's start-up scripts (RECUR_STARTUP, set by KernelProtocolTest) ran before the first cell
    check(result(execute(kc, "fromStartup()")[1]).get("text/plain") == "11",
          "RECUR_STARTUP scripts are evaluated when the kernel starts")

    # execute: value, execution count
    reply, outputs = execute(kc, "6 * 7")
    check(result(outputs).get("text/plain") == "42", "execute_result carries the value of the last expression", outputs)
    n1 = reply["execution_count"]
    reply, _ = execute(kc, "int answer = 42;")
    check(reply["execution_count"] == n1 + 1, "execution_count increases per cell", reply)
    outputs = ok_cell(kc, "int twice = answer * 2;\nString s = \"v=\" + twice;\ns", "several snippets in one cell")
    check(result(outputs).get("text/plain") == "v=84", "the last snippet's value is the result", outputs)

    # streams, while the cell runs, and from another thread
    outputs = ok_cell(kc, 'for (int i = 0; i < 3; i++) { System.out.println("tick " + i); Thread.sleep(300); }',
                      "printing loop")
    streams = [o for o in outputs if o["msg_type"] == "stream"]
    check(text(outputs) == "tick 0\ntick 1\ntick 2\n" and len(streams) >= 2,
          "stdout is streamed while the cell runs (several stream messages)", outputs)
    outputs = ok_cell(kc, 'System.err.println("careful");', "stderr cell")
    check(text(outputs, "stderr") == "careful\n", "stderr is streamed as name=stderr", outputs)
    outputs = ok_cell(kc, 'Thread th = new Thread(() -> System.out.println("from another thread"));\n'
                          'th.start(); th.join();', "thread cell")
    check("from another thread" in text(outputs), "output printed by another thread during the cell is shown", outputs)

    # compile error with line and caret, exception, both leave the kernel usable
    err = error_cell(kc, "int a = 1;\nint b = undefinedThing + 1;", "compile error")
    tb = "\n".join(err["traceback"])
    caret_line = [l for l in err["traceback"] if l.strip().startswith("^")]
    check(err["ename"] == "CompilationError" and "Line 2" in tb and caret_line
          and caret_line[0].index("^") == [l for l in err["traceback"] if "undefinedThing" in l and "int b" in l][0].index("undefinedThing"),
          "compile error names line 2 and puts a caret under the offending symbol", err)
    err = error_cell(kc, 'Integer.parseInt("not a number")', "exception")
    check(err["ename"] == "java.lang.NumberFormatException" and "not a number" in err["evalue"],
          "an exception reports its class and message", err)

    # redefinition, and old values released
    ok_cell(kc, "int v = 1;", "define v")
    ok_cell(kc, 'String v = "redefined";', "redefine v with another type")
    check(result(execute(kc, "v.length()")[1]).get("text/plain") == "9", "a redefined variable has its new type and value")
    ok_cell(kc, "int f(int x) { return x + 1; }", "define method")
    ok_cell(kc, "int f(int x) { return x + 2; }", "redefine method")
    check(result(execute(kc, "f(1)")[1]).get("text/plain") == "3", "a redefined method replaces the old one")
    for i in range(6):  # 6 x 150 MB > the kernel's 700 MB heap unless old values are released
        ok_cell(kc, "var big = new byte[150_000_000];", "redefine a 150 MB variable (%d)" % (i + 1))
    ok_cell(kc, "big = null;", "release big")

    # System.exit and OutOfMemoryError leave the kernel alive
    err = error_cell(kc, "System.exit(3);", "System.exit")
    check("System.exit" in err["evalue"], "System.exit in a cell is blocked with an explanation", err)
    check(result(execute(kc, '"still alive"')[1]).get("text/plain") == "still alive", "the kernel works after System.exit")
    err = error_cell(kc, "{ var hog = new ArrayList<long[]>(); while (true) hog.add(new long[1 << 20]); }", "OOM")
    check(err["ename"] == "java.lang.OutOfMemoryError", "running out of heap is reported as OutOfMemoryError", err)
    check(result(execute(kc, '"alive after OOM"')[1]).get("text/plain") == "alive after OOM", "the kernel works after OOM")

    # interrupt a busy loop (never checks the interrupt flag) and a sleeping loop
    for code, what in (("long spins = 0; while (true) { spins++; }", "a busy loop"),
                       ("for (int i = 0; i < 600; i++) Thread.sleep(100);", "a sleeping loop")):
        msg_id = execute(kc, code, wait=False)
        time.sleep(1.5)
        km.interrupt_kernel()
        reply, outputs = collect(kc, msg_id, timeout=30)
        check(reply["status"] == "error" and reply["ename"] == "Interrupted", "interrupt stops " + what, (reply, outputs))
        check(result(execute(kc, "2 + 2")[1]).get("text/plain") == "4", "the kernel works after interrupting " + what)

    # complete, inspect, is_complete
    ok_cell(kc, 'List<String> names = new ArrayList<>();', "define a list")
    code = "names."
    c = kc.complete(code, len(code), reply=True)["content"]
    check(c["status"] == "ok" and any(m.startswith("add(") for m in c["matches"]) and c["cursor_start"] == len(code),
          "complete lists members after a dot", c)
    code = "int q = 1;\nNd4j.zer"
    c = kc.complete(code, len(code), reply=True)["content"]
    check(any(m.startswith("zeros") for m in c["matches"]) and c["cursor_start"] == code.index("zer"),
          "complete works on a later line and for preloaded ND4J", c)
    c = kc.complete("%ma", 3, reply=True)["content"]
    check("%maven" in c["matches"], "complete knows the magics", c)
    code = "Math.max"
    i = kc.inspect(code, len(code), reply=True)["content"]
    check(i["status"] == "ok" and i["found"] and "max(" in i["data"]["text/plain"], "inspect shows the signature", i)
    for code, want in (("int x = ", "incomplete"), ("for (int i = 0; i < 3; i++) {", "incomplete"),
                       ("int x = 1;", "complete"), ("%time\nint y = 2;", "complete")):
        r = shell_reply(kc, kc.is_complete(code))
        check(r["status"] == want, "is_complete(%r) is %s" % (code, want), r)

    # history, comm_info
    h = kc.history(hist_access_type="tail", n=3, reply=True)["content"]
    check(h["status"] == "ok" and len(h["history"]) == 3 and h["history"][-1][2] == "List<String> names = new ArrayList<>();",
          "history returns the last cells", h)
    ci = kc.comm_info(reply=True)["content"]
    check(ci["status"] == "ok" and ci["comms"] == {}, "comm_info replies", ci)

    # rich outputs
    out = result(ok_cell(kc, 'Table t = Table.create("small", DoubleColumn.create("a", new double[] {1, 2, 3}));\nt', "table"))
    check("<table" in out.get("text/html", "") and "3 rows" in out.get("text/plain", ""), "a Tablesaw table renders as HTML and text", out)
    out = result(ok_cell(kc, 'Table big = Table.create("big", IntColumn.indexColumn("i", 100, 0));\nbig', "big table"))
    check("100 rows × 1 columns" in out["text/html"] and ">99<" in out["text/html"] and ">50<" not in out["text/html"],
          "a large table shows head, tail and shape", out)
    out = result(ok_cell(kc, 'var chart = QuickChart.getChart("Squares", "x", "y", "y", new double[] {1, 2, 3}, new double[] {1, 4, 9});\nchart', "chart"))
    check(base64.b64decode(out.get("image/png", ""))[:4] == b"\x89PNG", "an XChart chart renders as PNG", out.keys())
    outputs = ok_cell(kc, 'display(chart, "svg");', "svg")
    d = [o["content"] for o in outputs if o["msg_type"] == "display_data"]
    check(d and "<svg" in d[0]["data"].get("image/svg+xml", ""), "display(chart, \"svg\") shows SVG", outputs)
    out = result(ok_cell(kc, "Nd4j.linspace(1, 6, 6, DataType.FLOAT).reshape(2, 3)", "ndarray"))
    check("[2, 3]" in out.get("text/plain", "") and "FLOAT" in out["text/plain"] and "6.0000" in out["text/plain"],
          "an INDArray shows shape, dtype and values", out)
    out = result(ok_cell(kc, "new long[] {2, 3}", "java array"))
    check(out.get("text/plain") == "[2, 3]", "a Java array shows its elements", out)
    outputs = ok_cell(kc, '"shown"', "value without semicolon")
    check(result(outputs).get("text/plain") == "shown", "an expression without a semicolon shows its value", outputs)
    outputs = ok_cell(kc, '"hidden";', "value with semicolon")
    check(not result(outputs), "a trailing semicolon hides the value, as in IPython", outputs)
    outputs = ok_cell(kc, 'System.out.printf("p=%d%n", 3)', "printf")
    check(text(outputs) == "p=3\n" and not result(outputs), "printf shows its text and no PrintStream value", outputs)
    out = result(ok_cell(kc, 'Displayable d = () -> Map.of("text/html", "<b>mine</b>");\nd', "displayable"))
    check(out.get("text/html") == "<b>mine</b>", "a Displayable renders its own MIME bundle", out)
    out = result(ok_cell(kc, "new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB)", "image"))
    check(base64.b64decode(out.get("image/png", ""))[:4] == b"\x89PNG", "a BufferedImage renders as PNG", out.keys())
    out = result(ok_cell(kc, 'var hist = new History();\nhist.record(Map.of("loss", 1.0));\nhist.record(Map.of("loss", 0.4));\nhist', "history"))
    check(base64.b64decode(out.get("image/png", ""))[:4] == b"\x89PNG" and "History(2 epochs" in out["text/plain"],
          "a History renders as a loss chart", out.keys())
    outputs = ok_cell(kc, 'String id = display("first");\nSystem.out.println("between");\nupdateDisplay(id, "second");', "display ids")
    kinds = [o["msg_type"] for o in outputs]
    d = [o["content"] for o in outputs if o["msg_type"] in ("display_data", "update_display_data")]
    check(kinds.index("display_data") < kinds.index("stream") < kinds.index("update_display_data")
          and d[0]["transient"]["display_id"] == d[1]["transient"]["display_id"]
          and d[1]["data"]["text/plain"] == "second",
          "display returns an id and updateDisplay replaces that output in order", outputs)

    # magics
    outputs = ok_cell(kc, "%time Thread.sleep(20)", "%time")
    check("Wall time:" in text(outputs), "%time reports the wall time", outputs)
    outputs = ok_cell(kc, "%%time\nint z = 3;\nz * 2", "%%time")
    check("Wall time:" in text(outputs) and result(outputs).get("text/plain") == "6", "%%time times the whole cell", outputs)
    outputs = ok_cell(kc, "%backend", "%backend")
    check("backend:" in text(outputs) and "blas:" in text(outputs) and "omp threads:" in text(outputs),
          "%backend reports backend, BLAS and threads", outputs)
    check("omp wait policy: PASSIVE" in text(outputs),
          "the kernelspec's env reaches the kernel (idle OpenMP threads sleep)", outputs)
    jsh = os.path.join(WORK, "helpers.jsh")
    with open(jsh, "w") as f:
        f.write("int loaded() { return 7; }\n")
    ok_cell(kc, "%load " + jsh, "%load")
    check(result(execute(kc, "loaded()")[1]).get("text/plain") == "7", "%load defines what the file declares")
    src = os.path.join(WORK, "src")
    classes = os.path.join(WORK, "classes")
    os.makedirs(src, exist_ok=True)
    # JShell snippets live in a package of their own, so (as in jshell itself) only classes in a
    # named package can be used from them.
    with open(os.path.join(src, "Greeter.java"), "w") as f:
        f.write("package greet; public class Greeter { public String hi() { return \"hi from a directory\"; } }\n")
    subprocess.run(["javac", "-d", classes, os.path.join(src, "Greeter.java")], check=True)
    ok_cell(kc, "%classpath " + classes, "%classpath")
    greeted = execute(kc, "new greet.Greeter().hi()")[1]
    check(result(greeted).get("text/plain") == "hi from a directory",
          "%classpath makes new classes usable", greeted)
    outputs = ok_cell(kc, "%maven org.apache.commons:commons-text:1.10.0", "%maven", timeout=300)
    check("commons-text-1.10.0.jar" in text(outputs) and "already provided" in text(outputs),
          "%maven resolves the artifact and its transitive dependencies (commons-lang3 comes from the kernel)", outputs)
    check(result(execute(kc, 'org.apache.commons.text.WordUtils.capitalize("recurrent nets")')[1]).get("text/plain")
          == "Recurrent Nets", "a %maven jar is usable in the next cell")
    err = error_cell(kc, "%nosuchmagic", "unknown magic")
    check("Unknown magic" in err["evalue"], "an unknown magic is a clear error", err)

    # a wrongly signed and an unsigned message are dropped (and logged), the kernel goes on
    for key, what in ((b"not-the-key", "wrongly signed"), (b"", "unsigned")):
        bad = Session(key=key, username="intruder")
        msg = bad.msg("execute_request", {"code": 'System.out.println("INTRUDER")', "silent": False,
                                          "store_history": True, "user_expressions": {}, "allow_stdin": False})
        bad.send(kc.shell_channel.socket, msg)
        got = []
        end = time.time() + 2
        while time.time() < end:
            for get in (kc.get_shell_msg, kc.get_iopub_msg):
                try:
                    m = get(timeout=0.05)
                    if m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                        got.append(m)
                except queue.Empty:
                    pass
        check(not got, "a %s execute_request gets no reply and runs nothing" % what, got)
        log.flush()
        check("invalid HMAC signature (%s)" % what in open(LOG).read(), "the %s message is logged" % what, open(LOG).read()[-2000:])
    check(result(execute(kc, '"after intruders"')[1]).get("text/plain") == "after intruders", "the kernel works after bad messages")

    # per-cell overhead
    t = time.time()
    for _ in range(20):
        execute(kc, "int overhead = 1;")
    metrics["per_cell_roundtrip_ms"] = (time.time() - t) / 20 * 1000

    # restart: a new JVM, fresh state
    old_pid = km.provisioner.process.pid
    t = time.time()
    km.restart_kernel(now=False)
    kc.stop_channels()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    reply, outputs = execute(kc, "1 + 1")
    metrics["restart_to_first_cell_s"] = time.time() - t
    check(km.provisioner.process.pid != old_pid and reply["execution_count"] == 1, "restart starts a fresh kernel", reply)
    err = error_cell(kc, "answer", "old state")
    check(err["ename"] == "CompilationError", "variables of the old kernel are gone after restart", err)

    # shutdown: the process exits by itself
    proc = km.provisioner.process
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    check(proc.wait(timeout=10) == 0, "shutdown ends the kernel process by itself (exit code 0)", proc.returncode)
    for k, v in metrics.items():
        print("METRIC %s=%.3f" % (k, v))
    print("ALL PROTOCOL CHECKS PASSED")


if __name__ == "__main__":
    main()
