/**
 * Engine: safetensors files (PyTorch-readable weights), atomic writes, the model file's errors.
 */
package io.github.recur.io;
