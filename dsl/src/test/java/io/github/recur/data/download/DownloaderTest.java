package io.github.recur.data.download;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.recur.data.download.LoopbackServer.Body;
import io.github.recur.data.download.LoopbackServer.CutAfter;
import io.github.recur.data.download.LoopbackServer.Redirect;
import io.github.recur.data.download.LoopbackServer.Slow;
import io.github.recur.data.download.LoopbackServer.StallAfter;
import io.github.recur.data.download.LoopbackServer.StallBeforeAnswer;
import io.github.recur.data.download.LoopbackServer.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a loopback HTTP server that misbehaves on purpose; nothing leaves this machine. */
@Timeout(120)
class DownloaderTest {
    @TempDir Path tmp;
    private LoopbackServer server;
    private Path cache;
    private byte[] content;
    private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
    private final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
        cache = tmp.resolve("cache");
        content = new byte[300_000];
        new Random(7).nextBytes(content);
    }

    @AfterEach
    void stop() { server.close(); }

    private RemoteFile file(String name) {
        return RemoteFile.sha256(name, server.serve(name, content), content.length, LoopbackServer.sha256(content), "the test");
    }

    private Downloader.Hooks hooks(Map<String, String> env, PartWriter.Factory writers, long freeSpace) {
        PrintStream out = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);
        return new Downloader.Hooks(env, new Properties(), sleeps::add, writers, p -> freeSpace, Files::isWritable,
                f -> new DownloadProgress(f.name(), f.size(), out, false));
    }

    /** As the file system answers for a directory without write permission (as root, the test process cannot make one). */
    private Downloader.Hooks readOnlyCache() {
        Downloader.Hooks h = hooks(Map.of(), PartWriter::open, -1);
        return new Downloader.Hooks(h.env(), h.props(), h.sleeper(), h.writers(), h.usableSpace(), dir -> false, h.progress());
    }

    private Downloader downloader() { return downloader(hooks(Map.of(), PartWriter::open, -1)); }

    private Downloader downloader(Downloader.Hooks hooks) {
        return Downloader.standard().withHooks(hooks).cacheDirectory(cache)
                .timeouts(Duration.ofSeconds(5), Duration.ofMillis(1500)).withBackoff(Duration.ofMillis(5));
    }

    private String progress() { return progressBytes.toString(StandardCharsets.UTF_8); }

    private List<String> cacheFiles() throws IOException {
        if (!Files.isDirectory(cache)) return List.of();
        try (Stream<Path> s = Files.list(cache)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    // ---- success ---------------------------------------------------------------------------------------

    @Test
    void fetchPlacesTheVerifiedFileInTheCacheAndShowsProgress() throws IOException {
        RemoteFile f = file("data.bin");
        Path p = downloader().fetch(f);
        assertEquals(cache.resolve("data.bin").toAbsolutePath(), p.toAbsolutePath());
        assertArrayEquals(content, Files.readAllBytes(p));
        assertEquals(List.of("data.bin", "data.bin.lock"), cacheFiles(), "no .part file remains");
        assertTrue(progress().contains("data.bin: 300 kB of 300 kB (100%)"), progress());
        assertTrue(progress().contains("done, 300 kB (300,000 bytes), SHA-256 checked"), progress());
    }

    @Test
    void aCachedFileIsUsedWithoutTheNetwork() {
        RemoteFile f = file("data.bin");
        downloader().fetch(f);
        downloader().fetch(f);
        assertEquals(1, server.count("data.bin"));
    }

    @Test
    void isCachedNeverDownloadsAndSaysWhetherTheVerifiedFileIsThere() {
        RemoteFile f = file("data.bin");
        assertFalse(downloader().isCached(f));
        assertEquals(0, server.requests().size(), "isCached asked the server");
        assertFalse(Files.exists(cache), "isCached created the cache directory");
        downloader().fetch(f);
        assertTrue(downloader().isCached(f));
        assertFalse(downloader().isCached(RemoteFile.sha256("data.bin", f.url().toString(), f.size(), "0".repeat(64), "x")),
                "a file with another checksum is not 'cached'");
    }

    @Test
    void aFileCheckedByMd5IsAcceptedWhenThatIsAllThePublisherGives() throws IOException {
        RemoteFile f = RemoteFile.md5("words.json", server.serve("words.json", content), content.length, LoopbackServer.md5(content), "the test");
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertTrue(progress().contains("MD5 checked"), progress());
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        RemoteFile f = file("data.bin");
        server.serve("moved.bin", content);
        server.script("data.bin", new Redirect("moved.bin"));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertEquals(1, server.count("moved.bin"));
    }

    // ---- wrong bytes ---------------------------------------------------------------------------------------

    @Test
    void aWrongChecksumIsDownloadedOnceMoreThenReportedWithNothingLeft() throws IOException {
        RemoteFile f = RemoteFile.sha256("data.bin", server.serve("data.bin", content), content.length, "ab".repeat(32), "the test");
        var e = assertThrows(DownloadException.class, () -> downloader().fetch(f));
        assertEquals(DownloadException.Reason.CHECKSUM, e.reason());
        assertEquals(2, server.count("data.bin"), "one download, one more after the mismatch");
        assertTrue(e.getMessage().contains("ab".repeat(32)) && e.getMessage().contains(LoopbackServer.sha256(content)), e.getMessage());
        assertEquals(List.of("data.bin.lock"), cacheFiles(), "no complete-looking or partial file remains");
    }

    @Test
    void oneCorruptTransferIsRepairedByTheSecondDownload() throws IOException {
        RemoteFile f = file("data.bin");
        byte[] corrupt = content.clone();
        corrupt[1234] ^= 1;
        server.script("data.bin", new Body(corrupt, "application/octet-stream"));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertTrue(progress().contains("instead of the published " + f.digest() + "; downloading it once more"), progress());
    }

    @Test
    void aLoginPageInsteadOfTheFileIsNamedAsSuch() {
        RemoteFile f = file("data.bin");
        byte[] html = "<html><body>Please log in to the hotel Wi-Fi</body></html>".getBytes(StandardCharsets.UTF_8);
        server.script("data.bin", new Body(html, "text/html"), new Body(html, "text/html"));
        var e = assertThrows(DownloadException.class, () -> downloader().fetch(f));
        assertEquals(DownloadException.Reason.CHECKSUM, e.reason());
        assertTrue(e.getMessage().contains("text/html") && e.getMessage().contains("captive portal"), e.getMessage());
    }

    @Test
    void aDamagedCachedFileIsDownloadedAgainOnceWithAMessage() throws IOException {
        RemoteFile f = file("data.bin");
        Files.createDirectories(cache);
        byte[] damaged = content.clone();
        damaged[0] ^= (byte) 0xFF;
        Files.write(cache.resolve("data.bin"), damaged);
        assertFalse(downloader().isCached(f));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertEquals(1, server.count("data.bin"));
        assertTrue(progress().contains("data.bin in " + cache.toAbsolutePath() + " is damaged (SHA-256 "), progress());
        assertTrue(progress().contains("downloading it again"), progress());
    }

    // ---- truncation and resume -----------------------------------------------------------------------------------

    @Test
    void aCutConnectionIsResumedWithARangeRequest() throws IOException {
        RemoteFile f = file("data.bin");
        server.script("data.bin", new CutAfter(120_000));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        var reqs = server.requests();
        assertEquals(2, reqs.size());
        assertEquals(null, reqs.get(0).range());
        assertNotNull(reqs.get(1).range(), "the second request resumes");
        long from = Long.parseLong(reqs.get(1).range().replaceAll("[^0-9]", ""));
        assertTrue(from > 0 && from <= 120_000, "resumed from byte " + from);
        assertEquals(1, sleeps.size(), "one pause before the second attempt");
    }

    @Test
    void aServerThatIgnoresRangesIsReadAgainFromTheStart() throws IOException {
        RemoteFile f = file("data.bin");
        server.noRanges();
        server.script("data.bin", new CutAfter(120_000));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertNotNull(server.requests().get(1).range());
        assertTrue(progress().contains("the server does not resume downloads; starting from the beginning"), progress());
    }

    @Test
    void aPartialFileFromAnEarlierRunIsResumed() throws IOException {
        RemoteFile f = file("data.bin");
        Files.createDirectories(cache);
        Files.write(cache.resolve("data.bin.part"), java.util.Arrays.copyOf(content, 100_000));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertEquals("bytes=100000-", server.requests().get(0).range());
    }

    @Test
    void aPartLargerThanTheFileIsDiscarded() throws IOException {
        RemoteFile f = file("data.bin");
        Files.createDirectories(cache);
        Files.write(cache.resolve("data.bin.part"), new byte[content.length + 10]);
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertEquals(null, server.requests().get(0).range());
    }

    @Test
    void aRefusedRangeStartsOver() throws IOException {
        RemoteFile f = file("data.bin");
        Files.createDirectories(cache);
        Files.write(cache.resolve("data.bin.part"), java.util.Arrays.copyOf(content, 1000));
        server.script("data.bin", new Status(416));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertEquals(null, server.requests().get(1).range(), "after 416 the part is dropped");
    }

    // ---- server errors, timeouts, offline -----------------------------------------------------------------------------

    @Test
    void notFoundFailsAtOnceAndSaysWhereToPutTheFileByHand() {
        RemoteFile f = RemoteFile.sha256("missing.bin", server.url("missing.bin"), 17_464_789, "69".repeat(32), "Keras");
        var e = assertThrows(DownloadException.class, () -> downloader().fetch(f));
        assertEquals(DownloadException.Reason.NOT_AVAILABLE, e.reason());
        assertEquals(1, server.requests().size(), "a 404 is not retried");
        String m = e.getMessage();
        assertTrue(m.contains("404") && m.contains("17.5 MB (17,464,789 bytes)") && m.contains("SHA-256 " + "69".repeat(32))
                && m.contains(cache.resolve("missing.bin").toAbsolutePath().toString()), m);
    }

    @Test
    void serverErrorsAreRetriedWithGrowingPauses() throws IOException {
        RemoteFile f = file("data.bin");
        server.script("data.bin", new Status(500), new Status(503));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertEquals(3, server.count("data.bin"));
        assertEquals(2, sleeps.size());
        assertTrue(sleeps.get(1) > sleeps.get(0), "back-off grows: " + sleeps);
        assertTrue(progress().contains("the server answered 500; trying again"), progress());
    }

    @Test
    void persistentServerErrorsGiveUpAfterTheAttempts() {
        RemoteFile f = file("data.bin");
        server.script("data.bin", new Status(500), new Status(500), new Status(500));
        var e = assertThrows(DownloadException.class, () -> downloader().attempts(3).fetch(f));
        assertEquals(DownloadException.Reason.NETWORK, e.reason());
        assertEquals(3, server.count("data.bin"));
        assertTrue(e.getMessage().contains("(3 attempts)") && e.getMessage().contains("put it at"), e.getMessage());
    }

    @Test
    void aServerThatNeverAnswersTimesOutAndIsTriedAgain() throws IOException {
        RemoteFile f = file("data.bin");
        server.script("data.bin", new StallBeforeAnswer());
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertEquals(2, server.count("data.bin"));
        assertTrue(progress().contains("no answer within 1500 ms"), progress());
    }

    @Test
    void aBodyThatStallsTimesOutAndTheDownloadResumes() throws IOException {
        RemoteFile f = file("data.bin");
        server.script("data.bin", new StallAfter(70_000));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertTrue(progress().contains("no data for 1500 ms"), progress());
        assertNotNull(server.requests().get(1).range(), "the second request resumes after the stall");
    }

    @Test
    void offlineTheErrorNamesTheFileItsSizeChecksumAndWhereToPutIt() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        RemoteFile f = RemoteFile.sha256("imdb.npz", "http://127.0.0.1:" + closedPort + "/imdb.npz", 17_464_789,
                "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f", "Keras");
        var e = assertThrows(DownloadException.class, () -> downloader().attempts(2).fetch(f));
        assertEquals(DownloadException.Reason.NETWORK, e.reason());
        String m = e.getMessage();
        assertTrue(m.contains("imdb.npz") && m.contains("17,464,789 bytes") && m.contains("69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f")
                && m.contains("put it at " + cache.resolve("imdb.npz").toAbsolutePath()) && m.contains("RECUR_DATA")
                && m.contains("cannot connect to 127.0.0.1"), m);
        assertEquals(List.of("imdb.npz.lock"), cacheFiles());
    }

    // ---- bad cache, full disk, interruption ------------------------------------------------------------------------

    @Test
    void aCacheDirectoryThatCannotBeCreatedIsNamed() throws IOException {
        Path aFile = Files.writeString(tmp.resolve("not-a-directory"), "x");
        RemoteFile f = file("data.bin");
        Downloader d = downloader().cacheDirectory(aFile.resolve("cache"));
        var e = assertThrows(DownloadException.class, () -> d.fetch(f));
        assertEquals(DownloadException.Reason.CACHE_NOT_WRITABLE, e.reason());
        assertTrue(e.getMessage().contains(aFile.resolve("cache").toAbsolutePath().toString()) && e.getMessage().contains("RECUR_DATA"), e.getMessage());
        assertEquals(0, server.requests().size());
    }

    @Test
    void aCachePathThatIsAFileIsNamed() throws IOException {
        Path aFile = Files.writeString(tmp.resolve("cache-file"), "x");
        var e = assertThrows(DownloadException.class, () -> downloader().cacheDirectory(aFile).fetch(file("data.bin")));
        assertEquals(DownloadException.Reason.CACHE_NOT_WRITABLE, e.reason());
        assertTrue(e.getMessage().contains("exists and is not a directory"), e.getMessage());
    }

    @Test
    void aCacheDirectoryWithoutWritePermissionIsNamedBeforeAnyDownload() throws IOException {
        Files.createDirectories(cache);
        var e = assertThrows(DownloadException.class, () -> downloader(readOnlyCache()).fetch(file("data.bin")));
        assertEquals(DownloadException.Reason.CACHE_NOT_WRITABLE, e.reason());
        assertTrue(e.getMessage().startsWith("the dataset cache directory " + cache.toAbsolutePath() + " cannot hold data.bin: it is not writable;")
                && e.getMessage().contains("set the environment variable RECUR_DATA to a writable directory"), e.getMessage());
        assertEquals(0, server.requests().size());
        assertEquals(List.of(), cacheFiles(), "nothing may be written into a cache that is not writable");
    }

    @Test
    void aVerifiedFileInACacheWithoutWritePermissionIsUsed() throws IOException {
        RemoteFile f = file("data.bin");
        Files.createDirectories(cache);
        Files.write(cache.resolve("data.bin"), content);
        Path p = downloader(readOnlyCache()).fetch(f);
        assertEquals(cache.resolve("data.bin").toAbsolutePath(), p);
        assertEquals(0, server.requests().size());
        assertEquals(List.of("data.bin"), cacheFiles(), "no lock file either");
    }

    @Test
    void aCacheWhereTheLockFileCannotBeCreatedIsNamed() throws IOException {
        // A real file-system error, not a simulated one: the lock file's name is taken by a directory.
        Files.createDirectories(cache.resolve("data.bin.lock"));
        var e = assertThrows(DownloadException.class, () -> downloader().fetch(file("data.bin")));
        assertEquals(DownloadException.Reason.CACHE_NOT_WRITABLE, e.reason());
        assertTrue(e.getMessage().startsWith("could not use the cache directory " + cache.toAbsolutePath() + " for data.bin: ")
                && e.getMessage().contains("RECUR_DATA"), e.getMessage());
        assertEquals(0, server.requests().size());
        assertFalse(Files.exists(cache.resolve("data.bin")) || Files.exists(cache.resolve("data.bin.part")));
    }

    @Test
    void aFullDiskLeavesNoPartialFileAndSaysSo() throws IOException {
        RemoteFile f = file("data.bin");
        PartWriter.Factory fillsUp = (part, append) -> {
            PartWriter real = PartWriter.open(part, append);
            return new PartWriter() {
                long written;

                @Override public void write(byte[] b, int off, int len) throws IOException {
                    if (written + len > 100_000) throw new IOException("No space left on device");
                    real.write(b, off, len);
                    written += len;
                }

                @Override public void force() throws IOException { real.force(); }

                @Override public void close() throws IOException { real.close(); }
            };
        };
        var e = assertThrows(DownloadException.class, () -> downloader(hooks(Map.of(), fillsUp, 5_000_000)).fetch(f));
        assertEquals(DownloadException.Reason.DISK_FULL, e.reason());
        assertTrue(e.getMessage().contains("the disk is full") && e.getMessage().contains("No space left on device")
                && e.getMessage().contains("Nothing was left behind"), e.getMessage());
        assertEquals(1, server.count("data.bin"), "a full disk is not retried");
        assertEquals(List.of("data.bin.lock"), cacheFiles());
    }

    @Test
    void tooLittleFreeSpaceIsReportedBeforeDownloading() throws IOException {
        var e = assertThrows(DownloadException.class, () -> downloader(hooks(Map.of(), PartWriter::open, 999)).fetch(file("data.bin")));
        assertEquals(DownloadException.Reason.DISK_FULL, e.reason());
        assertTrue(e.getMessage().contains("needs 300 kB (300,000 bytes) but only 999 B are free in " + cache.toAbsolutePath()), e.getMessage());
        assertEquals(0, server.requests().size());
    }

    @Test
    void anInterruptedDownloadKeepsItsPartAndTheNextFetchResumes() throws Exception {
        RemoteFile f = file("data.bin");
        server.script("data.bin", new Slow(10_000, 20));
        var failure = new AtomicReference<Throwable>();
        Thread t = new Thread(() -> {
            try {
                downloader().fetch(f);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        Path part = cache.resolve("data.bin.part");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((!Files.exists(part) || Files.size(part) < 30_000) && System.nanoTime() < deadline) Thread.sleep(5);
        t.interrupt();
        t.join(30_000);
        assertTrue(failure.get() instanceof DownloadException e && e.reason() == DownloadException.Reason.INTERRUPTED, String.valueOf(failure.get()));
        assertTrue(failure.get().getMessage().contains("the next fetch resumes"), failure.get().getMessage());
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept < content.length, "kept " + kept);
        assertFalse(Files.exists(cache.resolve("data.bin")));
        assertArrayEquals(content, Files.readAllBytes(downloader().fetch(f)));
        assertEquals("bytes=" + kept + "-", server.requests().get(1).range());
    }

    // ---- concurrency ------------------------------------------------------------------------------------------------

    @Test
    void twoThreadsFetchingTheSameFileDownloadItOnce() throws Exception {
        RemoteFile f = file("data.bin");
        server.script("data.bin", new Slow(20_000, 10));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<Path> fetch = () -> downloader().fetch(f);
            Future<Path> a = pool.submit(fetch), b = pool.submit(fetch);
            assertEquals(a.get(60, TimeUnit.SECONDS), b.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, server.count("data.bin"));
        assertArrayEquals(content, Files.readAllBytes(cache.resolve("data.bin")));
        assertEquals(List.of("data.bin", "data.bin.lock"), cacheFiles());
    }

    @Test
    void twoJvmsFetchingTheSameFileDownloadItOnce() throws Exception {
        RemoteFile f = file("data.bin");
        server.script("data.bin", new Slow(10_000, 40)); // about 1.2 s: the other JVM holds the lock meanwhile
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process other = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), FetchInOtherJvm.class.getName(),
                f.url().toString(), cache.toString(), f.name(), Long.toString(f.size()), f.digest())
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (server.count("data.bin") == 0 && System.nanoTime() < deadline && other.isAlive()) Thread.sleep(5);
        assertEquals(1, server.count("data.bin"), "the other JVM started its download");
        Path p = downloader().fetch(f);
        assertTrue(other.waitFor(60, TimeUnit.SECONDS));
        String out = new String(other.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, other.exitValue(), out);
        assertTrue(out.contains(p.toAbsolutePath().toString()), out);
        assertTrue(progress().contains("waiting for another process"), "this JVM waited on the lock file: " + progress());
        assertEquals(1, server.count("data.bin"), "downloaded once for both JVMs");
        assertArrayEquals(content, Files.readAllBytes(p));
    }

    // ---- proxies and the cache directory ----------------------------------------------------------------------------

    @Test
    void theEnvironmentsProxyCarriesTheRequest() throws IOException {
        server.serve("data.bin", content);
        RemoteFile f = RemoteFile.sha256("data.bin", "http://datasets.example.invalid/data.bin", content.length, LoopbackServer.sha256(content), "t");
        Downloader d = downloader(hooks(Map.of("http_proxy", "http://127.0.0.1:" + server.port()), PartWriter::open, -1));
        assertArrayEquals(content, Files.readAllBytes(d.fetch(f)));
        assertEquals("http://datasets.example.invalid/data.bin", server.requests().get(0).uri(), "the proxy got the absolute address");
    }

    @Test
    void theCacheDirectoryComesFromThePropertyThenRecurDataThenTheUsersCache() {
        var props = new Properties();
        props.setProperty("os.name", "Linux");
        props.setProperty("user.home", "/home/ada");
        assertEquals(Path.of("/home/ada/.cache/recur"), Downloader.defaultCacheDirectory(Map.of(), props));
        assertEquals(Path.of("/xdg/recur"), Downloader.defaultCacheDirectory(Map.of("XDG_CACHE_HOME", "/xdg"), props));
        assertEquals(Path.of("/data/r"), Downloader.defaultCacheDirectory(Map.of("XDG_CACHE_HOME", "/xdg", "RECUR_DATA", "/data/r"), props));
        props.setProperty("recur.data", "/prop/r");
        assertEquals(Path.of("/prop/r"), Downloader.defaultCacheDirectory(Map.of("RECUR_DATA", "/data/r"), props));
        var mac = new Properties();
        mac.setProperty("os.name", "Mac OS X");
        mac.setProperty("user.home", "/Users/ada");
        assertEquals(Path.of("/Users/ada/Library/Caches/recur"), Downloader.defaultCacheDirectory(Map.of(), mac));
    }

    @Test
    void badSettingsAreRefusedWithTheValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Downloader.standard().attempts(0));
        assertTrue(e.getMessage().contains("got 0"));
        e = assertThrows(IllegalArgumentException.class, () -> Downloader.standard().timeouts(Duration.ZERO, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("connect timeout"));
        e = assertThrows(IllegalArgumentException.class, () -> RemoteFile.sha256("../x", "https://a.b/x", 1, "0".repeat(64), "t"));
        assertTrue(e.getMessage().contains("'../x'"));
        e = assertThrows(IllegalArgumentException.class, () -> RemoteFile.sha256("x", "ftp://a.b/x", 1, "0".repeat(64), "t"));
        assertTrue(e.getMessage().contains("ftp://a.b/x"));
        e = assertThrows(IllegalArgumentException.class, () -> RemoteFile.sha256("x", "https://a.b/x", 1, "123", "t"));
        assertTrue(e.getMessage().contains("64 hex digits"));
    }
}
