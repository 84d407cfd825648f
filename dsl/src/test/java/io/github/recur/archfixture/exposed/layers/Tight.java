package io.github.recur.archfixture.exposed.layers;

/** Fixture: uses an internal type only where no other package sees it. */
public class Tight {
    private io.github.recur.archfixture.exposed.internal.Raw raw;
    io.github.recur.archfixture.exposed.internal.Raw raw() { return raw; }
    public int size() { return raw == null ? 0 : 1; }
}
