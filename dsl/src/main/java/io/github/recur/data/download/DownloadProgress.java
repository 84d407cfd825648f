package io.github.recur.data.download;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * The progress bar of one download: in a notebook one output updated in place (the {@link LiveOutput}
 * a front end installed, as {@code fit}'s progress); elsewhere text on standard error, redrawn in place
 * on a terminal and one line per tenth otherwise (logs, Binder's build).
 */
class DownloadProgress {
    private static final long MIN_UPDATE_NANOS = 250_000_000L;
    private static volatile LiveOutput liveOutput;

    private final String label;
    private final long total;
    private final PrintStream err;
    private final boolean terminal;
    private final long startNanos = System.nanoTime();
    private long startBytes = -1;
    private long lastUpdate;
    private int lastTenth = -1;
    private String displayId;
    private boolean open;

    DownloadProgress(String label, long total, PrintStream err, boolean terminal) {
        this.label = label;
        this.total = total;
        this.err = err;
        this.terminal = terminal;
    }

    /** A progress bar for the current environment (kernel display, terminal or plain lines). */
    static DownloadProgress forDownload(RemoteFile file) {
        return new DownloadProgress(file.name(), file.size(), System.err, System.console() != null);
    }

    /** No output at all (tests, {@link Downloader#quiet()}). */
    static DownloadProgress silent() {
        return new DownloadProgress("", 1, null, false) {
            @Override void update(long bytes) {}
            @Override void finish(String outcome) {}
            @Override void message(String text) {}
        };
    }

    /** Draws every later progress bar in {@code out} (null: text on standard error). */
    static void showIn(LiveOutput out) { liveOutput = out; }

    /** {@code bytes} of the file are on disk now (counting a resumed part). */
    void update(long bytes) {
        if (startBytes < 0) startBytes = bytes;
        long now = System.nanoTime();
        int tenth = (int) Math.min(10, bytes * 10 / Math.max(1, total));
        LiveOutput d = liveOutput;
        if (d != null || terminal) {
            if (open && now - lastUpdate < MIN_UPDATE_NANOS && bytes < total) return;
        } else if (open && tenth == lastTenth) {
            return;
        }
        lastUpdate = now;
        lastTenth = tenth;
        show(line(bytes, now), bytes, d);
    }

    /** The download ended: "done", or why not. */
    void finish(String outcome) {
        if (!open) return;
        LiveOutput d = liveOutput;
        String text = label + ": " + outcome;
        if (d != null && displayId != null) {
            d.update(displayId, Map.of("text/plain", text, "text/html", "<div style=\"font-family:monospace\">" + escape(text) + "</div>"));
        } else if (d == null && terminal) {
            err.print("\r" + text + " ".repeat(20) + "\n");
        } else {
            err.println(text);
        }
        err.flush();
        open = false;
        displayId = null;
    }

    /** A one-off note (a retry, a corrupt cached copy), on its own line. */
    void message(String text) {
        if (terminal && open) err.print("\n");
        err.println(text);
        err.flush();
    }

    private String line(long bytes, long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = seconds > 0.2 ? (bytes - startBytes) / seconds : 0;
        var sb = new StringBuilder(label).append(": ")
                .append(Bytes.text(bytes)).append(" of ").append(Bytes.text(total))
                .append(String.format(Locale.ROOT, " (%d%%)", Math.min(100, bytes * 100 / Math.max(1, total))));
        if (rate > 0) {
            sb.append(", ").append(Bytes.text((long) rate)).append("/s");
            if (bytes < total) sb.append(String.format(Locale.ROOT, ", %d s left", (long) Math.ceil((total - bytes) / rate)));
        }
        return sb.toString();
    }

    private void show(String text, long bytes, LiveOutput d) {
        if (d != null) {
            long pct = Math.min(100, bytes * 100 / Math.max(1, total));
            String html = "<div style=\"font-family:monospace\"><progress value=\"" + pct + "\" max=\"100\" style=\"width:30%\"></progress> "
                    + escape(text) + "</div>";
            var bundle = Map.of("text/plain", text, "text/html", html);
            if (displayId == null) displayId = d.show(bundle);
            else d.update(displayId, bundle);
        } else if (terminal) {
            err.print("\r" + text + "   ");
            err.flush();
        } else {
            err.println(text);
            err.flush();
        }
        open = true;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
