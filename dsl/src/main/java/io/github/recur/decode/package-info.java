/**
 * Engine: turning a model's next-token distributions into sequences, as translation and summarisation need:
 * {@link io.github.recur.decode.GreedySearch} and {@link io.github.recur.decode.BeamSearch} (width, length
 * penalty, end token, maximum length), batch-wise over the {@link io.github.recur.decode.DecoderStep} seam that a
 * decoder model implements. Knows no model: a search sees only log-probabilities and asks the step to keep,
 * repeat or drop rows of its state.
 */
package io.github.recur.decode;
