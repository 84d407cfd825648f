package io.github.recur.data.download;

import io.github.recur.data.download.AttemptFailures.Interrupted;
import io.github.recur.data.download.AttemptFailures.NotAvailable;
import io.github.recur.data.download.AttemptFailures.Retryable;
import io.github.recur.data.download.AttemptFailures.WriteFailed;
import io.github.recur.data.download.AttemptFailures.WrongFile;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.http.HttpClient;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Fetches published files into a local cache, once, and only ever hands out complete files whose
 * checksum matches the published one.
 * <ul>
 *   <li><b>Cache:</b> the directory in the Java system property {@code recur.data}, else the
 *       environment variable {@code RECUR_DATA}, else the user's cache directory
 *       ({@code $XDG_CACHE_HOME/recur}, {@code ~/.cache/recur}; {@code ~/Library/Caches/recur} on macOS,
 *       {@code %LOCALAPPDATA%\recur} on Windows). A file put there by hand is used as is once its
 *       checksum matches, also from a directory this user cannot write (shared, read-only data).</li>
 *   <li><b>Safe placement:</b> bytes go to {@code NAME.part}; only a complete file whose checksum
 *       matches is renamed (atomically) to {@code NAME}. A damaged cached file is downloaded again, once,
 *       with a message.</li>
 *   <li><b>Resume:</b> an interrupted download continues from its {@code .part} file where the server
 *       allows ranges (HTTP 206); a server that answers 200 instead is read from the start.</li>
 *   <li><b>Retries and timeouts:</b> connection failures, stalls and server errors (5xx, 408, 429)
 *       are retried with exponential back-off (4 attempts by default); no answer or no data for the
 *       read timeout counts as a failure.</li>
 *   <li><b>Proxies:</b> the JVM's proxy properties, else {@code https_proxy}, {@code http_proxy},
 *       {@code no_proxy} from the environment (see {@code EnvironmentProxies}).</li>
 *   <li><b>Concurrency:</b> two threads, or two JVMs (two notebook kernels), fetching the same file
 *       take turns through a lock file ({@code NAME.lock}, left in place); the second finds the file done.</li>
 *   <li><b>Progress:</b> a bar updated in place in the Recur kernel, text on standard error elsewhere.</li>
 * </ul>
 * Failures are {@link DownloadException}s saying what to do; without network the message gives the
 * file's size, checksum and the path to put it at by hand.
 *
 * <pre>{@code
 * Path npz = Downloader.standard().fetch(file);
 * boolean ready = Downloader.standard().isCached(file);      // never touches the network
 * }</pre>
 */
public final class Downloader {
    /** Extra room asked beyond a file's size before downloading it. */
    private static final long SPACE_MARGIN = 1 << 20;

    private final Path cacheDir;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final int attempts;
    private final Duration firstBackoff;
    private final boolean quiet;
    private final Hooks hooks;

    /**
     * What tests replace: the environment, waiting, writing, free space, whether a directory may be
     * written (root ignores permission bits, so a test as root cannot make one read-only), progress output.
     */
    record Hooks(Map<String, String> env, Properties props, Sleeper sleeper, PartWriter.Factory writers,
                 ToLongFunction<Path> usableSpace, Predicate<Path> writable, Function<RemoteFile, DownloadProgress> progress) {
        static Hooks standard() {
            return new Hooks(System.getenv(), System.getProperties(), Thread::sleep, PartWriter::open,
                    Downloader::usableSpace, Files::isWritable, DownloadProgress::forDownload);
        }
    }

    /** Waits between attempts. */
    @FunctionalInterface
    interface Sleeper { void sleep(long millis) throws InterruptedException; }

    private Downloader(Path cacheDir, Duration connectTimeout, Duration readTimeout, int attempts, Duration firstBackoff,
                       boolean quiet, Hooks hooks) {
        this.cacheDir = cacheDir;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.attempts = attempts;
        this.firstBackoff = firstBackoff;
        this.quiet = quiet;
        this.hooks = hooks;
    }

    /**
     * Draws download progress bars in {@code out}, updated in place, from now on (null: text on standard
     * error). Front ends call it once; the Recur kernel does through {@code Display.install}.
     */
    public static void showProgressIn(LiveOutput out) { DownloadProgress.showIn(out); }

    /** The default cache, 30 s to connect, 60 s without data counts as a stall, 4 attempts, progress shown. */
    public static Downloader standard() {
        return new Downloader(null, Duration.ofSeconds(30), Duration.ofSeconds(60), 4, Duration.ofSeconds(1), false, Hooks.standard());
    }

