package io.github.recur.layers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A recurrent layer: a {@link RecurrentCell} (SimpleRNN, LSTM, GRU) run over a sequence. The layer
 * owns the sequence around the step: direction, masks, the initial, final and carried state, and
 * backpropagation through time; the cell owns the math of one step; a {@link Recurrence} runs the
 * loop, on the reference path or the fast CPU path ({@link ComputePath}). Weights follow PyTorch:
 * {@code weight_ih_l0 [G*H, in]}, {@code weight_hh_l0 [G*H, H]}, {@code bias_ih_l0}, {@code bias_hh_l0}.
 *
 * <p>Masks ({@code [time, batch]}, 1 = real step): a masked step leaves the state unchanged (as
 * Keras), its sequence output is zero (as PyTorch's packed sequences), and no gradient flows into
 * it; so the last-step output is the state after the last valid step.
 *
 * <p>Initialisation (Keras defaults): Glorot-uniform {@code W_ih}, orthogonal {@code W_hh}, zero
 * biases, and for LSTM a forget-gate bias of 1 (in {@code bias_ih}; {@code bias_hh} stays zero).
 *
 * <p>Initial and final state: {@link #initialState} sets the state a pass starts from; after a backward
 * pass {@link #initialStateGradient()} gives ∂L/∂h_0 (and ∂L/∂c_0), and {@link #backward(INDArray, INDArray[], boolean)}
 * takes a gradient into the final state, so that an encoder whose final state seeds a decoder learns
 * from the decoder's loss.
 *
 * <p>Recurrent dropout ({@link #recurrentDropout}, Keras' {@code recurrent_dropout}): in training, one
 * mask per pass ({@code [batch, units]}, the same at every step) drops units of h_{t-1} where it enters
 * h_{t-1}·W_hhᵀ; the state itself (LSTM's c, GRU's z ⊙ h) is not dropped. Off at inference.
 *
 * <pre>{@code sequential(lstm(64).returnSequences(), gru(32).recurrentDropout(0.2), dense(1))}</pre>
 */
public final class Recurrent extends Layer {
    private final RecurrentCell cell;
    private final int units;
    private final boolean returnSequences;
    private final boolean reverse;
    private final double recurrentDropout;
    private final List<Recurrent> self = List.of(this); // recurrentLayers() without a list per call (step() asks per token)

    private Param wIh, wHh, bIh, bHh;
    private INDArray initialH, initialC;
    private boolean stateful;
    private INDArray[] carried; // the final state a stateful layer starts its next pass from, reused between passes

    private Recurrence recurrence; // the path that ran the last forward pass
    private ComputePath pinned;    // a path chosen for this layer alone (tests), else ComputePath.current()
    private INDArray mask;         // the last pass's mask in step order, or null
    private INDArray lastDrop;     // the recurrent dropout mask of the last pass, or null
    private boolean startedFromGivenState; // the last pass started from initialState(...): backward gives its gradient
    private INDArray[] initialGrad;        // ∂L/∂h_0 (and ∂L/∂c_0) of the last backward pass, or null
    private int steps, batch;
    // Each forward pass serves one backward pass; inference passes may keep no gates; backward may overwrite them.
    private boolean forwardServes, gatesKept, backwardRan;
    private boolean keepGates = true, recordNorms;
    private double[] stateGradNorms;

    public Recurrent(RecurrentCell cell, int units, boolean returnSequences, boolean reverse) {
        this(cell, units, returnSequences, reverse, 0);
    }

    /** A layer with recurrent dropout {@code recurrentDropout} in [0, 1) (see {@link #recurrentDropout(double)}). */
    public Recurrent(RecurrentCell cell, int units, boolean returnSequences, boolean reverse, double recurrentDropout) {
        if (cell == null) throw new IllegalArgumentException("recurrent layer: cell is null; use lstm(units), gru(units) or simpleRnn(units)");
        if (units <= 0) {
            throw new IllegalArgumentException(cell.type() + ": units must be positive, got " + units);
        }
        if (!(recurrentDropout >= 0 && recurrentDropout < 1)) {
            throw new IllegalArgumentException(cell.type() + ": recurrentDropout must be in [0, 1) (the fraction of h_{t-1}'s units "
                    + "dropped in the recurrent product), got " + recurrentDropout + "; give a rate such as 0.2, or 0 for none");
        }
        this.cell = cell;
        this.units = units;
        this.returnSequences = returnSequences;
        this.reverse = reverse;
        this.recurrentDropout = recurrentDropout;
    }

    /** A copy that outputs the whole sequence {@code [batch, time, units]} instead of the last step. */
    public Recurrent returnSequences() { return keepName(new Recurrent(cell, units, true, reverse, recurrentDropout)); }

    /** A copy that reads the sequence from the last step to the first (as Keras' {@code go_backwards}). */
    public Recurrent goBackwards() { return keepName(new Recurrent(cell, units, returnSequences, true, recurrentDropout)); }

    /**
     * A copy with recurrent dropout (Keras' {@code recurrent_dropout}): during training each pass draws one
     * mask over the units ({@code [batch, units]}, kept with probability 1 − rate and scaled by
     * 1/(1 − rate)) and multiplies h_{t-1} by it where it enters h_{t-1}·W_hhᵀ, at every step of the
     * sequence; the carried state (LSTM's c, GRU's z ⊙ h) is not dropped. Off at inference
     * ({@code predict}, {@code evaluate}, {@code step}). Draws from the model's seeded generator.
     *
     * <pre>{@code sequential(embedding(5000, 32), lstm(64).recurrentDropout(0.2), dense(1, "sigmoid"))}</pre>
     */
    public Recurrent recurrentDropout(double rate) { return keepName(new Recurrent(cell, units, returnSequences, reverse, rate)); }

    /** This layer applied to {@code input}, from zero initial states; its {@link RecurrentNode#states()} can start another layer. */
    @Override public RecurrentNode on(Node input) { return RecurrentNode.call(this, input, List.of()); }

    /**
     * This layer applied to {@code input}, starting from {@code initialState} ({h}, or {h, c} for an LSTM,
     * each {@code [batch, units]}): Keras' {@code initial_state}.
     *
     * <pre>{@code RecurrentNode decoder = lstm(256).returnSequences().on(targetEmbedded, encoder.states());}</pre>
     */
    public RecurrentNode on(Node input, List<Node> initialState) { return RecurrentNode.call(this, input, initialState); }

    @Override public Recurrent named(String name) { return (Recurrent) super.named(name); }

    @Override public int stateCount() { return cell.hasCellState() ? 2 : 1; }

    @Override public int[] stateSizes() { return cell.hasCellState() ? new int[] {units, units} : new int[] {units}; }

    @Override public List<String> stateNames() { return cell.hasCellState() ? List.of("h", "c") : List.of("h"); }

    @Override public void initialStates(INDArray[] states) {
        if (states == null || states.length == 0) { initialState(null, null); return; }
        if (states.length != stateCount()) throw error("starts from " + stateNames() + " but got " + states.length + " state array(s)");
        initialState(states[0], states.length > 1 ? states[1] : null);
    }

    @Override public INDArray[] finalStates() { return finalState(); }

    @Override public INDArray[] initialStateGradients() { return initialStateGradient(); }

    Recurrent withDirection(boolean reversed) { return new Recurrent(cell, units, returnSequences, reversed, recurrentDropout); }

    public RecurrentCell cell() { return cell; }
    public int units() { return units; }
    public boolean returnsSequences() { return returnSequences; }
    public boolean reversed() { return reverse; }
    /** The recurrent dropout rate (0: none). */
    public double recurrentDropoutRate() { return recurrentDropout; }

    @Override public String type() { return cell.type(); }

    @Override public Map<String, Object> config() {
        var m = new LinkedHashMap<String, Object>();
        m.put("units", units);
        cell.putConfig(m);
        m.put("return_sequences", returnSequences);
        m.put("go_backwards", reverse);
        if (recurrentDropout > 0) m.put("recurrent_dropout", recurrentDropout); // absent = 0: files of earlier versions read alike
        return m;
    }

    @Override public Recurrent fresh() { return keepName(new Recurrent(cell, units, returnSequences, reverse, recurrentDropout)); }

    @Override public String details() {
        return units + (units == 1 ? " unit" : " units") + cell.details() + (returnSequences ? ", sequences" : "")
                + (reverse ? ", backwards" : "") + (recurrentDropout > 0 ? ", recurrent dropout " + recurrentDropout : "");
    }

    @Override public boolean requiresSequence() { return true; }

    @Override public List<Recurrent> recurrentLayers() { return self; }

    @Override public String inputSizeWeight() { return "weight_ih_l0"; }

    @Override public boolean outputIsSequence(boolean in) { return returnSequences; }

    @Override public int outputFeatures(int inputFeatures) { return units; }

    @Override public void build(int inputFeatures, boolean inputIsSequence, Random rng, DataType dtype) {
        build(inputFeatures, rng, dtype, "");
    }

    void build(int inputFeatures, Random rng, DataType dtype, String suffix) {
        int g = cell.gates() * units;
        // Keras kernel [in, G*H] has fan_in = in, fan_out = G*H; ours is the transpose.
        wIh = new Param("weight_ih_l0" + suffix, Init.glorotUniform(rng, g, inputFeatures, inputFeatures, g, dtype), true);
        wHh = new Param("weight_hh_l0" + suffix, Init.orthogonal(rng, g, units, dtype), true);
        bIh = new Param("bias_ih_l0" + suffix, Nd4j.zeros(dtype, g), false);
        bHh = new Param("bias_hh_l0" + suffix, Nd4j.zeros(dtype, g), false);
        cell.initBiases(bIh.value(), units, rng);
        recurrence = null;
    }

    @Override public List<Param> params() { return List.of(wIh, wHh, bIh, bHh); }

    // ---- state -----------------------------------------------------------------------------

    /**
     * Sets the state the next forward pass starts from: {@code h [batch, units]} and, for LSTM,
     * {@code c}; null clears it (zeros).
     */
    public void initialState(INDArray h, INDArray c) {
        if (h != null && (h.rank() != 2 || h.size(1) != units)) {
            throw error("initial state h must be [batch, " + units + "] but is " + Arrays.toString(h.shape()));
        }
        if (c != null && !cell.hasCellState()) throw error("has no cell state; pass only h");
        if (cell.hasCellState() && h != null && c == null) throw error("an LSTM initial state needs both h and c");
        if (c != null && !Arrays.equals(c.shape(), h == null ? null : h.shape())) {
            throw error("initial state c must have h's shape " + (h == null ? "(h is missing)" : Arrays.toString(h.shape()))
                    + " but is " + Arrays.toString(c.shape()));
        }
        initialH = h;
        initialC = c;
    }

    /** When true, every forward pass starts from the previous pass's final state (for {@code step}). */
    public void stateful(boolean on) {
        stateful = on;
        if (!on) initialState(null, null);
    }

    /** Whether forward passes continue from the previous pass's final state (set by {@code Model.step}). */
    public boolean isStateful() { return stateful; }

    /** Forgets the carried state of a stateful layer. */
    public void resetState() { carried = null; }

    /** Final state of the last forward pass: {h} or {h, c}, each {@code [batch, units]}. */
    public INDArray[] finalState() {
        requireRun();
        INDArray[] state = newState(batch);
        recurrence.copyFinalState(state[0], state.length > 1 ? state[1] : null);
        return state;
    }

    private INDArray[] newState(int rows) {
        INDArray[] state = new INDArray[cell.hasCellState() ? 2 : 1];
        for (int i = 0; i < state.length; i++) state[i] = Nd4j.createUninitialized(wIh.value().dataType(), rows, units);
        return state;
    }

    /** Keeps the final state for the next stateful pass, in arrays reused between calls (step-by-step generation). */
    private void carryFinalState() {
        if (carried == null || carried[0].rows() != batch || carried[0].dataType() != wIh.value().dataType()) carried = newState(batch);
        recurrence.copyFinalState(carried[0], carried.length > 1 ? carried[1] : null);
    }

    // ---- forward ---------------------------------------------------------------------------

    @Override public INDArray forward(INDArray input, INDArray inputMask, boolean training, Random rng) {
        if (input.rank() != 3) throw error("expects a sequence [batch, time, features] but got shape " + Arrays.toString(input.shape()));
        long in = input.size(2);
        if (in != wIh.value().size(1)) {
            throw error("expects " + wIh.value().size(1) + " input features but got " + in
                    + " (input shape [batch " + input.size(1) + ", time " + input.size(0) + ", features " + in
                    + "]); give the data the feature count the model was built with");
        }
        DataType dt = wIh.value().dataType();
        int b = (int) input.size(1);
        INDArray h0 = stateful && carried != null ? carried[0] : initialH;
        INDArray c0 = stateful && carried != null && carried.length > 1 ? carried[1] : initialC;
        if (h0 != null && h0.size(0) != b) {
            throw error("initial state has batch " + h0.size(0) + " but the input has batch " + b + "; call resetState() when the batch size changes");
        }
        recurrence = recurrence(dt);
        mask = inputMask == null ? null : (reverse ? reverseTime(inputMask) : inputMask).castTo(dt).dup('c');
        gatesKept = training || keepGates;
        startedFromGivenState = h0 != null && h0 == initialH;
        if (h0 != null && h0.dataType() != dt) h0 = h0.castTo(dt);
        if (c0 != null && c0.dataType() != dt) c0 = c0.castTo(dt);
        initialGrad = null;
        INDArray drop = training && recurrentDropout > 0 ? recurrentDropoutMask(b, dt, rng) : null;
        lastDrop = drop;
        recurrence.forward(reverse ? reverseTime(input.castTo(dt)) : input.castTo(dt), mask, h0, c0, drop, gatesKept);
        steps = (int) input.size(0);
        batch = b;
        forwardServes = true;
        backwardRan = false;
        if (stateful) carryFinalState();
        if (!returnSequences) return recurrence.lastOutput();
        INDArray out = recurrence.sequenceOutput();
        return reverse ? reverseTime(out) : out;
    }

    /** One mask for the whole pass, {@code [batch, units]}: 0 with probability rate, else 1/(1 − rate). */
    private INDArray recurrentDropoutMask(int rows, DataType dt, Random rng) {
        double[] keep = new double[rows * units];
        double scale = 1 / (1 - recurrentDropout);
        for (int i = 0; i < keep.length; i++) keep[i] = rng.nextDouble() < recurrentDropout ? 0 : scale;
        return Nd4j.create(keep, new long[] {rows, units}, DataType.DOUBLE).castTo(dt);
    }

    /** The recurrent dropout mask of the last forward pass ({@code [batch, units]}), null when it had none (tests). */
    INDArray lastRecurrentDropoutMask() { return lastDrop; }

    /**
     * The path for this pass: the fast one where {@link ComputePath} allows it and it computes what the
     * layer needs, else the reference one. A new capability goes into the reference path first and
     * is excluded here until the fast path has it.
     */
    private Recurrence recurrence(DataType dt) {
        boolean fast = (pinned != null ? pinned : ComputePath.current()) == ComputePath.FAST
                && (dt == DataType.FLOAT || dt == DataType.DOUBLE);
        if (fast ? recurrence instanceof FastRecurrence : recurrence instanceof ReferenceRecurrence) return recurrence;
        CellWeights values = new CellWeights(wIh.value(), wHh.value(), bIh.value(), bHh.value());
        CellWeights grads = new CellWeights(wIh.grad(), wHh.grad(), bIh.grad(), bHh.grad());
        return fast ? new FastRecurrence(cell, units, values, grads) : new ReferenceRecurrence(cell, units, values, grads);
    }

    /** Runs this layer on one path whatever {@link ComputePath} says; null follows it again (for tests). */
    void pinComputePath(ComputePath path) { pinned = path; }

    /** The path the last forward pass took (null before the first). */
    ComputePath lastComputePath() {
        return recurrence == null ? null : recurrence instanceof FastRecurrence ? ComputePath.FAST : ComputePath.REFERENCE;
    }

    /**
     * Whether forward passes with {@code training = false} keep the gate activations for
     * {@link #gateActivations} (default true; training passes always keep what backward needs). The
     * model turns it off for {@code predict}, {@code evaluate} and {@code step}, which then skip those
     * writes, and on for its {@code gateActivations}.
     *
     * <pre>{@code layer.keepGates(false); layer.forward(x, null, false, rng); // h only}</pre>
     */
    public void keepGates(boolean on) { keepGates = on; }

    @Override public INDArray outputMask(INDArray inputMask, INDArray input) { return returnSequences ? inputMask : null; }

    // ---- backward (BPTT) ------------------------------------------------------------------------

    @Override public INDArray backward(INDArray gradOutput) { return backward(gradOutput, true); }

    @Override public INDArray backward(INDArray gradOutput, boolean inputGradient) { return backward(gradOutput, null, inputGradient); }

    /**
     * Backward from ∂L/∂output ({@code gradOutput}, may be null when only the final state reaches the loss)
     * and ∂L/∂(final state) ({@code finalStateGradient}: {h} or {h, c} as {@link #finalState()} gives them,
     * each {@code [batch, units]}; or null): the gradient a decoder hands back to the encoder whose final
     * state it started from. Writes the parameter gradients, keeps ∂L/∂h_0 for
     * {@link #initialStateGradient()} when the pass started from {@link #initialState}, and returns ∂L/∂input
     * (null when {@code inputGradient} is false).
     *
     * <pre>{@code
     * decoder.backward(dOut, null, false);
     * encoder.backward(null, decoder.initialStateGradient(), true);
     * }</pre>
     */
    public INDArray backward(INDArray gradOutput, INDArray[] finalStateGradient, boolean inputGradient) {
        if (!forwardServes) throw error("backward needs a forward pass first, and each forward pass serves one backward pass; run forward again (fit and computeGradients do both)");
        forwardServes = false;
        if (!gatesKept) {
            throw error("the last forward pass was a prediction that kept no gate activations (keepGates(false)); "
                    + "backward needs a forward pass with training = true");
        }
        DataType dt = wIh.value().dataType();
        INDArray dSequence = null;
        if (returnSequences && gradOutput != null) {
            requireShape("gradOutput", gradOutput, steps, batch, units);
            dSequence = reverse ? reverseTime(gradOutput.castTo(dt)) : gradOutput.castTo(dt).dup('c');
            if (mask != null) dSequence.reshape('c', (long) steps * batch, units).muliColumnVector(mask.reshape('c', (long) steps * batch, 1));
        }
        INDArray dLast = returnSequences || gradOutput == null ? null : gradOutput.castTo(dt);
        if (dLast != null) requireShape("gradOutput", dLast, batch, units);
        INDArray dLastC = null;
        if (finalStateGradient != null) {
            int expected = cell.hasCellState() ? 2 : 1;
            if (finalStateGradient.length != expected || finalStateGradient[0] == null || (expected == 2 && finalStateGradient[1] == null)) {
                throw error("the final state's gradient must be " + (expected == 2 ? "{dh, dc}" : "{dh}") + " as finalState() gives the state, got "
                        + finalStateGradient.length + " array(s)");
            }
            requireShape("final state gradient", finalStateGradient[0], batch, units);
            dLast = dLast == null ? finalStateGradient[0].castTo(dt) : dLast.add(finalStateGradient[0].castTo(dt)); // h_T is both the last output and the state
            if (expected == 2) {
                requireShape("final cell state gradient", finalStateGradient[1], batch, units);
                dLastC = finalStateGradient[1].castTo(dt);
            }
        }
        stateGradNorms = recordNorms ? new double[steps] : null;
        INDArray dx = recurrence.backward(dSequence, dLast, dLastC, inputGradient, startedFromGivenState, stateGradNorms);
        if (startedFromGivenState) {
            initialGrad = newState(batch);
            recurrence.copyInitialStateGradient(initialGrad[0], initialGrad.length > 1 ? initialGrad[1] : null);
        }
        backwardRan = true;
        if (stateGradNorms != null && reverse) reverse(stateGradNorms);
        if (dx == null) return null; // first learning layer: nobody reads ∂L/∂x
        return reverse ? reverseTime(dx) : dx;
    }

    /**
     * ∂L/∂h_0 (and ∂L/∂c_0 for LSTM), each {@code [batch, units]}, from the last backward pass: the
     * gradient of the state given with {@link #initialState} (hand it to the layer that produced that
     * state). Only for a pass that started from such a state, not from zeros or a stateful carry.
     *
     * <pre>{@code
     * decoder.initialState(encoder.finalState()[0], encoder.finalState()[1]);
     * decoder.forward(target, null, true, rng);  decoder.backward(dOut, null, false);
     * encoder.backward(null, decoder.initialStateGradient(), true);
     * }</pre>
     */
    public INDArray[] initialStateGradient() {
        if (initialGrad == null) {
            throw error("has no initial-state gradient: it is computed by a backward pass after a forward pass that started "
                    + "from a state given with initialState(h, c) (not from zeros, nor from a stateful carry)");
        }
        INDArray[] out = new INDArray[initialGrad.length];
        for (int i = 0; i < out.length; i++) out[i] = initialGrad[i].dup();
        return out;
    }

    private void requireShape(String what, INDArray a, long... shape) {
        if (!Arrays.equals(a.shape(), shape)) {
            throw error(what + " must be " + Arrays.toString(shape) + " (as the last forward pass) but is " + Arrays.toString(a.shape()));
        }
    }

    // ---- introspection -------------------------------------------------------------------------

    /** Hidden states h_t of the last forward pass, time order, {@code [time, batch, units]}. */
    public INDArray hiddenStates() {
        requireRun();
        INDArray h = recurrence.hiddenStates();
        return reverse ? reverseTime(h) : h;
    }

    /** Gate activations of the last forward pass by gate name, each {@code [time, batch, units]}. */
    public Map<String, INDArray> gateActivations() {
        requireRun();
        var out = new LinkedHashMap<String, INDArray>();
        if (cell.gatesAreHiddenStates()) {
            out.put(cell.gateNames()[0], hiddenStates());
            return out;
        }
        if (!gatesKept) {
            throw error("the last forward pass was a prediction, which keeps no gate activations (keepGates(false)); "
                    + "Model.gateActivations(x, layer) runs a pass that keeps them");
        }
        if (backwardRan && !recurrence.gatesSurviveBackward()) {
            throw error("the gate activations of the last forward pass were overwritten by the backward pass after it; "
                    + "run a forward pass first (Model.gateActivations(x, layer) does)");
        }
        recurrence.gates().forEach((name, g) -> out.put(name, reverse ? reverseTime(g) : g));
        return out;
    }

    /**
     * Whether backward passes record ‖∂L/∂h_t‖ for {@link #stateGradientNorms} (default false: training
     * does not need them). {@code Model.stateGradientNorms(x, y, layer)} turns it on for its own pass.
     *
     * <pre>{@code layer.recordStateGradientNorms(true); model.computeGradients(x, y, null); layer.stateGradientNorms();}</pre>
     */
    public void recordStateGradientNorms(boolean on) { recordNorms = on; }

    /** ‖∂L/∂h_t‖ (over batch and units) from the last backward pass, time order (see {@link #recordStateGradientNorms}). */
    public double[] stateGradientNorms() {
        if (stateGradNorms == null) {
            throw error("has no state-gradient norms: a backward pass records them after recordStateGradientNorms(true); "
                    + "Model.stateGradientNorms(x, y, layer) does both");
        }
        return stateGradNorms.clone();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void requireRun() {
        if (recurrence == null || steps == 0) throw error("has not run yet; call predict or fit first");
    }

    private static void reverse(double[] a) {
        for (int i = 0, j = a.length - 1; i < j; i++, j--) {
            double t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Copy of a time-major array with the time axis reversed. */
    static INDArray reverseTime(INDArray a) {
        int t = (int) a.size(0);
        int[] order = new int[t];
        for (int i = 0; i < t; i++) order[i] = t - 1 - i;
        return Nd4j.pullRows(a.reshape('c', t, -1), 1, order).reshape('c', a.shape());
    }
}
