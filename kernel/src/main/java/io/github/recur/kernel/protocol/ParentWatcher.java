package io.github.recur.kernel.protocol;

import java.util.Optional;

/**
 * Ends the kernel when the process that started it dies, as ipykernel does: the pid in
 * {@code JPY_PARENT_PID} (which jupyter_client sets), else this process's parent at start. Without
 * it, a front end killed with {@code kill -9} leaves a kernel JVM (and its heap) behind.
 */
final class ParentWatcher {
    static final long POLL_MS = 500;

    private ParentWatcher() {}

    /** Starts a daemon thread that runs {@code onParentGone} once the parent has exited. */
    static void start(Runnable onParentGone) {
        Optional<ProcessHandle> parent = parent();
        if (parent.isEmpty()) return;
        ProcessHandle p = parent.get();
        Thread t = new Thread(() -> {
            while (p.isAlive()) {
                try {
                    Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                    return;
                }
            }
            KernelLog.warn("the parent process " + p.pid() + " has exited; the kernel ends too");
            onParentGone.run();
        }, "recur-parent-watcher");
        t.setDaemon(true);
        t.start();
    }

    static Optional<ProcessHandle> parent() {
        String env = System.getenv("JPY_PARENT_PID");
        boolean windows = System.getProperty("os.name", "").toLowerCase().contains("win"); // there it is a handle, not a pid
        if (env != null && !windows) {
            try {
                long pid = Long.parseLong(env.trim());
                if (pid > 1) return ProcessHandle.of(pid);
            } catch (NumberFormatException ignored) {
                // fall back to the parent
            }
        }
        return ProcessHandle.current().parent().filter(h -> h.pid() > 1);
    }
}
