# Correctly rounded reference values for pipeline/sim/detmath.ts, from mpmath at 256 bits
# (about 77 significant digits; more for sin/cos of huge arguments).
#
# Protocol (binary, little-endian, so no decimal conversion touches the values):
#   stdin:  uint32 L, then L bytes of JSON {"jobs": [{"fn": "exp", "n": 123, "arity": 1}, ...]},
#           then for each job n*arity float64 (the arguments of point i are consecutive).
#   stdout: for each job, n float64: the value of fn at each point rounded to the nearest double
#           (ties to even, subnormals rounded once at their own precision, overflow to +-inf).
# Only finite arguments inside the function's domain are meaningful; the caller checks the
# special cases (NaN, infinities, signed zeros, domain errors) itself. A point whose value
# mpmath cannot give as a real number comes back as NaN.
import json
import math
import struct
import sys

import numpy as np
from mpmath import mp, mpf

PREC = 256
mp.prec = PREC


def to_double(r):
    """Round the mpf r to the nearest double (ties to even), handling subnormals exactly."""
    if r != r:
        return math.nan
    if r == mp.inf:
        return math.inf
    if r == -mp.inf:
        return -math.inf
    sign, man, exp, bc = r._mpf_
    if man == 0:
        return -0.0 if sign else 0.0
    top = exp + bc - 1  # floor(log2 |r|)
    ue = max(top - 52, -1074)  # exponent of one ulp at that magnitude
    shift = ue - exp
    if shift <= 0:
        q = man << (-shift)
    else:
        q = man >> shift
        rem = man - (q << shift)
        half = 1 << (shift - 1)
        if rem > half or (rem == half and (q & 1)):
            q += 1
    try:
        v = math.ldexp(q, ue)  # exact: q <= 2^53
    except OverflowError:
        v = math.inf
    return -v if sign else v


def with_extra(x, f):
    """Evaluate f(x) with enough guard bits for the argument reduction of huge x (sin, cos)."""
    e = int(math.frexp(x)[1]) if x != 0 else 0
    extra = max(0, e) + 64
    with mp.workprec(PREC + extra):
        return +f(mpf(x))


def pow_ref(x, y):
    X, Y = mpf(x), mpf(y)
    if x > 0:
        return mp.power(X, Y)
    if x == 0:
        return mpf('nan')  # special case: checked by the caller
    # x < 0: only integer y is real
    if y != math.floor(y):
        return mpf('nan')
    v = mp.power(-X, Y)
    return -v if (abs(y) < 2**53 and int(y) % 2 == 1) else v


FUNCS = {
    'exp': lambda a: mp.exp(mpf(a[0])),
    'expm1': lambda a: mp.expm1(mpf(a[0])),
    'log': lambda a: mp.log(mpf(a[0])) if a[0] > 0 else mpf('nan'),
    'log1p': lambda a: mp.log1p(mpf(a[0])) if a[0] > -1 else mpf('nan'),
    'log2': lambda a: mp.log(mpf(a[0]), 2) if a[0] > 0 else mpf('nan'),
    'log10': lambda a: mp.log10(mpf(a[0])) if a[0] > 0 else mpf('nan'),
    'sin': lambda a: with_extra(a[0], mp.sin),
    'cos': lambda a: with_extra(a[0], mp.cos),
    'atan': lambda a: mp.atan(mpf(a[0])),
    'atan2': lambda a: mp.atan2(mpf(a[0]), mpf(a[1])),
    'hypot': lambda a: mp.hypot(mpf(a[0]), mpf(a[1])),
    'tanh': lambda a: mp.tanh(mpf(a[0])),
    'pow': lambda a: pow_ref(a[0], a[1]),
    'exp10': lambda a: mp.power(10, mpf(a[0])),
}


def main():
    data = sys.stdin.buffer.read()
    (hlen,) = struct.unpack_from('<I', data, 0)
    header = json.loads(data[4:4 + hlen].decode('utf8'))
    off = 4 + hlen
    out = []
    for job in header['jobs']:
        fn, n, arity = job['fn'], job['n'], job['arity']
        f = FUNCS[fn]
        args = np.frombuffer(data, dtype='<f8', count=n * arity, offset=off).reshape(n, arity)
        off += 8 * n * arity
        res = np.empty(n, dtype='<f8')
        for i in range(n):
            a = [float(v) for v in args[i]]
            try:
                r = f(a)
                res[i] = to_double(r) if isinstance(r, mp.mpf) else math.nan
            except (ValueError, ZeroDivisionError):
                res[i] = math.nan
        out.append(res.tobytes())
    sys.stdout.buffer.write(b''.join(out))


if __name__ == '__main__':
    main()
