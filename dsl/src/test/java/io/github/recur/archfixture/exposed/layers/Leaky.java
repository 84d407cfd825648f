package io.github.recur.archfixture.exposed.layers;

/** Fixture: a public method hands out an internal type. */
public class Leaky { public java.util.List<io.github.recur.archfixture.exposed.internal.Raw> raw() { return null; } }
