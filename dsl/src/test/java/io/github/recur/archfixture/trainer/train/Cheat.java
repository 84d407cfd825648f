package io.github.recur.archfixture.trainer.train;

/** Fixture: an optimizer that reaches into the model. */
public class Cheat { public void step(io.github.recur.archfixture.trainer.model.Model model) {} }
