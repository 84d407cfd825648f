package io.github.recur.archfixture.cyclic.a;

/** Fixture: uses b, which uses a back. */
public class A { public io.github.recur.archfixture.cyclic.b.B partner() { return null; } }
