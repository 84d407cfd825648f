#!/usr/bin/python3
"""PyTorch reference fixtures for Recur's cross-check tests (TorchCrossCheckTest).

Regenerate (from the repository root; Debian's python3-torch, no other package needed):

    /usr/bin/python3 dsl/src/test/python/make_torch_fixtures.py

It writes, per case, three safetensors files (float64) into dsl/src/test/resources/torch/<case>/:
  - weights.safetensors: the initial weights under Recur's names, "<layer index>.<torch
    state_dict name>", e.g. 0.weight_ih_l0, 0.bias_hh_l0_reverse, 1.weight [out, in], 1.bias
    (a plain weights file, loadable with Recur's model.loadWeights(path));
  - data.safetensors: "x" [batch, time, features], the target "y", torch's forward output "out";
  - after_sgd.safetensors: the same weights after ONE plain SGD step (lr 0.1) on nn.MSELoss()
    (mean over all elements), same names as weights.safetensors.
Each header's __metadata__ holds the case's description (layers, output kind, lr, loss).

State gradients (StateGradientTest): per cell, torch_state/<cell>.safetensors holds one layer's
weights (torch's names), x [batch, time, features], the initial state h0 (and c0) [1, batch, hidden],
the loss weights g (on the output sequence), a (on h_n) and b (on c_n) of
L = sum(g * out) + sum(a * h_n) + sum(b * c_n), torch's out, h_n, c_n, and the gradients
h0.grad, c0.grad and <weight>.grad from autograd: the initial state's gradient and the final
state's gradient checked against PyTorch.

Models: a recurrent stack then nn.Linear. "seq" cases apply the Linear at every step
(return sequences); "last" cases apply it to the last step only, which for a bidirectional layer
is the forward direction's final state concatenated with the backward direction's final state
(the one after reading the first step), as Recur's bidirectional(...) without returnSequences().

safetensors is written by hand (8-byte little-endian header length, JSON header, raw
little-endian data) because the safetensors Python package is not a Debian package.
"""
import json
import os
import struct

import torch
from torch import nn

BATCH, TIME, FEATURES, HIDDEN, HIDDEN2, OUT = 3, 5, 4, 6, 5, 2
LR = 0.1
HERE = os.path.dirname(os.path.abspath(__file__))
DEST = os.path.join(HERE, "..", "resources", "torch")


