"""Scratch: TC feature experiments (not shipped)."""
import sys, time
from pathlib import Path
import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from claimmap.eval.propaganda import load_ptc, split_of, score_tc
from claimmap.rhetoric.context import ArticleContext
from claimmap.rhetoric.features import span_features, hash_features, N_COLUMNS
from claimmap.rhetoric.text import TECHNIQUES

data = load_ptc(Path("/work/shared/data/ptc_semeval2020"))
ctx = {a: ArticleContext.of(t) for a, t in data.articles.items()}
rows, labels, splits = [], [], []
for s in data.tc:
    c = ctx[s.article_id]
    rng, toks = c.window(s.start, s.end)
    rows.append(hash_features(span_features(c.text, s.start, s.end, rng, c.repeats(s.start, s.end), toks)))
    labels.append(TECHNIQUES.index(s.technique)); splits.append(split_of(s.article_id))
def mat(idx):
    indptr = np.cumsum([0] + [len(rows[i]) for i in idx])
    ind = np.concatenate([rows[i] for i in idx])
    return sparse.csr_matrix((np.ones(len(ind), np.float32), ind, indptr), shape=(len(idx), N_COLUMNS))
y = np.array(labels); sp = np.array(splits)
tr = np.where(sp == "train")[0]; dv = np.where(sp == "dev")[0]; te = np.where(sp=="test")[0]
print(len(tr), len(dv), len(te))
Xtr, Xdv = mat(tr), mat(dv)
for C in [float(c) for c in sys.argv[1:]] or [0.1, 0.3, 1.0]:
    t=time.time()
    m = LogisticRegression(C=C, max_iter=300).fit(Xtr, y[tr])
    print(C, (m.predict(Xdv) == y[dv]).mean(), time.time()-t)
