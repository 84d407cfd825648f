package io.github.recur;

import io.github.recur.data.SequenceData;
import io.github.recur.layers.Activation;
import io.github.recur.layers.Bidirectional;
import io.github.recur.layers.Dense;
import io.github.recur.layers.Dropout;
import io.github.recur.layers.Embedding;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Recurrent;
import io.github.recur.layers.RecurrentCells;
import io.github.recur.train.Callback;
import io.github.recur.train.Metric;
import java.util.Locale;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Recur DSL: one static import gives layers, losses, optimizers, metrics and fit options.
 *
 * <pre>{@code
 * import static io.github.recur.Recur.*;
 *
 * var model = sequential(lstm(64).returnSequences(), dropout(0.2), gru(32), dense(1));
 * model.compile(adam(1e-3).clipNorm(1.0), mse(), metrics(mae()));
 * var history = model.fit(trainX, trainY, epochs(30), batchSize(32), validationSplit(0.2), seed(42));
 * }</pre>
 */
public final class Recur {
    private Recur() {}

    // ---- models and layers ----------------------------------------------------------------------

    /** A sequential model of the given layers, applied in order. */
    public static Model sequential(Layer... layers) { return new Model(layers); }

    /** Declares the input: {@code timeSteps} (0 = variable) and {@code features} per step. Put it first. */
    public static Input input(int timeSteps, int features) { return new Input(timeSteps, features); }

    /** LSTM layer (PyTorch equations, gates i, f, g, o); last-step output unless {@code .returnSequences()}. */
    public static Recurrent lstm(int units) { return new Recurrent(RecurrentCells.lstm(), units, false, false); }

    /** GRU layer (PyTorch equations, gates r, z, n; Keras {@code reset_after=True}). */
    public static Recurrent gru(int units) { return new Recurrent(RecurrentCells.gru(), units, false, false); }

    /** Elman RNN with tanh: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    public static Recurrent simpleRnn(int units) { return simpleRnn(units, "tanh"); }

    /** Elman RNN with {@code "tanh"} or {@code "relu"}. */
    public static Recurrent simpleRnn(int units, String activation) {
        String a = activation.toLowerCase(Locale.ROOT);
        if (!a.equals("tanh") && !a.equals("relu")) {
            throw new IllegalArgumentException("simpleRnn: activation must be \"tanh\" or \"relu\", got \"" + activation + "\"");
        }
        return new Recurrent(RecurrentCells.simpleRnn(a.equals("relu")), units, false, false);
    }

    /** Linear dense layer (per time step on sequences). */
    public static Dense dense(int units) { return new Dense(units, Activation.LINEAR); }

    /** Dense layer with an activation: linear, relu, sigmoid, tanh or softmax. */
    public static Dense dense(int units, String activation) { return new Dense(units, Activation.parse(activation)); }

    /** Token-id embedding {@code [vocabulary, dimension]}; {@code .maskZero()} treats id 0 as padding. */
    public static Embedding embedding(int vocabulary, int dimension) { return new Embedding(vocabulary, dimension, false); }

    /** Inverted dropout with the given drop rate, active only in training. */
    public static Dropout dropout(double rate) { return new Dropout(rate); }

    /** Both directions of a recurrent layer, outputs concatenated; {@code .sum()} adds them instead. */
    public static Bidirectional bidirectional(Recurrent layer) { return new Bidirectional(layer, Bidirectional.Merge.CONCAT); }

    /** Both directions merged by {@code "concat"} or {@code "sum"}. */
    public static Bidirectional bidirectional(Recurrent layer, String merge) {
        return new Bidirectional(layer, switch (merge.toLowerCase(Locale.ROOT)) {
            case "concat" -> Bidirectional.Merge.CONCAT;
            case "sum" -> Bidirectional.Merge.SUM;
            default -> throw new IllegalArgumentException("bidirectional: merge must be \"concat\" or \"sum\", got \"" + merge + "\"");
        });
    }

    // ---- generation ---------------------------------------------------------------------------

    /**
     * Draws a class index from one row of probabilities with a temperature (0.5 = cautious,
     * 1 = as predicted, 1.5 = adventurous): {@code int next = sample(model.step(x), 0.8, rng);}
     */
    public static int sample(INDArray probabilities, double temperature, java.util.Random rng) {
        return Sampling.sample(probabilities, temperature, rng);
    }

    // ---- metrics list -------------------------------------------------------------------------

    /** The metrics to log: {@code compile(adam(), mse(), metrics(mae(), rmse()))}. */
    public static Metric[] metrics(Metric... metrics) { return metrics; }

    // ---- fit options --------------------------------------------------------------------------

    public static FitOption epochs(int n) { return FitOption.epochs(n); }
    public static FitOption batchSize(int n) { return FitOption.batchSize(n); }
    /** The last fraction of the samples (not shuffled) validates, as Keras' {@code validation_split}. */
    public static FitOption validationSplit(double fraction) { return FitOption.validationSplit(fraction); }
    public static FitOption validationData(INDArray x, INDArray y) { return FitOption.validationData(new SequenceData(x, y, null)); }
    public static FitOption validationData(SequenceData data) { return FitOption.validationData(data); }
    /** Seeds weight initialisation, shuffling and dropout: the same seed gives the same result. */
    public static FitOption seed(long seed) { return FitOption.seed(seed); }
    public static FitOption shuffle(boolean on) { return FitOption.shuffle(on); }
    /** Progress output (in place in a notebook, a line per epoch elsewhere); on by default. */
    public static FitOption verbose(boolean on) { return FitOption.verbose(on); }
    public static FitOption callbacks(Callback... callbacks) { return FitOption.callbacks(callbacks); }
    /** Truncated BPTT: split each sequence into windows of {@code steps}, update after each, carry the state. */
    public static FitOption tbptt(int steps) { return FitOption.tbptt(steps); }
}
