package io.github.recur.archfixture.engine;

/** Fixture: the DSL facade on top. */
public class Dsl {}
