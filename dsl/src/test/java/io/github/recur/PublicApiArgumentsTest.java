package io.github.recur;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.data.Csv;
import io.github.recur.data.NGramModel;
import io.github.recur.data.ParallelText;
import io.github.recur.data.ParallelTextSplit;
import io.github.recur.data.Scaler;
import io.github.recur.data.SequenceData;
import io.github.recur.data.ShiftedTargets;
import io.github.recur.data.TokenSequences;
import io.github.recur.data.Tokenizer;
import io.github.recur.data.Vocabulary;
import io.github.recur.data.Windows;
import io.github.recur.decode.BeamSearch;
import io.github.recur.decode.Decoded;
import io.github.recur.decode.DecoderStep;
import io.github.recur.decode.GreedySearch;
import io.github.recur.io.AtomicFiles;
import io.github.recur.io.Npy;
import io.github.recur.io.Npz;
import io.github.recur.io.SafeTensors;
import io.github.recur.io.Tar;
import io.github.recur.layers.Activation;
import io.github.recur.layers.Bidirectional;
import io.github.recur.layers.Dense;
import io.github.recur.layers.Dropout;
import io.github.recur.layers.Embedding;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Recurrent;
import io.github.recur.model.Callback;
import io.github.recur.model.FitOption;
import io.github.recur.model.History;
import io.github.recur.model.Model;
import io.github.recur.plot.Plots;
import io.github.recur.text.Bleu;
import io.github.recur.text.BleuSmoothing;
import io.github.recur.train.Loss;
import io.github.recur.train.Metric;
import io.github.recur.train.Optimizer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.IntToDoubleFunction;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/**
 * The systematic pass over the public API for null and NaN: every public constructor, static factory and
 * method of the user-facing classes is called with null in each reference parameter in turn (the
 * others get valid sample values), and must answer with an IllegalArgumentException with a message
 * (naming the argument), never a bare NullPointerException from deep inside nor a silent acceptance. The few parameters where
 * null has a documented meaning (no mask, no targets, in order) are listed below with that meaning.
 * Layers' engine methods (forward, backward, build: called by the model, which validates) are not
 * user calls and are left out. Likewise every {@code double} parameter of the factories and
 * configuration methods (learning rates, rates, fractions, temperatures, deltas) is given NaN, which
 * no such parameter can mean: it must be refused, not carried into training.
 */
class PublicApiArgumentsTest {
    @TempDir static Path tmp;

    private static final List<Class<?>> API = List.of(Recur.class, Model.class, FitOption.class, SequenceData.class, History.class,
            Dense.class, Recurrent.class, Embedding.class, Bidirectional.class, Dropout.class, Activation.class,
            Windows.class, Scaler.class, Vocabulary.class, NGramModel.class, TokenSequences.class, Csv.class,
            SafeTensors.class, Npy.class, Npz.class, Tar.class, AtomicFiles.class, Plots.class,
            Bleu.class, BleuSmoothing.class, GreedySearch.class, BeamSearch.class, Decoded.class,
            ParallelText.class, ParallelTextSplit.class, ShiftedTargets.class,
            io.github.recur.layers.NamedInput.class, io.github.recur.layers.AttentionLayer.class, io.github.recur.layers.Concat.class);

    /** "Class.method#index": null means something there. */
    private static final Set<String> NULL_MEANS_SOMETHING = Set.of(
            "Model.predict#1",            // no mask
            "Model.fit(INDArray,INDArray,INDArray,FitOption[])#2", // no mask
            "Model.computeGradients#2", "Model.lossValue#2", // no mask
            "Model.initialState#1", "Model.initialState#2", // back to zeros
            "SequenceData.<init>#1", "SequenceData.<init>#2", // no targets (prediction), no mask
            "SequenceData.batches(int,Random)#1", // in order
            "Plots.forecast(double[],double[],double[])#2", // no actual future to draw
            "SafeTensors.decode#1", "Npy.decode#2", "Tar.readGzip(InputStream,String,Path,EntryHandler)#2", "Tar.read#2", // not from a file
            "SafeTensors.write(Path,Map,Map)#2", "SafeTensors.encode#1", // no metadata
            "Windows.scaled#0",           // no scaling
            "ParallelTextSplit.<init>#1", // no validation part
            "SequenceData.<init>#3",      // one unnamed input x
            "Plots.predictions(double[],double[],int,int)#3"); // -1: no validation/test boundary (for int: -1, not null)

