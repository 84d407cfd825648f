package io.github.recur.archfixture.cyclic.b;

/** Fixture: the way back from b to a. */
public class B { public io.github.recur.archfixture.cyclic.a.A partner() { return null; } }
