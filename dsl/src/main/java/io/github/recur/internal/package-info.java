/**
 * Engine, internal: raw memory ({@link io.github.recur.internal.Vec}, the one place Java touches ND4J's
 * memory), direct BLAS ({@link io.github.recur.internal.Gemm}), fast float math, JSON, the compute-path
 * switch. No public signature outside this package mentions its types.
 */
package io.github.recur.internal;
