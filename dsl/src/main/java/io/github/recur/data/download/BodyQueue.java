package io.github.recur.data.download;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The body of an HTTP response, one chunk at a time, with a limit on how long to wait for the next
 * chunk. The JDK's HTTP client has no read timeout of its own, and its InputStream body swallows
 * thread interrupts on JDK 17; here both a stall and an interrupt surface at once. One chunk is
 * requested at a time, so at most one is held in memory.
 */
final class BodyQueue implements Flow.Subscriber<List<ByteBuffer>> {
    private static final Object END = new Object();

    /** No chunk arrived within the limit. */
    static final class Stalled extends Exception {
        Stalled() { super("stalled"); }
    }

    private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    @Override public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) s.cancel();
        else s.request(1);
    }

    @Override public void onNext(List<ByteBuffer> chunk) { items.add(chunk); }

    @Override public void onError(Throwable t) { items.add(t); }

    @Override public void onComplete() { items.add(END); }

    /** The next chunk, or null at the end of the body. */
    @SuppressWarnings("unchecked")
    List<ByteBuffer> next(Duration limit) throws IOException, InterruptedException, Stalled {
        Object o = items.poll(limit.toNanos(), TimeUnit.NANOSECONDS);
        if (o == null) throw new Stalled();
        if (o == END) return null;
        if (o instanceof Throwable t) throw t instanceof IOException io ? io : new IOException(t.toString(), t);
        Flow.Subscription s = subscription;
        if (s != null) s.request(1);
        return (List<ByteBuffer>) o;
    }

    /** Stops the transfer (the connection is closed rather than read to the end). */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }
}
