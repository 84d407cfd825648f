# Reference numbers for io.github.recur.train tests (OptimizersTest, LossesTest).
# Run: /usr/bin/python3 dsl/src/test/resources/torch_reference_train.py > dsl/src/test/resources/torch_reference_train.txt
# (Debian python3-torch 1.13). The Java tests paste these values as constants.
import torch

torch.set_printoptions(precision=17)
torch.set_default_dtype(torch.float64)

W0 = [[0.5, -0.3, 0.8], [0.1, -0.7, 0.25]]
B0 = [0.2, -0.4]
# Gradient of step k (k = 0, 1, 2) is fixed, not computed, so Java can feed the same numbers.
GW = [[[0.1, -0.2, 0.3], [0.05, 0.4, -0.6]],
      [[-0.3, 0.1, 0.2], [0.7, -0.1, 0.05]],
      [[0.25, 0.15, -0.35], [-0.2, 0.3, 0.1]]]
GB = [[0.5, -0.1], [-0.2, 0.4], [0.3, 0.3]]


def run(name, make_opt, clip_norm=None, clip_value=None, steps=3):
    w = torch.tensor(W0, requires_grad=True)
    b = torch.tensor(B0, requires_grad=True)
    opt = make_opt(w, b)
    norms = []
    for k in range(steps):
        w.grad = torch.tensor(GW[k])
        b.grad = torch.tensor(GB[k])
        if clip_norm is not None:
            norms.append(float(torch.nn.utils.clip_grad_norm_([w, b], clip_norm)))
        if clip_value is not None:
            torch.nn.utils.clip_grad_value_([w, b], clip_value)
        opt.step()
    print(name)
    print("  w =", [repr(v) for v in w.detach().flatten().tolist()])
    print("  b =", [repr(v) for v in b.detach().flatten().tolist()])
    if norms:
        print("  norms =", [repr(v) for v in norms])


run("sgd lr=0.1", lambda w, b: torch.optim.SGD([w, b], lr=0.1))
run("sgd lr=0.1 momentum=0.9", lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9))
run("sgd lr=0.1 momentum=0.9 nesterov", lambda w, b: torch.optim.SGD([w, b], lr=0.1, momentum=0.9, nesterov=True))
run("adam lr=0.01", lambda w, b: torch.optim.Adam([w, b], lr=0.01))
run("adam lr=0.01 betas=(0.8,0.9) eps=1e-6", lambda w, b: torch.optim.Adam([w, b], lr=0.01, betas=(0.8, 0.9), eps=1e-6))
run("rmsprop lr=0.01", lambda w, b: torch.optim.RMSprop([w, b], lr=0.01))
run("rmsprop lr=0.01 alpha=0.9 momentum=0.5 centered", lambda w, b: torch.optim.RMSprop([w, b], lr=0.01, alpha=0.9, momentum=0.5, centered=True))
run("adagrad lr=0.1", lambda w, b: torch.optim.Adagrad([w, b], lr=0.1))
# L2 weight decay on the weight matrix only (biases have decay() false).
run("adam lr=0.01 weight_decay=0.1 on w only",
    lambda w, b: torch.optim.Adam([{"params": [w], "weight_decay": 0.1}, {"params": [b], "weight_decay": 0.0}], lr=0.01))
run("sgd lr=0.1 momentum=0.9 weight_decay=0.1 on w only",
    lambda w, b: torch.optim.SGD([{"params": [w], "weight_decay": 0.1}, {"params": [b], "weight_decay": 0.0}], lr=0.1, momentum=0.9))
run("sgd lr=0.1 clip_grad_norm_(0.5)", lambda w, b: torch.optim.SGD([w, b], lr=0.1), clip_norm=0.5)
run("sgd lr=0.1 clip_grad_value_(0.15)", lambda w, b: torch.optim.SGD([w, b], lr=0.1), clip_value=0.15)

# Losses (reduction="mean" over all elements == mean over rows of the row mean; CE sums classes).
P = torch.tensor([[0.3, -1.2, 2.0], [1.5, 0.1, -0.4]])
T = torch.tensor([[0.0, -1.0, 3.5], [1.0, 0.4, -0.4]])
print("mse", repr(float(torch.nn.functional.mse_loss(P, T))))
print("mae", repr(float(torch.nn.functional.l1_loss(P, T))))
print("huber delta=1", repr(float(torch.nn.functional.huber_loss(P, T, delta=1.0))))
print("huber delta=0.5", repr(float(torch.nn.functional.huber_loss(P, T, delta=0.5))))
X = torch.tensor([[0.3, -1.2, 2.0], [1.5, 0.1, -0.4]])
Y = torch.tensor([[0.0, 1.0, 1.0], [1.0, 0.0, 1.0]])
print("bce_logits", repr(float(torch.nn.functional.binary_cross_entropy_with_logits(X, Y))))
print("bce_probs(sigmoid(X))", repr(float(torch.nn.functional.binary_cross_entropy(torch.sigmoid(X), Y))))
print("ce_logits idx [2, 0]", repr(float(torch.nn.functional.cross_entropy(X, torch.tensor([2, 0])))))
