package io.github.recur;

import io.github.recur.callbacks.EarlyStopping;
import io.github.recur.callbacks.EpochListener;
import io.github.recur.callbacks.LearningRateSchedule;
import io.github.recur.callbacks.ModelCheckpoint;
import io.github.recur.callbacks.ReduceLROnPlateau;
import io.github.recur.data.SequenceData;
import io.github.recur.decode.BeamSearch;
import io.github.recur.decode.DecoderStep;
import io.github.recur.decode.GreedySearch;
import io.github.recur.layers.Activation;
import io.github.recur.layers.AttentionLayer;
import io.github.recur.layers.Bidirectional;
import io.github.recur.layers.Concat;
import io.github.recur.layers.Dense;
import io.github.recur.layers.Dropout;
import io.github.recur.layers.Embedding;
import io.github.recur.layers.Input;
import io.github.recur.layers.Layer;
import io.github.recur.layers.NamedInput;
import io.github.recur.layers.Node;
import io.github.recur.layers.Recurrent;
import io.github.recur.layers.RecurrentCells;
import io.github.recur.model.Callback;
import io.github.recur.model.FitOption;
import io.github.recur.model.Model;
import io.github.recur.plot.LiveLossChart;
import io.github.recur.plot.Plots;
import io.github.recur.text.Bleu;
import io.github.recur.train.Accuracy;
import io.github.recur.train.Adagrad;
import io.github.recur.train.Adam;
import io.github.recur.train.BinaryCrossentropy;
import io.github.recur.train.CategoricalCrossentropy;
import io.github.recur.train.Huber;
import io.github.recur.train.MeanAbsoluteError;
import io.github.recur.train.MeanSquaredError;
import io.github.recur.train.Metric;
import io.github.recur.train.Perplexity;
import io.github.recur.train.RmsProp;
import io.github.recur.train.RootMeanSquaredError;
import io.github.recur.train.Sgd;
import io.github.recur.train.SparseCategoricalCrossentropy;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;
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
    public static Model sequential(Layer... layers) {
        if (layers == null) throw new IllegalArgumentException("sequential: layers is null; e.g. sequential(lstm(32), dense(1))");
        return new Model(layers);
    }

    /** Declares the input: {@code timeSteps} (0 = variable) and {@code features} per step. Put it first. */
    public static Input input(int timeSteps, int features) { return new Input(timeSteps, features); }

    // ---- functional models: several inputs, states handed on, attention ------------------------------

    /**
     * A named input of a functional model; say what it holds with {@code .tokens()}, {@code .features(f)} or
     * {@code .vector(f)}.
     *
     * <pre>{@code Node source = input("source").tokens();}</pre>
     */
    public static NamedInput input(String name) { return new NamedInput(name); }

    /**
     * A model from one input to {@code output} (Keras' {@code Model(inputs, outputs)}).
     *
     * <pre>{@code
     * Node x = input("x").features(3);
     * Model m = model(x, dense(1).on(lstm(32).on(x)));
     * }</pre>
     */
    public static Model model(Node input, Node output) {
        if (input == null) throw new IllegalArgumentException("model: input is null; declare it with input(\"x\").features(f)");
        return new Model(List.of(input), output);
    }

    /**
     * A model from several inputs to {@code output}; {@code fit}, {@code predict} and {@code evaluate} then take
     * the inputs by name ({@code Map.of("source", src, "target_in", tgtIn)}).
     *
     * <pre>{@code Model m = model(List.of(source, targetIn), logits);}</pre>
     */
    public static Model model(List<Node> inputs, Node output) {
        if (inputs == null) throw new IllegalArgumentException("model: inputs is null; e.g. model(List.of(source, targetIn), logits)");
        return new Model(inputs, output);
    }

    /**
     * A model with several outputs (e.g. a tag per step and a label per sequence from one encoder); targets
     * and predictions are then keyed by the output layers' names.
     *
     * <pre>{@code
     * Model m = model(List.of(x), List.of(dense(5).named("tags").on(h), dense(1, "sigmoid").named("sentiment").on(last)));
     * m.compile(adam(1e-3), Map.of("tags", sparseCategoricalCrossentropy().fromLogits(), "sentiment", binaryCrossentropy()));
     * }</pre>
     */
    public static Model model(List<Node> inputs, List<Node> outputs) {
        if (inputs == null) throw new IllegalArgumentException("model: inputs is null; e.g. model(List.of(x), List.of(tags, sentiment))");
        return new Model(inputs, outputs);
    }

    /** Joins nodes along the features (Keras' {@code Concatenate}): {@code concat(decoder, context)}. */
    public static Node concat(Node... nodes) { return new Concat().on(nodes); }

    /**
     * Luong attention for a functional model: {@code "dot"} ({@code q·v}) or {@code "general"} ({@code q·W v});
     * call it on the query sequence and the values: {@code attention("dot").on(decoder, encoder)}.
     * Its weights come back from {@code model.attentionWeights(inputs, name)}.
     */
    public static AttentionLayer attention(String score) { return new AttentionLayer(score, 0); }

    /**
     * Bahdanau's additive attention with {@code units} hidden units in its score ({@code wᵀ tanh(W_q q + W_k v)}),
     * as Keras' {@code AdditiveAttention}: {@code additiveAttention(64).on(decoder, encoder)}.
     */
    public static AttentionLayer additiveAttention(int units) { return new AttentionLayer("additive", units); }

    /**
     * LSTM layer (PyTorch equations, gates i, f, g, o); last-step output unless {@code .returnSequences()}.
     * {@code .recurrentDropout(0.2)} regularises the recurrent connection in training (Keras' {@code recurrent_dropout}).
     *
     * <pre>{@code sequential(embedding(5000, 32), lstm(64).recurrentDropout(0.2), dense(1, "sigmoid"))}</pre>
     */
    public static Recurrent lstm(int units) { return new Recurrent(RecurrentCells.lstm(), units, false, false); }

    /** GRU layer (PyTorch equations, gates r, z, n; Keras {@code reset_after=True}). */
    public static Recurrent gru(int units) { return new Recurrent(RecurrentCells.gru(), units, false, false); }

    /** Elman RNN with tanh: h' = tanh(W_ih x + b_ih + W_hh h + b_hh). */
    public static Recurrent simpleRnn(int units) { return simpleRnn(units, "tanh"); }

    /** Elman RNN with {@code "tanh"} or {@code "relu"}. */
    public static Recurrent simpleRnn(int units, String activation) {
        if (activation == null) throw new IllegalArgumentException("simpleRnn: activation is null; use \"tanh\" (default) or \"relu\"");
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

    /**
     * Token-id embedding {@code [vocabulary, dimension]}; {@code .maskZero()} treats id 0 as padding and
     * masks it inside the model (Keras' {@code mask_zero=True}), so predictions need no mask.
     *
     * <pre>{@code sequential(embedding(10_000, 32).maskZero(), lstm(32), dense(1, "sigmoid"))}</pre>
     */
    public static Embedding embedding(int vocabulary, int dimension) { return new Embedding(vocabulary, dimension, false); }

    /** Inverted dropout with the given drop rate, active only in training. */
    public static Dropout dropout(double rate) { return new Dropout(rate); }

    /** Both directions of a recurrent layer, outputs concatenated; {@code .sum()} adds them instead. */
    public static Bidirectional bidirectional(Recurrent layer) { return new Bidirectional(layer, Bidirectional.Merge.CONCAT); }

    /** Both directions merged by {@code "concat"} or {@code "sum"}. */
    public static Bidirectional bidirectional(Recurrent layer, String merge) {
        if (layer == null) throw new IllegalArgumentException("bidirectional: layer is null; e.g. bidirectional(lstm(32), \"concat\")");
        if (merge == null) throw new IllegalArgumentException("bidirectional: merge is null; use \"concat\" or \"sum\"");
        return new Bidirectional(layer, switch (merge.toLowerCase(Locale.ROOT)) {
            case "concat" -> Bidirectional.Merge.CONCAT;
            case "sum" -> Bidirectional.Merge.SUM;
            default -> throw new IllegalArgumentException("bidirectional: merge must be \"concat\" or \"sum\", got \"" + merge + "\"");
        });
    }

    /**
     * Loads a whole model saved with {@link Model#save(Path)}: architecture, weights, and the
     * compile settings with the optimizer's state, ready to predict or to continue training.
     *
     * <pre>{@code var model = loadModel(Path.of("model.recur"));}</pre>
     */
    public static Model loadModel(Path path) { return Model.load(path); }

    /** {@link #loadModel(Path)} with a path string: {@code loadModel("model.recur")}. */
    public static Model loadModel(String path) {
        if (path == null) throw new IllegalArgumentException("loadModel: path is null; e.g. loadModel(\"model.recur\")");
        return Model.load(Path.of(path));
    }

    // ---- generation ---------------------------------------------------------------------------

    /**
     * Draws a class index from one row of probabilities with a temperature (0.5 = cautious,
     * 1 = as predicted, 1.5 = adventurous): {@code int next = sample(model.step(x), 0.8, rng);}
     */
    public static int sample(INDArray probabilities, double temperature, java.util.Random rng) {
        return Sampling.sample(probabilities, temperature, rng);
    }

    /**
     * Greedy decoding: each row takes its most probable next token until the end token or the maximum length;
     * {@code greedySearch().endToken(END).maxLength(40).decode(step, starts)} over a {@link DecoderStep}.
     */
    public static GreedySearch greedySearch() { return new GreedySearch(); }

    /**
     * Beam search keeping {@code width} hypotheses per row, batch-wise, with GNMT's length penalty as an option:
     * {@code beamSearch(5).endToken(END).maxLength(40).lengthPenalty(0.6).decode(step, starts)}.
     */
    public static BeamSearch beamSearch(int width) { return new BeamSearch(width); }

    // ---- losses -------------------------------------------------------------------------------

    /** Mean squared error (a loss, and a metric: {@code metrics(mse())}). */
    public static MeanSquaredError mse() { return new MeanSquaredError(); }
    /** Mean absolute error (a loss, and a metric: {@code metrics(mae())}). */
    public static MeanAbsoluteError mae() { return new MeanAbsoluteError(); }
    /** Huber loss with delta 1 (quadratic near zero, linear beyond). */
    public static Huber huber() { return new Huber(); }
    public static Huber huber(double delta) { return new Huber(delta); }
    /** Binary cross-entropy on probabilities (sigmoid outputs); {@code .fromLogits()} for raw scores. */
    public static BinaryCrossentropy binaryCrossentropy() { return new BinaryCrossentropy(); }
    /** Categorical cross-entropy on one-hot targets and softmax outputs; {@code .fromLogits()} for raw scores. */
    public static CategoricalCrossentropy categoricalCrossentropy() { return new CategoricalCrossentropy(); }
    /** Cross-entropy with integer class targets {@code [batch]} or {@code [batch, 1]}. */
    public static SparseCategoricalCrossentropy sparseCategoricalCrossentropy() { return new SparseCategoricalCrossentropy(); }

    // ---- optimizers ---------------------------------------------------------------------------

    /** Adam (PyTorch's update); {@code adam(1e-3).clipNorm(1.0).weightDecay(1e-4)}. */
    public static Adam adam(double learningRate) { return new Adam(learningRate); }
    /** Adam with learning rate 0.001. */
    public static Adam adam() { return new Adam(1e-3); }
    /** Plain SGD; {@code sgd(0.1).momentum(0.9).nesterov()}. */
    public static Sgd sgd(double learningRate) { return new Sgd(learningRate); }
    /** RMSprop with PyTorch's defaults (alpha 0.99, eps 1e-8). */
    public static RmsProp rmsprop(double learningRate) { return new RmsProp(learningRate); }
    public static Adagrad adagrad(double learningRate) { return new Adagrad(learningRate); }

    // ---- metrics ------------------------------------------------------------------------------

    /** Accuracy: thresholded at 0.5 for one output, argmax otherwise. */
    public static Accuracy accuracy() { return new Accuracy(); }
    public static RootMeanSquaredError rmse() { return new RootMeanSquaredError(); }
    /**
     * Perplexity of a softmax output: exp of the mean negative log-probability of the true next token
     * (1 = certain, the vocabulary size = a uniform guess), for language models:
     * {@code compile(adam(3e-3), sparseCategoricalCrossentropy(), metrics(perplexity()))}.
     */
    public static Perplexity perplexity() { return new Perplexity(); }

    // ---- BLEU (translations against references) ------------------------------------------------

    /**
     * Corpus BLEU-4 as nltk's {@code corpus_bleu}: {@code references.get(i)} are the reference token lists of
     * {@code hypotheses.get(i)}; 0 to 1. For other weights or a smoothing use {@link #bleu()}.
     *
     * <pre>{@code
     * double score = corpusBleu(List.of(List.of(List.of("the", "cat", "is", "on", "the", "mat"))),
     *                           List.of(List.of("the", "cat", "sat", "on", "the", "mat")));
     * }</pre>
     */
    public static <T> double corpusBleu(List<? extends List<? extends List<T>>> references, List<? extends List<T>> hypotheses) {
        return Bleu.bleu4().corpus(references, hypotheses);
    }

    /** Corpus BLEU-4 over token ids: {@code references[i]} are the references of {@code hypotheses[i]}. */
    public static double corpusBleu(int[][][] references, int[][] hypotheses) { return Bleu.bleu4().corpus(references, hypotheses); }

    /**
     * Sentence BLEU-4 as nltk's {@code sentence_bleu} (unsmoothed: 0 when some n-gram order has no match, which
     * short sentences often have; {@code bleu().smoothing(BleuSmoothing.epsilon(0.1)).sentence(...)} smooths).
     */
    public static <T> double sentenceBleu(List<? extends List<T>> references, List<T> hypothesis) {
        return Bleu.bleu4().sentence(references, hypothesis);
    }

    /** Sentence BLEU-4 over token ids. */
    public static double sentenceBleu(int[][] references, int[] hypothesis) { return Bleu.bleu4().sentence(references, hypothesis); }

    /**
     * BLEU-4 to configure: {@code bleu().weights(0.5, 0.5).smoothing(BleuSmoothing.epsilon(0.1)).corpus(references, hypotheses)};
     * {@code corpusScore(...)} gives the precisions, lengths and brevity penalty too.
     */
    public static Bleu bleu() { return Bleu.bleu4(); }

    // ---- callbacks ----------------------------------------------------------------------------

    /** Stops when {@code val_loss} (or {@code loss}) stops improving; {@code .patience(5).restoreBestWeights()}. */
    public static EarlyStopping earlyStopping() { return new EarlyStopping(); }
    /** Saves the model after each epoch; {@code .saveBestOnly()}. */
    public static ModelCheckpoint checkpoint(String path) {
        if (path == null) throw new IllegalArgumentException("checkpoint: path is null; e.g. checkpoint(\"best.recur\")");
        return new ModelCheckpoint(Path.of(path));
    }
    /** Divides the learning rate when the monitored value plateaus (Keras defaults). */
    public static ReduceLROnPlateau reduceLrOnPlateau() { return new ReduceLROnPlateau(); }
    /** Learning rate per epoch from a function: {@code lrSchedule(e -> 1e-3 * Math.pow(0.9, e))}. */
    public static LearningRateSchedule lrSchedule(IntToDoubleFunction schedule) { return LearningRateSchedule.of(schedule); }
    /**
     * A loss chart redrawn in place after every epoch inside a notebook (a line per epoch elsewhere):
     * {@code fit(x, y, epochs(30), validationSplit(0.2), callbacks(liveLossChart()))}.
     */
    public static LiveLossChart liveLossChart() { return Plots.liveLossChart(); }

    /** Runs after every epoch: {@code callbacks(onEpoch((epoch, logs) -> System.out.println(logs.get("loss"))))}. */
    public static EpochListener onEpoch(EpochListener listener) {
        if (listener == null) throw new IllegalArgumentException("onEpoch: listener is null; e.g. onEpoch((epoch, logs) -> System.out.println(logs))");
        return listener;
    }

    // ---- metrics list -------------------------------------------------------------------------

    /** The metrics to log: {@code compile(adam(), mse(), metrics(mae(), rmse()))}. */
    public static Metric[] metrics(Metric... metrics) {
        if (metrics == null) throw new IllegalArgumentException("metrics: the array is null; e.g. metrics(mae(), rmse())");
        for (int i = 0; i < metrics.length; i++) {
            if (metrics[i] == null) throw new IllegalArgumentException("metrics: metric " + i + " is null; e.g. metrics(mae(), rmse())");
        }
        return metrics;
    }

    // ---- fit options --------------------------------------------------------------------------

    public static FitOption epochs(int n) { return FitOption.epochs(n); }
    public static FitOption batchSize(int n) { return FitOption.batchSize(n); }
    /** The last fraction of the samples (not shuffled) validates, as Keras' {@code validation_split}. */
    public static FitOption validationSplit(double fraction) { return FitOption.validationSplit(fraction); }
    public static FitOption validationData(INDArray x, INDArray y) { return FitOption.validationData(new SequenceData(x, y, null)); }
    public static FitOption validationData(SequenceData data) { return FitOption.validationData(data); }
    /**
     * Seeds weight initialisation, shuffling and dropout: the same seed, data and options give the same
     * result, also when an earlier {@code predict} or {@code step} built the model (its untrained weights
     * are drawn again from the seed; trained or loaded weights are kept). Bit for bit with the same
     * ND4J/OpenBLAS thread count; another count sums in another order and changes the last digits.
     *
     * <pre>{@code model.fit(x, y, epochs(10), seed(42));}</pre>
     */
    public static FitOption seed(long seed) { return FitOption.seed(seed); }
    public static FitOption shuffle(boolean on) { return FitOption.shuffle(on); }
    /** Progress output (in place in a notebook, a line per epoch elsewhere); on by default. */
    public static FitOption verbose(boolean on) { return FitOption.verbose(on); }
    public static FitOption callbacks(Callback... callbacks) { return FitOption.callbacks(callbacks); }
    /**
     * Truncated BPTT: split each sequence into windows of {@code steps}, update after each, carry the
     * state (the gradient stops at each window's start). A last-step output learns from the last window
     * only; fit refuses that when padding fills the last window of some sequence (pad at the front, or
     * leave tbptt out). Not for bidirectional models.
     *
     * <pre>{@code model.fit(streams, targets, batchSize(32), tbptt(64));}</pre>
     */
    public static FitOption tbptt(int steps) { return FitOption.tbptt(steps); }
}
