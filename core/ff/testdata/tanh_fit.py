# tanh_fit.py fits core/ff's tanh (tanh.go): tanh(x) = x*P(s)/Q(s), s = x*x,
# P and Q of degree m with P(0) = Q(0) = 1, for |x| <= c, minimising the
# largest relative error. Iteratively reweighted least squares at 50 digits
# (Sanathanan-Koerner: divide by the last Q; Lawson: weights grow with the
# error) on n Chebyshev points of x in (0, c).
#
#   python3 tanh_fit.py 9 19.1 400 25    # m, c, n, iterations (needs mpmath)
#
# prints the iterations' largest relative errors (stderr) and the
# coefficients of P and Q, lowest first.
import sys

import mpmath as mp

mp.mp.dps = 50
m, c, N, iters = int(sys.argv[1]), mp.mpf(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
xs = [c * (1 - mp.cos(mp.pi * (i + 0.5) / N)) / 2 for i in range(N)]
ss = [x * x for x in xs]
fs = [mp.tanh(x) / x for x in xs]
w, qprev = [mp.mpf(1)] * N, [mp.mpf(1)] * N


def ev(co, s):
    r = mp.mpf(0)
    for a in reversed(co):
        r = r * s + a
    return r


for it in range(iters):
    # unknowns p1..pm, q1..qm: P - f*Q = 0, scaled by sqrt(w)/(f*qprev)
    rows, rhs = [], []
    for i in range(N):
        s, f = ss[i], fs[i]
        sc = mp.sqrt(w[i]) / (f * qprev[i])
        rows.append([sc * s**k for k in range(1, m + 1)] + [-sc * f * s**k for k in range(1, m + 1)])
        rhs.append(sc * (f - 1))
    sol, _ = mp.qr_solve(mp.matrix(rows), mp.matrix(rhs))
    P = [mp.mpf(1)] + [sol[k] for k in range(m)]
    Q = [mp.mpf(1)] + [sol[m + k] for k in range(m)]
    errs = [(ev(P, ss[i]) / ev(Q, ss[i])) / fs[i] - 1 for i in range(N)]
    print(it, mp.nstr(max(abs(e) for e in errs), 5), file=sys.stderr)
    qprev = [ev(Q, s) for s in ss]
    tot = sum(w[i] * abs(errs[i]) for i in range(N))
    w = [w[i] * abs(errs[i]) / tot * N for i in range(N)]
print("P", [mp.nstr(p, 21) for p in P])
print("Q", [mp.nstr(q, 21) for q in Q])
