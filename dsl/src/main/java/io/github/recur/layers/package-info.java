/**
 * Engine: the layers and their math. {@link io.github.recur.layers.Recurrent} runs a
 * {@link io.github.recur.layers.RecurrentCell} over a sequence through one seam with two paths: the reference
 * path (each cell's equations as ND4J operations, {@code ReferenceRecurrence}) and the fast CPU path
 * ({@code FastRecurrence} with the {@code Fast*} kernels and one {@code Workspace}); see
 * {@link io.github.recur.layers.ComputePath}.
 */
package io.github.recur.layers;
