package io.github.recur.data.download;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/** Downloaders for tests of other packages: quiet, fast, and (for {@link #offline}) unable to reach anything. */
public final class TestDownloaders {
    private TestDownloaders() {}

    /** A quiet downloader into {@code cache} with short timeouts and back-off; progress text goes to {@code out}. */
    public static Downloader into(Path cache, PrintStream out) {
        var hooks = new Downloader.Hooks(Map.of(), new Properties(), ms -> {}, PartWriter::open, p -> -1, Files::isWritable,
                f -> new DownloadProgress(f.name(), f.size(), out, false));
        return Downloader.standard().withHooks(hooks).cacheDirectory(cache).attempts(2)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5)).withBackoff(Duration.ofMillis(1));
    }

    /**
     * A downloader whose every request goes to a proxy on a closed loopback port, as on a machine
     * without network: real dataset addresses fail at once, and nothing leaves this machine.
     */
    public static Downloader offline(Path cache, PrintStream out) throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        String proxy = "http://127.0.0.1:" + closed;
        var hooks = new Downloader.Hooks(Map.of("https_proxy", proxy, "http_proxy", proxy), new Properties(), ms -> {}, PartWriter::open,
                p -> -1, Files::isWritable, f -> new DownloadProgress(f.name(), f.size(), out, false));
        return Downloader.standard().withHooks(hooks).cacheDirectory(cache).attempts(1)
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));
    }
}
