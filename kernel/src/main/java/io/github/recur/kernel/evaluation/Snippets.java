package io.github.recur.kernel.evaluation;

import jdk.jshell.SourceCodeAnalysis;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Splits a cell's Java source into the snippets JShell evaluates one by one, each with its offset in
 * the cell (so compile errors can point at the cell's own lines).
 */
final class Snippets {
    /** The commonest void call in a cell: not worth trying as a value. */
    private static final Pattern PRINT = Pattern.compile("System\\s*\\.\\s*(out|err)\\s*\\.\\s*print(ln)?\\s*\\(.*", Pattern.DOTALL);

    /** One snippet: JShell's normalised source, where it starts in the cell, the raw text it consumed, whether it is complete. */
    record Piece(String source, int start, String raw, boolean complete) {
        /** As in IPython, a semicolon after the last expression hides its value. */
        boolean endsWithSemicolon() { return raw.strip().endsWith(";"); }

        /**
         * The source when it may be an expression whose value shows: JShell ends statements and
         * declarations with a semicolon (adding one where it was left out) and blocks with a brace,
         * and leaves expressions bare. Null for those, and for {@code System.out.println(...)}.
         */
        String valueExpression() {
            String e = source.strip();
            if (!complete || e.isEmpty() || e.endsWith(";") || e.endsWith("}") || PRINT.matcher(e).matches()) return null;
            return e;
        }
    }

    private Snippets() {}

    static List<Piece> split(SourceCodeAnalysis analysis, String code) {
        List<Piece> pieces = new ArrayList<>();
        String remaining = code;
        int offset = 0;
        while (!remaining.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            boolean complete = info.completeness().isComplete();
            // An incomplete tail goes to the compiler whole, so that it explains what is missing.
            String source = complete ? info.source() : remaining;
            int consumed = complete ? remaining.length() - info.remaining().length() : remaining.length();
            pieces.add(new Piece(source, offset + startOf(remaining, source), remaining.substring(0, consumed), complete));
            offset += consumed;
            remaining = remaining.substring(consumed);
        }
        return pieces;
    }

    /** Where {@code source} (JShell may have dropped leading blanks and comments, or added a ';') starts in {@code text}. */
    static int startOf(String text, String source) {
        String probe = source.length() > 1 ? source.substring(0, source.length() - 1) : source;
        int at = text.indexOf(probe);
        if (at >= 0) return at;
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) i++;
        return i;
    }

    /** The snippet of {@code code} that contains {@code cursor}, and its start. */
    record At(String text, int start) {}

    static At at(SourceCodeAnalysis analysis, String code, int cursor) {
        String remaining = code;
        int off = 0;
        while (true) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            if (!info.completeness().isComplete()) break;
            int consumed = remaining.length() - info.remaining().length();
            if (off + consumed >= cursor || info.remaining().isBlank()) break;
            off += consumed;
            remaining = info.remaining();
        }
        return new At(remaining, off);
    }
}
