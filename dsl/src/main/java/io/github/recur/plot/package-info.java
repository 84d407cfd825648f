/**
 * Display side: XChart charts for training curves, predictions, states, gates and gradients, and the live
 * loss chart. Uses the engine and the display hook; the engine does not use it.
 */
package io.github.recur.plot;
