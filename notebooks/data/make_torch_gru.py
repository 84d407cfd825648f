#!/usr/bin/python3
"""Trains a small GRU forecaster in PyTorch and exports it for notebook 7 ("importing weights trained
in PyTorch"). Run with Debian's python3-torch:  /usr/bin/python3 notebooks/data/make_torch_gru.py

Writes, next to this script:
  torch_gru_sine.safetensors        the state_dict with Recur's names (layer index prefix: 0.* GRU, 1.* Linear)
  torch_gru_sine_check.safetensors  test windows 'x' [batch, time, 1] and PyTorch's predictions 'y' [batch, 1]
The safetensors writer is the one of the test fixtures (dsl/src/test/python/make_torch_fixtures.py),
written by hand since the safetensors Python package is not in Debian.
"""
import math
import os
import sys

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "dsl", "src", "test", "python"))
from make_torch_fixtures import write_safetensors  # noqa: E402


def save_safetensors(path, tensors):
    write_safetensors(path, tensors, {"source": "notebooks/data/make_torch_gru.py", "torch": torch.__version__}, dtype="F32")


class Forecaster(nn.Module):
    def __init__(self):
        super().__init__()
        self.gru = nn.GRU(1, 16, batch_first=True)
        self.head = nn.Linear(16, 1)

    def forward(self, x):
        out, _ = self.gru(x)
        return self.head(out[:, -1, :])


def windows(start, count, look=30):
    xs, ys = [], []
    for s in range(start, start + count):
        series = [math.sin(0.2 * (s + k)) for k in range(look + 1)]
        xs.append(series[:look])
        ys.append(series[look])
    return torch.tensor(xs).unsqueeze(-1), torch.tensor(ys).unsqueeze(-1)


def main():
    torch.manual_seed(0)
    torch.set_num_threads(2)
    model = Forecaster()
    opt = torch.optim.Adam(model.parameters(), lr=0.01)
    x, y = windows(0, 256)
    for _ in range(300):
        opt.zero_grad()
        loss = nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
    print("final training MSE %.2e" % loss.item())
    sd = model.state_dict()
    weights = {"0." + k[len("gru."):]: v for k, v in sd.items() if k.startswith("gru.")}
    weights.update({"1." + k[len("head."):]: v for k, v in sd.items() if k.startswith("head.")})
    save_safetensors(os.path.join(HERE, "torch_gru_sine.safetensors"), weights)
    xt, _ = windows(1000, 8)
    with torch.no_grad():
        save_safetensors(os.path.join(HERE, "torch_gru_sine_check.safetensors"), {"x": xt, "y": model(xt)})


if __name__ == "__main__":
    main()