    /** Layers' engine methods: the model calls them after validating. */
    private static final Set<String> ENGINE = Set.of("forward", "backward", "build", "outputMask", "initialState", "outputFeatures",
            "pinComputePath", "keepGates", "index",
            "initialStates", "finalStates", "initialStateGradients", "backwardEach", "outputIsSequence");

    private static final Map<Class<?>, Supplier<Object>> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put(String.class, () -> "x");
        SAMPLES.put(INDArray.class, () -> Nd4j.ones(DataType.FLOAT, 2, 3, 1));
        SAMPLES.put(Path.class, () -> tmp.resolve("sample.bin"));
        SAMPLES.put(Layer.class, () -> Recur.lstm(2));
        SAMPLES.put(io.github.recur.layers.Node.class, () -> Recur.input("x").features(1));
        SAMPLES.put(io.github.recur.layers.Node[].class, () -> new io.github.recur.layers.Node[] {Recur.input("a").features(1), Recur.input("b").features(1)});
        SAMPLES.put(Layer[].class, () -> new Layer[] {Recur.lstm(2), Recur.dense(1)});
        SAMPLES.put(Recurrent.class, () -> Recur.lstm(2));
        SAMPLES.put(io.github.recur.layers.RecurrentCell.class, io.github.recur.layers.RecurrentCells::lstm);
        SAMPLES.put(Model.class, () -> Recur.sequential(Recur.lstm(2), Recur.dense(1)));
        SAMPLES.put(SequenceData.class, () -> new SequenceData(Nd4j.ones(DataType.FLOAT, 4, 3, 1), Nd4j.ones(DataType.FLOAT, 4, 1)));
        SAMPLES.put(History.class, History::new);
        SAMPLES.put(Scaler.class, Scaler::minMax);
        SAMPLES.put(Tokenizer.class, Tokenizer::characters);
        SAMPLES.put(Table.class, () -> Table.create("t", DoubleColumn.create("a", 1, 2, 3, 4, 5, 6)));
        SAMPLES.put(Collection.class, () -> List.of("ab", "ba"));
        SAMPLES.put(List.class, () -> List.of("ab", "ba"));
        SAMPLES.put(Map.class, LinkedHashMap::new);
        SAMPLES.put(Random.class, () -> new Random(1));
        SAMPLES.put(DataType.class, () -> DataType.FLOAT);
        SAMPLES.put(Optimizer.class, Recur::adam);
        SAMPLES.put(Loss.class, Recur::mse);
        SAMPLES.put(Metric.class, Recur::mae);
        SAMPLES.put(Metric[].class, () -> new Metric[0]);
        SAMPLES.put(FitOption[].class, () -> new FitOption[0]);
        SAMPLES.put(Callback[].class, () -> new Callback[0]);
        SAMPLES.put(Callback.class, () -> new Callback() {});
        SAMPLES.put(Csv.Option[].class, () -> new Csv.Option[0]);
        SAMPLES.put(String[].class, () -> new String[] {"a"});
        SAMPLES.put(double[].class, () -> new double[] {1, 2, 3, 4, 5, 6});
        SAMPLES.put(int[].class, () -> new int[] {1, 2, 1, 2});
        SAMPLES.put(double[][].class, () -> new double[][] {{1}, {2}});
        SAMPLES.put(int[][].class, () -> new int[][] {{1, 2}, {2}});
        SAMPLES.put(int[][][].class, () -> new int[][][] {{{1, 2}}, {{2}, {1}}});
        SAMPLES.put(BleuSmoothing.class, BleuSmoothing::epsilon);
        SAMPLES.put(ParallelText.class, () -> ParallelText.of(List.of("ab", "ba"), List.of("x", "y")));
        SAMPLES.put(DecoderStep.class, () -> new DecoderStep() { // uniform over 3 tokens
            @Override public INDArray logProbabilities(int[] previous) { return Nd4j.valueArrayOf(new long[] {previous.length, 3}, Math.log(1.0 / 3)); }

            @Override public void keepRows(int[] rows) {}
        });
        SAMPLES.put(IntToDoubleFunction.class, () -> (IntToDoubleFunction) e -> 0.1);
        SAMPLES.put(Bidirectional.Merge.class, () -> Bidirectional.Merge.CONCAT);
        SAMPLES.put(Activation.class, () -> Activation.LINEAR);
        SAMPLES.put(Tar.EntryHandler.class, () -> (Tar.EntryHandler) (name, size, content) -> {});
        SAMPLES.put(java.io.InputStream.class, () -> new java.io.ByteArrayInputStream(new byte[0]));
        SAMPLES.put(byte[].class, () -> new byte[8]);
        SAMPLES.put(org.knowm.xchart.internal.chartpart.Chart.class, () -> Plots.predictions(new double[] {1, 2, 3}, new double[] {1, 2, 3}, 2));
    }

    private static final Map<Class<?>, Supplier<Object>> INSTANCES = new LinkedHashMap<>();

    static {
        INSTANCES.put(Model.class, SAMPLES.get(Model.class));
        INSTANCES.put(SequenceData.class, SAMPLES.get(SequenceData.class));
        INSTANCES.put(History.class, History::new);
        INSTANCES.put(Dense.class, () -> Recur.dense(2));
        INSTANCES.put(Recurrent.class, () -> Recur.lstm(2));
        INSTANCES.put(Embedding.class, () -> Recur.embedding(5, 2));
        INSTANCES.put(Bidirectional.class, () -> Recur.bidirectional(Recur.lstm(2)));
        INSTANCES.put(Dropout.class, () -> Recur.dropout(0.1));
        INSTANCES.put(Scaler.class, () -> Scaler.standard().fit(new double[] {1, 2, 4}));
        INSTANCES.put(Vocabulary.class, () -> Vocabulary.ofCharacters("abc"));
        INSTANCES.put(Windows.class, () -> Windows.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8}));
        INSTANCES.put(TokenSequences.class, () -> new TokenSequences(new int[][] {{1, 2}, {3}}, new int[] {0, 1}));
        INSTANCES.put(ParallelText.class, SAMPLES.get(ParallelText.class));
        INSTANCES.put(NGramModel.class, () -> NGramModel.fit(new int[] {1, 2, 1, 2, 1, 2}, 2, 3));
        INSTANCES.put(io.github.recur.train.Adam.class, Recur::adam);
        INSTANCES.put(io.github.recur.train.Sgd.class, () -> Recur.sgd(0.1));
        INSTANCES.put(io.github.recur.train.RmsProp.class, () -> Recur.rmsprop(0.1));
        INSTANCES.put(io.github.recur.train.Adagrad.class, () -> Recur.adagrad(0.1));
        INSTANCES.put(io.github.recur.callbacks.EarlyStopping.class, Recur::earlyStopping);
        INSTANCES.put(io.github.recur.callbacks.ReduceLROnPlateau.class, Recur::reduceLrOnPlateau);
        INSTANCES.put(Bleu.class, Recur::bleu);
        INSTANCES.put(GreedySearch.class, () -> Recur.greedySearch().endToken(2).maxLength(3));
        INSTANCES.put(BeamSearch.class, () -> Recur.beamSearch(2).endToken(2).maxLength(3));
        INSTANCES.put(Decoded.class, () -> Recur.greedySearch().maxLength(2).decode((DecoderStep) SAMPLES.get(DecoderStep.class).get(), new int[] {0, 1}));
    }

    @Test void everyPublicCallRefusesNullWithAnIllegalArgumentException() {
        var untested = new ArrayList<String>();
        var tried = new int[1];
        List<String> failures = tryEach(API, type -> !type.isPrimitive(), type -> null, "null", tried, untested);
        System.out.printf("PublicApiArgumentsTest: %d calls with a null argument; no sample value for %s%n", tried[0], untested);
        assertTrue(tried[0] > 150, "only " + tried[0] + " calls tried");
        assertTrue(failures.isEmpty(), failures.size() + " calls do not refuse null clearly:\n" + String.join("\n", failures));
    }

    @Test void everyDoubleParameterRefusesNaN() {
        var classes = new ArrayList<Class<?>>(API);
        classes.addAll(List.of(io.github.recur.train.Adam.class, io.github.recur.train.Sgd.class, io.github.recur.train.RmsProp.class,
                io.github.recur.train.Adagrad.class, io.github.recur.train.Huber.class, io.github.recur.callbacks.EarlyStopping.class,
                io.github.recur.callbacks.ReduceLROnPlateau.class, io.github.recur.callbacks.LearningRateSchedule.class));
        var untested = new ArrayList<String>();
        var tried = new int[1];
        List<String> failures = tryEach(classes, type -> type == double.class, type -> Double.NaN, "NaN", tried, untested);
        System.out.printf("PublicApiArgumentsTest: %d calls with a NaN argument; no sample value for %s%n", tried[0], untested);
        assertTrue(tried[0] > 30, "only " + tried[0] + " calls tried");
        assertTrue(failures.isEmpty(), failures.size() + " calls do not refuse NaN:\n" + String.join("\n", failures));
    }

    /** Counts, sizes, lengths and indices: -1 is none of them (the one exception, a boundary that may be absent, is listed above). */
    @Test void everyIntParameterRefusesMinusOne() {
        var classes = new ArrayList<Class<?>>(API);
        var untested = new ArrayList<String>();
        var tried = new int[1];
        List<String> failures = tryEach(classes, type -> type == int.class, type -> -1, "-1", tried, untested);
        System.out.printf("PublicApiArgumentsTest: %d calls with -1; no sample value for %s%n", tried[0], untested);
        assertTrue(tried[0] > 50, "only " + tried[0] + " calls tried");
        assertTrue(failures.isEmpty(), failures.size() + " calls do not refuse -1:\n" + String.join("\n", failures));
    }

    /** Calls every public member of {@code classes} with {@code bad} in each parameter {@code applies} to; the failures. */
    private static List<String> tryEach(List<Class<?>> classes, java.util.function.Predicate<Class<?>> applies,
                                        java.util.function.Function<Class<?>, Object> bad, String what, int[] tried, List<String> untested) {
        var failures = new ArrayList<String>();
        for (Class<?> c : classes) {
            var members = new ArrayList<Executable>(Arrays.asList(c.getConstructors()));
            for (Method m : c.getDeclaredMethods()) {
                if (!Modifier.isPublic(m.getModifiers()) || m.isSynthetic() || m.isBridge()) continue;
                if (Layer.class.isAssignableFrom(c) && ENGINE.contains(m.getName())) continue;
                if (m.getName().equals("equals") || (c.isEnum() && m.getName().equals("valueOf"))) continue;
                members.add(m);
            }
            for (Executable e : members) {
                Class<?>[] types = e.getParameterTypes();
                for (int k = 0; k < types.length; k++) {
                    if (!applies.test(types[k]) || allowed(c, e, k)) continue;
                    Object[] args = new Object[types.length];
                    boolean complete = true;
                    for (int j = 0; j < types.length; j++) {
                        args[j] = j == k ? bad.apply(types[j]) : sample(types[j]);
                        if (j != k && args[j] == null) complete = false;
                    }
                    boolean isStatic = e instanceof Constructor || Modifier.isStatic(e.getModifiers());
                    Object target = isStatic ? null : INSTANCES.containsKey(c) ? INSTANCES.get(c).get() : null;
                    if (!complete || (!isStatic && target == null)) {
                        untested.add(signature(c, e) + "#" + k);
                        continue;
                    }
                    tried[0]++;
                    String problem = call(e, target, args, what);
                    if (problem != null) failures.add(signature(c, e) + " with " + what + " as argument " + k + ": " + problem);
                }
            }
        }
        return failures;
    }

    private static String call(Executable e, Object target, Object[] args, String what) {
        try {
            if (e instanceof Constructor<?> ctor) ctor.newInstance(args);
            else ((Method) e).invoke(target, args);
            return "accepted " + what;
        } catch (InvocationTargetException ite) {
            Throwable t = ite.getCause();
            if (t instanceof IllegalArgumentException && t.getMessage() != null && !t.getMessage().isBlank()) return null;
            return t.getClass().getSimpleName() + ": " + t.getMessage();
        } catch (ReflectiveOperationException roe) {
            return roe.toString();
        }
    }

    private static Object sample(Class<?> type) {
        if (type == int.class) return 2;
        if (type == long.class) return 2L;
        if (type == double.class) return 0.5;
        if (type == float.class) return 0.5f;
        if (type == boolean.class) return true;
        if (type == char.class) return ';';
        Supplier<Object> s = SAMPLES.get(type);
        return s == null ? null : s.get();
    }

    private static boolean allowed(Class<?> c, Executable e, int k) {
        String name = c.getSimpleName() + "." + (e instanceof Constructor ? "<init>" : e.getName());
        return NULL_MEANS_SOMETHING.contains(name + "#" + k) || NULL_MEANS_SOMETHING.contains(signature(c, e) + "#" + k);
    }

    private static String signature(Class<?> c, Executable e) {
        var params = new ArrayList<String>();
        for (Class<?> p : e.getParameterTypes()) params.add(p.getSimpleName());
        return c.getSimpleName() + "." + (e instanceof Constructor ? "<init>" : e.getName()) + "(" + String.join(",", params) + ")";
    }
}
