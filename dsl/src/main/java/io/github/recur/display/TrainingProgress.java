package io.github.recur.display;

import java.util.Locale;
import java.util.Map;

/**
 * The progress line of {@code fit}: one display updated in place inside the kernel, one printed
 * line per epoch elsewhere. Shows epoch, logged values, time per epoch and the time left.
 */
public final class TrainingProgress {
    private final int epochs;
    private final boolean verbose;
    private final long start = System.nanoTime();
    private String displayId;
    private int lastEpoch = -1;
    private Map<String, Double> lastLogs;

    private TrainingProgress(int epochs, boolean verbose) {
        this.epochs = epochs;
        this.verbose = verbose;
    }

    public static TrainingProgress start(int epochs, boolean verbose) { return new TrainingProgress(epochs, verbose); }

    /** Reports a finished epoch (0-based). */
    public void epoch(int epoch, Map<String, Double> logs) {
        lastEpoch = epoch;
        lastLogs = logs;
        show(epoch, logs, null);
    }

    /**
     * Training ended before the last planned epoch (early stopping, a callback): the line says so
     * instead of keeping an ETA for epochs that will not run.
     */
    public void stoppedEarly(String why) {
        if (lastLogs != null && lastEpoch + 1 < epochs) show(lastEpoch, lastLogs, why);
    }

    private void show(int epoch, Map<String, Double> logs, String stopped) {
        if (!verbose) return;
        double elapsed = (System.nanoTime() - start) / 1e9;
        double perEpoch = elapsed / (epoch + 1);
        double eta = perEpoch * (epochs - epoch - 1);
        var sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Epoch %d/%d", epoch + 1, epochs));
        for (var e : logs.entrySet()) {
            sb.append(String.format(Locale.ROOT, " - %s: %.4g", e.getKey(), e.getValue()));
        }
        sb.append(String.format(Locale.ROOT, " - %s/epoch", seconds(perEpoch)));
        if (stopped != null) sb.append(" - ").append(stopped);
        else if (epoch + 1 < epochs) sb.append(" - ETA ").append(seconds(eta));
        String line = sb.toString();
        Displayer d = Display.displayer();
        if (d == null) {
            System.out.println(line);
            return;
        }
        int width = (int) Math.round(100.0 * (epoch + 1) / epochs);
        String html = "<div style=\"font-family:monospace\"><progress value=\"" + (epoch + 1) + "\" max=\"" + epochs
                + "\" style=\"width:30%\"></progress> " + escape(line) + "</div>";
        var bundle = Map.of("text/plain", line + " [" + width + "%]", "text/html", html);
        if (displayId == null) displayId = d.displayBundle(bundle);
        else d.updateBundle(displayId, bundle);
    }

    /** Final note, e.g. early stopping or interruption. */
    public void note(String message) {
        if (verbose) System.out.println(message);
    }

    private static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.0f ms", s * 1000) : s < 120
                ? String.format(Locale.ROOT, "%.1f s", s) : String.format(Locale.ROOT, "%.1f min", s / 60);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
