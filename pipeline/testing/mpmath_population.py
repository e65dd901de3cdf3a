# Independent high-precision reference: the NAIVE closed form of the population loss (arc-cosine kernel,
# acos angles) evaluated with mpmath at 60 digits. Reads {"W": [[...]], "v": [...], "beta": [...]}
# (float64 values, converted exactly) and prints {"loss": str, "GW": [[str]], "Gv": [str]}.
import json, sys
from mpmath import mp, mpf, acos, sin, cos, pi, sqrt

mp.dps = 60
inp = json.load(sys.stdin)
W = [[mpf(x) for x in row] for row in inp["W"]]
v = [mpf(x) for x in inp["v"]]
beta = [mpf(x) for x in inp["beta"]]
m, d = len(W), len(beta)
dot = lambda a, b: sum(x * y for x, y in zip(a, b))
norm = lambda a: sqrt(dot(a, a))

def angle(a, b):
    c = dot(a, b) / (norm(a) * norm(b))
    return acos(max(min(c, mpf(1)), mpf(-1)))

def k(a, b):
    t = angle(a, b)
    return norm(a) * norm(b) / (2 * pi) * (sin(t) + (pi - t) * cos(t))

def grad_k(a, b):
    t = angle(a, b)
    na, nb = norm(a), norm(b)
    return [((pi - t) * b[i] + nb * sin(t) * a[i] / na) / (2 * pi) for i in range(d)]

loss = (sum(v[j] * v[l] * k(W[j], W[l]) for j in range(m) for l in range(m))
        - sum(v[j] * dot(W[j], beta) for j in range(m)) + dot(beta, beta)) / 2
Gv = [sum(v[l] * k(W[j], W[l]) for l in range(m)) - dot(W[j], beta) / 2 for j in range(m)]
GW = []
for j in range(m):
    acc = [mpf(0)] * d
    for l in range(m):
        g = grad_k(W[j], W[l])
        acc = [acc[i] + v[l] * g[i] for i in range(d)]
    GW.append([str(v[j] * (acc[i] - beta[i] / 2)) for i in range(d)])
print(json.dumps({"loss": str(loss), "Gv": [str(x) for x in Gv], "GW": GW}))
