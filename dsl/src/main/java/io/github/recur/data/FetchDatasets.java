package io.github.recur.data;

import io.github.recur.data.download.DownloadException;
import io.github.recur.data.download.Downloader;
import io.github.recur.data.download.RemoteFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Fetches datasets into the cache ahead of time, e.g. while building a Binder image, so notebooks
 * later run without the network:
 *
 * <pre>
 * java -cp kernel/target/recur-kernel.jar io.github.recur.data.FetchDatasets imdb
 * java -cp ... io.github.recur.data.FetchDatasets --cache /data/recur imdb imdb-reviews
 * java -cp ... io.github.recur.data.FetchDatasets --list
 * </pre>
 *
 * Exit status 0 when every file is in the cache with its checksum, 1 when a download failed (the
 * reason on standard error), 2 for a wrong command line. Needs only the JDK and the Recur jar.
 */
public final class FetchDatasets {
    private FetchDatasets() {}

    public static void main(String[] args) {
        System.exit(run(args, Downloader.standard()));
    }

    /** The command without exiting: the exit status. */
    static int run(String[] args, Downloader downloader) {
        List<String> datasets = new ArrayList<>();
        boolean list = false;
        Downloader d = downloader;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--list" -> list = true;
                case "--cache" -> {
                    if (i + 1 >= args.length) return usage("--cache needs a directory");
                    d = d.cacheDirectory(Path.of(args[++i]));
                }
                case "-h", "--help" -> {
                    usage(null);
                    return 0;
                }
                default -> {
                    if (args[i].startsWith("-")) return usage("unknown option " + args[i]);
                    datasets.add(args[i]);
                }
            }
        }
        if (list) {
            for (String name : DatasetFiles.names()) {
                for (RemoteFile f : DatasetFiles.of(name)) {
                    System.out.printf("%-13s %-22s %s  %s %s  %s%n", name, f.name(), f.sizeText(), f.algorithm(), f.digest(),
                            d.isCached(f) ? "cached at " + d.location(f) : "not cached");
                }
            }
            if (datasets.isEmpty()) return 0;
        }
        if (datasets.isEmpty()) return usage("name a dataset to fetch");
        List<RemoteFile> files = new ArrayList<>();
        for (String name : datasets) {
            try {
                files.addAll(DatasetFiles.of(name));
            } catch (IllegalArgumentException e) {
                return usage(e.getMessage());
            }
        }
        for (RemoteFile f : files) {
            try {
                Path p = d.fetch(f);
                System.out.println(f.name() + ": " + p);
            } catch (DownloadException | IllegalArgumentException e) {
                System.err.println("FetchDatasets: " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static int usage(String problem) {
        if (problem != null) System.err.println("FetchDatasets: " + problem);
        System.err.println("usage: java -cp <recur jars> io.github.recur.data.FetchDatasets [--cache DIR] [--list] DATASET...");
        System.err.println("datasets: " + String.join(", ", DatasetFiles.names()) + "; cache: " + Downloader.defaultCacheDirectory()
                + " (set RECUR_DATA or -Drecur.data to change it)");
        return problem == null ? 0 : 2;
    }
}
