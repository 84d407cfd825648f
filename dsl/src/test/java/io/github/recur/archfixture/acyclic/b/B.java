package io.github.recur.archfixture.acyclic.b;

/** Fixture: used by a, uses nothing. */
public class B {}
