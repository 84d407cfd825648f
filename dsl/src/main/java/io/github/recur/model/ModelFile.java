package io.github.recur.model;

import io.github.recur.internal.Json;
import io.github.recur.io.ModelFileException;
import io.github.recur.io.SafeTensors;
import io.github.recur.layers.Node;
import io.github.recur.layers.Param;
import io.github.recur.layers.RecurrentNode;
import io.github.recur.train.Loss;
import io.github.recur.train.Losses;
import io.github.recur.train.Metric;
import io.github.recur.train.Optimizer;
import io.github.recur.train.Optimizers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The whole-model file ({@code .recur}): one safetensors file, so its weights are readable by any
 * safetensors reader, whose {@code __metadata__} carries:
 * <ul>
 *   <li>{@code format = "recur.model"} and {@code format_version} ({@value #VERSION});</li>
 *   <li>{@code architecture}: JSON of {@link Model#architecture()}; {@code data_type};
 *       {@code input_features} when built;</li>
 *   <li>{@code compile}: JSON of the optimizer's config, the loss and the metrics, when compiled;</li>
 *   <li>{@code trained_with_mask} ({@code "true"}) when fit saw padding the model cannot find by
 *       itself, so that predictions of the loaded model ask for the mask too;</li>
 *   <li>{@code seed} and {@code train_rng} (the shuffling/dropout generator), so training continues
 *       exactly as it would have;</li>
 *   <li>the CRC-32 of the data ({@link SafeTensors#CRC_KEY}).</li>
 * </ul>
 * Tensors: the weights under their names ({@code 0.weight_ih_l0}, ...) and the optimizer state
 * under {@code optimizer.} + its key ({@code optimizer.0.weight_ih_l0.exp_avg}, Adam's
 * {@code .step} counts as I64). Written atomically. Loading builds a new model and checks every
 * part before returning it, so a bad file never yields a half-loaded model.
 */
final class ModelFile {
    static final String FORMAT = "recur.model";
    static final int VERSION = 1;            // sequential models: a list of layers, as every version wrote them
    static final int GRAPH_VERSION = 2;      // functional models: the graph's vertices
    private static final String OPT = "optimizer.";
    private static final long SIZE_SLACK = 1 << 20; // weight values an architecture may need beyond the file's before loading is refused

    private ModelFile() {}

    static void save(Model model, Path path) {
        var meta = new LinkedHashMap<String, String>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(model.isFunctional() ? GRAPH_VERSION : VERSION));
        meta.put("architecture", Json.write(model.architecture()));
        if (model.isFunctional() && model.outputNames().size() > 1) meta.put("graph_outputs", Json.write(ids(model.graph().outputIds())));
        meta.put("data_type", model.dataType().name());
        var tensors = new LinkedHashMap<String, INDArray>();
        if (model.isBuilt()) {
            meta.put("input_features", Integer.toString(model.inputFeatures()));
            tensors.putAll(model.weights());
        }
        if (model.optimizer() != null && model.loss() != null) {
            var compile = new LinkedHashMap<String, Object>();
            compile.put("optimizer", model.optimizer().config());
            compile.put("loss", Losses.config(model.loss()));
            if (model.losses().stream().distinct().count() > 1) {
                var each = new LinkedHashMap<String, Object>();
                for (int i = 0; i < model.losses().size(); i++) each.put(model.outputNames().get(i), Losses.config(model.losses().get(i)));
                compile.put("losses", each);
            }
            var metrics = new ArrayList<Object>();
            for (Metric m : model.metrics()) metrics.add(Losses.metricConfig(m));
            compile.put("metrics", metrics);
            meta.put("compile", Json.write(compile));
            model.optimizer().state().forEach((k, v) -> tensors.put(OPT + k, v));
        }
        if (model.trainedWithMask()) meta.put("trained_with_mask", "true");
        if (model.seedOrNull() != null) meta.put("seed", Long.toString(model.seedOrNull()));
        meta.put("train_rng", serialize(model.trainRng()));
        SafeTensors.write(path, tensors, meta);
    }

    static Model load(Path path) {
        SafeTensors.Contents contents = SafeTensors.readContents(path);
        String name = String.valueOf(path.getFileName());
        Map<String, String> meta = contents.metadata();
        if (!FORMAT.equals(meta.get("format"))) {
            throw new ModelFileException(path, name + " is a weights file (safetensors without a Recur model header), not a whole model; "
                    + "declare the model with sequential(...) and call model.loadWeights(path) instead");
        }
        String version = meta.get("format_version");
        int v;
        try {
            v = Integer.parseInt(String.valueOf(version));
        } catch (NumberFormatException e) {
            throw new ModelFileException(path, name + " is corrupt: its format_version is '" + version + "', not a number");
        }
        if (v != VERSION && v != GRAPH_VERSION) {
            throw new ModelFileException(path, name + " was written in Recur model format version " + v + ", but this Recur reads versions "
                    + VERSION + " and " + GRAPH_VERSION + (v > GRAPH_VERSION ? "; update Recur to load it" : "; re-save it with the Recur version that wrote it"));
        }
        try {
            return build(contents, meta, path, v == GRAPH_VERSION);
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException e) { // a damaged header fails wherever its values are first used
            throw new ModelFileException(path, name + " is corrupt or inconsistent: " + e.getMessage()
                    + ". Nothing was loaded; save the model again, or use an earlier copy", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Model build(SafeTensors.Contents contents, Map<String, String> meta, Path path, boolean graph) {
        Object arch = Json.parse(require(meta, "architecture"));
        if (!(arch instanceof List)) throw new IllegalArgumentException("architecture is not a list of layers");
        Model model = graph ? functionalFrom((List<?>) arch, meta.containsKey("graph_outputs") ? Json.parse(meta.get("graph_outputs")) : null)
                : Layers.sequentialFrom((List<Map<String, ?>>) arch);
        model.dataType(DataType.valueOf(require(meta, "data_type")));
        if (meta.containsKey("seed")) model.seed(Long.parseLong(meta.get("seed")));
        if (meta.containsKey("train_rng")) model.trainRng(deserialize(meta.get("train_rng")));
        model.trainedWithMask("true".equals(meta.get("trained_with_mask")));

        var weights = new LinkedHashMap<String, INDArray>();
        var optState = new LinkedHashMap<String, INDArray>();
        contents.tensors().forEach((k, t) -> (k.startsWith(OPT) ? optState : weights).put(k.startsWith(OPT) ? k.substring(OPT.length()) : k, t));
        if (graph && !weights.isEmpty()) {
            checkGraphSize(model, weights);
            model.loadWeights(weights);
        } else if (meta.containsKey("input_features")) {
            int features = Integer.parseInt(meta.get("input_features"));
            checkSize(model, features, weights);
            model.build(features);
            model.loadWeights(weights);
        } else if (!weights.isEmpty()) {
            throw new IllegalArgumentException("the file has weights but no input_features");
        }

        if (meta.containsKey("compile")) {
            Map<String, Object> compile = Json.parseObject(meta.get("compile"));
            Optimizer optimizer = Optimizers.fromConfig((Map<String, ?>) compile.get("optimizer"));
            Loss loss = Losses.fromConfig((Map<String, ?>) compile.get("loss"));
            var metrics = new ArrayList<Metric>();
            if (!(compile.get("metrics") instanceof List<?> listed)) throw new IllegalArgumentException("compile has no list of metrics");
            for (Object m : listed) metrics.add(Losses.metricFromConfig((Map<String, ?>) m));
            checkOptimizerState(model, optState);
            optimizer.loadState(optState);
            if (compile.get("losses") instanceof Map<?, ?> each) {
                var byOutput = new LinkedHashMap<String, Loss>();
                for (var e : each.entrySet()) byOutput.put(String.valueOf(e.getKey()), Losses.fromConfig((Map<String, ?>) e.getValue()));
                model.compile(optimizer, byOutput, metrics.toArray(new Metric[0]));
            } else {
                model.compile(optimizer, loss, metrics.toArray(new Metric[0]));
            }
        } else if (!optState.isEmpty()) {
            throw new IllegalArgumentException("the file has optimizer state but no compile settings");
        }
        return model;
    }

    /**
     * Refuses an architecture that needs far more weight values than the file holds, before the model
     * allocates them: a damaged units count or input size would otherwise ask for gigabytes. Small
     * differences pass here and {@code loadWeights} then names each tensor that does not fit.
     */
    private static void checkSize(Model model, int features, Map<String, INDArray> weights) {
        if (features <= 0) throw new IllegalArgumentException("input_features is " + features + ", not a positive count");
        long inFile = 0;
        for (INDArray w : weights.values()) inFile += w.length();
        double limit = inFile + SIZE_SLACK, needed = 0;
        int f = features;
        for (var layer : model.layers()) {
            needed += Layers.parameterCount(layer, f);
            if (needed > limit) {
                throw new IllegalArgumentException("the architecture needs more than " + (long) limit + " weight values, but the file holds "
                        + inFile + "; its layer sizes or input_features were changed");
            }
            f = layer.outputFeatures(f);
        }
    }

    /** Every state entry must belong to a parameter and have its shape (step counts: one value). */
    private static void checkGraphSize(Model model, Map<String, INDArray> weights) {
        long inFile = 0;
        for (INDArray w : weights.values()) inFile += w.length();
        double limit = inFile + SIZE_SLACK, needed = 0;
        Graph g = model.graph();
        for (Graph.Vertex v : g.vertices()) {
            if (v.kind != Graph.Kind.CALL) continue;
            int[] f = new int[v.inbound.length];
            for (int i = 0; i < f.length; i++) f[i] = g.vertex(v.inbound[i]).features;
            needed += Layers.parameterCount(v.layer, f);
            if (needed > limit) {
                throw new IllegalArgumentException("the architecture needs more than " + (long) limit + " weight values, but the file holds "
                        + inFile + "; its layer or input sizes were changed");
            }
        }
    }

    // ---- the graph of a functional model (format version 2) -------------------------------------

    /** One entry per vertex, in the graph's order: an input, a layer call (its config, what it reads), or a state. */
    static List<Map<String, Object>> graphArchitecture(Graph g) {
        var out = new ArrayList<Map<String, Object>>();
        for (Graph.Vertex v : g.vertices()) {
            var m = new LinkedHashMap<String, Object>();
            switch (v.kind) {
                case INPUT -> {
                    m.put("input", v.node.inputName());
                    m.put("position", v.inputIndex);
                    m.put("kind", v.node.inputKind().name().toLowerCase(java.util.Locale.ROOT));
                    m.put("features", v.node.inputFeatures());
                }
                case CALL -> {
                    m.putAll(Model.typed(v.layer));
                    m.put("inbound", ids(v.inbound));
                    if (v.stateIn.length > 0) m.put("initial_state", ids(v.stateIn));
                }
                case STATE -> {
                    m.put("state_of", v.owner);
                    m.put("index", v.stateIndex);
                }
            }
            out.add(m);
        }
        return out;
    }

    private static List<Integer> ids(int[] a) {
        var l = new ArrayList<Integer>();
        for (int i : a) l.add(i);
        return l;
    }

    /** Rebuilds a functional model (unbuilt) from {@link #graphArchitecture}; the outputs are the entries {@code outputIds}, or the last entry. */
    static Model functionalFrom(List<?> entries, Object outputIds) {
        if (entries.isEmpty()) throw new IllegalArgumentException("architecture: no entries");
        var nodes = new ArrayList<Node>();
        var inputs = new java.util.TreeMap<Integer, Node>();
        for (int i = 0; i < entries.size(); i++) {
            if (!(entries.get(i) instanceof Map<?, ?> raw)) throw new IllegalArgumentException("architecture entry " + i + " is not an object");
            @SuppressWarnings("unchecked") Map<String, Object> e = new LinkedHashMap<>((Map<String, Object>) raw);
            try {
                nodes.add(nodeFrom(e, nodes, inputs));
            } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException ex) {
                throw new IllegalArgumentException("architecture entry " + i + ": " + ex.getMessage(), ex);
            }
        }
        var inputList = new ArrayList<>(inputs.values());
        if (inputs.isEmpty() || inputs.lastKey() != inputList.size() - 1) throw new IllegalArgumentException("architecture: the inputs' positions are not 0.." + (inputList.size() - 1));
        if (outputIds == null) return new Model(inputList, nodes.get(nodes.size() - 1));
        return new Model(inputList, nodesAt(nodes, outputIds, "graph_outputs"));
    }

    private static Node nodeFrom(Map<String, Object> e, List<Node> earlier, Map<Integer, Node> inputs) {
        if (e.containsKey("input")) {
            var r = new io.github.recur.internal.ConfigReader("input", e);
            var declared = new io.github.recur.layers.NamedInput(r.string("input"));
            int position = r.integer("position");
            String kind = r.string("kind");
            Node n = switch (kind) {
                case "tokens" -> declared.tokens();
                case "features" -> declared.features(r.integer("features"));
                case "vector" -> declared.vector(r.integer("features"));
                default -> throw new IllegalArgumentException("input kind must be tokens, features or vector, got \"" + kind + "\"");
            };
            if (kind.equals("tokens")) r.integer("features");
            r.checkAllUsed();
            if (inputs.put(position, n) != null) throw new IllegalArgumentException("two inputs at position " + position);
            return n;
        }
        if (e.containsKey("state_of")) {
            var r = new io.github.recur.internal.ConfigReader("state", e);
            Node owner = earlierNode(earlier, r.integer("state_of"));
            int index = r.integer("index");
            r.checkAllUsed();
            if (!(owner instanceof RecurrentNode rn)) throw new IllegalArgumentException("state_of points at " + owner.describe() + ", which has no states");
            if (index < 0 || index >= rn.states().size()) throw new IllegalArgumentException("state index " + index + " is outside 0.." + (rn.states().size() - 1));
            return rn.states().get(index);
        }
        List<Node> inbound = nodesAt(earlier, e.remove("inbound"), "inbound");
        List<Node> start = e.containsKey("initial_state") ? nodesAt(earlier, e.remove("initial_state"), "initial_state") : List.of();
        return Node.apply(Layers.fromConfig(e), inbound, start);
    }

    private static List<Node> nodesAt(List<Node> earlier, Object ids, String what) {
        if (!(ids instanceof List<?> list)) throw new IllegalArgumentException(what + " must be a list of entry numbers");
        var out = new ArrayList<Node>();
        for (Object id : list) {
            if (!(id instanceof Number n) || n.doubleValue() != n.intValue()) throw new IllegalArgumentException(what + " holds " + id + ", not an entry number");
            out.add(earlierNode(earlier, n.intValue()));
        }
        return out;
    }

    private static Node earlierNode(List<Node> earlier, int id) {
        if (id < 0 || id >= earlier.size()) throw new IllegalArgumentException("refers to entry " + id + ", which does not come before it");
        return earlier.get(id);
    }

    private static void checkOptimizerState(Model model, Map<String, INDArray> state) {
        if (state.isEmpty()) return;
        if (!model.isBuilt()) throw new IllegalArgumentException("the file has optimizer state but no weights");
        var shapes = new HashMap<String, long[]>();
        for (Param p : model.params()) shapes.put(p.name(), p.value().shape());
        for (var e : state.entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            long[] shape = dot < 0 ? null : shapes.get(key.substring(0, dot));
            if (shape == null) throw new IllegalArgumentException("optimizer state '" + key + "' belongs to no parameter of the model");
            boolean step = key.endsWith(".step");
            if (step ? e.getValue().length() != 1 : !Arrays.equals(shape, e.getValue().shape())) {
                throw new IllegalArgumentException("optimizer state '" + key + "' should be " + (step ? "one step count" : Arrays.toString(shape))
                        + " but is " + Arrays.toString(e.getValue().shape()));
            }
        }
    }

    private static String require(Map<String, String> meta, String key) {
        String v = meta.get(key);
        if (v == null) throw new IllegalArgumentException("the header has no '" + key + "'");
        return v;
    }

    // java.util.Random is Serializable and its state is private: serialisation is the supported way to copy it.
    private static String serialize(Random rng) {
        try (var bytes = new ByteArrayOutputStream(); var out = new ObjectOutputStream(bytes)) {
            out.writeObject(rng);
            out.flush();
            return Base64.getEncoder().encodeToString(bytes.toByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("could not save the training random generator", e);
        }
    }

    /** Reads back only a {@link Random} (the filter rejects any other class). */
    private static Random deserialize(String text) {
        try (var in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(text)))) {
            in.setObjectInputFilter(ObjectInputFilter.Config.createFilter(
                    "java.util.Random;java.util.concurrent.atomic.AtomicLong;java.lang.Number;maxdepth=4;maxrefs=16;!*"));
            return (Random) in.readObject();
        } catch (IOException | ClassNotFoundException | RuntimeException e) { // damaged bytes fail in many ways inside deserialisation
            throw new IllegalArgumentException("train_rng is unreadable (" + e + ")");
        }
    }
}
