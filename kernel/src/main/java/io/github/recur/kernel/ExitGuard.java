package io.github.recur.kernel;

import java.security.Permission;

/**
 * Keeps {@code System.exit} in a cell from killing the kernel: exits requested from a cell thread
 * (or a thread a cell started) throw a {@link SecurityException} that the cell reports; the kernel's
 * own threads may still exit. Every other permission is granted, so nothing else changes.
 *
 * <p>JDK 17 allows installing a security manager at run time; JDK 18+ needs
 * {@code -Djava.security.manager=allow}, which the installed kernelspec passes.
 */
@SuppressWarnings({"removal", "deprecation"})
final class ExitGuard extends SecurityManager {
    private ExitGuard() {}

    static void install() {
        try {
            System.setSecurityManager(new ExitGuard());
        } catch (UnsupportedOperationException | SecurityException e) {
            KernelLog.warn("System.exit in a cell will end the kernel: cannot install the exit guard ("
                    + e.getMessage() + "); start the JVM with -Djava.security.manager=allow");
        }
    }

    @Override
    public void checkExit(int status) {
        if (CellExecutionControl.CELL_GROUP.parentOf(Thread.currentThread().getThreadGroup())) {
            throw new SecurityException("System.exit(" + status + ") was blocked: it would end the kernel. "
                    + "Use the notebook's Restart command to restart it.");
        }
    }

    @Override
    public void checkPermission(Permission perm) {
        // everything else is allowed
    }

    @Override
    public void checkPermission(Permission perm, Object context) {
        // everything else is allowed
    }
}
