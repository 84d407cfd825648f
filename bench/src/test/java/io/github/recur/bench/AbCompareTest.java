package io.github.recur.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The A/B tool loads each build on its own and reports every build for every mode; no timing is asserted. */
class AbCompareTest {
    // The reactor builds dsl before bench, and Maven runs this test in bench/.
    private static final String DSL_CLASSES = Path.of("..", "dsl", "target", "classes").toString();

    @Test
    void eachBuildsClassesComeFromItsOwnFolderNotFromTheHarnessClassPath() throws Exception {
        URL dsl = Path.of(DSL_CLASSES).toUri().toURL();
        try (var a = new AbCompare.ChildFirst(new URL[] {dsl}, AbCompare.class.getClassLoader());
             var b = new AbCompare.ChildFirst(new URL[] {dsl}, AbCompare.class.getClassLoader())) {
            Class<?> inA = a.loadClass("io.github.recur.Recur"), inB = b.loadClass("io.github.recur.Recur");
            assertSame(a, inA.getClassLoader());
            assertNotSame(inA, inB);
            assertNotSame(io.github.recur.Recur.class, inA);
            // ND4J stays shared: one native library per JVM.
            assertSame(org.nd4j.linalg.factory.Nd4j.class, a.loadClass("org.nd4j.linalg.factory.Nd4j"));
        }
    }

    @Test
    void reportsOneLinePerBuildAndModeWithTheFirstBuildAsReference() throws Exception {
        List<String> lines = AbCompare.compare(List.of(DSL_CLASSES, DSL_CLASSES), Map.of("cell", "gru", "modes", "train,gen",
                "rounds", "2", "warmup", "1", "batch", "3", "steps", "4", "inputs", "2", "hidden", "5"));
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("gru  train") && lines.get(0).contains("(1.00x of the first)"), lines.get(0));
        assertTrue(lines.get(2).startsWith("gru  gen   B=1"), lines.get(2));
        for (String l : lines) assertTrue(l.matches(".*median +\\d+\\.\\d{3} ms +min +\\d+\\.\\d{3}.*"), l);
    }

    @Test
    void aFolderWithoutCompiledDslClassesIsRefusedWithItsPath() {
        var e = assertThrows(IllegalArgumentException.class, () -> AbCompare.compare(List.of(DSL_CLASSES, "/tmp"), Map.of()));
        assertTrue(e.getMessage().contains("/tmp") && e.getMessage().contains("io/github/recur"), e.getMessage());
    }
}
