#!/usr/bin/python3
"""PyTorch side of the Recur benchmark (see bench/run.sh).

--serve: reads one JSON command per line on stdin and answers one JSON line, so the Java harness
         can interleave PyTorch's rounds with its own. Commands: setup {workload}, run, peak, quit.
--memory CELL T: one process, two training steps at batch 64, I=32, H=128 and T steps; prints
         the peak resident set (MiB) and the resident set after setup.
Same models as the Java side: nn.LSTM/GRU/RNN(tanh) batch-first, last step -> Linear(H, 1), MSE, Adam;
the IMDB epoch (ImdbEpoch) and the encoder-decoder with additive attention (Seq2Seq) as described there.
"""
import argparse
import json
import resource
import sys
import time

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

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


class Repeats:
    """One timing: w["repeats"] calls of once() back to back (Workload.repeats): training steps, forward passes, or a gen loop."""

    def op(self):
        check = None
        for _ in range(self.w.get("repeats", 1)):
            check = self.once()
        return check


class Bench(Repeats):
    def __init__(self, w):
        torch.manual_seed(1)
        self.w = w
        self.net = Net(w["cell"], w["I"], w["H"])
        self.opt = torch.optim.Adam(self.net.parameters(), lr=1e-3)
        self.loss = nn.MSELoss()
        self.x, self.y = data(w)
        self.xt = self.x[:, :1, :].contiguous()

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


class AdditiveAttention(nn.Module):
    """Bahdanau's score e_tj = score_weight . tanh(query_weight q_t + key_weight v_j), three bias-free weights
    (as d2l's AdditiveAttention and dsl/src/test/python/make_seq2seq_fixtures.py); softmax over the source
    steps; context c_t = sum_j a_tj v_j."""

    def __init__(self, query_features, key_features, units):
        super().__init__()
        self.query = nn.Linear(query_features, units, bias=False)
        self.key = nn.Linear(key_features, units, bias=False)
        self.score = nn.Linear(units, 1, bias=False)

    def forward(self, q, v):
        hidden = torch.tanh(self.query(q).unsqueeze(2) + self.key(v).unsqueeze(1))  # [B, Tt, Ts, units]
        weights = torch.softmax(self.score(hidden).squeeze(3), dim=2)  # [B, Tt, Ts]
        return torch.bmm(weights, v)


class Seq2Seq(Repeats):
    """Issue 17's encoder-decoder training step (Workload.seq2seq, Seq2SeqRunner): Embedding(V, E) and GRU(E, H)
    encoder; Embedding(V, E) and GRU(E, H) decoder started from the encoder's final state (teacher forcing);
    additive attention (H units) over the encoder outputs with the decoder outputs as queries; Linear(2H, V) on
    [decoder output; context]; F.cross_entropy over all B*T target steps (no padding); Adam 1e-3. Ids uniform in
    [2, V), target_in = start id 1 then target_out shifted right."""

    def __init__(self, w):
        torch.manual_seed(1)
        self.w = w
        v, e, h = w["vocab"], w["I"], w["H"]
        self.source_embedding = nn.Embedding(v, e)
        self.encoder = nn.GRU(e, h, batch_first=True)
        self.target_embedding = nn.Embedding(v, e)
        self.decoder = nn.GRU(e, h, batch_first=True)
        self.attention = AdditiveAttention(h, h, h)
        self.output = nn.Linear(2 * h, v)
        params = [p for m in (self.source_embedding, self.encoder, self.target_embedding, self.decoder,
                              self.attention, self.output) for p in m.parameters()]
        self.opt = torch.optim.Adam(params, lr=1e-3)
        g = torch.Generator().manual_seed(7)
        b, t = w["B"], w["T"]
        self.source = torch.randint(2, v, (b, t), generator=g)
        self.target_out = torch.randint(2, v, (b, t), generator=g)
        self.target_in = torch.cat([torch.ones(b, 1, dtype=torch.long), self.target_out[:, :-1]], dim=1)

    def once(self):
        self.opt.zero_grad()
        values, h_n = self.encoder(self.source_embedding(self.source))
        queries, _ = self.decoder(self.target_embedding(self.target_in), h_n)
        context = self.attention(queries, values)
        logits = self.output(torch.cat([queries, context], dim=2))
        loss = F.cross_entropy(logits.reshape(-1, logits.shape[2]), self.target_out.reshape(-1))
        loss.backward()
        self.opt.step()
        return float(loss)


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
                bench = {"epoch": ImdbEpoch, "seq2seq": Seq2Seq}.get(w["mode"], Bench)(w)
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
