package io.github.recur.archfixture.engine.layers;

/** Fixture: engine code that reaches up to the DSL facade. */
public class CallsTheDsl { public Object dsl() { return new io.github.recur.archfixture.engine.Dsl(); } }
