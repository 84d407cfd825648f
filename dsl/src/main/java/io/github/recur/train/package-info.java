/**
 * Engine: optimizers, losses and metrics. They see parameters ({@link io.github.recur.layers.Param}) and
 * arrays only, never a model.
 */
package io.github.recur.train;
