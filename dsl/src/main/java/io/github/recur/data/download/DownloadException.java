package io.github.recur.data.download;

/**
 * A file could not be put into the cache. The message says which file, why, and what to do (for a
 * machine without network: the file's size, checksum and the exact path to put it at by hand);
 * {@link #reason()} tells the cases apart in code. No half-written file is left that looks complete.
 *
 * <pre>{@code
 * try { Path p = Downloader.standard().fetch(file); }
 * catch (DownloadException e) { if (e.reason() == DownloadException.Reason.NETWORK) useBundledData(); }
 * }</pre>
 */
public final class DownloadException extends RuntimeException {
    /** Why a download failed. */
    public enum Reason {
        /** No connection, a timeout, or the server kept failing (5xx) through every retry. */
        NETWORK,
        /** The server answered that the file is not there or not allowed (404, 403, 410, ...). */
        NOT_AVAILABLE,
        /** The bytes received are not the published file (size or checksum differ), twice. */
        CHECKSUM,
        /** The cache directory cannot be created or written. */
        CACHE_NOT_WRITABLE,
        /** The disk (or quota) is full. */
        DISK_FULL,
        /** The download thread was interrupted; the partial file is kept for resuming. */
        INTERRUPTED
    }

    private final transient RemoteFile file;
    private final Reason reason;

    DownloadException(RemoteFile file, Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.file = file;
        this.reason = reason;
    }

    /** The file that could not be fetched. */
    public RemoteFile file() { return file; }

    public Reason reason() { return reason; }
}
