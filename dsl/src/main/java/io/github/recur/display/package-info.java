/**
 * Display side: the hook to a notebook front end ({@link io.github.recur.display.Display}), the in-place
 * progress of {@code fit}, and how a model is shown (HTML). Uses the engine; the engine does not use it.
 */
package io.github.recur.display;
