package io.github.recur.data.download;

import java.nio.file.Path;

/** A second JVM for {@link DownloaderTest}: fetches one file into a cache through the public API and prints its path. */
public final class FetchInOtherJvm {
    private FetchInOtherJvm() {}

    /** Arguments: url, cache directory, file name, size, SHA-256. */
    public static void main(String[] args) {
        RemoteFile f = RemoteFile.sha256(args[2], args[0], Long.parseLong(args[3]), args[4], "the test");
        Path p = Downloader.standard().cacheDirectory(Path.of(args[1])).fetch(f);
        System.out.println("fetched " + p.toAbsolutePath());
    }
}
