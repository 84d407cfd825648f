package io.github.recur.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed dataset fixtures (dsl/src/test/python/make_dataset_fixtures.py) as files and bytes. */
public final class Fixtures {
    private Fixtures() {}

    public static Path path(String name) {
        URL u = Fixtures.class.getResource("/datasets/" + name);
        if (u == null) throw new IllegalStateException("missing test fixture datasets/" + name + "; run make_dataset_fixtures.py");
        try {
            return Path.of(u.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
