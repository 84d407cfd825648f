package io.github.recur.kernel.evaluation;

import java.util.ArrayList;
import java.util.List;

/**
 * Compile errors as a notebook shows them: "Line N: message", the offending line of the cell, and a
 * caret (or a {@code ^---^} span) under the offending code. Positions are relative to the snippet,
 * which starts at {@code snippetStart} in the cell.
 */
final class CompileErrors {
    /** One diagnostic: its position in the snippet and its message. */
    record Diagnostic(long start, long end, String message) {}

    private CompileErrors() {}

    /** The traceback lines, and as its first element's summary the error value ("line 2: cannot find symbol"). */
    static Outcome format(String cell, int snippetStart, List<Diagnostic> errors) {
        List<String> lines = new ArrayList<>();
        String first = null;
        for (Diagnostic d : errors) {
            // JShell's wrapper class has no name worth showing
            String msg = d.message().replaceAll("\n\\s*location: class\\s*(?=\n|$)", "");
            int pos = (int) Math.max(0, d.start());
            int end = (int) Math.max(pos, d.end());
            int abs = Math.min(cell.length(), snippetStart + pos);
            int absEnd = Math.min(cell.length(), snippetStart + end);
            int lineStart = cell.lastIndexOf('\n', abs - 1) + 1;
            int lineEnd = cell.indexOf('\n', abs);
            if (lineEnd < 0) lineEnd = cell.length();
            int lineNo = 1 + (int) cell.substring(0, abs).chars().filter(c -> c == '\n').count();
            String line = cell.substring(lineStart, lineEnd);
            if (first == null) first = "line " + lineNo + ": " + msg.split("\n", 2)[0];
            lines.add("Line " + lineNo + ": " + msg);
            lines.add("    " + line);
            lines.add("    " + caret(line, abs - lineStart, Math.max(1, Math.min(absEnd, lineEnd) - abs)));
        }
        return Outcome.error("CompilationError", first == null ? "the code does not compile" : first, lines);
    }

    /** Blanks up to {@code col} (tabs kept, so the caret lines up), then {@code ^} or {@code ^---^} over {@code width}. */
    static String caret(String line, int col, int width) {
        StringBuilder caret = new StringBuilder();
        for (int i = 0; i < col && i < line.length(); i++) caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
        caret.append('^');
        if (width > 1) caret.append("-".repeat(width - 2)).append('^');
        return caret.toString();
    }
}
