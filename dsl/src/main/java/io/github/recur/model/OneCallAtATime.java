package io.github.recur.model;

/**
 * Lets one thread at a time into a {@link Model}: its layers keep per-pass buffers and state, so a
 * second thread (a notebook's background thread, a parallel stream) running {@code predict} during
 * a {@code fit} would silently mix the two. The second caller gets an {@link IllegalStateException}
 * naming the call that holds the model instead. The holding thread may re-enter (callbacks call
 * back into the model during {@code fit}).
 */
final class OneCallAtATime {
    private Thread holder;
    private String heldBy;
    private int depth;

    /** A use of the model by this thread, released by {@link Use#close()}. */
    final class Use implements AutoCloseable {
        @Override public void close() { leave(); }
    }

    private final Use use = new Use();

    synchronized Use enter(String call) {
        Thread me = Thread.currentThread();
        if (holder != null && holder != me) {
            throw new IllegalStateException(call + ": this model is busy with " + heldBy + " on thread \"" + holder.getName()
                    + "\"; a model runs one call at a time (two at once would mix their weights and states). Wait for that call "
                    + "to finish (e.g. join its thread), or give each thread its own model (save it and loadModel a copy)");
        }
        if (depth++ == 0) {
            holder = me;
            heldBy = call;
        }
        return use;
    }

    private synchronized void leave() {
        if (--depth == 0) {
            holder = null;
            heldBy = null;
        }
    }
}
