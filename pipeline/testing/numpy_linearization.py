# Independent references for pipeline/analysis/linearization.ts and kernel.ts (numpy only).
# stdin: JSON {"eig": [[d, A flat], ...], "product": [[d, P flat, S flat], ...], "kernel": [[m, d, W flat, beta]...]}
# stdout: JSON with eigvalsh of each A, sorted real eigenvalues of each P @ S, and L* of each kernel
# case from the arc-cosine closed form k(a, b) = |a||b|/(2 pi) (sin t + (pi - t) cos t).
import json, sys
import numpy as np

req = json.load(sys.stdin)
out = {"eig": [], "product": [], "kernel": []}
for d, a in req["eig"]:
    out["eig"].append(np.linalg.eigvalsh(np.array(a).reshape(d, d)).tolist())
for d, p, s in req["product"]:
    ev = np.linalg.eigvals(np.array(p).reshape(d, d) @ np.array(s).reshape(d, d))
    out["product"].append(sorted(ev.real.tolist()))
for m, d, w, beta in req["kernel"]:
    W = np.array(w).reshape(m, d); b = np.array(beta)
    n = np.linalg.norm(W, axis=1)
    cos = np.clip((W @ W.T) / np.outer(n, n), -1, 1)
    t = np.arccos(cos)
    K = np.outer(n, n) / (2 * np.pi) * (np.sin(t) + (np.pi - t) * cos)
    c = W @ b / 2
    out["kernel"].append(0.5 * (b @ b - c @ np.linalg.solve(K, c)))
json.dump(out, sys.stdout)
