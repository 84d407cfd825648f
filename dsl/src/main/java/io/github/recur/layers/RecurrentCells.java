package io.github.recur.layers;

/** The built-in cells, for the DSL's factories. */
public final class RecurrentCells {
    private RecurrentCells() {}

    public static RecurrentCell lstm() { return LstmCell.INSTANCE; }
    public static RecurrentCell gru() { return GruCell.INSTANCE; }
    public static RecurrentCell simpleRnn(boolean relu) { return relu ? SimpleRnnCell.RELU : SimpleRnnCell.TANH; }
}
