package io.github.recur.kernel.install;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JvmOptionsTest {
    @Test
    void java17GetsNoOptionItDoesNotKnow() {
        List<String> o = JvmOptions.forJava(17, List.of());
        assertFalse(o.contains("--sun-misc-unsafe-memory-access=allow"), o.toString());
        assertFalse(o.contains("--enable-native-access=ALL-UNNAMED"), o.toString());
        assertTrue(o.contains("-Djava.awt.headless=true"), o.toString());
        assertFalse(o.stream().anyMatch(s -> s.contains("security.manager")), o.toString());
    }

    @Test
    void java25AllowsWhatJavaCppDoesSoNoWarningIsPrinted() {
        List<String> o = JvmOptions.forJava(25, List.of());
        assertTrue(o.contains("--enable-native-access=ALL-UNNAMED"), o.toString());
        assertTrue(o.contains("--sun-misc-unsafe-memory-access=allow"), o.toString());
    }

    @Test
    void java21HasNativeAccessButNotTheUnsafeOptionWhichCameIn23() {
        assertFalse(JvmOptions.forJava(21, List.of()).contains("--sun-misc-unsafe-memory-access=allow"));
        assertTrue(JvmOptions.forJava(23, List.of()).contains("--sun-misc-unsafe-memory-access=allow"));
    }

    @Test
    void theUsersMemoryLimitReplacesTheDefaultAndTheirOptionsComeLast() {
        List<String> o = JvmOptions.forJava(17, List.of("-Xmx768m", "-Dorg.bytedeco.javacpp.maxPhysicalBytes=1800m"));
        assertFalse(o.contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=0"), o.toString());
        assertEquals("-Dorg.bytedeco.javacpp.maxPhysicalBytes=1800m", o.get(o.size() - 1));
        assertTrue(JvmOptions.forJava(17, List.of()).contains("-Dorg.bytedeco.javacpp.maxphysicalbytes=0"));
    }
}
