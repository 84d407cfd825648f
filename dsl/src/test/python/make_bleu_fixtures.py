#!/usr/bin/python3
"""nltk reference values for Recur's BLEU (BleuAgainstNltkTest).

Regenerate (from the repository root; Debian's python3-nltk, no other package needed):

    /usr/bin/python3 dsl/src/test/python/make_bleu_fixtures.py

Reads dsl/src/test/resources/bleu/examples.txt (hand-written corpora: nltk's docstring examples, clipping,
short and long hypotheses, brevity-penalty ties, no matches, empty sentences, many references, accents,
integer ids), adds corpora drawn from a seeded generator (random.Random(SEED): a few hundred sentences of
words and of ids, noisy copies of a reference so every BLEU range occurs, plus many small corpora), and
writes dsl/src/test/resources/bleu/expected.json:

  {"nltk_version": ..., "seed": ...,
   "corpus_variants": [{"weights", "smoothing"}],     WEIGHTS x SMOOTHINGS, for corpus_bleu
   "sentence_variants": [{"weights", "smoothing"}],   SENTENCE_VARIANTS, for sentence_bleu
   "corpora": [
     {"name", "description", "tokens": "words" | "ids",
      "references": [[reference, ...] per sentence], "hypotheses": [hypothesis per sentence],
                    (a sentence is its tokens joined by single spaces; no token contains a space)
      "parts": {"matches": [order 1..5], "totals": [...], "hypothesis_length", "reference_length",
                "brevity_penalty"}            (nltk's modified_precision, closest_ref_length, brevity_penalty)
      "corpus": [nltk corpus_bleu per corpus variant],
      "sentence": [[nltk sentence_bleu of each sentence] per sentence variant]   (all but the small random corpora)
  ]}

A smoothing is written as {"method": "none"|"method1"|"method2"|"method3"|"method4", "epsilon"?, "k"?}.
Unsmoothed scores that nltk describes as 0 come out as about 1e-78 (it puts sys.float_info.min in for a zero
precision and takes its log); they are written as nltk returns them and the test expects Recur's exact 0.
"""
import json
import math
import os
import random
import warnings
from fractions import Fraction

import nltk
from nltk.translate.bleu_score import (SmoothingFunction, brevity_penalty, closest_ref_length, corpus_bleu,
                                       modified_precision, sentence_bleu)

SEED = 20261202
HERE = os.path.dirname(os.path.abspath(__file__))
DEST = os.path.join(HERE, "..", "resources", "bleu")

WEIGHTS = [
    (0.25, 0.25, 0.25, 0.25),
    (1.0,),
    (0.5, 0.5),
    (1 / 3, 1 / 3, 1 / 3),
    (0.1, 0.3, 0.5, 0.1),
    (0.2, 0.2, 0.2, 0.2, 0.2),
    (0.5, 0.5, 0.0, 0.0),
]
SMOOTHINGS = [
    {"method": "none"},
    {"method": "method1", "epsilon": 0.1},
    {"method": "method1", "epsilon": 0.01},
    {"method": "method2"},
    {"method": "method3"},
    {"method": "method4", "k": 5},
    {"method": "method4", "k": 2},
]
CORPUS_VARIANTS = [(w, s) for w in WEIGHTS for s in SMOOTHINGS]
SENTENCE_VARIANTS = [(WEIGHTS[0], s) for s in SMOOTHINGS] + [(WEIGHTS[2], SMOOTHINGS[0])]


def smoothing_function(spec):
    if spec["method"] == "none":
        return None
    f = SmoothingFunction(epsilon=spec.get("epsilon", 0.1), k=spec.get("k", 5))
    return getattr(f, spec["method"])


def read_examples(path):
    corpora, current = [], None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line.startswith("== "):
                head, description = line[3:].split(": ", 1)
                ids = head.startswith("ids ")
                current = {"name": head[4:] if ids else head, "description": description,
                           "tokens": "ids" if ids else "words", "references": [], "hypotheses": []}
                corpora.append(current)
                continue
            kind, _, text = line.partition(":")
            tokens = text.strip().split(" ") if text.strip() else []
            if current["tokens"] == "ids":
                tokens = [int(t) for t in tokens]
            if kind == "hyp":
                current["hypotheses"].append(tokens)
                current["references"].append([])
            elif kind == "ref":
                current["references"][-1].append(tokens)
            else:
                raise ValueError("unknown line: " + line)
    return corpora


def noisy_copy(rng, reference, vocabulary, noise):
    """A hypothesis from a reference: tokens dropped, replaced, repeated or swapped with probability noise."""
    out = []
    for t in reference:
        r = rng.random()
        if r < noise * 0.3:
            continue
        if r < noise * 0.6:
            out.append(rng.choice(vocabulary))
        elif r < noise * 0.8:
            out += [t, t]
        else:
            out.append(t)
    for _ in range(int(noise * 3)):
        if len(out) > 1:
            i = rng.randrange(len(out) - 1)
            out[i], out[i + 1] = out[i + 1], out[i]
    return out


