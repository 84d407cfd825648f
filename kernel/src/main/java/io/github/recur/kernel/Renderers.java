package io.github.recur.kernel;

import io.github.recur.display.Displayable;
import io.github.recur.display.ModelDisplay;
import io.github.recur.model.History;
import io.github.recur.model.Model;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.nd4j.linalg.api.ndarray.INDArray;
import tech.tablesaw.api.Table;

import javax.imageio.ImageIO;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Turns live objects into Jupyter MIME bundles ({@code text/plain} always, plus {@code text/html},
 * {@code image/png} (base64) or {@code image/svg+xml} where the type has a richer form).
 * Order: user-registered renderers, {@link Model} (its summary), {@link Displayable}, Tablesaw {@code Table}, XChart charts,
 * {@code INDArray}, {@link History}, images, then {@code toString()}.
 */
public final class Renderers {
    /** Rows shown from the head and from the tail of a large table. */
    static final int TABLE_EDGE_ROWS = 10;

    private record Custom(Class<?> type, Function<Object, Map<String, String>> render) {}

    private static final CopyOnWriteArrayList<Custom> CUSTOM = new CopyOnWriteArrayList<>();

    private Renderers() {}

    /**
     * Registers a renderer for a type (checked before the built-in ones, newest first).
     * <pre>{@code
     * Renderers.register(Point.class, p -> Map.of("text/plain", p.x + "," + p.y));
     * }</pre>
     */
    @SuppressWarnings("unchecked")
    public static <T> void register(Class<T> type, Function<? super T, Map<String, String>> render) {
        CUSTOM.add(0, new Custom(type, o -> render.apply((T) o)));
    }

    /** The MIME bundle of {@code value}; {@code format} ("svg", "png", "html", "text") or null. */
    public static Map<String, String> render(Object value, String format) {
        Map<String, String> bundle = renderDefault(value, format);
        if (format != null) {
            String mime = mimeOf(format);
            if (!bundle.containsKey(mime)) {
                throw new IllegalArgumentException("Cannot show a " + value.getClass().getName() + " as '"
                        + format + "'; it renders as " + bundle.keySet());
            }
            Map<String, String> only = new LinkedHashMap<>();
            only.put("text/plain", bundle.get("text/plain"));
            only.put(mime, bundle.get(mime));
            return only;
        }
        return bundle;
    }

    static String mimeOf(String format) {
        switch (format.toLowerCase()) {
            case "svg": return "image/svg+xml";
            case "png": return "image/png";
            case "html": return "text/html";
            case "text": case "plain": return "text/plain";
            default:
                if (format.contains("/")) return format;
                throw new IllegalArgumentException("Unknown display format '" + format
                        + "'; use svg, png, html, text or a MIME type");
        }
    }

    private static Map<String, String> renderDefault(Object value, String format) {
        Map<String, String> b = new LinkedHashMap<>();
        if (value == null) {
            b.put("text/plain", "null");
            return b;
        }
        for (Custom c : CUSTOM) {
            if (c.type().isInstance(value)) return withText(c.render().apply(value), value);
        }
        if (value instanceof Model) return withText(ModelDisplay.mimeBundle((Model) value), value);
        if (value instanceof Displayable) return withText(((Displayable) value).mimeBundle(), value);
        if (value instanceof Table) return table((Table) value);
        if (value instanceof Chart) return chart((Chart<?, ?>) value, "svg".equalsIgnoreCase(format));
        if (value instanceof INDArray) return ndarray((INDArray) value);
        if (value instanceof History) return history((History) value, "svg".equalsIgnoreCase(format));
        if (value instanceof RenderedImage) {
            b.put("text/plain", value.getClass().getSimpleName());
            b.put("image/png", png((RenderedImage) value));
            return b;
        }
        b.put("text/plain", value.getClass().isArray() ? arrayText(value) : String.valueOf(value));
        return b;
    }

    /** {@code [1, 2, 3]} rather than {@code [J@15051a0} for a {@code shape()} or a {@code double[]}. */
    static String arrayText(Object array) {
        String s = Arrays.deepToString(new Object[] {array});
        return s.substring(1, s.length() - 1);
    }

