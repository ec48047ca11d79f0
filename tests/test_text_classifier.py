"""The linear text classifier, without Rasa."""

import os
import subprocess
import sys

import joblib
import numpy as np

from bot.nlu.text_classifier import TextClassifier, weighted
from bot.paths import ROOT

TEXTS = ["退休金怎么领", "养老金什么时候发", "工伤怎么认定", "上班摔伤了算工伤吗", "社保卡丢了", "补办社保卡"]
LABELS = ["pension", "pension", "injury", "injury", "card", "card"]


def test_ranks_the_label_whose_words_the_text_shares():
    classifier = TextClassifier(views=("chars",)).fit(TEXTS, LABELS)
    ranking = classifier.rank("工伤认定要多久")
    assert ranking[0][0] == "injury"
    assert abs(sum(p for _, p in ranking) - 1) < 1e-6


def test_saved_model_keeps_the_layout_that_makes_scoring_cheap(tmp_path):
    classifier = TextClassifier(views=("chars",)).fit(TEXTS, LABELS)
    joblib.dump(classifier, tmp_path / "model.joblib")
    loaded = joblib.load(tmp_path / "model.joblib")
    # coef_.T is then C-contiguous: scipy scores a row without copying it.
    assert loaded.model.coef_.T.flags["C_CONTIGUOUS"]
    assert loaded.rank("社保卡补办")[0][0] == "card"


def test_weighting_gives_sklearn_s_tf_idf_rows():
    classifier = TextClassifier(views=("chars", "sounds")).fit(TEXTS, LABELS)
    texts = ["工伤认定要多久", "社保卡社保卡丢了", "", "😀", "养老金"]
    for view, vectorizer in classifier.vectorizers.items():
        documents = classifier._documents(view, texts, [[] for _ in texts])
        ours = weighted(vectorizer, classifier.idf[view], documents)
        assert np.allclose(ours.toarray(), vectorizer.transform(documents).toarray())


def test_the_case_classifiers_examples_come_in_the_same_order_in_every_process():
    script = "from bot.nlu.case_classifier import knowledge_examples; print(repr(knowledge_examples()))"
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