    /** A copy that keeps files in {@code dir} instead of the default cache directory. */
    public Downloader cacheDirectory(Path dir) {
        if (dir == null) throw new IllegalArgumentException("cacheDirectory: dir is null; pass a directory, e.g. Path.of(\"/data/recur\")");
        return new Downloader(dir, connectTimeout, readTimeout, attempts, firstBackoff, quiet, hooks);
    }

    /** A copy with other timeouts: to connect, and the longest wait for an answer or for more data. */
    public Downloader timeouts(Duration connect, Duration read) {
        requirePositive("connect timeout", connect);
        requirePositive("read timeout", read);
        return new Downloader(cacheDir, connect, read, attempts, firstBackoff, quiet, hooks);
    }

    /** A copy that tries each download at most {@code n} times (1 to 20). */
    public Downloader attempts(int n) {
        if (n < 1 || n > 20) throw new IllegalArgumentException("attempts must be 1 to 20, got " + n);
        return new Downloader(cacheDir, connectTimeout, readTimeout, n, firstBackoff, quiet, hooks);
    }

    /** A copy that shows no progress and no messages. */
    public Downloader quiet() {
        return new Downloader(cacheDir, connectTimeout, readTimeout, attempts, firstBackoff, true, hooks);
    }

    Downloader withHooks(Hooks h) { return new Downloader(cacheDir, connectTimeout, readTimeout, attempts, firstBackoff, quiet, h); }

    Downloader withBackoff(Duration first) { return new Downloader(cacheDir, connectTimeout, readTimeout, attempts, first, quiet, hooks); }

    Hooks hooks() { return hooks; }

    /** The directory files are cached in (see the class description for how it is chosen). */
    public Path cacheDirectory() {
        return cacheDir != null ? cacheDir.toAbsolutePath() : defaultCacheDirectory(hooks.env(), hooks.props());
    }

    /** Where {@code file} is (or will be, or must be put by hand) in the cache. */
    public Path location(RemoteFile file) { return cacheDirectory().resolve(requireFile("location", file).name()); }

    /**
     * Whether {@code file} is in the cache, complete and with the published checksum. Never touches
     * the network and never changes the cache.
     */
    public boolean isCached(RemoteFile file) {
        Path target = location(requireFile("isCached", file));
        return Files.isRegularFile(target) && Checksums.check(target, file).ok();
    }

    /**
     * The path of {@code file} in the cache, downloading it first if it is missing or damaged. Blocks
     * while another thread or process is fetching the same file, then uses its result.
     *
     * @throws DownloadException when the file cannot be had; the message says what to do
     */
    public Path fetch(RemoteFile file) {
        requireFile("fetch", file);
        Path target = location(file);
        // A verified file is used even from a cache this user cannot write (a shared, read-only data directory).
        if (Files.isRegularFile(target) && Checksums.check(target, file).ok()) return target;
        Path dir = prepareDirectory(file);
        DownloadProgress progress = quiet ? DownloadProgress.silent() : hooks.progress().apply(file);
        try (FileTurn turn = FileTurn.take(dir, file, progress)) {
            if (Files.exists(target)) {
                Checksums.Check c = Checksums.check(target, file);
                if (c.ok()) return target; // another thread or process finished it while we waited
                progress.message(file.name() + " in " + dir + " is damaged (" + c.problem() + "); downloading it again");
                deleteQuietly(target);
            }
            download(file, dir, target, progress);
            return target;
        } catch (InterruptedIOException e) {
            throw new DownloadException(file, DownloadException.Reason.INTERRUPTED, e.getMessage(), e);
        } catch (IOException e) {
            throw new DownloadException(file, DownloadException.Reason.CACHE_NOT_WRITABLE, "could not use the cache directory " + dir
                    + " for " + file.name() + ": " + e.getMessage() + "; " + cacheAdvice(), e);
        }
    }

    // ---- the download --------------------------------------------------------------------------------------

