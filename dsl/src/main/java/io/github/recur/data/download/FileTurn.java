package io.github.recur.data.download;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** This JVM's and other processes' turn at one file: an in-process lock, then a lock on {@code NAME.lock}. */
final class FileTurn implements AutoCloseable {
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCAL_LOCKS = new ConcurrentHashMap<>();

    private final ReentrantLock local;
    private final FileChannel channel;
    private final FileLock lock;

    private FileTurn(ReentrantLock local, FileChannel channel, FileLock lock) {
        this.local = local;
        this.channel = channel;
        this.lock = lock;
    }

    static FileTurn take(Path dir, RemoteFile file, DownloadProgress progress) throws IOException {
        Path lockFile = dir.resolve(file.name() + ".lock");
        ReentrantLock local = LOCAL_LOCKS.computeIfAbsent(lockFile.toAbsolutePath().normalize(), k -> new ReentrantLock());
        try {
            if (!local.tryLock()) {
                progress.message("waiting for another download of " + file.name() + " in this JVM to finish");
                local.lockInterruptibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for another download of " + file.name());
        }
        FileChannel ch = null;
        try {
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock fl = ch.tryLock();
            if (fl == null) {
                progress.message("waiting for another process (another notebook kernel?) that is downloading " + file.name()
                        + " (lock file " + lockFile + ")");
                while ((fl = ch.tryLock()) == null) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted while waiting for another process downloading " + file.name());
                    }
                }
            }
            return new FileTurn(local, ch, fl);
        } catch (IOException | RuntimeException e) {
            if (ch != null) ch.close();
            local.unlock();
            throw e;
        }
    }

    @Override public void close() throws IOException {
        try {
            lock.release();
            channel.close();
        } finally {
            local.unlock();
        }
    }
}
