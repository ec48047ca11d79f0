"""A small linear text classifier over character, word and pinyin n-grams.

Short Chinese questions are told apart well by which characters and words
they contain; a linear model over TF-IDF n-grams learns that from a few
thousand examples in a second or two. Used twice in the NLU pipeline: to
rank services (bot/nlu/service_classifier.py, with pinyin so that homophone
typos such as 社宝 still share features with 社保) and, beside DIET, to
classify intents (bot/nlu/intent_ensemble.py, with jieba words).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Tuple

import numpy as np
from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.linear_model import SGDClassifier

from bot.text import normalize_user_text, pinyin_syllables


def weighted(vectorizer: TfidfVectorizer, idf: np.ndarray, documents: Sequence[str]) -> csr_matrix:
    """`vectorizer.transform(documents)`, given its `idf_`: the same TF-IDF
    rows without sklearn's checks, which sum a vocabulary-sized matrix to get
    `idf_` on every call and cost more than the counting itself."""
    rows = CountVectorizer.transform(vectorizer, documents)
    if vectorizer.sublinear_tf:
        np.log(rows.data, rows.data)
        rows.data += 1
    rows.data *= idf[rows.indices]
    norms = np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    rows.data /= np.repeat(norms, np.diff(rows.indptr))
    return rows


def _view(name: str) -> TfidfVectorizer:
    if name == "chars":
        return TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
    return TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)


@dataclass
class TextClassifier:
    views: Tuple[str, ...]
    seed: int = 1
    vectorizers: Dict[str, TfidfVectorizer] = field(default_factory=dict)
    idf: Dict[str, np.ndarray] = field(default_factory=dict)
    model: Optional[SGDClassifier] = None

    def _documents(self, view: str, texts: Sequence[str], tokens: Sequence[Sequence[str]]) -> List[str]:
        if view == "chars":
            return list(texts)
        if view == "sounds":
            return [" ".join(pinyin_syllables(text)) for text in texts]
        return [" ".join(words) for words in tokens]

    def _features(self, texts, tokens, fit: bool):
        blocks = []
        for view in self.views:
            documents = self._documents(view, texts, tokens)
            if fit:
                self.vectorizers[view] = _view(view)
                blocks.append(self.vectorizers[view].fit_transform(documents))
                self.idf[view] = self.vectorizers[view].idf_
            else:
                blocks.append(weighted(self.vectorizers[view], self.idf[view], documents))
        return hstack(blocks).tocsr()

    def fit(
        self,
        texts: Sequence[str],
        labels: Sequence[str],
        tokens: Optional[Sequence[Sequence[str]]] = None,
    ) -> TextClassifier:
        texts = [normalize_user_text(t) for t in texts]
        tokens = tokens or [[] for _ in texts]
        # Logistic loss gives probabilities; stochastic gradient descent fits
        # ~90 classes in a second or two where lbfgs takes most of a minute.
        self.model = SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=50, tol=1e-4, random_state=self.seed)
        self.model.fit(self._features(texts, tokens, fit=True), list(labels))
        # Scoring multiplies the message's sparse row by coef_.T; scipy copies
        # that matrix whole unless it is contiguous, which coef_ in Fortran
        # order makes it: a rank then costs about 1 ms instead of 20-30.
        self.model.coef_ = np.asfortranarray(self.model.coef_)
        return self

    def rank(self, text: str, tokens: Sequence[str] = (), top: Optional[int] = None) -> List[Tuple[str, float]]:
        """Labels with their probabilities, most likely first."""
        text = normalize_user_text(text)
        if not text or self.model is None:
            return []
        probabilities = self.model.predict_proba(self._features([text], [list(tokens)], fit=False))[0]
        order = probabilities.argsort()[::-1][:top]
        return [(str(self.model.classes_[i]), float(probabilities[i])) for i in order]
