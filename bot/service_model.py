"""A text classifier that names the service a message is about.

Messages that describe a situation instead of naming a service ("公司搬家了，
开户行也变了") are beyond any name matcher; this model learns them from the
labelled training examples (generated from the knowledge base and written by
hand). Features are character 1–3-grams and pinyin syllable 1–2-grams, so a
homophone typo (社宝) still shares features with the right word (社保).
Plain scikit-learn; the Rasa component in bot/nlu_service_classifier.py
trains, stores and runs it inside the NLU pipeline.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import List, Sequence, Tuple

from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.text import normalize_user_text, pinyin_syllables


def _syllables(text: str) -> str:
    return " ".join(pinyin_syllables(text))


@dataclass
class ServiceModel:
    chars: TfidfVectorizer
    sounds: TfidfVectorizer
    classifier: LogisticRegression

    @classmethod
    def fit(cls, texts: Sequence[str], labels: Sequence[str], seed: int = 1) -> "ServiceModel":
        texts = [normalize_user_text(t) for t in texts]
        chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        sounds = TfidfVectorizer(analyzer="word", token_pattern=r"\S+", ngram_range=(1, 2), sublinear_tf=True)
        features = hstack([chars.fit_transform(texts), sounds.fit_transform([_syllables(t) for t in texts])])
        classifier = LogisticRegression(C=20, max_iter=3000, random_state=seed)
        classifier.fit(features.tocsr(), list(labels))
        return cls(chars, sounds, classifier)

    def rank(self, text: str, top: int = 5) -> List[Tuple[str, float]]:
        """The `top` most likely services with their probabilities."""
        text = normalize_user_text(text)
        if not text:
            return []
        features = hstack([self.chars.transform([text]), self.sounds.transform([_syllables(text)])]).tocsr()
        probabilities = self.classifier.predict_proba(features)[0]
        best = probabilities.argsort()[::-1][:top]
        return [(str(self.classifier.classes_[i]), float(probabilities[i])) for i in best]
