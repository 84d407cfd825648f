package io.github.recur.layers;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras' default initialisers, drawn from a seeded {@link Random} so that the same seed gives the
 * same weights on every machine (independent of ND4J's native RNG).
 */
final class Init {
    private Init() {}

    /** Glorot (Xavier) uniform: U(−l, l), l = √(6 / (fanIn + fanOut)); shape {@code [rows, cols]}. */
    static INDArray glorotUniform(Random rng, int rows, int cols, int fanIn, int fanOut, DataType dt) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (rng.nextDouble() * 2 - 1) * limit;
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(dt);
    }

    /** Uniform U(−l, l) (Keras' embedding default uses l = 0.05). */
    static INDArray uniform(Random rng, int rows, int cols, double limit, DataType dt) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (rng.nextDouble() * 2 - 1) * limit;
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(dt);
    }

    /**
     * Orthogonal {@code [rows, cols]} with orthonormal columns (rows ≥ cols): the transpose of
     * Keras' orthogonal recurrent kernel {@code [H, G*H]}, which has orthonormal rows. Gram–Schmidt
     * on a Gaussian matrix, which is QR with a positive diagonal of R, as Keras' sign correction.
     */
    static INDArray orthogonal(Random rng, int rows, int cols, DataType dt) {
        double[][] q = new double[cols][rows];
        for (int c = 0; c < cols; c++) {
            for (int r = 0; r < rows; r++) q[c][r] = rng.nextGaussian();
            for (int pass = 0; pass < 2; pass++) { // twice for numerical orthogonality
                for (int p = 0; p < c; p++) {
                    double dot = 0;
                    for (int r = 0; r < rows; r++) dot += q[c][r] * q[p][r];
                    for (int r = 0; r < rows; r++) q[c][r] -= dot * q[p][r];
                }
            }
            double norm = 0;
            for (int r = 0; r < rows; r++) norm += q[c][r] * q[c][r];
            norm = Math.sqrt(norm);
            for (int r = 0; r < rows; r++) q[c][r] /= norm;
        }
        double[] v = new double[rows * cols];
        for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) v[r * cols + c] = q[c][r];
        return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE).castTo(dt);
    }
}
