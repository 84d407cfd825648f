#!/usr/bin/python3
"""Protocol tests of the Recur kernel with the real Jupyter client (Debian python3-jupyter-client).

Starts the installed kernelspec 'recur' (JUPYTER_PATH must point at it) and runs named cases, each
checking one behaviour against the Jupyter messaging spec 5.3 or against what ipykernel users expect.
Every case runs even when an earlier one failed (a dead kernel is replaced); each prints
  ok   <name>
  FAIL <name>: <what> / saw: <what it saw>
then 'SUMMARY passed=N failed=M'. KernelProtocolTest turns each line into a JUnit test.

Usage: protocol_test.py KERNEL_LOG_FILE WORK_DIR [NAME_SUBSTRING ...]
"""
import base64
import json
import os
import queue
import signal
import subprocess
import sys
import textwrap
import time
import traceback

from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

LOG, WORK = sys.argv[1], sys.argv[2]
ONLY = sys.argv[3:]
CASES = []
METRICS = {}


class Failed(Exception):
    pass


def case(name, fresh=False):
    def register(fn):
        CASES.append((name, fn, fresh))
        return fn
    return register


def check(cond, what, seen=None):
    if not cond:
        raise Failed(what + ("\n  saw: " + repr(seen)[:3000] if seen is not None else ""))