    private void download(RemoteFile file, Path dir, Path target, DownloadProgress progress) {
        Path part = dir.resolve(file.name() + ".part");
        requireSpace(file, dir, part);
        EnvironmentProxies.Choice proxy = EnvironmentProxies.choose(hooks.env(), hooks.props());
        HttpTransfer http = new HttpTransfer(connectTimeout, readTimeout, hooks.writers());
        HttpClient client = http.client(proxy);
        int failures = 0, wrongFiles = 0;
        while (true) {
            try {
                long have = partSize(part, file);
                if (have < file.size()) http.run(client, file, part, have, progress);
                Checksums.Check c = Checksums.check(part, file, false);
                if (!c.ok()) throw new WrongFile(c.problem());
                moveIntoPlace(part, target);
                Checksums.remember(target, file);
                progress.finish("done, " + file.sizeText() + ", " + file.algorithm() + " checked");
                return;
            } catch (WrongFile e) {
                deleteQuietly(part);
                if (++wrongFiles >= 2) {
                    progress.finish("failed");
                    throw new DownloadException(file, DownloadException.Reason.CHECKSUM, "the file received from " + file.url() + " is not "
                            + file.name() + " as published: " + e.getMessage() + " (twice; " + file.algorithm() + " " + file.digest()
                            + " is published in " + file.checksumSource() + "). The file at that address has changed, or something between "
                            + "you and the server alters it (a proxy or captive portal). " + manualAdvice(file, target), e);
                }
                progress.message(file.name() + ": " + e.getMessage() + "; downloading it once more from the start");
            } catch (Retryable e) {
                if (++failures >= attempts) {
                    progress.finish("failed");
                    throw new DownloadException(file, DownloadException.Reason.NETWORK, "could not download " + file.name() + ", "
                            + file.sizeText() + ", from " + file.url() + (proxy.selector() != null ? " through " + proxy.description() : "")
                            + ": " + e.getMessage() + " (" + failures + " attempt" + (failures == 1 ? "" : "s") + "). " + manualAdvice(file, target), e);
                }
                long wait = backoff(failures, e.retryAfterSeconds);
                progress.message(String.format(Locale.ROOT, "%s: %s; trying again in %.1f s (attempt %d of %d)",
                        file.name(), e.getMessage(), wait / 1000.0, failures + 1, attempts));
                try {
                    hooks.sleeper().sleep(wait);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw interrupted(file, part, progress, ie);
                }
            } catch (Interrupted e) {
                throw interrupted(file, part, progress, e);
            } catch (NotAvailable e) {
                progress.finish("failed");
                throw new DownloadException(file, DownloadException.Reason.NOT_AVAILABLE, "could not download " + file.name() + ": "
                        + e.getMessage() + " for " + file.url() + " (the file may have moved, or this network blocks it). "
                        + manualAdvice(file, target), e);
            } catch (WriteFailed e) {
                deleteQuietly(part); // a half-written part is useless once writing fails, and it holds space
                progress.finish("failed");
                boolean full = isDiskFull(e.getCause());
                throw new DownloadException(file, full ? DownloadException.Reason.DISK_FULL : DownloadException.Reason.CACHE_NOT_WRITABLE,
                        (full ? "the disk is full" : "could not write") + " while saving " + file.name() + " to " + part + " ("
                                + e.getCause().getMessage() + "); " + file.name() + " needs " + file.sizeText() + ", "
                                + Bytes.text(Math.max(0, hooks.usableSpace().applyAsLong(dir))) + " are free there. Free some space or "
                                + cacheAdvice() + " Nothing was left behind.", e.getCause());
            }
        }
    }

    // ---- the cache -----------------------------------------------------------------------------------------

    /** The default cache directory for this environment (see the class description). */
    public static Path defaultCacheDirectory() { return defaultCacheDirectory(System.getenv(), System.getProperties()); }

    static Path defaultCacheDirectory(Map<String, String> env, Properties props) {
        String prop = props.getProperty("recur.data");
        if (prop != null && !prop.isBlank()) return Path.of(prop).toAbsolutePath();
        String recur = env.get("RECUR_DATA");
        if (recur != null && !recur.isBlank()) return Path.of(recur).toAbsolutePath();
        String os = props.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String home = props.getProperty("user.home", ".");
        if (os.startsWith("windows")) {
            String local = env.get("LOCALAPPDATA");
            return Path.of(local != null && !local.isBlank() ? local : home, "recur").toAbsolutePath();
        }
        if (os.startsWith("mac")) return Path.of(home, "Library", "Caches", "recur").toAbsolutePath();
        String xdg = env.get("XDG_CACHE_HOME");
        if (xdg != null && Path.of(xdg).isAbsolute()) return Path.of(xdg, "recur");
        return Path.of(home, ".cache", "recur").toAbsolutePath();
    }

