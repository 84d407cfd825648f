package io.github.recur.kernel.magics;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

    // --- Maven's failures, from its real output (mvn 3.8.7, maven-dependency-plugin 3.6.1) ---

    /** A captured Maven log from src/test/resources. */
    private static String log(String name) throws IOException {
        try (InputStream in = MavenResolverTest.class.getResourceAsStream(name)) {
            assertNotNull(in, name + " missing from the test resources");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void assertOneCleanLine(String error) {
        assertFalse(error.contains("\n") || error.contains("\u001B") || error.contains("[ERROR]") || error.contains("Help 1")
                || error.contains("-e switch") || error.contains("maven-magic"), error);
    }

    @Test
    void aMissingArtifactIsOneLineWithTheCoordinateMavensReasonAndWhatToCheck() throws IOException {
        var r = MavenResolver.failed(List.of("no.such:artifact:9.9.9"), 1, log("maven-not-found.log"));
        assertEquals("Maven could not resolve no.such:artifact:9.9.9: Could not find artifact no.such:artifact:jar:9.9.9 in central "
                + "(https://repo.maven.apache.org/maven2). Check the group, artifact and version (https://central.sonatype.com "
                + "lists them); if it was published only lately, RECUR_MAVEN_ARGS=-U makes Maven look again", r.error());
        assertEquals(List.of(), r.detail(), "Maven said nothing more than its boilerplate");
    }

    @Test
    void colouredOutputLosesItsEscapeCodes() throws IOException {
        String raw = log("maven-not-found-cached-colour.log");
        assertTrue(raw.contains("\u001B["), "the capture is coloured");
        var r = MavenResolver.failed(List.of("no.such:artifact:9.9.9"), 1, raw);
        assertOneCleanLine(r.error());
        assertTrue(r.error().startsWith("Maven could not resolve no.such:artifact:9.9.9: no.such:artifact:jar:9.9.9 was not found in "
                + "https://repo.maven.apache.org/maven2 during a previous attempt."), r.error());
        assertTrue(r.error().contains("RECUR_MAVEN_ARGS=-U"), r.error());
    }

    @Test
    void anUnknownHostPointsAtTheNetworkAndSettings() throws IOException {
        var r = MavenResolver.failed(List.of("no.such:artifact:9.9.8"), 1, log("maven-unknown-host.log"));
        assertOneCleanLine(r.error());
        assertTrue(r.error().contains("Unknown host repo.nonexistent.invalid") && r.error().contains("settings.xml"), r.error());
    }

    @Test
    void offlineMavenWithoutTheArtifactSaysSo() throws IOException {
        var r = MavenResolver.failed(List.of("no.such:artifact:9.9.9"), 1, log("maven-offline.log"));
        assertOneCleanLine(r.error());
        assertTrue(r.error().contains("in offline mode") && r.error().contains("Maven is offline"), r.error());
    }

    @Test
    void aPluginMavenCannotGetIsNamed() throws IOException {
        var r = MavenResolver.failed(List.of("a:b:1"), 1, log("maven-plugin-offline.log"));
        assertOneCleanLine(r.error());
        assertTrue(r.error().startsWith("Maven could not resolve a:b:1: Plugin org.apache.maven.plugins:maven-dependency-plugin:3.6.1 "
                + "or one of its dependencies could not be resolved"), r.error());
    }

    @Test
    void furtherErrorsBecomeTheDetail() {
        String raw = "[ERROR] Some problems were encountered while processing the POMs:\n"
                + "[ERROR] 'dependencies.dependency.version' for a:b:jar is missing. @ line 1\n[ERROR] \n"
                + "[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.\n";
        var r = MavenResolver.failed(List.of("a:b:1"), 1, raw);
        assertEquals("Maven could not resolve a:b:1: Some problems were encountered while processing the POMs:", r.error());
        assertEquals(List.of("'dependencies.dependency.version' for a:b:jar is missing. @ line 1"), r.detail());
    }

    @Test
    void aFailureWithoutErrorLinesGivesWhatTheMvnScriptSaid() {
        var r = MavenResolver.failed(List.of("a:b:1"), 1, "The JAVA_HOME environment variable is not defined correctly\n"
                + "This environment variable is needed to run this program\n");
        assertEquals("Maven could not resolve a:b:1: The JAVA_HOME environment variable is not defined correctly", r.error());
        assertEquals(List.of("This environment variable is needed to run this program"), r.detail());
        assertEquals("Maven could not resolve a:b:1: Maven exited with status 3 and printed nothing",
                MavenResolver.failed(List.of("a:b:1"), 3, "\u001B[0m\u001B[0m").error());
    }

    @Test
    void aTimeoutIsOneLineWithWhatToSetAndKeepsWhatMavenSaid() {
        var r = MavenResolver.timedOut(List.of("a:b:1"), 180, "\u001B[0m[WARNING] Could not transfer metadata a:b/maven-metadata.xml\n");
        assertEquals("Maven did not resolve a:b:1 within 180 s: no network? Set RECUR_MAVEN_TIMEOUT=<seconds> to wait longer, "
                + "or RECUR_MAVEN_ARGS=-o to use only the local repository", r.error());
        assertEquals(List.of("Could not transfer metadata a:b/maven-metadata.xml"), r.detail());
    }

    @Test
    void anArtifactTheKernelAlreadyHasIsNotAddedTwice() {
        Set<String> kernel = Set.of("/k/lib/commons-lang3-3.11.jar");
        assertTrue(MavenResolver.alreadyProvided("/m2/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar", kernel));
        assertFalse(MavenResolver.alreadyProvided("/m2/org/apache/commons/commons-text/1.10.0/commons-text-1.10.0.jar", kernel));
    }
}