def random_sentence(rng, vocabulary, weights):
    length = rng.choice([0, 1, 2, 3] + list(range(4, 26)) * 3)
    return rng.choices(vocabulary, weights=weights, k=length)


def random_corpus(rng, name, description, sentences, vocabulary, tokens):
    weights = [1 / (i + 1) for i in range(len(vocabulary))]  # Zipf-like: common tokens give matches and clipping
    refs, hyps = [], []
    for _ in range(sentences):
        first = random_sentence(rng, vocabulary, weights)
        references = [first] + [noisy_copy(rng, first, vocabulary, rng.random() * 0.6) for _ in range(rng.randrange(4))]
        r = rng.random()
        if r < 0.05:
            hypothesis = []
        elif r < 0.12:
            hypothesis = random_sentence(rng, vocabulary, weights)
        elif r < 0.2:
            hypothesis = first + noisy_copy(rng, first, vocabulary, 0.5)  # long
        else:
            hypothesis = noisy_copy(rng, rng.choice(references), vocabulary, rng.random())
        refs.append(references)
        hyps.append(hypothesis)
    return {"name": name, "description": description, "tokens": tokens, "references": refs, "hypotheses": hyps}


def parts(refs, hyps):
    matches, totals = [0] * 5, [0] * 5
    hyp_len = ref_len = 0
    for references, hypothesis in zip(refs, hyps):
        for n in range(1, 6):
            p = modified_precision(references, hypothesis, n)
            matches[n - 1] += p.numerator
            totals[n - 1] += p.denominator
        hyp_len += len(hypothesis)
        ref_len += closest_ref_length(references, len(hypothesis))
    return {"matches": matches, "totals": totals, "hypothesis_length": hyp_len, "reference_length": ref_len,
            "brevity_penalty": float(brevity_penalty(ref_len, hyp_len))}


def score(corpus, with_sentences):
    refs, hyps = corpus["references"], corpus["hypotheses"]
    corpus["parts"] = parts(refs, hyps)
    corpus["corpus"] = [float(corpus_bleu(refs, hyps, w, smoothing_function(s))) for w, s in CORPUS_VARIANTS]
    if with_sentences:
        corpus["sentence"] = [[float(sentence_bleu(r, h, w, smoothing_function(s))) for r, h in zip(refs, hyps)]
                              for w, s in SENTENCE_VARIANTS]
    joined = lambda sentence: " ".join(str(t) for t in sentence)
    corpus["references"] = [[joined(r) for r in references] for references in refs]
    corpus["hypotheses"] = [joined(h) for h in hyps]
    return corpus


def main():
    warnings.simplefilter("ignore")  # nltk warns on every zero precision without smoothing
    rng = random.Random(SEED)
    corpora = [score(c, True) for c in read_examples(os.path.join(DEST, "examples.txt"))]

    words = ("the a cat dog sat on mat is was and of to in it he she they we see saw big small red house garden "
             "walks runs eats sleeps today yesterday very not").split()
    corpora.append(score(random_corpus(rng, "random-words", "300 seeded random sentences of 36 words (Zipf-like), "
                                       "1-4 references, hypotheses noisy copies, random, empty or long", 300, words, "words"), True))
    corpora.append(score(random_corpus(rng, "random-ids", "150 seeded random sentences of ids 0..29", 150,
                                       list(range(30)), "ids"), True))
    for i in range(40):
        corpora.append(score(random_corpus(rng, "random-small-%02d" % i, "a small seeded random corpus",
                                           rng.randrange(1, 9), words[: rng.randrange(4, len(words))], "words"), False))

    variants = lambda vs: [{"weights": list(w), "smoothing": s} for w, s in vs]
    out = {"nltk_version": nltk.__version__, "seed": SEED, "corpus_variants": variants(CORPUS_VARIANTS),
           "sentence_variants": variants(SENTENCE_VARIANTS), "corpora": corpora}
    compact = lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    with open(os.path.join(DEST, "expected.json"), "w", encoding="utf-8") as f:  # one corpus a line: readable diffs
        head = compact({k: v for k, v in out.items() if k != "corpora"})
        f.write(head[:-1] + ',"corpora":[\n' + ",\n".join(compact(c) for c in corpora) + "\n]}\n")
    values = sum(len(c["corpus"]) + sum(len(s) for s in c.get("sentence", [])) for c in corpora)
    print("%d corpora, %d sentences, %d nltk values -> %s" % (
        len(corpora), sum(len(c["hypotheses"]) for c in corpora), values, os.path.join(DEST, "expected.json")))


if __name__ == "__main__":
    main()
