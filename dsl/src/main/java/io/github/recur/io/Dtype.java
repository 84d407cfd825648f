package io.github.recur.io;

import java.util.function.Function;

/**
 * A numpy array-protocol type string such as {@code "<i8"}: byte order, kind ({@code b} bool,
 * {@code i} signed, {@code u} unsigned, {@code f} float, {@code O} object) and item size in bytes.
 */
record Dtype(char order, char kind, int size) {

    /** Parses {@code descr}; {@code fail} makes the exception for an unsupported or malformed one. */
    static Dtype parse(String descr, Function<String, DataFileException> fail) {
        if (descr == null || descr.isEmpty() || descr.length() > 8) throw fail.apply("has a malformed dtype");
        char order = '|';
        int at = 0;
        if ("<>|=".indexOf(descr.charAt(0)) >= 0) {
            order = descr.charAt(0);
            at = 1;
        }
        if (at >= descr.length()) throw fail.apply("has a malformed dtype '" + printable(descr) + "'");
        char kind = descr.charAt(at);
        String digits = descr.substring(at + 1);
        if (kind == 'O' && (digits.isEmpty() || digits.equals("8") || digits.equals("4"))) return new Dtype('|', 'O', 8);
        if (!digits.matches("[0-9]{1,2}")) throw unsupported(descr, fail);
        int size = Integer.parseInt(digits);
        boolean ok = switch (kind) {
            case 'b' -> size == 1;
            case 'i', 'u' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'f' -> size == 4 || size == 8;
            default -> false;
        };
        if (!ok) throw unsupported(descr, fail);
        if (size == 1) order = '|';
        return new Dtype(order, kind, size);
    }

    private static DataFileException unsupported(String descr, Function<String, DataFileException> fail) {
        return fail.apply("has dtype '" + printable(descr) + "', which Recur does not read (supported: bool, int8-64, uint8-64, "
                + "float32, float64 and object arrays of those); convert it with numpy first, e.g. a.astype('int64')");
    }

    /** '=' is the writer's native order; numpy's writers are little-endian machines in practice. */
    boolean littleEndian() { return order != '>'; }

    String descr() { return kind == 'O' ? "|O" : (size == 1 ? "|" : order == '>' ? ">" : "<") + kind + size; }

    static String printable(String s) {
        var sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return s.length() > 40 ? sb + "..." : sb.toString();
    }
}
