package io.github.recur.display;

import io.github.recur.model.ProgressLogger;
import java.util.Locale;
import java.util.Map;

/**
 * {@code fit}'s progress in a notebook: one display with a progress bar and the epoch's line, replaced
 * in place after every epoch (a printed line per epoch when no {@link Displayer} is installed).
 * {@link Display#install} makes it the default.
 *
 * <pre>{@code model.fit(x, y, epochs(30), callbacks(new NotebookProgress(30)), verbose(false));}</pre>
 */
public final class NotebookProgress extends ProgressLogger {
    private String displayId;

    public NotebookProgress(int epochs) { super(epochs); }

    @Override protected void show(String line, int epoch) {
        Displayer d = Display.displayer();
        if (d == null) {
            super.show(line, epoch);
            return;
        }
        int percent = (int) Math.round(100.0 * (epoch + 1) / epochs());
        String html = "<div style=\"font-family:monospace\"><progress value=\"" + (epoch + 1) + "\" max=\"" + epochs()
                + "\" style=\"width:30%\"></progress> " + Html.escape(line) + "</div>";
        var bundle = Map.of("text/plain", String.format(Locale.ROOT, "%s [%d%%]", line, percent), "text/html", html);
        if (displayId == null) displayId = d.displayBundle(bundle);
        else d.updateBundle(displayId, bundle);
    }
}