    private Path prepareDirectory(RemoteFile file) {
        Path dir = cacheDirectory();
        try {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            throw notWritable(file, dir, dir + " exists and is not a directory", e);
        } catch (IOException e) {
            throw notWritable(file, dir, "it cannot be created (" + HttpTransfer.describe(e) + ")", e);
        }
        if (!Files.isDirectory(dir)) throw notWritable(file, dir, dir + " is not a directory", null);
        if (!hooks.writable().test(dir)) throw notWritable(file, dir, "it is not writable", null);
        return dir;
    }

    private DownloadException notWritable(RemoteFile file, Path dir, String why, Throwable cause) {
        return new DownloadException(file, DownloadException.Reason.CACHE_NOT_WRITABLE, "the dataset cache directory " + dir
                + " cannot hold " + file.name() + ": " + why + "; " + cacheAdvice(), cause);
    }

    private static String cacheAdvice() {
        return "set the environment variable RECUR_DATA to a writable directory with room (in a notebook: "
                + "System.setProperty(\"recur.data\", \"/path/with/room\")).";
    }

    private String manualAdvice(RemoteFile file, Path target) {
        return "Without internet access here: download " + file.url() + " on a machine that has it, check that it is "
                + file.sizeText() + " with " + file.algorithm() + " " + file.digest() + ", and put it at " + target
                + " (or in the directory named by RECUR_DATA); Recur checks it before use.";
    }

    private void requireSpace(RemoteFile file, Path dir, Path part) {
        long have = Files.isRegularFile(part) ? sizeOf(part) : 0;
        long need = Math.max(0, file.size() - have) + SPACE_MARGIN;
        long free = hooks.usableSpace().applyAsLong(dir);
        if (free >= 0 && free < need) {
            throw new DownloadException(file, DownloadException.Reason.DISK_FULL, file.name() + " needs " + file.sizeText()
                    + " but only " + Bytes.text(free) + " are free in " + dir + ". Free some space or " + cacheAdvice(), null);
        }
    }

    private static long usableSpace(Path dir) {
        try {
            return Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return -1; // unknown: let the writes tell
        }
    }

    /** The part's size, after removing one that cannot be the start of this file. */
    private static long partSize(Path part, RemoteFile file) {
        if (!Files.isRegularFile(part)) return 0;
        long n = sizeOf(part);
        if (n > file.size()) {
            deleteQuietly(part);
            return 0;
        }
        return n;
    }

    private static void moveIntoPlace(Path part, Path target) throws WriteFailed {
        try {
            try {
                Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + target.getParent() + " cannot rename atomically; use a local disk for RECUR_DATA", e);
            }
            try (FileChannel ch = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
                ch.force(true);
            } catch (IOException | UnsupportedOperationException ignored) {
                // Not every platform can sync a directory; the rename is atomic regardless.
            }
        } catch (IOException e) {
            throw new WriteFailed(e);
        }
    }

    // ---- small helpers -------------------------------------------------------------------------------------

    private long backoff(int failures, long retryAfterSeconds) {
        if (retryAfterSeconds > 0) return Math.min(60, retryAfterSeconds) * 1000;
        double base = firstBackoff.toMillis() * Math.pow(2, failures - 1);
        double jitter = 0.8 + 0.4 * ThreadLocalRandom.current().nextDouble(); // spread retries of many clients
        return (long) Math.min(30_000, base * jitter);
    }

    private static boolean isDiskFull(Throwable e) {
        String m = e == null ? null : e.getMessage();
        return m != null && (m.contains("No space left") || m.contains("Disk quota exceeded") || m.contains("not enough space"));
    }

    private static RemoteFile requireFile(String method, RemoteFile f) {
        if (f == null) throw new IllegalArgumentException(method + ": file is null; pass a RemoteFile, e.g. DatasetFiles.IMDB_NPZ");
        return f;
    }

    private static void requirePositive(String what, Duration d) {
        if (d == null || d.isZero() || d.isNegative()) throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
    }

    static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // it is named .part or will fail its checksum: never mistaken for a complete file
        }
    }

    private DownloadException interrupted(RemoteFile file, Path part, DownloadProgress progress, Throwable cause) {
        progress.finish("interrupted");
        long kept = Files.isRegularFile(part) ? sizeOf(part) : 0;
        return new DownloadException(file, DownloadException.Reason.INTERRUPTED, "the download of " + file.name() + " was interrupted"
                + (kept > 0 ? "; the " + Bytes.text(kept) + " received are kept in " + part + " and the next fetch resumes from there" : ""), cause);
    }
}
