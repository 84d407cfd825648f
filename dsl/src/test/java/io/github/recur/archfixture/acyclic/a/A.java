package io.github.recur.archfixture.acyclic.a;

/** Fixture: uses b, one way only. */
public class A { public io.github.recur.archfixture.acyclic.b.B partner() { return null; } }
