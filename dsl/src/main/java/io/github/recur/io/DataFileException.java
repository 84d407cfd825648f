package io.github.recur.io;

import java.nio.file.Path;

/**
 * A data file that cannot be read: a {@code .npy}/{@code .npz} array file, a pickle inside one, or a
 * ({@code .tar.gz}) archive that is truncated, damaged, forged, or of a kind Recur does not read. The
 * message names the file and the problem and says what to do; nothing has been returned when it is
 * thrown, and no code from the file has run.
 *
 * <pre>{@code
 * try { Map<String, NpyArray> arrays = Npz.read(Path.of("imdb.npz")); }
 * catch (DataFileException e) { System.out.println(e.getMessage()); }
 * }</pre>
 */
public final class DataFileException extends RuntimeException {
    private final transient Path path;

    public DataFileException(Path path, String message) {
        super(message);
        this.path = path;
    }

    public DataFileException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The file concerned, or null for bytes that did not come from a file. */
    public Path path() { return path; }
}
