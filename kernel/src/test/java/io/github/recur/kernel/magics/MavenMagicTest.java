package io.github.recur.kernel.magics;

import io.github.recur.kernel.evaluation.Evaluator;
import io.github.recur.kernel.evaluation.Outcome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** %maven against a real JShell, with Maven replaced by a fixed resolution (no network). */
@Timeout(300) // a JShell that hangs must fail the build, not stall it
class MavenMagicTest {
    @TempDir
    static Path dir;
    private static Evaluator evaluator;
    private static String kernelLang3;

    @BeforeAll
    static void start() throws Exception {
        evaluator = new Evaluator(List.of(), new PrintStream(new ByteArrayOutputStream(), true));
        // stands for the kernel's lib/commons-lang3-3.11.jar (pom.properties only, no classes)
        kernelLang3 = MavenResolverTest.jar(dir.resolve("lib/commons-lang3-3.11.jar"), "org.apache.commons:commons-lang3:3.11");
        evaluator.addToClasspath(kernelLang3);
    }

    @AfterAll
    static void stop() {
        evaluator.close();
    }

    private static String repoJar(String group, String artifact, String version) throws Exception {
        return MavenResolverTest.jar(dir.resolve("m2").resolve(group.replace('.', '/')).resolve(artifact).resolve(version)
                .resolve(artifact + "-" + version + ".jar"), group + ":" + artifact + ":" + version);
    }

    /** Runs {@code cell} with %maven resolving to {@code result}; returns what it printed, the outcome in {@code outcome[0]}. */
    private static String run(String cell, MavenResolver.Result result, Outcome[] outcome) {
        Magics magics = new Magics(evaluator, name -> null);
        magics.register(new MavenMagic((coords, interrupted) -> result));
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            outcome[0] = magics.run(cell);
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRequestedVersionTheKernelHasInAnotherVersionIsNamedWithBothAndNotAdded() throws Exception {
        String lang3 = repoJar("org.apache.commons", "commons-lang3", "3.14.0");
        Outcome[] o = new Outcome[1];
        String out = run("%maven org.apache.commons:commons-lang3:3.14.0", new MavenResolver.Result(List.of(lang3), null, List.of(), false), o);
        assertFalse(o[0].failed(), o[0].errorValue());
        assertTrue(out.startsWith("org.apache.commons:commons-lang3: the kernel already provides 3.11, which your code will use; "
                + "3.14.0 was not added (two versions of one library in one JVM break at run time). Code that needs 3.14.0 can load "
                + "it in a class loader of its own: new java.net.URLClassLoader(new java.net.URL[]{java.nio.file.Path.of(\""
                + lang3 + "\")"), out);
        assertTrue(out.contains("Added 0 jar(s) (1 not added: another version is already in use, see the note)"), out);
        assertFalse(evaluator.classpath().contains(lang3));
    }

    @Test
    void aDependencyTheKernelHasInAnotherVersionIsNamedAsADependency() throws Exception {
        String text = repoJar("org.apache.commons", "commons-text", "1.10.0");
        String lang3 = repoJar("org.apache.commons", "commons-lang3", "3.12.0");
        Outcome[] o = new Outcome[1];
        String out = run("%maven org.apache.commons:commons-text:1.10.0",
                new MavenResolver.Result(List.of(text, lang3), null, List.of(), false), o);
        assertTrue(out.contains("org.apache.commons:commons-lang3: the kernel already provides 3.11, which your code will use; "
                + "3.12.0 (a dependency of what you asked for) was not added"), out);
        assertTrue(out.contains("ask for a release of it that works with commons-lang3 3.11."), out);
        assertTrue(out.contains("Added 1 jar(s): commons-text-1.10.0.jar (1 not added"), out);
        assertTrue(evaluator.classpath().contains(text));
    }

    @Test
    void theKernelsOwnVersionIsCountedAsProvidedWithoutANote() throws Exception {
        Outcome[] o = new Outcome[1];
        String out = run("%maven org.apache.commons:commons-lang3:3.11",
                new MavenResolver.Result(List.of(repoJar("org.apache.commons", "commons-lang3", "3.11")), null, List.of(), false), o);
        assertEquals("Added 0 jar(s) (1 already provided by the kernel)", out.strip());
    }

    @Test
    void aMavenFailureIsOneErrorValueAndItsDetailIsTheIndentedTraceback() {
        Outcome[] o = new Outcome[1];
        var failure = MavenResolver.failed(List.of("a:b:1"), 1, "[ERROR] Some problems were encountered while processing the POMs:\n"
                + "[ERROR] 'dependencies.dependency.version' for a:b:jar is missing. @ line 1\n");
        run("%maven a:b:1", failure, o);
        assertEquals("MavenError", o[0].errorName());
        assertEquals("Maven could not resolve a:b:1: Some problems were encountered while processing the POMs:", o[0].errorValue());
        assertEquals(List.of(o[0].errorValue(), "  'dependencies.dependency.version' for a:b:jar is missing. @ line 1"), o[0].traceback());
    }
}
