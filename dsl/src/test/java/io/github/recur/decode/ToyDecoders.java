package io.github.recur.decode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tiny decoder models for the search tests, with what the searches asked of them recorded. */
final class ToyDecoders {
    private ToyDecoders() {}

    /** What a search did with a step: the sizes of its batches, the tokens it fed, the rows it kept. */
    abstract static class Recording implements DecoderStep {
        final List<Integer> batchSizes = new ArrayList<>();
        final List<int[]> fed = new ArrayList<>();
        final List<int[]> kept = new ArrayList<>();

        @Override public final INDArray logProbabilities(int[] previousTokens) {
            batchSizes.add(previousTokens.length);
            fed.add(previousTokens.clone());
            double[][] out = next(previousTokens);
            return Nd4j.createFromArray(out);
        }

        @Override public final void keepRows(int[] rows) {
            kept.add(rows.clone());
            keep(rows);
        }

        abstract double[][] next(int[] previousTokens);

        abstract void keep(int[] rows);
    }

    /**
     * A model whose next-token distribution depends on the row's source sentence and on its whole history (the
     * start token and every token since), drawn from a seeded generator; the end token grows likelier with
     * length. Its state is each row's source and history, so a search that keeps the wrong rows, or feeds
     * the wrong tokens, gets other distributions than {@link #distribution} gives the exhaustive search.
     */
    static final class HistoryModel extends Recording {
        final long seed;
        final int vocabulary;
        final int endToken;
        private int[] sources;
        private List<int[]> histories = new ArrayList<>();

        HistoryModel(long seed, int vocabulary, int endToken, int... sources) {
            this.seed = seed;
            this.vocabulary = vocabulary;
            this.endToken = endToken;
            this.sources = sources.clone();
            for (int i = 0; i < sources.length; i++) histories.add(new int[0]);
        }

        @Override double[][] next(int[] previousTokens) {
            if (previousTokens.length != sources.length) throw new IllegalStateException(previousTokens.length + " tokens for " + sources.length + " rows");
            double[][] out = new double[sources.length][];
            for (int i = 0; i < sources.length; i++) {
                int[] h = Arrays.copyOf(histories.get(i), histories.get(i).length + 1);
                h[h.length - 1] = previousTokens[i];
                histories.set(i, h);
                out[i] = distribution(seed, vocabulary, endToken, sources[i], h);
            }
            return out;
        }

        @Override void keep(int[] rows) {
            int[] s = new int[rows.length];
            List<int[]> h = new ArrayList<>();
            for (int i = 0; i < rows.length; i++) {
                s[i] = sources[rows[i]];
                h.add(histories.get(rows[i]));
            }
            sources = s;
            histories = h;
        }

        /** log p(next | source, history), a log-softmax in double; history starts with the start token. */
        static double[] distribution(long seed, int vocabulary, int endToken, int source, int[] history) {
            long h = seed * 1_000_003L + source;
            for (int t : history) h = h * 1_000_003L + t + 1;
            Random rng = new Random(h);
            double[] logits = new double[vocabulary];
            for (int k = 0; k < vocabulary; k++) logits[k] = 1.5 * rng.nextGaussian();
            if (endToken >= 0) logits[endToken] += 0.6 * (history.length - 2);
            return logSoftmax(logits);
        }
    }

    /** A bigram model: the next token's probabilities depend only on the token before, {@code probabilities[previous]}. */
    static final class Bigram extends Recording {
        private final double[][] logP;

        Bigram(double[][] probabilities) {
            logP = new double[probabilities.length][];
            for (int i = 0; i < probabilities.length; i++) logP[i] = Arrays.stream(probabilities[i]).map(Math::log).toArray();
        }

        @Override double[][] next(int[] previousTokens) {
            double[][] out = new double[previousTokens.length][];
            for (int i = 0; i < out.length; i++) out[i] = logP[previousTokens[i]].clone();
            return out;
        }

        @Override void keep(int[] rows) {}
    }

    static double[] logSoftmax(double[] logits) {
        double max = Arrays.stream(logits).max().orElseThrow();
        double sum = 0;
        for (double x : logits) sum += Math.exp(x - max);
        double log = max + Math.log(sum);
        return Arrays.stream(logits).map(x -> x - log).toArray();
    }
}
