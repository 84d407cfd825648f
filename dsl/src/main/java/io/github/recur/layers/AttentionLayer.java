package io.github.recur.layers;

import io.github.recur.internal.Transpose;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link Attention} as a layer of a functional model: called on a query sequence (a decoder's outputs)
 * and the values (an encoder's outputs, which must be a sequence), it outputs one context vector per
 * query step, {@code [batch, Tq, value features]}; the values' padding mask (from a maskZero embedding)
 * keeps padded source steps out. Luong's attention after the decoder RNN, as TensorFlow's translation
 * tutorial and Keras' {@code Attention}/{@code AdditiveAttention} layers apply it.
 *
 * <pre>{@code
 * Node context = attention("dot").named("attention").on(decoder, encoder);
 * Node logits = dense(vocabulary).on(concat(decoder, context));
 * }</pre>
 */
public final class AttentionLayer extends Layer {
    private final String kind;
    private final int units; // additive only
    private Attention attention;

    public AttentionLayer(String kind, int units) {
        if ("additive".equals(kind) || "bahdanau".equals(kind)) {
            if (units <= 0) throw new IllegalArgumentException("attention: additive attention needs positive units, got " + units);
            this.kind = "additive";
        } else {
            Attention.of(kind); // refuses unknown kinds with the list of known ones
            this.kind = "luong".equals(kind) ? "dot" : kind;
        }
        this.units = "additive".equals(this.kind) ? units : 0;
    }

    @Override public String type() { return "attention"; }

    @Override public Map<String, Object> config() {
        var m = new LinkedHashMap<String, Object>();
        m.put("score", kind);
        if (units > 0) m.put("units", units);
        return m;
    }

    @Override public AttentionLayer fresh() { return keepName(new AttentionLayer(kind, units)); }

    @Override public AttentionLayer named(String name) { return (AttentionLayer) super.named(name); }

    @Override public String details() { return kind + (units > 0 ? ", " + units + " units" : ""); }

    @Override public int inputCount() { return 2; }

    /** The context of each step of {@code query} over {@code values} (which are also the keys). */
    public Node on(Node query, Node values) {
        if (query == null || values == null) {
            throw new IllegalArgumentException("attention.on: query and values must not be null; e.g. attention(\"dot\").on(decoder, encoder)");
        }
        return Node.call(this, List.of(query, values), List.of());
    }

    @Override public Node on(Node input) {
        throw new IllegalArgumentException("attention: call it on a query and the values, e.g. attention(\"dot\").on(decoder, encoder)");
    }

    @Override public int outputFeatures(int inputFeatures) { throw error("takes a query and the values"); }

    @Override public int outputFeatures(int[] inputFeatures) {
        if (inputFeatures.length != 2) throw error("takes a query and the values, got " + inputFeatures.length + " inputs");
        if ("dot".equals(kind) && inputFeatures[0] != inputFeatures[1]) {
            throw error("dot scores need queries and values of one size, but the query has " + inputFeatures[0] + " features and the values "
                    + inputFeatures[1] + "; give both recurrent layers the same units, or use attention(\"general\") or additiveAttention(units)");
        }
        return inputFeatures[1];
    }

    @Override public boolean outputIsSequence(boolean[] inputsAreSequences) {
        if (!inputsAreSequences[1]) {
            throw error("attends over a sequence of values, but its values are the last step only; declare the encoder with .returnSequences()");
        }
        if (!inputsAreSequences[0]) {
            throw error("needs a query sequence (one context per step), but its query is one vector; declare the decoder with .returnSequences()");
        }
        return true;
    }

    @Override public boolean requiresSequence() { return true; }

    @Override public void build(int inputFeatures, boolean inputIsSequence, Random rng, DataType dtype) { throw error("takes a query and the values"); }

    @Override public void build(int[] inputFeatures, boolean[] inputsAreSequences, Random rng, DataType dtype) {
        outputFeatures(inputFeatures);
        outputIsSequence(inputsAreSequences);
        attention = "additive".equals(kind) ? Attention.additive(units) : Attention.of(kind);
        attention.build(inputFeatures[0], inputFeatures[1], rng, dtype);
    }

    @Override public List<Param> params() { return attention == null ? List.of() : attention.params(); }

    @Override public INDArray forward(INDArray input, INDArray mask, boolean training, Random rng) { throw error("takes a query and the values"); }

    /** Time-major query {@code [Tq, B, F]} and values {@code [Tv, B, F]}; the values' mask {@code [Tv, B]}. */
    @Override public INDArray forward(List<INDArray> inputs, List<INDArray> masks, boolean training, Random rng) {
        INDArray query = Transpose.swapFirstAxes(inputs.get(0));
        INDArray values = Transpose.swapFirstAxes(inputs.get(1));
        INDArray valuesMask = masks.get(1) == null ? null : Transpose.swapFirstAxes(masks.get(1));
        try {
            return Transpose.swapFirstAxes(attention.forward(query, values, valuesMask));
        } catch (IllegalArgumentException e) {
            throw error(e.getMessage().replaceFirst("^attention: ", ""));
        }
    }

    @Override public INDArray outputMask(List<INDArray> inputMasks, List<INDArray> inputs) { return inputMasks.get(0); }

    @Override public INDArray backward(INDArray gradOutput) { throw error("has two inputs; the model calls backwardEach"); }

    @Override public INDArray[] backwardEach(INDArray gradOutput, boolean inputGradient) {
        INDArray[] g = attention.backward(Transpose.swapFirstAxes(gradOutput));
        return new INDArray[] {Transpose.swapFirstAxes(g[0]), Transpose.swapFirstAxes(g[1])};
    }

    /** The attention weights of the last forward pass, {@code [batch, Tq, Tv]}, each row summing to 1 over the valid source steps. */
    public INDArray weights() {
        if (attention == null) throw error("is not built; run the model first");
        return attention.weights();
    }
}
