#!/usr/bin/python3
"""PyTorch reference fixtures for Recur's encoder-decoder (issue 17, item 6).

Regenerate (from the repository root; Debian's python3-torch, no other package needed):

    /usr/bin/python3 dsl/src/test/python/make_seq2seq_fixtures.py

The model, the masks, the loss and the order of operations are specified equation by equation in
dsl/src/test/resources/torch_seq2seq/README.md. Per case (gru_additive: GRU encoder, GRU decoder with
teacher forcing, additive attention, dense output on [decoder output, context]; gru_no_attention: the
same without attention, dense output on the decoder output alone), four float64 safetensors files in
dsl/src/test/resources/torch_seq2seq/<case>/:
  - weights.safetensors: the initial weights under Recur's names, "<layer name>.<torch state_dict name>":
    source_embedding.weight [Vs, E], encoder.weight_ih_l0 [3H, E], encoder.weight_hh_l0 [3H, H],
    encoder.bias_ih_l0 [3H], encoder.bias_hh_l0 [3H], target_embedding.weight [Vt, E], decoder.* (as
    encoder.*), attention.query_weight [A, H], attention.key_weight [A, H], attention.score_weight [A]
    (gru_additive only), output.weight [Vt, 2H] ([Vt, H] without attention), output.bias [Vt]
    (a plain weights file, loadable with Recur's model.loadWeights(path));
  - data.safetensors: the batch as float64 ids, source [B, Ts], target_in [B, Tt], target_out [B, Tt],
    their masks source_mask [B, Ts] and target_mask [B, Tt] (1 = real step), and torch's results:
    logits [B, Tt, Vt], loss [1], encoder_outputs [B, Ts, H], encoder_h_n [B, H], decoder_outputs
    [B, Tt, H], and with attention attention_weights [B, Tt, Ts] and context [B, Tt, H];
  - after_sgd.safetensors: every weight after ONE plain SGD step (lr 0.1, no momentum) on the loss,
    same names as weights.safetensors;
  - gradients.safetensors: dL/dw under the weights' names, to locate a mismatch when a test fails.
Each header's __metadata__ holds the case, the sizes, the special ids, lr, the loss and its value.

The model is written from the textbook definitions (Bahdanau 2015 as d2l's AdditiveAttention; the
GRU is torch's nn.GRU, run on packed sequences). Before writing, the script checks its own fixture:
a hand-written masked GRU loop reproduces nn.GRU's packed outputs and final states; padding cannot
reach the loss (perturbing embedding row 0, the padded target ids and the encoder outputs at padded
source steps changes neither the loss nor the valid logits); both embeddings' row 0 gets a zero
gradient; a decoder run without packing gives the same loss and gradients; and autograd agrees with
central finite differences on sampled coordinates of every weight.
"""
import json
import os

import torch
import torch.nn.functional as F
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

from make_torch_fixtures import write_safetensors

B, TS, TT = 3, 6, 5
SOURCE_VOCAB, TARGET_VOCAB, EMBED, HIDDEN, UNITS = 11, 9, 4, 5, 3
PAD, START, END = 0, 1, 2
SOURCE_LENGTHS = (6, 3, 4)  # row 0 full, row 1 three padded steps
TARGET_LENGTHS = (3, 5, 2)  # valid steps of target_in and target_out (row 1 full)
LR = 0.1
INIT = 1.0  # weights ~ U(-INIT, INIT): the attention weights' one SGD step is then ~1e-3 of the weight, not 1e-5
HERE = os.path.dirname(os.path.abspath(__file__))
DEST = os.path.join(HERE, "..", "resources", "torch_seq2seq")


