# Independent reference for the two-point gradient flow of the Wang-Ma runs (numpy only):
# explicit Euler with a small step from the run's own initial weights.
# stdin: JSON {"cases": [{"angle", "p", "loss", "W0" (m x 2 flat), "v0", "dt", "t_max", "saddle_level", "band_levels": [hi, lo]}]}
# stdout: JSON [{"t_s", "t_p", "t_e"}]: the first times with L <= saddle_level, then L <= hi, then L <= lo
# (linear interpolation between steps), null when not reached.
import json, sys
import numpy as np


def run(c):
    th = np.radians(c["angle"])
    X = np.array([[1.0, 0.0], [np.cos(th), np.sin(th)]])
    y = np.array([1.0, -1.0])
    pi = np.array([c["p"], 1 - c["p"]])
    W = np.array(c["W0"], dtype=float).reshape(-1, 2)
    v = np.array(c["v0"], dtype=float)
    dt = c["dt"]
    levels = [c["saddle_level"], *c["band_levels"]]
    times, k, t, prev = [], 0, 0.0, None
    while t <= c["t_max"] and k < len(levels):
        Z = W @ X.T
        f = v @ np.maximum(Z, 0)
        z = y * f
        if c["loss"] == "exponential":
            L = pi @ np.exp(-z)
            r = -y * pi * np.exp(-z)  # dL/df
        else:
            L = pi @ np.logaddexp(0, -z)
            r = -y * pi / (1 + np.exp(z))
        while k < len(levels) and L <= levels[k]:
            times.append(t if prev is None else t - dt * (levels[k] - L) / (prev - L))
            k += 1
        prev = L
        gv = np.maximum(Z, 0) @ r
        gW = (v[:, None] * (Z > 0) * r[None, :]) @ X
        v, W = v - dt * gv, W - dt * gW
        t += dt
    times += [None] * (len(levels) - len(times))
    return dict(zip(["t_s", "t_p", "t_e"], times))


req = json.load(sys.stdin)
json.dump([run(c) for c in req["cases"]], sys.stdout)
