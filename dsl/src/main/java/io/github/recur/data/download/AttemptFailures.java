package io.github.recur.data.download;

import java.io.IOException;

/** How one download attempt failed; {@link Downloader} decides from the kind whether to try again. */
final class AttemptFailures {
    private AttemptFailures() {}

    /** A failure worth another attempt after a pause. */
    static final class Retryable extends Exception {
        final long retryAfterSeconds;

        Retryable(String message, Throwable cause) { this(message, cause, 0); }

        Retryable(String message, Throwable cause, long retryAfterSeconds) {
            super(message, cause);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** The bytes are not the published file (size or checksum). */
    static final class WrongFile extends Exception {
        WrongFile(String message) { super(message); }
    }

    /** The thread was interrupted (the kernel's interrupt button). */
    static final class Interrupted extends Exception {
        Interrupted(Throwable cause) { super("interrupted", cause); }
    }

    /** Writing the part file failed (disk full, permissions). */
    static final class WriteFailed extends Exception {
        WriteFailed(IOException cause) { super(cause.getMessage(), cause); }
    }

    /** The server answered that the file is not there (4xx other than 408/416/429). */
    static final class NotAvailable extends RuntimeException {
        NotAvailable(int status) { super("the server answered " + status); }
    }
}
