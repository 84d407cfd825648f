package io.github.recur.layers;

/**
 * A named input of a functional model, before its kind is said: {@link #tokens()}, {@link #features(int)}
 * or {@link #vector(int)}. The name is how {@code fit}, {@code predict} and {@code evaluate} receive its data.
 *
 * <pre>{@code
 * Node source = input("source").tokens();           // ids [batch, time], 0 = padding
 * Node prices = input("prices").features(3);        // [batch, time, 3]
 * Node region = input("region").vector(8);          // [batch, 8]
 * }</pre>
 */
public final class NamedInput {
    private final String name;

    public NamedInput(String name) {
        if (name == null || !name.matches("[A-Za-z][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("input: name must start with a letter and hold only letters, digits and _, got "
                    + (name == null ? "null" : "\"" + name + "\""));
        }
        this.name = name;
    }

    /** Token ids {@code [batch, time]} for an embedding. */
    public Node tokens() { return Node.input(name, Node.InputKind.TOKENS, 1); }

    /** Sequences {@code [batch, time, features]}. */
    public Node features(int features) {
        requirePositive(features);
        return Node.input(name, Node.InputKind.FEATURES, features);
    }

    /** One vector per example {@code [batch, features]} (static features beside a sequence). */
    public Node vector(int features) {
        requirePositive(features);
        return Node.input(name, Node.InputKind.VECTOR, features);
    }

    private void requirePositive(int features) {
        if (features <= 0) throw new IllegalArgumentException("input \"" + name + "\": features must be positive, got " + features);
    }
}