class AdditiveAttention(nn.Module):
    """e_tj = score_weight · tanh(query_weight q_t + key_weight v_j); softmax over valid j; c_t = Σ_j a_tj v_j."""

    def __init__(self, query_features, key_features, units):
        super().__init__()
        self.query_weight = nn.Parameter(torch.empty(units, query_features))
        self.key_weight = nn.Parameter(torch.empty(units, key_features))
        self.score_weight = nn.Parameter(torch.empty(units))

    def forward(self, q, v, source_mask):
        hidden = torch.tanh((q @ self.query_weight.T).unsqueeze(2) + (v @ self.key_weight.T).unsqueeze(1))  # [B, Tt, Ts, A]
        scores = (hidden @ self.score_weight).masked_fill(source_mask.unsqueeze(1) == 0, float("-inf"))  # [B, Tt, Ts]
        weights = torch.softmax(scores, dim=2)
        return weights @ v, weights


class Seq2Seq(nn.Module):
    def __init__(self, attention):
        super().__init__()
        self.source_embedding = nn.Embedding(SOURCE_VOCAB, EMBED)  # no padding_idx: Recur's row 0 is an ordinary row
        self.encoder = nn.GRU(EMBED, HIDDEN, batch_first=True)
        self.target_embedding = nn.Embedding(TARGET_VOCAB, EMBED)
        self.decoder = nn.GRU(EMBED, HIDDEN, batch_first=True)
        self.attention = AdditiveAttention(HIDDEN, HIDDEN, UNITS) if attention else None
        self.output = nn.Linear(2 * HIDDEN if attention else HIDDEN, TARGET_VOCAB)

    def forward(self, source, target_in, pack_decoder=True, padded_value_noise=None):
        source_mask, target_mask = (source != PAD).double(), (target_in != PAD).double()
        source_lengths, target_lengths = source_mask.sum(1).long(), target_mask.sum(1).long()
        x = self.source_embedding(source)
        packed, h_n = self.encoder(pack_padded_sequence(x, source_lengths, batch_first=True, enforce_sorted=False))
        v, _ = pad_packed_sequence(packed, batch_first=True, total_length=source.shape[1])  # zeros beyond each length
        y = self.target_embedding(target_in)
        if pack_decoder:
            packed, _ = self.decoder(pack_padded_sequence(y, target_lengths, batch_first=True, enforce_sorted=False), h_n)
            q, _ = pad_packed_sequence(packed, batch_first=True, total_length=target_in.shape[1])
        else:
            q, _ = self.decoder(y, h_n)
        out = {"encoder_outputs": v, "encoder_h_n": h_n[0], "decoder_outputs": q}
        if self.attention is None:
            features = q
        else:
            if padded_value_noise is not None:  # self-check only: what the encoder leaves at padded steps must not matter
                v = v + padded_value_noise * (1 - source_mask).unsqueeze(2)
            context, weights = self.attention(q, v, source_mask)
            out.update(context=context, attention_weights=weights)
            features = torch.cat([q, context], dim=2)  # decoder output first
        out["logits"] = self.output(features)
        return out


def sequence_loss(logits, target_out, target_in):
    """Cross-entropy from logits, mean over the valid target positions (target_in != 0)."""
    mask = target_in != PAD
    return F.cross_entropy(logits[mask], target_out[mask])


def batch(g):
    """Source rows padded at the end; target_in = <start> y_1..y_{n-1}, target_out = y_1..y_n with y_n = <end>."""
    source = torch.zeros(B, TS, dtype=torch.long)
    target_in = torch.zeros(B, TT, dtype=torch.long)
    target_out = torch.zeros(B, TT, dtype=torch.long)
    for b in range(B):
        source[b, :SOURCE_LENGTHS[b]] = torch.randint(1, SOURCE_VOCAB, (SOURCE_LENGTHS[b],), generator=g)
        n = TARGET_LENGTHS[b]
        words = torch.randint(END + 1, TARGET_VOCAB, (n - 1,), generator=g)
        target_out[b, :n] = torch.cat([words, torch.tensor([END])])
        target_in[b, :n] = torch.cat([torch.tensor([START]), words])
    return source, target_in, target_out


