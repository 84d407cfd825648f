package io.github.recur.kernel.docs;

import io.github.recur.kernel.evaluation.Evaluator;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What Shift-Tab and {@code ?name} show: the signatures JShell finds for the code under the cursor,
 * each with its Javadoc as plain text. JShell itself reads Javadoc only from the JDK's
 * {@code src.zip}; Recur's API and the libraries come from {@link SourceIndex}.
 *
 * <pre>{@code
 * var docs = new Documentation(evaluator);
 * docs.at("lstm", 4);   // "io.github.recur.layers.Recurrent Recur.lstm(int units)\n\nLSTM layer (PyTorch equations, ..."
 * }</pre>
 */
public final class Documentation {
    private final Evaluator evaluator;
    private volatile SourceIndex index;

    public Documentation(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Builds the source index now (it is built on first use otherwise), e.g. on a background thread after start-up. */
    public void prepare() {
        index();
    }

    private SourceIndex index() {
        SourceIndex i = index;
        if (i == null) {
            synchronized (this) {
                if (index == null) index = new SourceIndex(new ArrayList<>(evaluator.classpath()));
                i = index;
            }
        }
        return i;
    }

    /** Signatures and documentation of what is at {@code cursor} in {@code code}; empty when nothing is known. */
    public String at(String code, int cursor) {
        List<Evaluator.Doc> docs = evaluator.documentation(code, cursor);
        StringBuilder sb = new StringBuilder();
        Set<String> seen = new LinkedHashSet<>();
        for (Evaluator.Doc d : docs) {
            if (!seen.add(d.signature())) continue;
            String raw = d.javadoc() != null && !d.javadoc().isBlank() ? d.javadoc() : lookup(d.signature());
            if (sb.length() > 0) sb.append("\n\n").append("-".repeat(40)).append("\n\n");
            sb.append(d.signature());
            String text = JavadocText.format(raw);
            if (!text.isEmpty()) sb.append("\n\n").append(text);
        }
        return sb.toString();
    }

    /** The documentation of a name as a cell writes it ({@code lstm}, {@code Plots.lossCurves}, {@code model.fit}), for {@code ?name}. */
    public String of(String name) {
        return at(name, name.length());
    }

    /** The raw Javadoc of the element a JShell signature names, or null. */
    String lookup(String signature) {
        Signatures.Parsed p = Signatures.parse(signature);
        SourceIndex idx = index();
        for (String cls : candidates(p.member() == null ? p.owner() : p.owner(), idx)) {
            String top = topLevel(cls, idx);
            if (top == null) continue;
            Map<String, String> comments = idx.comments(top);
            String doc = p.member() == null ? comments.get(cls) : member(comments, cls, p);
            if (doc != null) return doc;
        }
        return null;
    }

    private static String member(Map<String, String> comments, String cls, Signatures.Parsed p) {
        if (p.parameters() == null) return comments.get(cls + "#" + p.member());
        String exact = comments.get(cls + "#" + p.member() + "(" + String.join(",", p.parameters()) + ")");
        if (exact != null) return exact;
        String prefix = cls + "#" + p.member() + "(";
        String only = null;
        int count = 0;
        for (var e : comments.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                only = e.getValue();
                count++;
            }
        }
        return count == 1 ? only : null; // one overload: JShell and the source may spell a type differently
    }

    /** Qualified class names a signature's owner may mean: itself if qualified, else by simple name, imported ones first. */
    private List<String> candidates(String owner, SourceIndex idx) {
        List<String> out = new ArrayList<>();
        if (owner == null || owner.isEmpty()) return out;
        if (owner.contains(".") && topLevel(owner, idx) != null) out.add(owner);
        String outerSimple = owner.contains(".") ? owner.substring(0, owner.indexOf('.')) : owner;
        String nested = owner.contains(".") ? owner.substring(owner.indexOf('.')) : "";
        List<String> named = idx.classesNamed(outerSimple);
        List<String> imports = evaluator.imports();
        for (String q : named) if (imported(q, imports)) out.add(q + nested);
        for (String q : named) if (!out.contains(q + nested)) out.add(q + nested);
        return out;
    }

    private static boolean imported(String qualified, List<String> imports) {
        String pkg = qualified.contains(".") ? qualified.substring(0, qualified.lastIndexOf('.')) : "";
        for (String imp : imports) {
            String i = imp.replace("import", "").replace("static", "").replace(";", "").strip();
            if (i.equals(qualified) || i.equals(pkg + ".*") || i.startsWith(qualified + ".")) return true;
        }
        return false;
    }

    /** The top-level class of a (possibly nested) qualified name that the index has, or null. */
    private static String topLevel(String qualified, SourceIndex idx) {
        String c = qualified;
        while (true) {
            if (idx.hasClass(c)) return c;
            int dot = c.lastIndexOf('.');
            if (dot < 0) return null;
            c = c.substring(0, dot);
        }
    }
}
