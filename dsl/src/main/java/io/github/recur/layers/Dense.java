package io.github.recur.layers;

import io.github.recur.internal.Gemm;
import io.github.recur.internal.Vec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fully connected layer y = act(x·Wᵀ + b), PyTorch layout {@code weight [out, in]}, {@code bias [out]};
 * applied to every time step when its input is a sequence. Glorot-uniform weights, zero bias.
 *
 * <pre>{@code sequential(lstm(32), dense(1))            // regression head
 * sequential(gru(32), dense(5, "softmax"))     // classification head}</pre>
 */
public final class Dense extends Layer {
    private final int units;
    private final Activation activation;

    private Param weight;
    private Param bias;
    private INDArray lastInput;
    private INDArray lastOutput;
    private long[] inputShape;
    private boolean reuseOutput;
    private INDArray outputBuffer; // the output of the passes with reuseOutput on, kept from one to the next

    public Dense(int units, Activation activation) {
        if (units <= 0) throw new IllegalArgumentException("dense: units must be positive, got " + units);
        if (activation == null) throw new IllegalArgumentException("dense: activation is null; use one of linear, relu, sigmoid, tanh, softmax");
        this.units = units;
        this.activation = activation;
    }

    public int units() { return units; }
    public Activation activation() { return activation; }

    /** A copy with another activation: {@code dense(3).activation("softmax")}. */
    public Dense activation(String name) { return keepName(new Dense(units, Activation.parse(name))); }

    @Override public String type() { return "dense"; }

    @Override public Map<String, Object> config() {
        var m = new LinkedHashMap<String, Object>();
        m.put("units", units);
        m.put("activation", activation.keras());
        return m;
    }

    @Override public Dense fresh() { return keepName(new Dense(units, activation)); }

    @Override public String details() {
        return units + (units == 1 ? " unit" : " units") + (activation == Activation.LINEAR ? "" : ", " + activation.keras());
    }

    @Override public String outputActivation() { return activation.keras(); }

    @Override public int outputFeatures(int inputFeatures) { return units; }

    @Override public String inputSizeWeight() { return "weight"; }

    @Override public void build(int inputFeatures, boolean inputIsSequence, Random rng, DataType dtype) {
        // Keras kernel is [in, out]; ours is its transpose [out, in], same fan-in/fan-out.
        weight = new Param("weight", Init.glorotUniform(rng, units, inputFeatures, inputFeatures, units, dtype), true);
        bias = new Param("bias", Nd4j.zeros(dtype, units), false);
    }

    @Override public List<Param> params() { return List.of(weight, bias); }

    @Override public void reuseOutput(boolean on) { reuseOutput = on; }

    @Override public INDArray forward(INDArray input, INDArray mask, boolean training, Random rng) {
        inputShape = input.shape();
        long in = inputShape[inputShape.length - 1];
        if (in != weight.value().size(1)) {
            throw error("expects " + weight.value().size(1) + " input features but got " + in
                    + "; the layer was built for that size, rebuild the model for the new input");
        }
        lastInput = input.rank() == 2 ? input : input.reshape('c', -1, in); // each reshape is a few µs of ND4J
        INDArray z;
        if (Vec.fits(lastInput) && lastInput.dataType() == weight.value().dataType()) {
            // bias in every row, then += x·Wᵀ straight through OpenBLAS: two ND4J ops less per call
            // (they dominated batch-1 step-by-step generation)
            int n = (int) lastInput.size(0);
            DataType dtype = weight.value().dataType();
            z = reuseOutput ? (outputBuffer = Workspace.reuse(outputBuffer, dtype, n, units)) : Nd4j.createUninitialized(dtype, n, units);
            Vec zv = Vec.of(z), b = Vec.of(bias.value());
            for (int r = 0; r < n; r++) zv.copyFrom(b, 0, r * units, units);
            Gemm.rows(lastInput, 0, n, weight.value(), true, z, 0, 1.0, 1.0);
        } else {
            z = Nd4j.gemm(lastInput, weight.value(), false, true).addiRowVector(bias.value());
        }
        lastOutput = activation.apply(z);
        if (input.rank() == 2) return lastOutput;
        long[] outShape = inputShape.clone();
        outShape[outShape.length - 1] = units;
        return lastOutput.reshape('c', outShape);
    }

    @Override public INDArray backward(INDArray gradOutput) {
        INDArray gradY = gradOutput.reshape('c', -1, units);
        // linear: ∂L/∂z is ∂L/∂y, only read below, so no copy of [rows, units] (a vocabulary-sized output's is large)
        INDArray gz = activation == Activation.LINEAR ? gradY : activation.backward(lastOutput, gradY);
        Nd4j.gemm(gz, lastInput, weight.grad(), true, false, 1.0, 0.0);
        bias.grad().assign(gz.sum(0));
        return Nd4j.gemm(gz, weight.value(), false, false).reshape('c', inputShape);
    }
}
