/**
 * Engine: the built-in callbacks above the model: early stopping, checkpoints, learning-rate schedules,
 * reduce-on-plateau, epoch lambdas.
 */
package io.github.recur.callbacks;
