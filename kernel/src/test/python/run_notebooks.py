#!/usr/bin/python3
"""Executes notebooks top to bottom through a Jupyter kernel (nbclient) and fails on any error.

Usage: run_notebooks.py [--kernel recur] [--timeout SECONDS] [--write] [--html DIR] NOTEBOOK...

  --write      store the executed notebook (with its outputs) back in place, as committed
  --html DIR   also export each executed notebook to DIR/NAME.html (charts embedded)

A notebook fails when a cell raises, when any output is of type "error", when a cell writes to
stderr, or when the kernel process itself prints anything (JVM warnings land there, in the terminal
that runs Jupyter): notebooks must run clean, with no warning a user did not cause. Prints one line
per notebook with its wall time, then 'N passed, N failed'.
"""
import argparse
import os
import sys
import tempfile
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError


def problems_in(nb):
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                found.append("cell %d: %s: %s" % (i, out.ename, out.evalue))
            elif out.output_type == "stream" and out.name == "stderr":
                found.append("cell %d wrote to stderr: %s" % (i, out.text.strip()[:500]))
    return found


def run(path, kernel, timeout, write, html_dir):
    nb = nbformat.read(path, as_version=4)
    workdir = os.path.dirname(os.path.abspath(path))
    client = NotebookClient(nb, kernel_name=kernel, timeout=timeout, resources={"metadata": {"path": workdir}},
                            startup_timeout=180)
    started = time.time()
    with tempfile.TemporaryFile(mode="w+") as console:  # the kernel process's own stdout and stderr
        try:
            client.execute(stdout=console, stderr=console)
            problems = problems_in(nb)
        except CellExecutionError as e:
            problems = [str(e).strip().splitlines()[-1] if str(e).strip() else repr(e)] + problems_in(nb)
        except Exception as e:  # a dead kernel, a timeout
            problems = ["%s: %s" % (type(e).__name__, e)]
        console.seek(0)
        printed = console.read().strip()
        if printed:
            problems.append("the kernel process printed (the terminal running Jupyter shows this):\n       "
                            + printed[:2000].replace("\n", "\n       "))
    seconds = time.time() - started
    if write and not problems:
        nbformat.write(nb, path)
    if html_dir:
        from nbconvert import HTMLExporter
        os.makedirs(html_dir, exist_ok=True)
        stem = os.path.splitext(os.path.basename(path))[0]
        body, _ = HTMLExporter().from_notebook_node(nb, resources={"metadata": {"name": stem}})
        with open(os.path.join(html_dir, stem + ".html"), "w", encoding="utf-8") as f:
            f.write(body)
    return seconds, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--kernel", default="recur")
    ap.add_argument("--timeout", type=int, default=300, help="seconds per cell")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--html")
    ap.add_argument("notebooks", nargs="+")
    a = ap.parse_args()
    passed = failed = 0
    for path in a.notebooks:
        seconds, problems = run(path, a.kernel, a.timeout, a.write, a.html)
        if problems:
            failed += 1
            print("FAIL %-45s %6.1f s" % (path, seconds))
            for p in problems:
                print("     " + p)
        else:
            passed += 1
            print("ok   %-45s %6.1f s" % (path, seconds))
        sys.stdout.flush()
    print("notebooks: %d passed, %d failed" % (passed, failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