def masked_gru(x, mask, h, gru):
    """nn.GRU's equations (gates r, z, n) written out; a padded step keeps the state and outputs zeros."""
    w_ih, w_hh, b_ih, b_hh = gru.weight_ih_l0, gru.weight_hh_l0, gru.bias_ih_l0, gru.bias_hh_l0
    outs = []
    for t in range(x.shape[1]):
        a_x = x[:, t] @ w_ih.T + b_ih
        a_h = h @ w_hh.T + b_hh
        r = torch.sigmoid(a_x[:, :HIDDEN] + a_h[:, :HIDDEN])
        z = torch.sigmoid(a_x[:, HIDDEN:2 * HIDDEN] + a_h[:, HIDDEN:2 * HIDDEN])
        n = torch.tanh(a_x[:, 2 * HIDDEN:] + r * a_h[:, 2 * HIDDEN:])
        m = mask[:, t:t + 1]
        h = m * ((1 - z) * n + z * h) + (1 - m) * h
        outs.append(m * h)
    return torch.stack(outs, dim=1), h


def check_fixture(net, source, target_in, target_out, out, loss):
    """The fixture's own checks (see the docstring); any failure stops the script before it writes."""
    source_mask, target_mask = (source != PAD).double(), (target_in != PAD).double()
    with torch.no_grad():
        v, h_n = masked_gru(net.source_embedding(source), source_mask, torch.zeros(B, HIDDEN), net.encoder)
        q, _ = masked_gru(net.target_embedding(target_in), target_mask, h_n, net.decoder)
    assert torch.allclose(v, out["encoder_outputs"], rtol=0, atol=1e-13), "hand-written encoder differs from nn.GRU"
    assert torch.allclose(h_n, out["encoder_h_n"], rtol=0, atol=1e-13), "hand-written encoder h_n differs"
    assert torch.allclose(q, out["decoder_outputs"], rtol=0, atol=1e-13), "hand-written decoder differs from nn.GRU"
    if "attention_weights" in out:
        a = out["attention_weights"]
        assert torch.all(a[(source_mask == 0).unsqueeze(1).expand_as(a)] == 0), "padded source steps got attention"
        assert torch.allclose(a.sum(2), torch.ones(B, TT), rtol=0, atol=1e-14)

    valid = target_mask.bool()
    for e in (net.source_embedding, net.target_embedding):
        assert torch.all(e.weight.grad[PAD] == 0), "embedding row 0 got a gradient"
    logits_grad = torch.autograd.grad(sequence_loss(out["logits"], target_out, target_in), out["logits"])[0]
    assert torch.all(logits_grad[~valid] == 0), "padded target positions reach the loss"

    with torch.no_grad():
        saved = [e.weight[PAD].clone() for e in (net.source_embedding, net.target_embedding)]
        for e in (net.source_embedding, net.target_embedding):
            e.weight[PAD] = torch.randn(EMBED) * 3
        other_targets = torch.where(valid, target_out, torch.full_like(target_out, TARGET_VOCAB - 1))
        noise = torch.randn(B, TS, HIDDEN) * 3 if net.attention is not None else None
        perturbed = net(source, target_in, padded_value_noise=noise)
        for e, row in zip((net.source_embedding, net.target_embedding), saved):
            e.weight[PAD] = row
        assert torch.equal(perturbed["logits"][valid], out["logits"][valid]), "padding changed a valid logit"
        assert sequence_loss(perturbed["logits"], other_targets, target_in).item() == loss.item(), "padding changed the loss"

    # An unpacked decoder (padded steps computed, then ignored) trains identically: padding sits at the end.
    grads = {k: p.grad.clone() for k, p in net.named_parameters()}
    net.zero_grad()
    unpacked = net(source, target_in, pack_decoder=False)
    unpacked_loss = sequence_loss(unpacked["logits"], target_out, target_in)
    unpacked_loss.backward()
    assert abs(unpacked_loss.item() - loss.item()) <= 1e-14, "an unpacked decoder changes the loss"
    for k, p in net.named_parameters():
        assert torch.allclose(p.grad, grads[k], rtol=0, atol=1e-14), "an unpacked decoder changes the gradient of " + k
        p.grad = grads[k]

    # autograd against central differences, a few coordinates of every weight
    g = torch.Generator().manual_seed(7)
    with torch.no_grad():
        for k, p in net.named_parameters():
            flat = p.view(-1)
            for i in torch.randint(0, flat.numel(), (4,), generator=g).tolist():
                eps, keep = 1e-6, flat[i].item()
                flat[i] = keep + eps
                up = sequence_loss(net(source, target_in)["logits"], target_out, target_in).item()
                flat[i] = keep - eps
                down = sequence_loss(net(source, target_in)["logits"], target_out, target_in).item()
                flat[i] = keep
                numeric, analytic = (up - down) / (2 * eps), grads[k].view(-1)[i].item()
                assert abs(numeric - analytic) <= 1e-7 + 1e-6 * abs(analytic), \
                    f"{k}[{i}]: autograd {analytic} but finite differences {numeric}"