    private static Map<String, String> withText(Map<String, String> bundle, Object value) {
        if (bundle.containsKey("text/plain")) return bundle;
        Map<String, String> b = new LinkedHashMap<>(bundle);
        b.put("text/plain", String.valueOf(value));
        return b;
    }

    static Map<String, String> table(Table t) {
        int rows = t.rowCount();
        String shape = rows + " rows × " + t.columnCount() + " columns";
        boolean cut = rows > 2 * TABLE_EDGE_ROWS;
        StringBuilder h = new StringBuilder("<div class=\"recur-table\">");
        if (t.name() != null && !t.name().isEmpty()) h.append("<b>").append(esc(t.name())).append("</b>");
        h.append("<table border=\"1\" class=\"dataframe\"><thead><tr><th></th>");
        for (String c : t.columnNames()) h.append("<th>").append(esc(c)).append("</th>");
        h.append("</tr></thead><tbody>");
        int[] shown = cut
                ? IntStream.concat(IntStream.range(0, TABLE_EDGE_ROWS), IntStream.range(rows - TABLE_EDGE_ROWS, rows)).toArray()
                : IntStream.range(0, rows).toArray();
        for (int k = 0; k < shown.length; k++) {
            int r = shown[k];
            if (cut && k == TABLE_EDGE_ROWS) {
                h.append("<tr><th>…</th>");
                for (int c = 0; c < t.columnCount(); c++) h.append("<td>…</td>");
                h.append("</tr>");
            }
            h.append("<tr><th>").append(r).append("</th>");
            for (int c = 0; c < t.columnCount(); c++) {
                h.append("<td>").append(esc(t.column(c).getString(r))).append("</td>");
            }
            h.append("</tr>");
        }
        h.append("</tbody></table><p>").append(shape).append("</p></div>");
        String text = (cut ? t.first(TABLE_EDGE_ROWS).print() + "\n...\n" + t.last(TABLE_EDGE_ROWS).print() : t.print())
                + "\n" + shape;
        Map<String, String> b = new LinkedHashMap<>();
        b.put("text/plain", text);
        b.put("text/html", h.toString());
        return b;
    }

    static Map<String, String> chart(Chart<?, ?> chart, boolean svg) {
        Map<String, String> b = new LinkedHashMap<>();
        String title = chart.getTitle() == null || chart.getTitle().isEmpty() ? "" : " '" + chart.getTitle() + "'";
        b.put("text/plain", chart.getClass().getSimpleName() + title + " " + chart.getWidth() + "x" + chart.getHeight());
        try {
            if (svg) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
                b.put("image/svg+xml", out.toString(StandardCharsets.UTF_8));
            } else {
                byte[] png = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
                b.put("image/png", Base64.getEncoder().encodeToString(png));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode the chart" + title, e);
        }
        return b;
    }

    static Map<String, String> ndarray(INDArray a) {
        String head = "INDArray " + Arrays.toString(a.shape()) + " " + a.dataType()
                + (a.isView() ? " (view)" : "");
        String preview;
        try {
            preview = a.toString(); // ND4J elides the middle of large arrays
        } catch (RuntimeException e) {
            preview = "<no preview: " + e.getMessage() + ">";
        }
        Map<String, String> b = new LinkedHashMap<>();
        b.put("text/plain", head + "\n" + preview);
        b.put("text/html", "<div><b>" + esc(head) + "</b><pre>" + esc(preview) + "</pre></div>");
        return b;
    }

    /** The loss curves of {@link io.github.recur.plot.Plots#lossCurves} (metrics: {@code Plots.metricCurves}). */
    static Map<String, String> history(History h, boolean svg) {
        Map<String, String> b = h.epochs() == 0 || !h.has("loss")
                ? new LinkedHashMap<>() : chart(io.github.recur.plot.Plots.lossCurves(h), svg);
        b.put("text/plain", h.toString());
        return b;
    }

    static String png(RenderedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode the image as PNG", e);
        }
    }

    static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
