package io.github.recur.model;

import io.github.recur.layers.Input;
import io.github.recur.layers.Layer;
import io.github.recur.layers.Param;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link Model#summary()} shows, as data: one row per layer (name, configuration, output shape,
 * parameter count), the total, and the compile settings. {@link #text()} is the Keras-style table;
 * a notebook front end can lay the same rows out as HTML.
 *
 * <pre>{@code for (var row : model.summaryTable().rows()) System.out.println(row.layer() + " " + row.params());}</pre>
 */
public final class ModelSummary {
    /** One layer: {@code "0 lstm"}, {@code "64 units, sequences"}, {@code "(batch, time, 64)"}, {@code "16,896"} ({@code "?"} before building). */
    /** One layer; {@code connectedTo} names what a functional model's layer reads ("" in a sequential model). */
    public record Row(String layer, String configuration, String outputShape, String params, String connectedTo) {
        public Row(String layer, String configuration, String outputShape, String params) { this(layer, configuration, outputShape, params, ""); }
    }

    private final List<Row> rows;
    private final boolean built;
    private final long totalParams;
    private final String optimizer;
    private final String loss;

    private ModelSummary(List<Row> rows, boolean built, long totalParams, String optimizer, String loss) {
        this.rows = rows;
        this.built = built;
        this.totalParams = totalParams;
        this.optimizer = optimizer;
        this.loss = loss;
    }

    /** The summary of a network; builds it first when its input is declared. */
    static ModelSummary of(Network net, Trainer trainer) {
        if (net.functional()) return ofGraph(net, trainer);
        Input declared = net.declaredInput();
        if (!net.built() && declared != null) net.build(declared.features());
        boolean built = net.built();
        String time = declared != null && declared.timeSteps() > 0 ? String.valueOf(declared.timeSteps()) : "time";
        var rows = new ArrayList<Row>();
        boolean seq = true;
        int f = built ? net.inputFeatures() : -1;
        long total = 0;
        for (Layer l : net.layers()) {
            seq = l.outputIsSequence(seq);
            String shape = "?", count = "?";
            if (built) {
                f = l.outputFeatures(f);
                shape = seq ? "(batch, " + time + ", " + f + ")" : "(batch, " + f + ")";
                long n = l.params().stream().mapToLong(Param::size).sum();
                total += n;
                count = String.format(Locale.ROOT, "%,d", n);
            }
            rows.add(new Row(l.index() + " " + l.type(), l.details(), shape, count));
        }
        boolean compiled = trainer.optimizer() != null;
        return new ModelSummary(List.copyOf(rows), built, total, compiled ? trainer.optimizer().describe() : null,
                compiled ? trainer.loss().name() : null);
    }

    /** A functional model: one row per layer call, with its output shape and what it reads (Keras' "Connected to"). */
    private static ModelSummary ofGraph(Network net, Trainer trainer) {
        net.buildFunctional();
        Graph g = net.graph();
        var rows = new ArrayList<Row>();
        for (Graph.Vertex v : g.vertices()) {
            if (v.kind == Graph.Kind.INPUT) {
                String shape = switch (g.inputKind(v.inputIndex)) {
                    case TOKENS -> "(batch, time)";
                    case FEATURES -> "(batch, time, " + v.features + ")";
                    case VECTOR -> "(batch, " + v.features + ")";
                };
                rows.add(new Row(v.node.inputName() + " (input)", g.inputKind(v.inputIndex).name().toLowerCase(Locale.ROOT), shape, "0", ""));
            }
            if (v.kind != Graph.Kind.CALL) continue;
            Layer l = v.layer;
            long n = l.params().stream().mapToLong(Param::size).sum();
            String label = l.name() != null ? l.name() + " (" + l.type() + ")" : Graph.displayName(l);
            String shape = v.sequence ? "(batch, time, " + v.features + ")" : "(batch, " + v.features + ")";
            rows.add(new Row(label, l.details(), shape, String.format(Locale.ROOT, "%,d", n), String.join(", ", g.connections(v))));
        }
        long total = net.params().stream().mapToLong(Param::size).sum();
        boolean compiled = trainer.optimizer() != null;
        return new ModelSummary(List.copyOf(rows), true, total, compiled ? trainer.optimizer().describe() : null,
                compiled ? trainer.loss().name() : null);
    }

    /** Whether the rows say what each layer reads (a functional model). */
    public boolean hasConnections() {
        for (Row r : rows) if (!r.connectedTo().isEmpty()) return true;
        return false;
    }

    public List<Row> rows() { return rows; }

    /** Whether the model is built (shapes and counts known). */
    public boolean built() { return built; }

    /** Number of trainable values (0 before building). */
    public long totalParams() { return totalParams; }

    /** The optimizer's description, e.g. {@code Adam(lr=0.001)}; null before {@code compile}. */
    public String optimizer() { return optimizer; }

    /** The loss's name; null before {@code compile}. */
    public String loss() { return loss; }

    /** The Keras-style table that {@link Model#summary()} prints. */
    public String text() {
        var sb = new StringBuilder();
        boolean graph = hasConnections();
        String fmt = graph ? "%-30s %-24s %-20s %10s  %s%n" : "%-18s %-32s %-22s %12s%n";
        int width = graph ? 118 : 87;
        sb.append(String.format(Locale.ROOT, fmt, "Layer", "Configuration", "Output shape", "Params", "Connected to"));
        sb.append("=".repeat(width)).append('\n');
        for (Row r : rows) sb.append(String.format(Locale.ROOT, fmt, r.layer(), r.configuration(), r.outputShape(), r.params(), r.connectedTo()));
        sb.append("=".repeat(width)).append('\n');
        if (built) sb.append(String.format(Locale.ROOT, "Total params: %,d%n", totalParams));
        else sb.append("Not built yet: declare input(timeSteps, features) first, or call fit/predict.\n");
        if (optimizer != null) sb.append("Optimizer: ").append(optimizer).append("   Loss: ").append(loss).append('\n');
        return sb.toString();
    }

    @Override public String toString() { return text(); }
}
