package io.github.recur.archfixture.exposed.internal;

/** Fixture: an internal type. */
public class Raw {}
