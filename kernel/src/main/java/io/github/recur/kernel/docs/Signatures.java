package io.github.recur.kernel.docs;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the signatures JShell shows ({@code io.github.recur.layers.Recurrent Recur.lstm(int units)},
 * {@code Model Recur.sequential(io.github.recur.layers.Layer... layers)}, {@code java.lang.String})
 * into owner, member and parameter types, to find the element's Javadoc in the sources.
 */
final class Signatures {
    /** {@code member} null for a type; {@code parameters} null for a field or a type. */
    record Parsed(String owner, String member, List<String> parameters) {}

    private Signatures() {}

    static Parsed parse(String signature) {
        String s = signature.strip();
        int paren = s.indexOf('(');
        if (paren < 0) {
            String last = lastTopLevelToken(s);
            int dot = lastDotOutsideGenerics(last);
            boolean field = !s.equals(last); // "int Integer.MAX_VALUE": a type, then the field
            if (field && dot > 0) return new Parsed(last.substring(0, dot), last.substring(dot + 1), null);
            return new Parsed(eraseGenerics(last), null, null);
        }
        String head = lastTopLevelToken(s.substring(0, paren));
        int dot = lastDotOutsideGenerics(head);
        String owner = dot < 0 ? "" : head.substring(0, dot);
        String member = dot < 0 ? head : head.substring(dot + 1);
        int close = s.lastIndexOf(')');
        List<String> params = new ArrayList<>();
        String inside = close > paren ? s.substring(paren + 1, close) : "";
        for (String p : splitTopLevel(inside)) {
            String t = p.strip();
            if (t.isEmpty()) continue;
            int space = lastSpaceOutsideGenerics(t);
            params.add(simpleType(space < 0 ? t : t.substring(0, space)));
        }
        return new Parsed(eraseGenerics(owner), member, params);
    }

    /** A type as the index keys it: no generics, no package, arrays and varargs kept ({@code Layer...}, {@code double[]}). */
    static String simpleType(String type) {
        String t = eraseGenerics(type.strip()).replaceAll("\\s+", "").replaceAll("@\\w+(\\.\\w+)*", "");
        String suffix = "";
        while (t.endsWith("[]") || t.endsWith("...")) {
            int cut = t.endsWith("[]") ? 2 : 3;
            suffix = t.substring(t.length() - cut) + suffix;
            t = t.substring(0, t.length() - cut);
        }
        return t.substring(t.lastIndexOf('.') + 1) + suffix;
    }

    static String eraseGenerics(String s) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (char c : s.toCharArray()) {
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (depth == 0) out.append(c);
        }
        return out.toString();
    }

    private static String lastTopLevelToken(String s) {
        int space = lastSpaceOutsideGenerics(s.strip());
        return space < 0 ? s.strip() : s.strip().substring(space + 1);
    }

    private static int lastSpaceOutsideGenerics(String s) {
        int depth = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '>') depth++;
            else if (c == '<') depth--;
            else if (c == ' ' && depth == 0) return i;
        }
        return -1;
    }

    private static int lastDotOutsideGenerics(String s) {
        int depth = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == '>') depth++;
            else if (c == '<') depth--;
            else if (c == '.' && depth == 0 && !(i >= 2 && s.startsWith("...", i - 2))) return i;
        }
        return -1;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '<') depth++;
            else if (c == '>') depth--;
            else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }
}