def write_safetensors(path, tensors, metadata, dtype="F64"):
    """Writes tensors as F64 (the fixtures) or F32 (notebooks/data/make_torch_gru.py imports this)."""
    torch_type, numpy_type = {"F64": (torch.float64, "<f8"), "F32": (torch.float32, "<f4")}[dtype]
    header = {"__metadata__": metadata}
    blobs, offset = [], 0
    for name, t in tensors.items():
        t = t.detach().to(torch_type).contiguous()
        data = t.numpy().astype(numpy_type).tobytes()
        header[name] = {"dtype": dtype, "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    raw = json.dumps(header, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-len(raw) % 8)  # keep the data 8-byte aligned, as the reference writer does
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for b in blobs:
            f.write(b)


class Net(nn.Module):
    """Recurrent layers, then a Linear head on every step ("seq") or on the last step ("last")."""

    def __init__(self, layers, sequence_output):
        super().__init__()
        self.layers = nn.ModuleList(layers)
        self.sequence_output = sequence_output

    def forward(self, x):
        h = x
        for m in self.layers[:-1]:
            out, state = m(h)
            if m is self.layers[-2] and not self.sequence_output:
                hn = state[0] if isinstance(state, tuple) else state  # [directions, batch, hidden]
                h = torch.cat([hn[d] for d in range(hn.shape[0])], dim=1)
            else:
                h = out
        return self.layers[-1](h)


def rnn(kind, inp, hidden, bidirectional=False):
    cls = {"simple_rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}[kind]
    return cls(inp, hidden, batch_first=True, bidirectional=bidirectional)


def cases():
    for out_kind in ("seq", "last"):
        seq = out_kind == "seq"
        yield f"simple_rnn_{out_kind}", seq, lambda: [rnn("simple_rnn", FEATURES, HIDDEN), nn.Linear(HIDDEN, OUT)], \
            ["simple_rnn(6)", "dense(2)"]
        yield f"lstm_{out_kind}", seq, lambda: [rnn("lstm", FEATURES, HIDDEN), nn.Linear(HIDDEN, OUT)], \
            ["lstm(6)", "dense(2)"]
        yield f"gru_{out_kind}", seq, lambda: [rnn("gru", FEATURES, HIDDEN), nn.Linear(HIDDEN, OUT)], \
            ["gru(6)", "dense(2)"]
        yield f"stacked_lstm_gru_{out_kind}", seq, \
            lambda: [rnn("lstm", FEATURES, HIDDEN), rnn("gru", HIDDEN, HIDDEN2), nn.Linear(HIDDEN2, OUT)], \
            ["lstm(6).returnSequences()", "gru(5)", "dense(2)"]
        yield f"bidirectional_lstm_{out_kind}", seq, \
            lambda: [rnn("lstm", FEATURES, HIDDEN, True), nn.Linear(2 * HIDDEN, OUT)], \
            ["bidirectional(lstm(6))", "dense(2)"]
        yield f"bidirectional_gru_{out_kind}", seq, \
            lambda: [rnn("gru", FEATURES, HIDDEN, True), nn.Linear(2 * HIDDEN, OUT)], \
            ["bidirectional(gru(6))", "dense(2)"]


def state(net):
    return {f"{i}.{k}": v.detach().clone() for i, m in enumerate(net.layers) for k, v in m.state_dict().items()}


def state_gradient_fixtures():
    """One layer from a given (h0, c0), a loss on the output and on the final state: autograd's gradients."""
    dest = os.path.join(DEST, "..", "torch_state")
    os.makedirs(dest, exist_ok=True)
    for n, kind in enumerate(("simple_rnn", "lstm", "gru")):
        torch.manual_seed(2000 + n)
        layer = rnn(kind, FEATURES, HIDDEN).double()
        for p in layer.parameters():  # away from the initial values, so no gate sits where it starts
            p.data.add_(0.3 * torch.randn_like(p))
        x = torch.randn(BATCH, TIME, FEATURES, requires_grad=True)
        h0 = torch.randn(1, BATCH, HIDDEN, requires_grad=True)
        c0 = torch.randn(1, BATCH, HIDDEN, requires_grad=True)
        weights = {k: v.detach().clone() for k, v in layer.state_dict().items()}
        out, state = layer(x, (h0, c0)) if kind == "lstm" else layer(x, h0)
        hn, cn = state if kind == "lstm" else (state, None)
        g, a, b = torch.randn_like(out), torch.randn_like(hn), torch.randn_like(hn)
        loss = (out * g).sum() + (hn * a).sum() + ((cn * b).sum() if cn is not None else 0)
        loss.backward()
        tensors = dict(weights)
        tensors.update({"x": x, "h0": h0, "g": g, "a": a, "out": out, "h_n": hn, "x.grad": x.grad, "h0.grad": h0.grad})
        if cn is not None:
            tensors.update({"c0": c0, "b": b, "c_n": cn, "c0.grad": c0.grad})
        for k, p in layer.named_parameters():
            tensors[k + ".grad"] = p.grad
        meta = {"case": kind, "loss": "sum(g*out)+sum(a*h_n)" + ("+sum(b*c_n)" if cn is not None else ""),
                "loss_value": repr(loss.item()), "torch": torch.__version__}
        path = os.path.join(dest, kind + ".safetensors")
        write_safetensors(path, tensors, meta)
        print(f"state gradients {kind}: loss {loss.item():.6f} -> {os.path.relpath(path)}")


def main():
    os.makedirs(DEST, exist_ok=True)
    torch.set_default_dtype(torch.float64)
    for n, (name, seq, make, layers) in enumerate(cases()):
        torch.manual_seed(1000 + n)
        net = Net(make(), seq).double()
        x = torch.randn(BATCH, TIME, FEATURES)
        y = torch.randn(BATCH, TIME, OUT) if seq else torch.randn(BATCH, OUT)
        initial = state(net)
        out = net(x)
        loss = nn.MSELoss()(out, y)
        opt = torch.optim.SGD(net.parameters(), lr=LR)
        opt.zero_grad()
        loss.backward()
        opt.step()
        meta = {"case": name, "layers": json.dumps(layers), "output": "sequence" if seq else "last_step",
                "lr": str(LR), "loss": "MSELoss(mean)", "loss_value": repr(loss.item()), "torch": torch.__version__}
        folder = os.path.join(DEST, name)
        os.makedirs(folder, exist_ok=True)
        write_safetensors(os.path.join(folder, "weights.safetensors"), initial, meta)
        write_safetensors(os.path.join(folder, "data.safetensors"), {"x": x, "y": y, "out": out}, meta)
        write_safetensors(os.path.join(folder, "after_sgd.safetensors"), state(net), meta)
        size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
        print(f"{name}: loss {loss.item():.6f} -> {os.path.relpath(folder)} ({size} bytes)")
    state_gradient_fixtures()


if __name__ == "__main__":
    main()
