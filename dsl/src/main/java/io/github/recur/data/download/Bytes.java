package io.github.recur.data.download;

import java.util.Locale;

/** Byte counts for people: "17.5 MB", "820 kB" (decimal units, as download sizes are usually given). */
final class Bytes {
    private Bytes() {}

    static String text(long bytes) {
        if (bytes < 1_000) return bytes + " B";
        if (bytes < 1_000_000) return String.format(Locale.ROOT, "%.0f kB", bytes / 1e3);
        if (bytes < 1_000_000_000) return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
