package io.github.recur.archfixture.trainer.model;

/** Fixture: a model, which optimizers must not see. */
public class Model {}
