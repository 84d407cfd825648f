package io.github.recur.data.download;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The download progress bar: one output updated in place in the kernel, a line per tenth elsewhere. */
class DownloadProgressTest {
    @Test
    void outsideTheKernelItPrintsALinePerTenthAndTheOutcome() {
        var bytes = new ByteArrayOutputStream();
        var p = new DownloadProgress("imdb.npz", 17_464_789, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        for (long b = 0; b <= 17_464_789; b += 65_536) p.update(b);
        p.update(17_464_789);
        p.finish("done");
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(12, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("imdb.npz: 0 B of 17.5 MB (0%)"), lines.get(0));
        assertTrue(lines.get(10).startsWith("imdb.npz: 17.5 MB of 17.5 MB (100%)"), lines.get(10));
        assertEquals("imdb.npz: done", lines.get(11));
    }

    @Test
    void inTheKernelOneDisplayIsUpdatedInPlace() {
        var shown = new ArrayList<String>();
        var updates = new ArrayList<String>();
        LiveOutput fake = new LiveOutput() {
            @Override public String show(Map<String, String> b) {
                shown.add(b.get("text/html"));
                return "progress-1";
            }
            @Override public void update(String id, Map<String, String> b) {
                assertEquals("progress-1", id);
                updates.add(b.get("text/plain"));
            }
        };
        var err = new ByteArrayOutputStream();
        Downloader.showProgressIn(fake);
        try {
            var p = new DownloadProgress("imdb.npz", 1000, new PrintStream(err, true, StandardCharsets.UTF_8), false);
            for (int b = 0; b <= 1000; b += 10) p.update(b);
            p.finish("done, 1 kB, SHA-256 checked");
        } finally {
            Downloader.showProgressIn(null);
        }
        assertEquals(1, shown.size());
        assertTrue(shown.get(0).contains("<progress value=\"0\" max=\"100\""), shown.get(0));
        assertTrue(updates.contains("imdb.npz: 1 kB of 1 kB (100%)"), updates.toString());
        assertEquals("imdb.npz: done, 1 kB, SHA-256 checked", updates.get(updates.size() - 1));
        assertTrue(updates.size() <= 3, "updates are throttled: " + updates);
        assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing printed besides the display");
    }
}
