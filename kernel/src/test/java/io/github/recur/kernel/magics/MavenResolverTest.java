package io.github.recur.kernel.magics;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MavenResolverTest {
    @Test
    void coordinatesBecomeDependenciesWithClassifierAndType() {
        String d = MavenResolver.dependencies(List.of("a:b:1", "c:d:2:linux", "e:f:jar:tests:3"));
        assertTrue(d.contains("<groupId>a</groupId><artifactId>b</artifactId><version>1</version></dependency>"), d);
        assertTrue(d.contains("<version>2</version><classifier>linux</classifier>"), d);
        assertTrue(d.contains("<version>3</version><classifier>tests</classifier><type>jar</type>"), d);
    }

    @Test
    void aMalformedCoordinateIsRefusedWithAnExample() {
        var e = assertThrows(IllegalArgumentException.class, () -> MavenResolver.dependencies(List.of("commons-text")));
        assertTrue(e.getMessage().contains("'commons-text'") && e.getMessage().contains("commons-math3:3.6.1"), e.getMessage());
    }

    @Test
    void mavensErrorLinesAreKeptAndItsGenericAdviceDropped() {
        String log = "[INFO] x\n[ERROR] Failed to execute goal: Could not find artifact a:b:jar:1 in central\n[ERROR] \n"
                + "[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.\n";
        assertEquals("[ERROR] Failed to execute goal: Could not find artifact a:b:jar:1 in central", MavenResolver.errorLines(log));
    }

    @Test
    void anArtifactTheKernelAlreadyHasIsNotAddedTwice() {
        Set<String> kernel = Set.of("/k/lib/commons-lang3-3.11.jar");
        assertTrue(MavenResolver.alreadyProvided("/m2/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar", kernel));
        assertFalse(MavenResolver.alreadyProvided("/m2/org/apache/commons/commons-text/1.10.0/commons-text-1.10.0.jar", kernel));
    }
}
