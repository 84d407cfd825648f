package io.github.recur.archfixture.trainer.layers;

/** Fixture: the parameter type optimizers may see. */
public class Param {}
