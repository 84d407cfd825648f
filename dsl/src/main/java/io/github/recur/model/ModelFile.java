package io.github.recur.model;

import io.github.recur.internal.Json;
import io.github.recur.io.ModelFileException;
import io.github.recur.io.SafeTensors;
import io.github.recur.layers.Param;
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
    static final int VERSION = 1;
    private static final String OPT = "optimizer.";
    private static final long SIZE_SLACK = 1 << 20; // weight values an architecture may need beyond the file's before loading is refused

    private ModelFile() {}

    static void save(Model model, Path path) {
        var meta = new LinkedHashMap<String, String>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(VERSION));
        meta.put("architecture", Json.write(model.architecture()));
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
        if (v != VERSION) {
            throw new ModelFileException(path, name + " was written in Recur model format version " + v + ", but this Recur reads version "
                    + VERSION + (v > VERSION ? "; update Recur to load it" : "; re-save it with the Recur version that wrote it"));
        }
        try {
            return build(contents, meta, path);
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException e) { // a damaged header fails wherever its values are first used
            throw new ModelFileException(path, name + " is corrupt or inconsistent: " + e.getMessage()
                    + ". Nothing was loaded; save the model again, or use an earlier copy", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Model build(SafeTensors.Contents contents, Map<String, String> meta, Path path) {
        Object arch = Json.parse(require(meta, "architecture"));
        if (!(arch instanceof List)) throw new IllegalArgumentException("architecture is not a list of layers");
        Model model = Layers.sequentialFrom((List<Map<String, ?>>) arch);
        model.dataType(DataType.valueOf(require(meta, "data_type")));
        if (meta.containsKey("seed")) model.seed(Long.parseLong(meta.get("seed")));
        if (meta.containsKey("train_rng")) model.trainRng(deserialize(meta.get("train_rng")));
        model.trainedWithMask("true".equals(meta.get("trained_with_mask")));

        var weights = new LinkedHashMap<String, INDArray>();
        var optState = new LinkedHashMap<String, INDArray>();
        contents.tensors().forEach((k, t) -> (k.startsWith(OPT) ? optState : weights).put(k.startsWith(OPT) ? k.substring(OPT.length()) : k, t));
        if (meta.containsKey("input_features")) {
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
            model.compile(optimizer, loss, metrics.toArray(new Metric[0]));
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
