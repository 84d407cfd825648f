package io.github.recur.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Beam search: per row it keeps the {@code width} best hypotheses by score, ended or not, and extends those that
 * have not ended by every token, until all of a row's hypotheses ended or the maximum length is reached.
 *
 * <p><b>Score.</b> {@code log p(y) / lp(|y|)} with GNMT's length penalty (Wu et al. 2016)
 * {@code lp(n) = ((5 + n) / 6)^alpha}, where {@code n} counts the generated tokens, the end token included.
 * {@code alpha = 0} (the default) ranks by log-probability alone, which favours short outputs; GNMT used
 * {@code alpha} 0.6 to 0.7, and a larger alpha favours longer outputs more.
 *
 * <p><b>Ended hypotheses</b> stay as they are: one that produced the end token is carried to the next step
 * unchanged and competes there with the continuations of the others, under the same score; it is never
 * extended. So width 1 is exactly greedy decoding (the single hypothesis either ended or picks its most probable
 * token), and a width at least the number of possible sequences finds the best sequence of all under this score.
 *
 * <p><b>Batch.</b> The live hypotheses of all rows go through the step as one batch per step (rows times beams);
 * the step is then told which of them continue, repeated for every branch ({@link DecoderStep#keepRows}).
 * Ties go to the earlier hypothesis (by rank, ended ones before new continuations) and the lower token id.
 *
 * <pre>{@code
 * Decoded d = new BeamSearch(5).endToken(END).maxLength(40).lengthPenalty(0.6).decode(step, starts);
 * int[] best = d.tokens(0);
 * }</pre>
 */
public final class BeamSearch implements Search {
    private final int width;
    private final double alpha;
    private final Stopping stopping;

    /** A beam search keeping {@code width} hypotheses per row; set an end token and/or a maximum length before decoding. */
    public BeamSearch(int width) {
        this(checkedWidth(width), 0, Stopping.unset());
    }

    private BeamSearch(int width, double alpha, Stopping stopping) {
        this.width = width;
        this.alpha = alpha;
        this.stopping = stopping;
    }

    private static int checkedWidth(int width) {
        if (width < 1) throw new IllegalArgumentException("beamSearch: width must be >= 1 (1 is greedy decoding, 4 to 10 is usual), got " + width);
        return width;
    }

    private String name() { return "beamSearch(" + width + ")"; }

    /** A copy that ends a hypothesis when it produces this token (e.g. the id of {@code "<end>"}). */
    public BeamSearch endToken(int token) { return new BeamSearch(width, alpha, stopping.withEndToken(name(), token)); }

    /** A copy that generates at most this many tokens per hypothesis, the end token included. */
    public BeamSearch maxLength(int length) { return new BeamSearch(width, alpha, stopping.withMaxLength(name(), length)); }

    /** A copy with GNMT's length penalty {@code ((5 + n) / 6)^alpha}; 0 (the default) is none, GNMT used 0.6 to 0.7. */
    public BeamSearch lengthPenalty(double alpha) {
        if (!(alpha >= 0) || !Double.isFinite(alpha)) {
            throw new IllegalArgumentException(name() + ": lengthPenalty alpha must be a finite number >= 0 (0 = none, GNMT used 0.6), got " + alpha);
        }
        return new BeamSearch(width, alpha, stopping);
    }

    public int width() { return width; }

    /** The length penalty's alpha (0 = none). */
    public double lengthPenalty() { return alpha; }

    /** GNMT's length penalty of a hypothesis of {@code length} generated tokens: {@code ((5 + length) / 6)^alpha}. */
    public static double lengthPenalty(int length, double alpha) {
        if (length < 1) throw new IllegalArgumentException("lengthPenalty: length must be >= 1 (generated tokens, the end token included), got " + length);
        if (!(alpha >= 0) || !Double.isFinite(alpha)) throw new IllegalArgumentException("lengthPenalty: alpha must be a finite number >= 0, got " + alpha);
        return Math.pow((5.0 + length) / 6.0, alpha);
    }

    @Override
    public Decoded decode(DecoderStep step, int[] startTokens) {
        String search = name();
        stopping.check(search, step, startTokens);
        int n = startTokens.length;
        List<List<Node>> beams = new ArrayList<>();
        int[] batchRow = new int[n];
        for (int r = 0; r < n; r++) {
            beams.add(List.of(new Node(new int[0], false, 0, 0, r)));
            batchRow[r] = r;
        }
        int[] previous = startTokens.clone();
        int vocabulary = 0;
        for (int t = 1; ; t++) {
            StepScores scores = StepScores.next(search, step, previous, t, vocabulary, stopping.endToken, batchRow);
            vocabulary = scores.vocabulary;
            double penalty = lengthPenalty(t, alpha);
            for (int r = 0; r < n; r++) beams.set(r, extend(beams.get(r), scores, penalty));
            // the hypotheses that go on, all rows in one batch: their step rows now, their tokens, their sentence
            List<Node> live = new ArrayList<>();
            List<Integer> liveRow = new ArrayList<>();
            int unfinishedRows = 0;
            for (int r = 0; r < n; r++) {
                boolean unfinished = false;
                for (Node h : beams.get(r)) {
                    if (h.ended) continue;
                    live.add(h);
                    liveRow.add(r);
                    unfinished = true;
                }
                if (unfinished) unfinishedRows++;
            }
            if (live.isEmpty() || stopping.lastStep(search, t, unfinishedRows)) break;
            int[] parents = new int[live.size()];
            previous = new int[live.size()];
            batchRow = new int[live.size()];
            for (int i = 0; i < parents.length; i++) {
                Node h = live.get(i);
                parents[i] = h.stepRow;
                previous[i] = h.tokens[h.tokens.length - 1];
                batchRow[i] = liveRow.get(i);
                h.stepRow = i;
            }
            if (!isIdentity(parents, scores.rows)) step.keepRows(parents);
        }
        List<List<Hypothesis>> rows = new ArrayList<>();
        for (List<Node> beam : beams) {
            List<Hypothesis> hypotheses = new ArrayList<>();
            for (Node h : beam) hypotheses.add(new Hypothesis(h.tokens, h.ended, h.logProbability, h.score));
            rows.add(hypotheses);
        }
        return new Decoded(rows);
    }

    /** One row's next beam: its ended hypotheses as they are and every continuation of the others, the best {@code width}. */
    private List<Node> extend(List<Node> beam, StepScores scores, double penalty) {
        Best best = new Best(width);
        for (int b = 0; b < beam.size(); b++) {
            Node h = beam.get(b);
            if (h.ended) {
                best.offer(h.score, h.logProbability, b, Best.CARRIED);
                continue;
            }
            for (int k = 0; k < scores.vocabulary; k++) {
                double x = scores.get(h.stepRow, k);
                if (x == Double.NEGATIVE_INFINITY) continue; // a token the model rules out
                double logProbability = h.logProbability + x;
                best.offer(logProbability / penalty, logProbability, b, k);
            }
        }
        List<Node> next = new ArrayList<>(best.size);
        for (int j = 0; j < best.size; j++) {
            Node parent = beam.get(best.parent[j]);
            int token = best.token[j];
            if (token == Best.CARRIED) {
                next.add(parent);
            } else if (token == stopping.endToken) {
                next.add(new Node(parent.tokens, true, best.logProbability[j], best.score[j], -1));
            } else {
                int[] tokens = Arrays.copyOf(parent.tokens, parent.tokens.length + 1);
                tokens[parent.tokens.length] = token;
                next.add(new Node(tokens, false, best.logProbability[j], best.score[j], parent.stepRow));
            }
        }
        return next;
    }

    private static boolean isIdentity(int[] rows, int count) {
        if (rows.length != count) return false;
        for (int i = 0; i < rows.length; i++) if (rows[i] != i) return false;
        return true;
    }

    /** A hypothesis during the search; {@code stepRow} is its row in the step's batch (for a new one: its parent's, until renumbered). */
    private static final class Node {
        final int[] tokens;
        final boolean ended;
        final double logProbability;
        final double score;
        int stepRow;

        Node(int[] tokens, boolean ended, double logProbability, double score, int stepRow) {
            this.tokens = tokens;
            this.ended = ended;
            this.logProbability = logProbability;
            this.score = score;
            this.stepRow = stepRow;
        }
    }

    /** The best {@code width} candidates seen, by score, earlier ones first on a tie. */
    private static final class Best {
        static final int CARRIED = -1;
        final double[] score;
        final double[] logProbability;
        final int[] parent;
        final int[] token;
        int size;

        Best(int width) {
            score = new double[width];
            logProbability = new double[width];
            parent = new int[width];
            token = new int[width];
        }

        void offer(double s, double logP, int parentIndex, int tokenId) {
            if (size == score.length && !(s > score[size - 1])) return;
            int at = size == score.length ? size - 1 : size;   // the slot it takes, moved up past every worse one
            while (at > 0 && score[at - 1] < s) {
                score[at] = score[at - 1];
                logProbability[at] = logProbability[at - 1];
                parent[at] = parent[at - 1];
                token[at] = token[at - 1];
                at--;
            }
            score[at] = s;
            logProbability[at] = logP;
            parent[at] = parentIndex;
            token[at] = tokenId;
            if (size < score.length) size++;
        }
    }

    @Override public String toString() {
        return "beam search (width " + width + ", " + (alpha == 0 ? "no length penalty" : "length penalty alpha " + alpha) + ", " + stopping + ")";
    }
}
