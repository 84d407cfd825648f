/**
 * Engine: data for sequence models: bundled datasets, windows over series, scalers, vocabularies, batches.
 */
package io.github.recur.data;
