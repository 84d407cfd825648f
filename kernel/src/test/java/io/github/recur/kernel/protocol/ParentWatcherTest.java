package io.github.recur.kernel.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ParentWatcherTest {
    @Test
    void withoutJpyParentPidTheParentProcessIsWatched() {
        // surefire starts this JVM; JPY_PARENT_PID is not set in a test run
        if (System.getenv("JPY_PARENT_PID") == null) {
            assertEquals(ProcessHandle.current().parent().map(ProcessHandle::pid), ParentWatcher.parent().map(ProcessHandle::pid));
        }
        assertTrue(ParentWatcher.parent().isPresent());
    }
}
