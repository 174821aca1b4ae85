#!/usr/bin/env python3
"""The single-sentence matcher's peer of issue 11: a linear SVM over word 1–2-grams and letter
2–5-grams (scikit-learn's LinearSVC, C = 1), trained on exactly the examples Lotse trains its intent
matcher on, read on `Tests/HeldOut` and compared with Lotse item by item (McNemar's exact test).

    python3 -m venv /tmp/peers && /tmp/peers/bin/pip install scikit-learn
    swift run lotse test --predictions /tmp/lotse-predictions.json
    /tmp/peers/bin/python Benchmarks/peers/linear_svm.py /tmp/lotse-predictions.json [--json out.json]

The held-out utterances, their labels and which of them are «unseen» (their words do not stand as
an example in the phrase files) come from Lotse's own predictions file, so both classifiers read
the same items and count the same ones as unseen.

How the training data mirrors Lotse (`TrainingData.load`, `Annotation.parse`, `NLUBuilder.prepare`):
- every `- ` line of every `intent:` block of `intents/<lang>.yml`, one model for all languages, as
  Lotse has one matcher for all;
- entity annotations `[34](age)` and `[A1]{"entity": "language_level"}` are reduced to their text.
  Lotse goes further and replaces each span (and what its entity extractor finds) by a placeholder
  `@age`; the SVM sees the words themselves, as Rasa's pipeline does. `synonym:` entries teach
  Lotse's entity extractor, not its intents, so they are not intent examples here either.
- the text is lower-cased (scikit-learn's default); Lotse also folds diacritics and some letters
  (`knowledge/normalisation.yml`), which the SVM does not.
- no out-of-scope threshold: the SVM always names the highest-scoring intent; Lotse falls back on
  `out_of_scope` (or `inform`, for a message of facts) below a similarity of 0.3.
"""
import argparse
import json
import math
import pathlib
import re
import time
from collections import defaultdict

from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.svm import LinearSVC

ROOT = pathlib.Path(__file__).resolve().parents[2]


def annotation_text(line):
    """The example without its entity markup, as `Annotation.parse` reads it."""
    return re.sub(r"\[([^\]]*)\](\([^)]*\)|\{[^}]*\})", r"\1", line)


def phrase_examples(directory):
    """(language, intent, text) of every intent example, in file order."""
    examples = []
    for path in sorted(pathlib.Path(directory).glob("*.yml")):
        language, intent, in_block = path.stem, None, False
        for raw in path.read_text(encoding="utf-8").splitlines():
            if raw.startswith("- intent:"):
                intent, in_block = raw.split(":", 1)[1].strip(), False
            elif raw.startswith("- "):  # synonym, lookup, regex: not intent examples
                intent, in_block = None, False
            elif raw.strip().startswith("examples:"):
                in_block = intent is not None
            elif in_block and raw.strip().startswith("- "):
                text = annotation_text(raw.strip()[2:].strip())
                if text:
                    examples.append((language, intent, text))
    return examples


def vectorise(texts):
    """The peer's features, fitted on `texts`: TF-IDF of word 1–2-grams and letter 2–5-grams."""
    words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b")
    letters = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)
    fitted = hstack([words.fit_transform(texts), letters.fit_transform(texts)]).tocsr()
    return fitted, lambda more: hstack([words.transform(more), letters.transform(more)]).tocsr()


def cross_validate(training, folds):
    """Accuracy per language when every `folds`-th example of each file is left out in turn, and
    with it every example of the same language and text (Lotse leaves out by language and text)."""
    right, count = defaultdict(int), defaultdict(int)
    position = defaultdict(int)
    numbered = []
    for language, intent, text in training:
        numbered.append((position[language], language, intent, text))
        position[language] += 1
    for fold in range(folds):
        left = [(language, intent, text) for index, language, intent, text in numbered if index % folds == fold]
        keys = {(language, text) for language, _, text in left}
        kept = [(language, intent, text) for language, intent, text in training if (language, text) not in keys]
        features, transform = vectorise([text for _, _, text in kept])
        model = LinearSVC(C=1.0).fit(features, [intent for _, intent, _ in kept])
        predicted = model.predict(transform([text for _, _, text in left]))
        for (language, intent, _), answer in zip(left, predicted):
            for key in (language, "all"):
                count[key] += 1
                right[key] += answer == intent
    return {key: right[key] / count[key] for key in count}


def mcnemar_exact(b, c):
    """Two-sided exact McNemar p: b items only the first gets right, c only the second."""
    n = b + c
    if n == 0:
        return 1.0
    k = min(b, c)
    tail = sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n
    return min(1.0, 2 * tail)


def main():
    arguments = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    arguments.add_argument("predictions", help="the file of `lotse test --predictions`")
    arguments.add_argument("--intents", default=str(ROOT / "intents"))
    arguments.add_argument("--json", help="write the figures here too")
    arguments.add_argument("--folds", type=int, help="also cross-validate on the phrase files in K folds, as `lotse test --folds K` does")
    options = arguments.parse_args()

    training = phrase_examples(options.intents)
    items = json.load(open(options.predictions, encoding="utf-8"))
    started = time.perf_counter()
    features, transform = vectorise([text for _, _, text in training])
    model = LinearSVC(C=1.0).fit(features, [intent for _, intent, _ in training])
    training_seconds = time.perf_counter() - started
    predicted = model.predict(transform([item["text"] for item in items]))

    figures = defaultdict(lambda: defaultdict(int))
    for item, svm in zip(items, predicted):
        lotse_right, svm_right = item["predicted"] == item["expected"], svm == item["expected"]
        for language in (item["language"], "all"):
            for subset in ("all", "unseen") if item["unseen"] else ("all",):
                row = figures[(language, subset)]
                row["items"] += 1
                row["lotse"] += lotse_right
                row["svm"] += svm_right
                row["only_lotse"] += lotse_right and not svm_right
                row["only_svm"] += svm_right and not lotse_right

    print(f"training examples: {len(training)}, features: {features.shape[1]}, training {training_seconds:.1f} s")
    print(f"{'lang':6} {'subset':7} {'items':>6} {'Lotse':>7} {'SVM':>7} {'only L':>7} {'only S':>7} {'McNemar p':>10}")
    result = []
    languages = sorted({language for language, _ in figures if language != "all"}) + ["all"]
    for language in languages:
        for subset in ("all", "unseen"):
            row = figures[(language, subset)]
            if not row["items"]:
                continue
            p = mcnemar_exact(row["only_lotse"], row["only_svm"])
            print(f"{language:6} {subset:7} {row['items']:6d} {100 * row['lotse'] / row['items']:6.1f}% "
                  f"{100 * row['svm'] / row['items']:6.1f}% {row['only_lotse']:7d} {row['only_svm']:7d} {p:10.4f}")
            result.append(dict(language=language, subset=subset, p=p, **row))
    folds = cross_validate(training, options.folds) if options.folds else {}
    if folds:
        print(f"{options.folds}-fold cross-validation of the phrase files: " +
              " ".join(f"{key} {100 * value:.1f}%" for key, value in sorted(folds.items())))
    if options.json:
        json.dump(dict(training_seconds=training_seconds, rows=result, folds=folds), open(options.json, "w"), indent=1)


if __name__ == "__main__":
    main()