class Kernel:
    """One kernel process and a client, with helpers that collect a request's messages."""

    def __init__(self, env=None, log_name=None):
        self.km = KernelManager(kernel_name="recur")
        self.log_path = log_name or LOG
        self.log = open(self.log_path, "a")
        kw = {"stdout": self.log, "stderr": self.log}
        if env:
            e = dict(os.environ)
            e.update(env)
            kw["env"] = e
        self.started = time.time()
        self.km.start_kernel(**kw)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=180)

    def close(self):
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        except Exception:
            pass
        self.log.close()

    def alive(self):
        return self.km.is_alive()

    def execute(self, code, timeout=90, wait=True, **kw):
        kw.setdefault("allow_stdin", False)
        msg_id = self.kc.execute(code, **kw)
        return self.collect(msg_id, timeout) if wait else msg_id

    def collect(self, msg_id, timeout=90, stdin_answer=None):
        outputs, reply, idle = [], None, False
        deadline = time.time() + timeout
        while time.time() < deadline and not (idle and reply):
            if reply is None:
                try:
                    m = self.kc.get_shell_msg(timeout=0.02)
                    if m["parent_header"].get("msg_id") == msg_id:
                        reply = m
                except queue.Empty:
                    pass
            if stdin_answer is not None:
                try:
                    m = self.kc.get_stdin_msg(timeout=0.02)
                    if m["msg_type"] == "input_request":
                        outputs.append(m)
                        self.kc.input(stdin_answer)
                except queue.Empty:
                    pass
            try:
                m = self.kc.get_iopub_msg(timeout=0.02)
            except queue.Empty:
                continue
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            if m["msg_type"] == "status":
                idle = m["content"]["execution_state"] == "idle"
            elif m["msg_type"] != "execute_input":
                outputs.append(m)
        if reply is None:
            raise Failed("no execute_reply for %r within %ss; outputs %r" % (msg_id, timeout, outputs))
        return reply["content"], outputs

    def value(self, code):
        return result(self.execute(code)[1]).get("text/plain")

    def ok_cell(self, code, what, **kw):
        reply, outputs = self.execute(code, **kw)
        check(reply["status"] == "ok", what + " (cell ran without error)", (reply, outputs))
        return outputs

    def error_cell(self, code, what, **kw):
        reply, outputs = self.execute(code, **kw)
        errors = [o["content"] for o in outputs if o["msg_type"] == "error"]
        check(reply["status"] == "error" and errors, what + " (cell reported an error)", (reply, outputs))
        return errors[0]

    def shell_reply(self, msg_id, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            m = self.kc.get_shell_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") == msg_id:
                return m["content"]
        raise Failed("no reply to " + msg_id)


def text(outputs, stream="stdout"):
    return "".join(o["content"]["text"] for o in outputs if o["msg_type"] == "stream" and o["content"]["name"] == stream)


def result(outputs):
    r = [o["content"]["data"] for o in outputs if o["msg_type"] == "execute_result"]
    return r[-1] if r else {}


def has_keys(d, keys):
    return all(k in d for k in keys)


# ---- kernel_info, execution basics ---------------------------------------------------------------

@case("kernel_info_reply has every field of spec 5.3")
def _(k):
    info = k.kc.kernel_info(reply=True)["content"]
    check(has_keys(info, ["status", "protocol_version", "implementation", "implementation_version", "language_info",
                          "banner", "help_links", "debugger"]), "kernel_info_reply fields", info)
    li = info["language_info"]
    check(has_keys(li, ["name", "version", "mimetype", "file_extension"]) and li["name"] == "java"
          and info["implementation"] == "recur" and info["protocol_version"].startswith("5.")
          and info["debugger"] is False and info["status"] == "ok", "kernel_info_reply describes a Java kernel", info)


@case("RECUR_STARTUP scripts run before the first cell")
def _(k):
    check(k.value("fromStartup()") == "11", "fromStartup() is 11")


@case("execute_result carries the last expression's value and execution_count rises per stored cell")
def _(k):
    reply, outputs = k.execute("6 * 7")
    check(result(outputs).get("text/plain") == "42", "value 42", outputs)
    ex = [o for o in outputs if o["msg_type"] == "execute_result"][0]["content"]
    check(ex["execution_count"] == reply["execution_count"], "execute_result and reply share the count", (ex, reply))
    n1 = reply["execution_count"]
    reply, _ = k.execute("int answer = 42;")
    check(reply["execution_count"] == n1 + 1, "count + 1", reply)
    check(has_keys(reply, ["status", "execution_count", "user_expressions", "payload"]), "execute_reply fields", reply)


@case("execute_input echoes the code and the count; silent cells publish nothing and keep the count")
def _(k):
    msg_id = k.kc.execute("int echoed = 5;")
    seen = []
    end = time.time() + 30
    while time.time() < end:
        m = k.kc.get_iopub_msg(timeout=30)
        if m["parent_header"].get("msg_id") == msg_id:
            seen.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
    inputs = [m["content"] for m in seen if m["msg_type"] == "execute_input"]
    check(inputs and inputs[0]["code"] == "int echoed = 5;" and "execution_count" in inputs[0], "execute_input", seen)
    before = k.execute("1")[0]["execution_count"]
    reply, outputs = k.execute("System.out.println(\"quiet\"); 3", silent=True)
    check(reply["status"] == "ok" and not [o for o in outputs if o["msg_type"] in ("execute_result", "execute_input")],
          "a silent cell publishes no execute_input or result", outputs)
    reply, _ = k.execute("2", store_history=False)
    after = k.execute("4")[0]["execution_count"]
    check(after == before + 1, "silent and store_history=False cells do not count", (before, after))


@case("several snippets in one cell: the last one's value is the result")
def _(k):
    outputs = k.ok_cell("int twice = 21 * 2;\nString s = \"v=\" + twice;\ns", "several snippets")
    check(result(outputs).get("text/plain") == "v=42", "value v=42", outputs)


@case("stdout streams while the cell runs; stderr is named stderr")
def _(k):
    outputs = k.ok_cell('for (int i = 0; i < 3; i++) { System.out.println("tick " + i); Thread.sleep(300); }', "printing loop")
    streams = [o for o in outputs if o["msg_type"] == "stream"]
    check(text(outputs) == "tick 0\ntick 1\ntick 2\n" and len(streams) >= 2, "several stream messages", outputs)
    outputs = k.ok_cell('System.err.println("careful");', "stderr cell")
    check(text(outputs, "stderr") == "careful\n", "stderr stream", outputs)


@case("a thread's output after its cell finished goes to that cell, not to the next one")
def _(k):
    first_id = k.execute('new Thread(() -> { try { Thread.sleep(700); } catch (InterruptedException e) { } '
                         'System.out.println("late from the first cell"); }).start();', wait=False)
    k.collect(first_id)
    msg_id = k.kc.execute("Thread.sleep(1500); 1")
    late, mine = [], []
    end = time.time() + 20
    while time.time() < end:
        try:
            m = k.kc.get_iopub_msg(timeout=0.2)
        except queue.Empty:
            if mine and any(x["msg_type"] == "status" and x["content"]["execution_state"] == "idle" for x in mine):
                break
            continue
        if m["msg_type"] == "stream" and "late from the first cell" in m["content"]["text"]:
            late.append(m)
        if m["parent_header"].get("msg_id") == msg_id:
            mine.append(m)
    check(late and late[0]["parent_header"].get("msg_id") != msg_id, "the late line is not under the second cell", late)
    check(late[0]["parent_header"].get("msg_id") == first_id, "it is under the first cell", (late, first_id))


@case("compile errors name the line and put a caret under the symbol")
def _(k):
    err = k.error_cell("int a = 1;\nint b = undefinedThing + 1;", "compile error")
    caret = [l for l in err["traceback"] if l.strip().startswith("^")]
    src = [l for l in err["traceback"] if "undefinedThing" in l and "int b" in l]
    check(err["ename"] == "CompilationError" and "Line 2" in "\n".join(err["traceback"]) and caret and src
          and caret[0].index("^") == src[0].index("undefinedThing"), "line 2 and the caret", err)


@case("an exception reports its class and message")
def _(k):
    err = k.error_cell('Integer.parseInt("not a number")', "exception")
    check(err["ename"] == "java.lang.NumberFormatException" and "not a number" in err["evalue"], "class and message", err)


@case("redefinitions replace variables and methods; old values are released")
def _(k):
    k.ok_cell("int v = 1;", "define v")
    k.ok_cell('String v = "redefined";', "redefine v")
    check(k.value("v.length()") == "9", "v is a String now")
    k.ok_cell("int f(int x) { return x + 1; }", "define f")
    k.ok_cell("int f(int x) { return x + 2; }", "redefine f")
    check(k.value("f(1)") == "3", "f is replaced")
    for i in range(6):  # 6 x 150 MB > the kernel's 700 MB heap unless old values are released
        k.ok_cell("var big = new byte[150_000_000];", "redefine a 150 MB variable (%d)" % (i + 1))
    k.ok_cell("big = null;", "release big")


# ---- the kernel survives -------------------------------------------------------------------------

@case("System.exit, Runtime.exit and Runtime.halt in a cell are errors and the kernel lives on")
def _(k):
    for code in ("System.exit(3);", "Runtime.getRuntime().exit(4);", "Runtime.getRuntime().halt(5);",
                 "java.util.function.IntConsumer quit = System::exit; quit.accept(6);",
                 "class Quitter { void go() { System.exit(7); } }\nnew Quitter().go();"):
        err = k.error_cell(code, code)
        check("CellExitError" in err["ename"] and "was not run" in err["evalue"], "the exit is reported: " + code, err)
    check(k.value('"still alive"') == "still alive", "the kernel answers")


@case("System.exit from a thread a cell started is reported in that cell and the kernel lives on")
def _(k):
    reply, outputs = k.execute("Thread quitter = new Thread(() -> System.exit(8));\nquitter.start(); quitter.join();")
    check("CellExitError" in text(outputs, "stderr") and "System.exit(8)" in text(outputs, "stderr"),
          "the thread's exit is printed in the cell", outputs)
    check(k.value('"alive after a thread exit"') == "alive after a thread exit", "the kernel answers")


@case("running out of heap is an OutOfMemoryError and the kernel lives on")
def _(k):
    err = k.error_cell("{ var hog = new ArrayList<long[]>(); while (true) hog.add(new long[1 << 20]); }", "OOM")
    check(err["ename"] == "java.lang.OutOfMemoryError", "OutOfMemoryError", err)
    check(k.value('"alive after OOM"') == "alive after OOM", "the kernel answers")


@case("a cell that closes System.out or replaces it leaves the next cell's output working")
def _(k):
    k.ok_cell("System.out.close();", "close System.out")
    check(text(k.ok_cell('System.out.println("after close");', "print")) == "after close\n", "output after close")
    k.ok_cell("System.setOut(new java.io.PrintStream(new java.io.ByteArrayOutputStream()));", "replace System.out")
    check(text(k.ok_cell('System.out.println("after setOut");', "print")) == "after setOut\n", "output after setOut")


def interrupt_case(code, what):
    def run(k):
        k.ok_cell('String keptVariable = "kept";', "define a variable")
        msg_id = k.execute(code, wait=False)
        time.sleep(2.0)
        t = time.time()
        k.km.interrupt_kernel()
        reply, outputs = k.collect(msg_id, timeout=30)
        took = time.time() - t
        METRICS["interrupt %s (s)" % what] = took
        check(reply["status"] == "error" and reply["ename"] == "Interrupted", "interrupt stops " + what, (reply, outputs))
        check(took <= 2.0, "it stops within 2 s of the interrupt (took %.2f s)" % took)
        check(k.value("keptVariable") == "kept", "variables defined before survive")
    return run


case("interrupt stops a busy loop within 2 s")(interrupt_case("long spins = 0; while (true) { spins++; }", "a busy loop"))
case("interrupt stops Thread.sleep within 2 s")(interrupt_case("Thread.sleep(600_000);", "a sleep"))
case("interrupt stops a long fit within 2 s")(interrupt_case(
    "var slow = sequential(lstm(32), dense(1));\nslow.compile(adam(1e-3), mse());\n"
    "var sx = Nd4j.rand(DataType.FLOAT, 64, 50, 4);\nvar sy = Nd4j.rand(DataType.FLOAT, 64, 1);\n"
    "slow.fit(sx, sy, epochs(100000), batchSize(16), verbose(false));", "a long fit"))


@case("what code keeps per thread carries to the next cell: a ThreadLocal, Nd4j's seed, also after an interrupted sleep")
def _(k):
    k.ok_cell('ThreadLocal<String> perThread = new ThreadLocal<>();\nperThread.set("from an earlier cell");', "set a ThreadLocal")
    check(k.value("perThread.get()") == "from an earlier cell", "the next cell sees the ThreadLocal's value",
          k.value("perThread.get()"))
    k.ok_cell("Nd4j.getRandom().setSeed(42);", "seed ND4J")
    split = k.value("Arrays.toString(Nd4j.rand(DataType.DOUBLE, 4).toDoubleVector())")
    together = k.value("Nd4j.getRandom().setSeed(42);\nArrays.toString(Nd4j.rand(DataType.DOUBLE, 4).toDoubleVector())")
    check(split is not None and split == together, "a seed set in one cell fixes the next cell's random numbers",
          (split, together))
    msg_id = k.execute("Thread.sleep(600_000);", wait=False)
    time.sleep(1.0)
    k.km.interrupt_kernel()
    reply, outputs = k.collect(msg_id, timeout=30)
    check(reply["status"] == "error" and reply["ename"] == "Interrupted", "the sleep is interrupted", (reply, outputs))
    check(k.value("perThread.get()") == "from an earlier cell", "after the interrupt the ThreadLocal is still there")
    check(k.value("Thread.currentThread().isInterrupted()") == "false", "the interrupt does not reach the next cell")

# ---- introspection -------------------------------------------------------------------------------

@case("complete lists members, works on later lines and knows the magics")
def _(k):
    k.ok_cell("List<String> names = new ArrayList<>();", "define a list")
    code = "names."
    c = k.kc.complete(code, len(code), reply=True)["content"]
    check(c["status"] == "ok" and has_keys(c, ["matches", "cursor_start", "cursor_end", "metadata"])
          and any(m.startswith("add(") for m in c["matches"]) and c["cursor_start"] == len(code), "members", c)
    code = "int q = 1;\nNd4j.zer"
    c = k.kc.complete(code, len(code), reply=True)["content"]
    check(any(m.startswith("zeros") for m in c["matches"]) and c["cursor_start"] == code.index("zer"), "later line", c)
    c = k.kc.complete("%ma", 3, reply=True)["content"]
    check("%maven" in c["matches"], "magics", c)


@case("inspect (Shift-Tab) shows Recur's Javadoc, not only the signature")
def _(k):
    i = k.kc.inspect("lstm", 4, reply=True)["content"]
    doc = i.get("data", {}).get("text/plain", "")
    check(i["status"] == "ok" and i["found"] and has_keys(i, ["data", "metadata"]) and "lstm(int units)" in doc
          and "LSTM layer (PyTorch equations, gates i, f, g, o);" in doc, "lstm's first sentence", i)
    code = "var chart = Plots.lossCurves"
    i = k.kc.inspect(code, len(code), reply=True)["content"]
    check(i["found"] and "lossCurves" in i["data"]["text/plain"] and len(i["data"]["text/plain"].splitlines()) > 2,
          "Plots.lossCurves documented", i)


@case("inspect shows Tablesaw's Javadoc from its sources jar")
def _(k):
    code = "Table.create"
    i = k.kc.inspect(code, len(code), reply=True)["content"]
    check(i["found"] and "create(" in i["data"]["text/plain"] and "\n\n" in i["data"]["text/plain"], "Table.create documented", i)


@case("is_complete tells complete, incomplete (with indent) and ignores magic lines")
def _(k):
    for code, want in (("int x = ", "incomplete"), ("for (int i = 0; i < 3; i++) {", "incomplete"),
                       ("int x = 1;", "complete"), ("%time\nint y = 2;", "complete")):
        r = k.shell_reply(k.kc.is_complete(code))
        check(r["status"] == want and (want != "incomplete" or "indent" in r), "is_complete(%r)" % code, r)


@case("?name and name? show documentation through the pager payload")
def _(k):
    for code in ("?lstm", "lstm?"):
        reply, outputs = k.execute(code)
        pages = [p for p in reply.get("payload", []) if p.get("source") == "page"]
        check(reply["status"] == "ok" and pages and "LSTM layer" in pages[0]["data"]["text/plain"] and "start" in pages[0],
              code + " pages the Javadoc", reply)
    err = k.error_cell("?noSuchThingAnywhere", "unknown name")
    check("No documentation" in err["evalue"], "a clear error for an unknown name", err)


@case("history: tail, range, search with unique and n, and output pairs")
def _(k):
    for code in ('"hist-a"', '"hist-b"', '"hist-a"'):
        k.execute(code)
    h = k.kc.history(hist_access_type="tail", n=3, reply=True)["content"]
    check(h["status"] == "ok" and [e[2] for e in h["history"]] == ['"hist-a"', '"hist-b"', '"hist-a"'], "tail", h)
    last = h["history"][-1][1]
    h = k.kc.history(hist_access_type="range", session=0, start=last - 1, stop=last + 1, reply=True)["content"]
    check([e[1] for e in h["history"]] == [last - 1, last], "range start..stop-1", h)
    h = k.kc.history(hist_access_type="search", pattern='"hist-*', unique=True, reply=True)["content"]
    check([e[2] for e in h["history"]] == ['"hist-b"', '"hist-a"'], "search unique keeps the latest of each", h)
    h = k.kc.history(hist_access_type="search", pattern='"hist-*', n=1, reply=True)["content"]
    check(len(h["history"]) == 1 and h["history"][0][1] == last, "search n=1 gives the newest", h)
    h = k.kc.history(hist_access_type="tail", n=1, output=True, reply=True)["content"]
    check(h["history"][0][2] == ['"hist-a"', "hist-a"], "output=True gives (input, output)", h)


@case("comm_info answers (with target_name); comm_open is closed politely")
def _(k):
    ci = k.kc.comm_info(reply=True)["content"]
    check(ci["status"] == "ok" and ci["comms"] == {}, "comm_info", ci)
    ci = k.kc.comm_info(target_name="jupyter.widget", reply=True)["content"]
    check(ci["status"] == "ok" and ci["comms"] == {}, "comm_info with target_name", ci)
    msg = k.kc.session.msg("comm_open", {"comm_id": "c1", "target_name": "nothing", "data": {}})
    k.kc.shell_channel.send(msg)
    end, closed = time.time() + 10, None
    while time.time() < end and closed is None:
        try:
            m = k.kc.get_iopub_msg(timeout=0.5)
            if m["msg_type"] == "comm_close" and m["content"].get("comm_id") == "c1":
                closed = m
        except queue.Empty:
            pass
    check(closed is not None, "comm_close for an unknown target")


@case("user_expressions are evaluated after the cell, with values and errors")
def _(k):
    reply, _ = k.execute("int ue = 20;", user_expressions={"double": "ue * 2", "bad": "nope + 1"})
    ue = reply["user_expressions"]
    check(ue["double"]["status"] == "ok" and ue["double"]["data"]["text/plain"] == "40" and "metadata" in ue["double"],
          "a value", ue)
    check(ue["bad"]["status"] == "error" and has_keys(ue["bad"], ["ename", "evalue", "traceback"]), "an error", ue)


@case("stop_on_error aborts the cells queued behind a failed one; stop_on_error=False does not")
def _(k):
    failing = k.kc.execute('throw new RuntimeException("first fails");')
    queued = k.kc.execute('System.out.println("must not run");')
    r1 = k.shell_reply(failing)
    r2 = k.shell_reply(queued)
    check(r1["status"] == "error" and r2["status"] == "aborted", "the queued cell is aborted", (r1, r2))
    failing = k.kc.execute('throw new RuntimeException("fails quietly");', stop_on_error=False)
    queued = k.kc.execute('"runs anyway"')
    check(k.shell_reply(failing)["status"] == "error" and k.shell_reply(queued)["status"] == "ok", "not aborted")


@case("reading System.in asks the front end with input_request (Scanner and BufferedReader)")
def _(k):
    msg_id = k.kc.execute('System.out.print("Name? ");\nString name = new Scanner(System.in).nextLine();\n"hello " + name',
                          allow_stdin=True)
    reply, outputs = k.collect(msg_id, stdin_answer="Ada")
    check(reply["status"] == "ok" and any(o["msg_type"] == "input_request" for o in outputs)
          and result(outputs).get("text/plain") == "hello Ada", "Scanner reads the answer", outputs)
    msg_id = k.kc.execute('new java.io.BufferedReader(new java.io.InputStreamReader(System.in)).readLine().length()',
                          allow_stdin=True)
    reply, outputs = k.collect(msg_id, stdin_answer="four")
    check(result(outputs).get("text/plain") == "4", "BufferedReader reads the answer", outputs)


@case("reading System.in without allow_stdin is a clear error, not a hang")
def _(k):
    err = k.error_cell("new Scanner(System.in).nextLine()", "stdin not allowed")
    check("does not accept input" in err["evalue"], "the error says why", err)


# ---- rich output ---------------------------------------------------------------------------------

@case("tables, charts, arrays, images, histories and Displayables render with their MIME types")
def _(k):
    out = result(k.ok_cell('Table t = Table.create("small", DoubleColumn.create("a", new double[] {1, 2, 3}));\nt', "table"))
    check("<table" in out.get("text/html", "") and "3 rows" in out.get("text/plain", ""), "table", out)
    out = result(k.ok_cell('Table big = Table.create("big", IntColumn.indexColumn("i", 100, 0));\nbig', "big table"))
    check("100 rows × 1 columns" in out["text/html"] and ">99<" in out["text/html"] and ">50<" not in out["text/html"],
          "big table: head, tail, shape", out)
    out = result(k.ok_cell('var chart = QuickChart.getChart("Squares", "x", "y", "y", new double[] {1, 2, 3}, new double[] {1, 4, 9});\nchart', "chart"))
    check(base64.b64decode(out.get("image/png", ""))[:4] == b"\x89PNG" and "image/svg+xml" not in out, "chart as PNG only", out.keys())
    outputs = k.ok_cell('display(chart, "svg");', "svg")
    d = [o["content"] for o in outputs if o["msg_type"] == "display_data"]
    check(d and "<svg" in d[0]["data"].get("image/svg+xml", ""), "SVG on request", outputs)
    out = result(k.ok_cell("Nd4j.linspace(1, 6, 6, DataType.FLOAT).reshape(2, 3)", "ndarray"))
    check("[2, 3]" in out.get("text/plain", "") and "FLOAT" in out["text/plain"] and "6.0000" in out["text/plain"], "INDArray", out)
    check(result(k.ok_cell("new long[] {2, 3}", "java array")).get("text/plain") == "[2, 3]", "Java array")
    out = result(k.ok_cell('Displayable dsp = () -> Map.of("text/html", "<b>mine</b>");\ndsp', "displayable"))
    check(out.get("text/html") == "<b>mine</b>", "Displayable", out)
    out = result(k.ok_cell("new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB)", "image"))
    check(base64.b64decode(out.get("image/png", ""))[:4] == b"\x89PNG", "image", out.keys())
    out = result(k.ok_cell('var hist = new History();\nhist.record(Map.of("loss", 1.0));\nhist.record(Map.of("loss", 0.4));\nhist', "history"))
    check(base64.b64decode(out.get("image/png", ""))[:4] == b"\x89PNG" and "History(2 epochs" in out["text/plain"], "History", out.keys())


@case("users register renderers by type and MIME type")
def _(k):
    k.ok_cell("record Point(int x, int y) {}", "a record")
    k.ok_cell('Renderers.register(Point.class, "text/html", p -> "<i>" + p.x() + "," + p.y() + "</i>");', "register")
    out = result(k.ok_cell("new Point(1, 2)", "a point"))
    check(out.get("text/html") == "<i>1,2</i>" and "Point" in out.get("text/plain", ""), "the user's renderer", out)


@case("a trailing semicolon hides the value; printf shows only its text")
def _(k):
    check(result(k.ok_cell('"shown"', "no semicolon")).get("text/plain") == "shown", "shown")
    check(not result(k.ok_cell('"hidden";', "semicolon")), "hidden")
    outputs = k.ok_cell('System.out.printf("p=%d%n", 3)', "printf")
    check(text(outputs) == "p=3\n" and not result(outputs), "printf", outputs)


@case("display returns an id; updateDisplay replaces it in order; clearOutput sends clear_output")
def _(k):
    outputs = k.ok_cell('String id = display("first");\nSystem.out.println("between");\nupdateDisplay(id, "second");', "ids")
    kinds = [o["msg_type"] for o in outputs]
    d = [o["content"] for o in outputs if o["msg_type"] in ("display_data", "update_display_data")]
    check(kinds.index("display_data") < kinds.index("stream") < kinds.index("update_display_data")
          and d[0]["transient"]["display_id"] == d[1]["transient"]["display_id"] and d[1]["data"]["text/plain"] == "second",
          "display and update in order", outputs)
    outputs = k.ok_cell('System.out.println("before");\nclearOutput(true);\nSystem.out.println("after");', "clear")
    kinds = [o["msg_type"] for o in outputs]
    clears = [o["content"] for o in outputs if o["msg_type"] == "clear_output"]
    check(clears and clears[0]["wait"] is True and kinds.index("clear_output") < len(kinds) - 1
          and kinds.index("stream") < kinds.index("clear_output"), "clear_output(wait=true) between the lines", outputs)


# ---- magics --------------------------------------------------------------------------------------

@case("%time and %%time report wall time")
def _(k):
    check("Wall time:" in text(k.ok_cell("%time Thread.sleep(20)", "%time")), "%time")
    outputs = k.ok_cell("%%time\nint z = 3;\nz * 2", "%%time")
    check("Wall time:" in text(outputs) and result(outputs).get("text/plain") == "6", "%%time", outputs)


@case("%timeit chooses the loop count and reports mean ± std. dev. as IPython does")
def _(k):
    out = text(k.ok_cell("%timeit Math.sqrt(2.0)", "%timeit"))
    check(" ± " in out and "per loop (mean ± std. dev. of 7 runs," in out and "loops each)" in out, "IPython's format", out)
    out = text(k.ok_cell("%timeit -n 3 -r 2 Thread.sleep(5)", "%timeit -n -r"))
    check("of 2 runs, 3 loops each" in out and " ms ± " in out, "-n and -r", out)
    out = text(k.ok_cell("%%timeit -n 10 -r 3 int[] base = {1, 2, 3};\nint sum = 0;\nfor (int v : base) sum += v;", "%%timeit"))
    check("of 3 runs, 10 loops each" in out, "%%timeit with a setup line", out)
    check(" ± " in text(k.ok_cell("%timeit 1 + 1", "%timeit of an expression")), "an expression that is no statement")


@case("%lsmagic lists every magic; an unknown magic names the known ones")
def _(k):
    out = text(k.ok_cell("%lsmagic", "%lsmagic"))
    for m in ("%maven", "%classpath", "%load", "%time", "%timeit", "%%timeit", "%backend", "%lsmagic"):
        check(m in out, "%lsmagic mentions " + m, out)
    err = k.error_cell("%nosuchmagic", "unknown magic")
    check("Unknown magic %nosuchmagic" in err["evalue"] and "%maven" in err["evalue"], "the known ones are named", err)


@case("%backend reports Java, backend, BLAS, threads, the recurrence path and the kernelspec's env")
def _(k):
    out = text(k.ok_cell("%backend", "%backend"))
    check("java:" in out and "backend:" in out and "blas:" in out and "omp threads:" in out
          and "omp wait policy: PASSIVE" in out and "interrupt:" in out and "recurrence:" in out, "%backend", out)


@case("%load runs a file; a missing file names the path")
def _(k):
    jsh = os.path.join(WORK, "helpers.jsh")
    with open(jsh, "w") as f:
        f.write("int loaded() { return 7; }\n")
    k.ok_cell("%load " + jsh, "%load")
    check(k.value("loaded()") == "7", "%load defines what the file declares")
    err = k.error_cell("%load " + os.path.join(WORK, "missing.jsh"), "%load missing")
    check(os.path.join(WORK, "missing.jsh") in err["evalue"], "the path is named", err)


@case("%classpath adds classes; a missing path is named")
def _(k):
    src, classes = os.path.join(WORK, "src"), os.path.join(WORK, "classes")
    os.makedirs(src, exist_ok=True)
    with open(os.path.join(src, "Greeter.java"), "w") as f:
        f.write("package greet; public class Greeter { public String hi() { return \"hi from a directory\"; } }\n")
    subprocess.run(["javac", "-d", classes, os.path.join(src, "Greeter.java")], check=True)
    k.ok_cell("%classpath " + classes, "%classpath")
    check(k.value("new greet.Greeter().hi()") == "hi from a directory", "new classes usable")
    missing = os.path.join(WORK, "no-such-dir")
    err = k.error_cell("%classpath " + missing, "%classpath missing")
    check(missing in err["evalue"], "the path is named", err)


@case("%maven adds an artifact with its dependencies, and names a dependency whose version the kernel overrides")
def _(k):
    outputs = k.ok_cell("%maven org.apache.commons:commons-text:1.10.0", "%maven", timeout=300)
    out = text(outputs)
    check("Added 1 jar(s): commons-text-1.10.0.jar" in out, "resolved", outputs)
    # commons-text 1.10.0 needs commons-lang3 3.12.0; the kernel ships 3.11, which stays in effect
    check("commons-lang3: the kernel already provides 3.11, which your code will use; 3.12.0" in out,
          "the version clash is named with both versions", outputs)
    check(k.value('org.apache.commons.text.WordUtils.capitalize("recurrent nets")') == "Recurrent Nets", "usable")


@case("%maven of a coordinate that does not exist ends with Maven's message naming it")
def _(k):
    t = time.time()
    err = k.error_cell("%maven io.github.recur.nosuch:artifact-that-does-not-exist:0.0.1", "%maven missing")
    check("artifact-that-does-not-exist" in err["evalue"] and time.time() - t < 200, "named, in bounded time", err)


@case("%maven without a network ends in bounded time with a message", fresh=True)
def _(unused):
    settings = os.path.join(WORK, "offline-settings.xml")
    with open(settings, "w") as f:
        f.write("<settings><mirrors><mirror><id>nowhere</id><mirrorOf>*</mirrorOf><url>http://127.0.0.1:9/</url>"
                "</mirror></mirrors></settings>")
    repo = os.path.join(WORK, "empty-repo")
    k = Kernel(env={"RECUR_MAVEN_ARGS": "-s %s -Dmaven.repo.local=%s" % (settings, repo), "RECUR_MAVEN_TIMEOUT": "60"})
    try:
        t = time.time()
        err = k.error_cell("%maven org.apache.commons:commons-text:1.10.0", "%maven offline")
        check("commons-text" in err["evalue"] and time.time() - t < 90, "named, within the timeout", err)
        check(k.value('"alive"') == "alive", "the kernel answers")
    finally:
        k.close()


# ---- security, lifecycle -------------------------------------------------------------------------

@case("wrongly signed and unsigned messages are dropped and logged")
def _(k):
    for key, what in ((b"not-the-key", "wrongly signed"), (b"", "unsigned")):
        bad = Session(key=key, username="intruder")
        msg = bad.msg("execute_request", {"code": 'System.out.println("INTRUDER")', "silent": False,
                                          "store_history": True, "user_expressions": {}, "allow_stdin": False})
        bad.send(k.kc.shell_channel.socket, msg)
        got = []
        end = time.time() + 2
        while time.time() < end:
            for get in (k.kc.get_shell_msg, k.kc.get_iopub_msg):
                try:
                    m = get(timeout=0.05)
                    if m["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                        got.append(m)
                except queue.Empty:
                    pass
        check(not got, "a %s request gets no reply and runs nothing" % what, got)
        k.log.flush()
        check("invalid HMAC signature (%s)" % what in open(k.log_path).read(), "the %s message is logged" % what)
    check(k.value('"after intruders"') == "after intruders", "the kernel answers")


@case("no warning reaches the kernel's stderr that the user did not cause")
def _(k):
    k.ok_cell("var warm = sequential(gru(4), dense(1));\nwarm.compile(adam(1e-2), mse());\n"
              "warm.fit(Nd4j.rand(DataType.FLOAT, 8, 5, 2), Nd4j.rand(DataType.FLOAT, 8, 1), epochs(1), verbose(false));", "train")
    k.log.flush()
    lines = [l for l in open(k.log_path).read().splitlines() if "WARN" in l.upper() and "recur-kernel" not in l]
    check(not lines, "no WARNING lines", lines[:10])


@case("trivial cells round-trip (metric)")
def _(k):
    t = time.time()
    for _ in range(20):
        k.execute("int overhead = 1;")
    METRICS["per_cell_roundtrip_ms"] = (time.time() - t) / 20 * 1000


@case("restart starts a fresh kernel without the old variables", fresh=True)
def _(unused):
    k = Kernel()
    try:
        k.ok_cell("int oldState = 1;", "state")
        old = k.km.provisioner.process.pid
        t = time.time()
        k.km.restart_kernel(now=False)
        k.kc.stop_channels()
        k.kc = k.km.client()
        k.kc.start_channels()
        k.kc.wait_for_ready(timeout=180)
        reply, _ = k.execute("1 + 1")
        METRICS["restart_to_first_cell_s"] = time.time() - t
        check(k.km.provisioner.process.pid != old and reply["execution_count"] == 1, "a new process", reply)
        err = k.error_cell("oldState", "old state")
        check(err["ename"] == "CompilationError", "the old variables are gone", err)
    finally:
        k.close()


@case("shutdown ends the kernel process by itself with exit code 0", fresh=True)
def _(unused):
    k = Kernel()
    proc = k.km.provisioner.process
    k.kc.stop_channels()
    k.km.shutdown_kernel(now=False)
    check(proc.wait(timeout=15) == 0, "exit code 0", proc.returncode)
    k.log.close()


PARENT = textwrap.dedent("""
    import sys, time
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name="recur")
    km.start_kernel()
    kc = km.client(); kc.start_channels(); kc.wait_for_ready(timeout=180)
    print(km.provisioner.process.pid, flush=True)
    time.sleep(600)
""")


@case("the kernel exits within 5 s when the process that started it is killed with kill -9", fresh=True)
def _(unused):
    parent = subprocess.Popen(["/usr/bin/python3", "-c", PARENT], stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        line = parent.stdout.readline().strip()
        check(line.isdigit(), "the client printed the kernel's pid", line)
        pid = int(line)
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(timeout=10)
        t = time.time()
        gone = False
        while time.time() - t < 5:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                gone = True
                break
            time.sleep(0.1)
        METRICS["kernel_gone_after_parent_kill_s"] = time.time() - t
        if not gone:
            os.kill(pid, signal.SIGKILL)
        check(gone, "no kernel JVM is left 5 s after its client was killed")
    finally:
        if parent.poll() is None:
            parent.kill()


def main():
    shared = None
    passed = failed = 0
    t0 = time.time()
    try:
        shared = Kernel()
        shared.execute("1 + 1")
        METRICS["startup_to_first_cell_s"] = time.time() - t0
    except Exception as e:
        print("FAIL kernel starts and answers a first cell: %s" % e)
        print("SUMMARY passed=0 failed=1")
        sys.exit(1)
    for name, fn, fresh in CASES:
        if ONLY and not any(o in name for o in ONLY):
            continue
        if not fresh and not shared.alive():
            shared.close()
            shared = Kernel()
        try:
            fn(None if fresh else shared)
            print("ok   " + name)
            passed += 1
        except Failed as e:
            print("FAIL " + name + ": " + str(e).replace("\n", "\n     "))
            failed += 1
        except Exception:
            print("FAIL " + name + ": " + traceback.format_exc().replace("\n", "\n     "))
            failed += 1
        sys.stdout.flush()
    shared.close()
    for key, v in METRICS.items():
        print("METRIC %s=%.3f" % (key, v))
    print("SUMMARY passed=%d failed=%d" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