def case(name, attention, seed):
    g = torch.Generator().manual_seed(seed)
    net = Seq2Seq(attention).double()
    with torch.no_grad():
        for p in net.parameters():  # in registration order, the order of the names listed in README.md
            p.copy_((torch.rand(p.shape, generator=g, dtype=torch.float64) * 2 - 1) * INIT)
    source, target_in, target_out = batch(g)
    initial = {k: v.detach().clone() for k, v in net.state_dict().items()}

    out = net(source, target_in)
    loss = sequence_loss(out["logits"], target_out, target_in)
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    opt.zero_grad()
    loss.backward()
    check_fixture(net, source, target_in, target_out, out, loss)
    gradients = {k: p.grad.detach().clone() for k, p in net.named_parameters()}
    opt.step()
    after = {k: v.detach().clone() for k, v in net.state_dict().items()}
    assert set(after) == set(gradients) == set(initial)

    data = {"source": source, "target_in": target_in, "target_out": target_out,
            "source_mask": (source != PAD).double(), "target_mask": (target_in != PAD).double(),
            "logits": out["logits"], "loss": loss.reshape(1)}
    for k in ("encoder_outputs", "encoder_h_n", "decoder_outputs", "attention_weights", "context"):
        if k in out:
            data[k] = out[k]
    meta = {"case": name, "attention": "additive" if attention else "none",
            "sizes": json.dumps({"batch": B, "source_time": TS, "target_time": TT, "source_vocabulary": SOURCE_VOCAB,
                                 "target_vocabulary": TARGET_VOCAB, "embedding": EMBED, "hidden": HIDDEN,
                                 "attention_units": UNITS if attention else 0}),
            "ids": json.dumps({"padding": PAD, "start": START, "end": END}),
            "lr": str(LR), "optimizer": "SGD(lr=0.1, momentum=0)",
            "loss": "cross_entropy(logits[target_in != 0], target_out[target_in != 0]), mean over valid positions",
            "loss_value": repr(loss.item()), "torch": torch.__version__}
    folder = os.path.join(DEST, name)
    os.makedirs(folder, exist_ok=True)
    write_safetensors(os.path.join(folder, "weights.safetensors"), initial, meta)
    write_safetensors(os.path.join(folder, "data.safetensors"), data, meta)
    write_safetensors(os.path.join(folder, "after_sgd.safetensors"), after, meta)
    write_safetensors(os.path.join(folder, "gradients.safetensors"), gradients, meta)
    smallest = min(t.abs().max().item() for t in gradients.values())
    print(f"{name}: loss {loss.item():.6f}, smallest per-tensor max |grad| {smallest:.3g} -> {os.path.relpath(folder)}")


def main():
    torch.set_default_dtype(torch.float64)
    torch.manual_seed(0)  # only the self-check's perturbations draw from the global generator
    case("gru_additive", True, 3000)
    case("gru_no_attention", False, 3001)


if __name__ == "__main__":
    main()
