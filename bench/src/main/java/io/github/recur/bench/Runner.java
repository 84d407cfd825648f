package io.github.recur.bench;

/** One framework set up for one {@link Workload}: {@link #time()} runs one operation and returns its milliseconds. */
public interface Runner extends AutoCloseable {
    String framework();

    double time() throws Exception;

    /** A value from the last operation (loss or output element), so the work cannot be skipped and runs can be compared. */
    double check();

    @Override default void close() throws Exception {}
}
