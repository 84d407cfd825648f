#!/usr/bin/python3
"""PyTorch side of the Recur benchmark (see bench/run.sh).

--serve: reads one JSON command per line on stdin and answers one JSON line, so the Java harness
         can interleave PyTorch's rounds with its own. Commands: setup {workload}, run, peak, quit.
--memory CELL T: one process, two training steps at batch 64, I=32, H=128 and T steps; prints
         the peak resident set (MiB) and the resident set after setup.
Same models as the Java side: nn.LSTM/GRU/RNN(tanh) batch-first, last step -> Linear(H, 1), MSE, Adam.
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn

GEN_STEPS = 100  # must match Workload.GEN_STEPS


class Net(nn.Module):
    def __init__(self, cell, inputs, hidden):
        super().__init__()
        kind = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[cell]
        self.rnn = kind(inputs, hidden, batch_first=True)
        self.head = nn.Linear(hidden, 1)

    def forward(self, x, state=None):
        out, state = self.rnn(x, state)
        return self.head(out[:, -1, :]), state


def data(w, seed=7):
    g = np.random.default_rng(seed)
    x = torch.from_numpy(g.uniform(-1, 1, (w["B"], w["T"], w["I"])).astype(np.float32))
    y = torch.from_numpy(g.uniform(-1, 1, (w["B"], 1)).astype(np.float32))
    return x, y


class Bench:
    def __init__(self, w):
        torch.manual_seed(1)
        self.w = w
        self.net = Net(w["cell"], w["I"], w["H"])
        self.opt = torch.optim.Adam(self.net.parameters(), lr=1e-3)
        self.loss = nn.MSELoss()
        self.x, self.y = data(w)
        self.xt = self.x[:, :1, :].contiguous()

    def op(self):
        """One timing: w["repeats"] training steps or forward passes back to back (Workload.repeats), or a gen loop."""
        check = None
        for _ in range(self.w.get("repeats", 1)):
            check = self.once()
        return check

    def once(self):
        mode = self.w["mode"]
        if mode == "train":
            self.opt.zero_grad()
            out, _ = self.net(self.x)
            loss = self.loss(out, self.y)
            loss.backward()
            self.opt.step()
            return float(loss)
        with torch.no_grad():
            if mode == "infer":
                out, _ = self.net(self.x)
                return float(out[0, 0])
            if mode == "gen":
                state = None
                for _ in range(GEN_STEPS):
                    out, state = self.net(self.xt, state)
                return float(out[0, 0])
        raise ValueError(mode)


class ImdbEpoch:
    """One training epoch of Keras's IMDB example: Embedding(10000, 32), RNN(32), Linear(32, 1) + sigmoid
    (BCEWithLogitsLoss, the idiomatic fused form of sigmoid + binary cross-entropy), RMSprop 1e-3,
    batch 128, shuffled, on 20,000 synthetic reviews of 500 ids (Workload.imdbEpoch)."""

    def __init__(self, w):
        torch.manual_seed(1)
        self.w = w
        self.emb = nn.Embedding(w["vocab"], w["I"])
        self.rnn = nn.RNN(w["I"], w["H"], batch_first=True)
        self.head = nn.Linear(w["H"], 1)
        params = list(self.emb.parameters()) + list(self.rnn.parameters()) + list(self.head.parameters())
        self.opt = torch.optim.RMSprop(params, lr=1e-3)
        self.loss = nn.BCEWithLogitsLoss()
        g = torch.Generator().manual_seed(7)
        self.x = torch.randint(0, w["vocab"], (w["samples"], w["T"]), generator=g)
        self.y = torch.randint(0, 2, (w["samples"], 1), generator=g).float()

    def op(self):
        n, b = self.w["samples"], self.w["B"]
        order = torch.randperm(n)
        total, count = 0.0, 0
        for start in range(0, n, b):
            idx = order[start:start + b]
            xb, yb = self.x[idx], self.y[idx]
            self.opt.zero_grad()
            out, _ = self.rnn(self.emb(xb))
            loss = self.loss(self.head(out[:, -1, :]), yb)
            loss.backward()
            self.opt.step()
            total += float(loss) * len(idx)
            count += len(idx)
        return total / count


def peak_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def serve():
    bench = None
    print(json.dumps({"ready": True, "torch": torch.__version__, "threads": torch.get_num_threads(),
                      "blas": blas()}), flush=True)
    for line in sys.stdin:
        try:
            cmd = json.loads(line)
            c = cmd["cmd"]
            if c == "setup":
                bench = None
                w = cmd["workload"]
                bench = ImdbEpoch(w) if w["mode"] == "epoch" else Bench(w)
                reply = {"ok": True}
            elif c == "run":
                t0 = time.perf_counter()
                check = bench.op()
                reply = {"ms": (time.perf_counter() - t0) * 1e3, "check": check}
            elif c == "peak":
                reply = {"peak_mib": peak_mib()}
            elif c == "quit":
                return
            else:
                reply = {"error": "unknown command " + c}
        except Exception as e:  # report to the harness instead of dying silently
            reply = {"error": repr(e)}
        print(json.dumps(reply), flush=True)


def blas():
    for line in torch.__config__.show().splitlines():
        if "BLAS_INFO" in line:
            return line.split("BLAS_INFO=")[1].split(",")[0]
    return "unknown"


def memory(cell, steps):
    w = {"cell": cell, "mode": "train", "B": 64, "T": steps, "I": 32, "H": 128}
    b = Bench(w)
    after_setup = rss_mib()
    for _ in range(2):
        b.op()
    print(json.dumps({"framework": "torch", "cell": cell, "T": steps, "peak_mib": peak_mib(),
                      "setup_mib": after_setup}), flush=True)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--serve", action="store_true")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--memory", nargs=2, metavar=("CELL", "T"))
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.serve:
        serve()
    elif a.memory:
        memory(a.memory[0], int(a.memory[1]))
    else:
        p.print_help()


if __name__ == "__main__":
    main()
