package io.github.recur.learning;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Synthetic tasks with known difficulty, generated from a seed. */
final class Tasks {
    private Tasks() {}

    /** Adding problem (Hochreiter & Schmidhuber 1997): sum the two values marked in a sequence of length t. */
    static INDArray[] adding(int n, int t, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * t * 2];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int a = r.nextInt(t / 2), b = t / 2 + r.nextInt(t / 2);
            for (int s = 0; s < t; s++) {
                float v = r.nextFloat();
                x[(i * t + s) * 2] = v;
                if (s == a || s == b) {
                    x[(i * t + s) * 2 + 1] = 1;
                    y[i] += v;
                }
            }
        }
        return new INDArray[] {Nd4j.create(x, new long[] {n, t, 2}, 'c'), Nd4j.create(y, new long[] {n, 1}, 'c')};
    }

    /** Noisy sine: windows of {@code look} values and the next value as target. */
    static INDArray[] sineWindows(int from, int to, int look, long seed) {
        Random r = new Random(seed);
        int n = to - from;
        float[] x = new float[n * look];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            for (int s = 0; s < look; s++) x[i * look + s] = sine(from + i + s, r);
            y[i] = sine(from + i + look, r);
        }
        return new INDArray[] {Nd4j.create(x, new long[] {n, look, 1}, 'c'), Nd4j.create(y, new long[] {n, 1}, 'c')};
    }

    static float sine(int t, Random r) { return (float) (Math.sin(0.1 * t) + 0.1 * r.nextGaussian()); }

    /** Waveform classification: 0 = sine, 1 = square, 2 = sawtooth, random frequency, phase and noise. */
    static INDArray[] waveforms(int n, int t, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * t];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            int k = r.nextInt(3);
            double f = 0.15 + 0.2 * r.nextDouble(), ph = r.nextDouble() * 2 * Math.PI;
            for (int s = 0; s < t; s++) {
                double p = f * s + ph;
                double v = k == 0 ? Math.sin(p) : k == 1 ? Math.signum(Math.sin(p)) : 2 * ((p / (2 * Math.PI)) % 1.0) - 1;
                x[i * t + s] = (float) (v + 0.2 * r.nextGaussian());
            }
            y[i] = k;
        }
        return new INDArray[] {Nd4j.create(x, new long[] {n, t, 1}, 'c'), Nd4j.create(y, new long[] {n, 1}, 'c')};
    }

    static double mse(INDArray a, INDArray b) {
        return a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).norm2Number().doubleValue()
                * a.castTo(DataType.DOUBLE).sub(b.castTo(DataType.DOUBLE)).norm2Number().doubleValue() / a.length();
    }
}
