package io.github.recur.kernel.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SourceIndexTest {
    @TempDir Path dir;

    private Path module() throws Exception {
        Path m = dir.resolve("dsl");
        Files.createDirectories(m.resolve("src/main/java/pkg"));
        Files.writeString(m.resolve("pom.xml"), "<project/>");
        Files.createDirectories(m.resolve("target/classes"));
        Files.writeString(m.resolve("target/dsl-1.jar"), "");
        return m;
    }

    @Test
    void aModulesBuiltJarFindsTheModulesSources() throws Exception {
        Path m = module();
        assertEquals(List.of(m.resolve("src/main/java")), SourceIndex.sourceRoots(List.of(m.resolve("target/dsl-1.jar").toString())));
    }

    @Test
    void aModulesClassesFolderFindsTheModulesSources() throws Exception {
        Path m = module();
        assertEquals(List.of(m.resolve("src/main/java")), SourceIndex.sourceRoots(List.of(m.resolve("target/classes").toString())));
    }

    @Test
    void aJarInATargetFolderOutsideAMavenModuleHasNoSources() throws Exception {
        Path target = Files.createDirectories(dir.resolve("x/target"));
        Files.writeString(target.resolve("a.jar"), "");
        assertEquals(List.of(), SourceIndex.sourceRoots(List.of(target.resolve("a.jar").toString())));
    }

    @Test
    void aSourcesJarBesideAJarAndASourcesFolderBesideTheJarsAreBothRoots() throws Exception {
        Path lib = Files.createDirectories(dir.resolve("lib"));
        Files.writeString(lib.resolve("a.jar"), "");
        Files.writeString(lib.resolve("a-sources.jar"), "");
        Files.createDirectories(lib.resolve("sources/recur-dsl"));
        assertEquals(List.of(lib.resolve("a-sources.jar"), lib.resolve("sources/recur-dsl")),
                SourceIndex.sourceRoots(List.of(lib.resolve("a.jar").toString())));
    }
}
