#!/usr/bin/python3
"""PyTorch reference fixtures for Recur's attention (AttentionTorchTest).

Regenerate (from the repository root; Debian's python3-torch):

    /usr/bin/python3 dsl/src/test/python/make_attention_fixtures.py

Per case, one float64 safetensors file dsl/src/test/resources/torch_attention/<case>.safetensors with
  query [B, Tq, dq], values [B, Tv, dv], mask [B, Tv] (1 = real step, 0 = padding), upstream [B, Tq, dv]
  (the loss is sum(context * upstream), so dL/dcontext = upstream), the score's weights under Recur's
  names (general: weight [dq, dv]; additive: query_weight [units, dq], key_weight [units, dv],
  score_weight [units]), and torch's results: context, weights [B, Tq, Tv], grad_query, grad_values and
  grad_<weight name> for each weight.
The scores are written out in torch from their textbook definitions (Luong 2015, Bahdanau 2015; the
additive one as d2l's AdditiveAttention: three bias-free nn.Linear), softmax over the valid value steps.
"""
import os

import torch

from make_torch_fixtures import write_safetensors

B, TQ, TV, DQ, DV, UNITS = 3, 4, 5, 6, 6, 7
HERE = os.path.dirname(os.path.abspath(__file__))
DEST = os.path.join(HERE, "..", "resources", "torch_attention")


def scores(kind, q, v, w):
    if kind == "dot":
        return q @ v.transpose(1, 2)
    if kind == "general":
        return q @ (v @ w["weight"].T).transpose(1, 2)           # q · (W v)
    hidden = torch.tanh((q @ w["query_weight"].T).unsqueeze(2) + (v @ w["key_weight"].T).unsqueeze(1))
    return hidden @ w["score_weight"]                              # vᵀ tanh(W_q q + W_k v)


def case(kind, masked, dv, seed):
    g = torch.Generator().manual_seed(seed)
    q = torch.randn(B, TQ, DQ, generator=g, dtype=torch.float64, requires_grad=True)
    v = torch.randn(B, TV, dv, generator=g, dtype=torch.float64, requires_grad=True)
    mask = torch.ones(B, TV, dtype=torch.float64)
    if masked:
        mask[1, 3:] = 0
        mask[2, 1:] = 0
    w = {}
    if kind == "general":
        w["weight"] = torch.randn(DQ, dv, generator=g, dtype=torch.float64) * 0.5
    if kind == "additive":
        w["query_weight"] = torch.randn(UNITS, DQ, generator=g, dtype=torch.float64) * 0.5
        w["key_weight"] = torch.randn(UNITS, dv, generator=g, dtype=torch.float64) * 0.5
        w["score_weight"] = torch.randn(UNITS, generator=g, dtype=torch.float64) * 0.5
    for t in w.values():
        t.requires_grad_(True)
    upstream = torch.randn(B, TQ, dv, generator=g, dtype=torch.float64)
    s = scores(kind, q, v, w).masked_fill(mask.unsqueeze(1) == 0, float("-inf"))
    a = torch.softmax(s, dim=2)
    context = a @ v
    (context * upstream).sum().backward()
    out = {"query": q, "values": v, "mask": mask, "upstream": upstream, "context": context, "weights": a,
           "grad_query": q.grad, "grad_values": v.grad}
    for name, t in w.items():
        out[name] = t
        out["grad_" + name] = t.grad
    return out


def main():
    os.makedirs(DEST, exist_ok=True)
    for i, (kind, masked, dv) in enumerate([("dot", False, DV), ("dot", True, DV), ("general", True, 9),
                                            ("additive", False, 9), ("additive", True, DV)]):
        name = "%s_%s" % (kind, "masked" if masked else "full")
        tensors = case(kind, masked, dv, 100 + i)
        write_safetensors(os.path.join(DEST, name + ".safetensors"), tensors,
                          {"case": name, "kind": kind, "units": str(UNITS)})
        print("wrote", name)


if __name__ == "__main__":
    main()
