package io.github.recur.io;

import java.nio.file.Path;

/**
 * A weights or model file that cannot be read: truncated, corrupt, of an unknown format version,
 * or not the kind of file expected. The message names the file and says what to do; nothing has
 * been loaded when it is thrown.
 *
 * <pre>{@code
 * try { var model = Recur.loadModel(Path.of("model.recur")); }
 * catch (ModelFileException e) { System.out.println(e.getMessage()); }
 * }</pre>
 */
public final class ModelFileException extends RuntimeException {
    private final transient Path path;

    public ModelFileException(Path path, String message) {
        super(message);
        this.path = path;
    }

    public ModelFileException(Path path, String message, Throwable cause) {
        super(message, cause);
        this.path = path;
    }

    /** The file concerned (may be null for data that did not come from a file). */
    public Path path() { return path; }
}
