package io.github.recur.kernel.rendering;

import io.github.recur.display.Displayable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The registry that turns live values into Jupyter MIME bundles, by type and MIME type. A value is
 * rendered by the renderers of the most specific type it is an instance of (renderers registered by
 * users come before the built-in ones); {@code text/plain} is always present. Some renderers run only
 * when asked for their format ({@code display(chart, "svg")}).
 *
 * <p>Built in: {@link Displayable}, Tablesaw tables (HTML), XChart charts (PNG; SVG on request),
 * {@code INDArray}s, Recur's {@code History} (its loss curves), images, Java arrays.
 *
 * <pre>{@code
 * Renderers.register(Point.class, "text/html", p -> "<b>" + p + "</b>");   // in a cell
 * display(new Point(1, 2));
 * }</pre>
 */
public final class Renderers {
    private static final Renderers SHARED = new Renderers(true);

    /** A registration: a renderer of one MIME type, or one giving a whole bundle (mime null). */
    private record Entry(Class<?> type, String mime, Function<Object, Object> render, boolean onRequest, boolean user) {}

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    /** A registry with (or without) the built-in renderers. */
    Renderers(boolean builtIns) {
        if (builtIns) BuiltInRenderers.addTo(this);
    }

    /** The kernel's registry. */
    public static Renderers shared() { return SHARED; }

    /** Renders values of {@code type} as {@code mimeType} in the kernel's registry, before the built-in renderers. */
    public static <T> void register(Class<T> type, String mimeType, Renderer<? super T> renderer) {
        SHARED.add(type, mimeType, renderer, false, true);
    }

    /** Like {@link #register}, but only when that format is asked for: {@code display(value, "svg")}. */
    public static <T> void registerOnRequest(Class<T> type, String mimeType, Renderer<? super T> renderer) {
        SHARED.add(type, mimeType, renderer, true, true);
    }

    /** Renders values of {@code type} as a whole MIME bundle (MIME type to text). */
    public static <T> void registerBundle(Class<T> type, Function<? super T, Map<String, String>> renderer) {
        SHARED.addBundle(type, renderer, true);
    }

    /** The MIME bundle of {@code value} in the kernel's registry; {@code format} ("svg", "png", "html", "text", a MIME type) or null. */
    public static Map<String, String> render(Object value, String format) {
        return SHARED.bundle(value, format);
    }

    @SuppressWarnings("unchecked")
    <T> Renderers add(Class<T> type, String mimeType, Renderer<? super T> renderer, boolean onRequest, boolean user) {
        if (type == null) throw new IllegalArgumentException("register: the type is null; e.g. register(Point.class, \"text/html\", p -> ...)");
        if (mimeType == null || !mimeType.contains("/")) {
            throw new IllegalArgumentException("register: '" + mimeType + "' is not a MIME type; e.g. \"text/html\", \"image/png\" (base64), \"image/svg+xml\"");
        }
        if (renderer == null) throw new IllegalArgumentException("register: the renderer for " + type.getName() + " is null");
        entries.add(0, new Entry(type, mimeType, v -> {
            try {
                return renderer.render((T) v);
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, onRequest, user));
        return this;
    }

    @SuppressWarnings("unchecked")
    <T> Renderers addBundle(Class<T> type, Function<? super T, Map<String, String>> renderer, boolean user) {
        if (type == null || renderer == null) throw new IllegalArgumentException("registerBundle: the type and the renderer must not be null");
        entries.add(0, new Entry(type, null, v -> renderer.apply((T) v), false, user));
        return this;
    }

    /** The MIME bundle of {@code value}; {@code format} ("svg", "png", "html", "text", a MIME type) or null for the defaults. */
    public Map<String, String> bundle(Object value, String format) {
        Map<String, String> b = new LinkedHashMap<>();
        if (value == null) {
            b.put("text/plain", "null");
            return b;
        }
        List<Entry> chosen = forMostSpecificType(value);
        String wanted = format == null ? null : mimeOf(format);
        for (Entry e : chosen) {
            if (e.mime() == null) {
                @SuppressWarnings("unchecked") Map<String, String> whole = (Map<String, String>) e.render().apply(value);
                if (whole != null) whole.forEach(b::putIfAbsent);
            } else if (!e.onRequest() || e.mime().equals(wanted)) {
                String text = (String) e.render().apply(value); // null: nothing to show in this format
                if (text != null) b.putIfAbsent(e.mime(), text);
            }
        }
        b.putIfAbsent("text/plain", plainText(value));
        if (wanted == null) return b;
        if (!b.containsKey(wanted)) {
            throw new IllegalArgumentException("Cannot show a " + value.getClass().getName() + " as '" + format
                    + "'; it renders as " + b.keySet());
        }
        Map<String, String> only = new LinkedHashMap<>();
        only.put("text/plain", b.get("text/plain"));
        only.put(wanted, b.get(wanted));
        return only;
    }

    /** The entries of the most specific matching type (users' registrations first); empty when none matches. */
    private List<Entry> forMostSpecificType(Object value) {
        Class<?> best = null;
        boolean bestUser = false;
        for (Entry e : entries) {
            if (!e.type().isInstance(value)) continue;
            boolean better = best == null || (e.user() && !bestUser)
                    || (e.user() == bestUser && best != e.type() && best.isAssignableFrom(e.type()));
            if (better) {
                best = e.type();
                bestUser = e.user();
            }
        }
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries) if (e.type() == best && e.user() == bestUser) out.add(e);
        return out;
    }

    static String plainText(Object value) {
        return value.getClass().isArray() ? arrayText(value) : String.valueOf(value);
    }

    /** {@code [1, 2, 3]} rather than {@code [J@15051a0} for a {@code shape()} or a {@code double[]}. */
    static String arrayText(Object array) {
        String s = Arrays.deepToString(new Object[] {array});
        return s.substring(1, s.length() - 1);
    }

    /** "svg", "png", "html", "text" or a MIME type, as a MIME type. */
    static String mimeOf(String format) {
        switch (format.toLowerCase(Locale.ROOT)) {
            case "svg": return "image/svg+xml";
            case "png": return "image/png";
            case "html": return "text/html";
            case "text": case "plain": return "text/plain";
            default:
                if (format.contains("/")) return format;
                throw new IllegalArgumentException("Unknown display format '" + format + "'; use svg, png, html, text or a MIME type");
        }
    }
}
