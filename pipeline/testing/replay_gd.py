# Replays a regression GD run in numpy from its exported files alone (`repro export`, docs/design.md):
# spec.json, X.npy, y.npy, W0.npy, v0.npy. Prints the max relative deviation from W.npy / v.npy
# and the max relative deviation of the train loss from metrics.csv at the logged steps.
import json, sys, csv
import numpy as np

d = sys.argv[1]
spec = json.load(open(f"{d}/spec.json"))
X, y = np.load(f"{d}/X.npy"), np.load(f"{d}/y.npy")
W, v = np.load(f"{d}/W0.npy").copy(), np.load(f"{d}/v0.npy").copy()
n, lr = X.shape[0], spec["lr"]
rows = {int(float(r["step"])): float(r["train_loss"]) for r in csv.DictReader(open(f"{d}/metrics.csv"))}
loss_dev = 0.0
for step in range(spec["steps"] + 1):
    Z = X @ W.T
    H = np.maximum(Z, 0)
    r = H @ v - y
    L = 0.5 * np.mean(r * r)
    if step in rows:
        loss_dev = max(loss_dev, abs(L - rows[step]) / rows[step])
    if step == spec["steps"]:
        break
    gv = H.T @ r / n
    gW = ((Z > 0) * r[:, None] * v[None, :]).T @ X / n
    W, v = W - lr * gW, v - lr * gv
rel = lambda a, b: float(np.max(np.abs(a - b)) / np.max(np.abs(b)))
print(json.dumps({"W": rel(W, np.load(f"{d}/W.npy")), "v": rel(v, np.load(f"{d}/v.npy")), "loss": loss_dev}))
