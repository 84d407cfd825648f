package io.github.recur.decode;

import java.util.List;

/**
 * What a search found: per row of the batch its hypotheses, best first (one for greedy search, up to the
 * width for beam search).
 *
 * <pre>{@code
 * Decoded d = new BeamSearch(4).endToken(END).maxLength(30).decode(step, starts);
 * int[] translation = d.tokens(0);                 // the best of row 0, without the end token
 * List<Hypothesis> alternatives = d.hypotheses(0);  // all four, best first
 * }</pre>
 */
public final class Decoded {
    private final List<List<Hypothesis>> rows;

    Decoded(List<List<Hypothesis>> rows) {
        this.rows = List.copyOf(rows);
    }

    /** The rows decoded: one per start token. */
    public int rows() { return rows.size(); }

    /** The hypotheses of one row, best first. */
    public List<Hypothesis> hypotheses(int row) { return List.copyOf(rows.get(checked(row))); }

    /** The best hypothesis of one row. */
    public Hypothesis best(int row) { return rows.get(checked(row)).get(0); }

    /** The best hypothesis' tokens of one row (no start or end token). */
    public int[] tokens(int row) { return best(row).tokens(); }

    /** The best hypothesis' tokens of every row. */
    public int[][] tokens() {
        int[][] out = new int[rows.size()][];
        for (int i = 0; i < out.length; i++) out[i] = tokens(i);
        return out;
    }

    private int checked(int row) {
        if (row < 0 || row >= rows.size()) {
            throw new IllegalArgumentException("Decoded: row " + row + " does not exist; rows are 0.." + (rows.size() - 1)
                    + " (one per start token)");
        }
        return row;
    }

    @Override public String toString() {
        var sb = new StringBuilder("Decoded " + rows.size() + (rows.size() == 1 ? " row" : " rows"));
        for (int i = 0; i < rows.size(); i++) sb.append("\n  ").append(i).append(": ").append(best(i));
        return sb.toString();
    }
}
