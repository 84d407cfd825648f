package io.github.recur.archfixture.trainer.train;

/** Fixture: an optimizer that sees parameters only. */
public class Sgd { public void step(java.util.List<io.github.recur.archfixture.trainer.layers.Param> params) {} }
