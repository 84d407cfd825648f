package io.github.recur.display;

import io.github.recur.data.download.Downloader;
import io.github.recur.data.download.LiveOutput;
import io.github.recur.model.ProgressLogger;
import java.util.Map;

/**
 * The hook between the library and a notebook front end. The kernel calls {@link #install} once;
 * display code (the live loss chart, the in-place progress of {@code fit}) asks {@link #displayer()}
 * whether there is a notebook to show things in. The engine knows nothing of it.
 *
 * <pre>{@code
 * Display.install(myDisplayer);                 // a front end, once at start-up
 * if (Display.inNotebook()) Display.displayer().display(chart);
 * }</pre>
 */
public final class Display {
    private static volatile Displayer displayer;

    private Display() {}

    /**
     * Sends rich output to {@code d} from now on (null: none, printed lines instead), and makes {@code fit}'s
     * default progress a {@link NotebookProgress} that updates one display in place, and download progress
     * bars likewise.
     */
    public static void install(Displayer d) {
        displayer = d;
        ProgressLogger.useByDefault(d == null ? null : NotebookProgress::new);
        Downloader.showProgressIn(d == null ? null : new LiveOutput() {
            @Override public String show(Map<String, String> bundle) { return d.displayBundle(bundle); }
            @Override public void update(String id, Map<String, String> bundle) { d.updateBundle(id, bundle); }
        });
    }

    /** The installed displayer, or null outside a notebook. */
    public static Displayer displayer() { return displayer; }

    public static boolean inNotebook() { return displayer != null; }
}
