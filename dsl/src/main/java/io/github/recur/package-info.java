/**
 * The DSL: {@link io.github.recur.Recur}'s static factories, one import for layers, losses, optimizers,
 * metrics, callbacks, charts, fit options, BLEU and decoding searches. The top of the packages: it offers all
 * of them, none uses it.
 *
 * <p>The packages form a one-way street (no cycle; {@code ArchitectureTest} checks it), bottom to top:
 * {@code internal} · {@code io} · {@code data} · {@code text} · {@code decode} · {@code layers} · {@code train} ·
 * {@code model} · {@code callbacks} — <b>the engine</b>, which computes and trains and knows nothing of notebooks or charts —
 * then {@code display} and {@code plot} (notebook output and XChart charts), then this package.
 */
package io.github.recur;
