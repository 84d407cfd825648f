/**
 * Engine: scoring generated text against references. {@link io.github.recur.text.Bleu} is corpus and sentence
 * BLEU as nltk's {@code corpus_bleu} and {@code sentence_bleu} compute it, with nltk's smoothing methods
 * ({@link io.github.recur.text.BleuSmoothing}) and the parts of the score ({@link io.github.recur.text.BleuScore}).
 * Tokens are compared with {@code equals} (strings, or int ids); it knows no model and no array library.
 */
package io.github.recur.text;
