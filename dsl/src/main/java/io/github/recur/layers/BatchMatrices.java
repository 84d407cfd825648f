package io.github.recur.layers;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Matrix products over a batch of {@code [batch, rows, cols]} arrays, as attention needs them. */
final class BatchMatrices {
    private BatchMatrices() {}

    /** {@code a[b] · b[b]} per batch entry, either side transposed first: one batched product. */
    static INDArray times(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        return Nd4j.matmul(a, b, null, transposeA, transposeB, false);
    }

    /** The same, written as the loop over the batch it is; {@link #times} is tested against it. */
    static INDArray timesOneByOne(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        long n = a.size(0);
        long rows = transposeA ? a.size(2) : a.size(1);
        long cols = transposeB ? b.size(1) : b.size(2);
        INDArray out = Nd4j.create(a.dataType(), n, rows, cols);
        for (int i = 0; i < n; i++) {
            INDArray ai = a.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray bi = b.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
            out.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all())
                    .assign(Nd4j.gemm(ai.dup('c'), bi.dup('c'), transposeA, transposeB));
        }
        return out;
    }

    /** Every row of {@code x [batch, steps, in]} times a matrix: {@code x · Wᵀ} ({@code W [out, in]}) or {@code x · W}. */
    static INDArray timesMatrix(INDArray x, INDArray w, boolean transposeW) {
        long in = x.size(2);
        INDArray flat = x.dup('c').reshape('c', -1, in);
        INDArray y = Nd4j.gemm(flat, w, false, transposeW);
        return y.reshape('c', x.size(0), x.size(1), y.size(1));
    }
}
