# numpy side of `make bench` (scripts/bench.ts): a JSON-lines server on stdin/stdout, so the
# TypeScript driver can alternate numpy and its own timings under the same machine load.
# The step is the one of pipeline/testing/replay_gd.py with r = (H v - y) / n (as model.ts):
#   Z = X W^T, H = relu(Z), r = (H v - y)/n, loss = n/2 |r|^2, gv = H^T r,
#   gW = ((Z > 0) * r[:, None] * v[None, :])^T X, then W -= lr gW, v -= lr gv.
# Inputs are the same closed-form arrays as pipeline/sim/model.bench.ts builds.
import ctypes, glob, json, os, platform, sys, time
import numpy as np

_lib = None


def openblas():
    """numpy's bundled OpenBLAS (scipy-openblas), for its core name and thread control."""
    global _lib
    if _lib is None:
        libs = sorted(glob.glob(os.path.join(os.path.dirname(np.__file__), "..", "numpy.libs", "libscipy_openblas*")))
        if not libs:
            return None
        _lib = ctypes.CDLL(libs[0])
        _lib.scipy_openblas_get_corename64_.restype = ctypes.c_char_p
        _lib.scipy_openblas_get_config64_.restype = ctypes.c_char_p
    return _lib


def set_threads(t):
    lib = openblas()
    if lib is not None:
        lib.scipy_openblas_set_num_threads64_(int(t))


def info():
    lib = openblas()
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    out = {"python": platform.python_version(), "numpy": np.__version__, "blas": blas.get("name"), "blas_version": blas.get("version")}
    if lib is not None:
        out.update(openblas_config=lib.scipy_openblas_get_config64_().decode(), openblas_core=lib.scipy_openblas_get_corename64_().decode(),
                   threads=int(lib.scipy_openblas_get_num_threads64_()))
    out["OPENBLAS_NUM_THREADS"] = os.environ.get("OPENBLAS_NUM_THREADS")
    out["OPENBLAS_CORETYPE"] = os.environ.get("OPENBLAS_CORETYPE")
    return out


def inputs(n, d, m):
    p = np.arange(n * d, dtype=np.float64)
    X = np.sin(1.3 * p + 0.2).reshape(n, d)
    y = np.cos(np.arange(n, dtype=np.float64))
    W = (np.sin(0.7 * np.arange(m * d, dtype=np.float64)) / np.sqrt(d)).reshape(m, d)
    v = np.cos(2.1 * np.arange(m, dtype=np.float64))
    return X, y, W, v


def step(X, y, W, v, lr):
    n = X.shape[0]
    Z = X @ W.T
    H = np.maximum(Z, 0)
    r = (H @ v - y) / n
    loss = 0.5 * n * np.dot(r, r)
    gv = H.T @ r
    gW = ((Z > 0) * r[:, None] * v[None, :]).T @ X
    W -= lr * gW
    v -= lr * gv
    return loss, gW, gv


def time_steps(req):
    set_threads(req["threads"])
    X, y, W, v = inputs(req["n"], req["d"], req["m"])
    step(X, y, W, v, 0.0)  # warm
    t0 = time.perf_counter()
    for _ in range(req["steps"]):
        step(X, y, W, v, 1e-9)
    return {"ms": (time.perf_counter() - t0) * 1e3 / req["steps"]}


def check(req):
    """Loss and gradients at the bench inputs, for the driver to compare with its own."""
    X, y, W, v = inputs(req["n"], req["d"], req["m"])
    loss, gW, gv = step(X, y, W, v, 0.0)
    return {"loss": float(loss), "gW": gW.ravel().tolist(), "gv": gv.tolist()}


def dgemm(req):
    set_threads(req["threads"])
    size = req.get("size", 2048)
    rng = np.random.default_rng(0)
    A, B = rng.random((size, size)), rng.random((size, size))
    A @ B
    best = float("inf")
    for _ in range(req.get("repeats", 4)):
        t0 = time.perf_counter()
        A @ B
        best = min(best, time.perf_counter() - t0)
    return {"gflops": 2 * size**3 / best / 1e9, "ms": best * 1e3}


HANDLERS = {"info": lambda req: info(), "steps": time_steps, "check": check, "dgemm": dgemm}

for line in sys.stdin:
    req = json.loads(line)
    if req["cmd"] == "quit":
        break
    print(json.dumps(HANDLERS[req["cmd"]](req)), flush=True)
