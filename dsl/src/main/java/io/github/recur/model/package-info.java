/**
 * Engine: the {@link io.github.recur.model.Model} facade and its parts (the layer stack, the trainer, inference,
 * the inspector, the model file), {@link io.github.recur.model.History}, the {@link io.github.recur.model.Callback}
 * hook and the default {@link io.github.recur.model.ProgressLogger}.
 */
package io.github.recur.model;
