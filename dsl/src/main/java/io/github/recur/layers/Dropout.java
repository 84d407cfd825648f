package io.github.recur.layers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Inverted dropout: during training each input is zeroed with probability {@code rate} and the rest
 * scaled by 1/(1−rate); at inference it passes inputs through. Draws from the model's seeded RNG.
 *
 * <pre>{@code sequential(lstm(64).returnSequences(), dropout(0.2), gru(32), dense(1))}</pre>
 */
public final class Dropout extends Layer {
    private final double rate;
    private INDArray keep;

    public Dropout(double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout: rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    public double rate() { return rate; }

    @Override public String type() { return "dropout"; }

    @Override public Map<String, Object> config() {
        var m = new LinkedHashMap<String, Object>();
        m.put("rate", rate);
        return m;
    }

    @Override public Dropout fresh() { return keepName(new Dropout(rate)); }

    @Override public String details() { return "rate " + rate; }

    @Override public int outputFeatures(int inputFeatures) { return inputFeatures; }

    @Override public void build(int inputFeatures, boolean inputIsSequence, Random rng, DataType dtype) {}

    @Override public List<Param> params() { return List.of(); }

    @Override public INDArray forward(INDArray input, INDArray mask, boolean training, Random rng) {
        if (!training || rate == 0) {
            keep = null;
            return input;
        }
        double[] k = new double[(int) input.length()];
        double scale = 1 / (1 - rate);
        for (int i = 0; i < k.length; i++) k[i] = rng.nextDouble() < rate ? 0 : scale;
        keep = Nd4j.create(k, input.shape(), DataType.DOUBLE).castTo(input.dataType());
        return input.mul(keep);
    }

    @Override public INDArray backward(INDArray gradOutput) {
        return keep == null ? gradOutput : gradOutput.mul(keep);
    }
}
