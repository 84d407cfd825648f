package io.github.recur.kernel.magics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MavenResolverTest {
    @TempDir
    Path dir;

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

    // --- which library a resolved jar is, and whether the class path has it already ---

    /** An empty jar at {@code path} with a pom.properties for each "group:artifact:version" of {@code poms}. */
    static String jar(Path path, String... poms) throws IOException {
        Files.createDirectories(path.getParent());
        try (OutputStream out = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(out)) {
            for (String pom : poms) {
                String[] gav = pom.split(":");
                jar.putNextEntry(new ZipEntry("META-INF/maven/" + gav[0] + "/" + gav[1] + "/pom.properties"));
                jar.write(("groupId=" + gav[0] + "\nartifactId=" + gav[1] + "\nversion=" + gav[2] + "\n").getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
        return path.toString();
    }

    private String repoJar(String group, String artifact, String version, String classifier) throws IOException {
        String name = artifact + "-" + version + (classifier == null ? "" : "-" + classifier) + ".jar";
        return jar(dir.resolve("m2").resolve(group.replace('.', '/')).resolve(artifact).resolve(version).resolve(name),
                group + ":" + artifact + ":" + version);
    }

    @Test
    void anotherVersionOfAKernelLibraryIsFoundWithBothVersions() throws IOException {
        String kernel = jar(dir.resolve("lib/commons-lang3-3.11.jar"), "org.apache.commons:commons-lang3:3.11");
        var p = MavenResolver.provided(repoJar("org.apache.commons", "commons-lang3", "3.14.0", null), List.of(kernel));
        assertNotNull(p);
        assertFalse(p.sameVersion());
        assertEquals("org.apache.commons:commons-lang3", p.resolved().name());
        assertEquals("3.14.0", p.resolved().version());
        assertEquals("3.11", p.present().version());
        assertEquals(kernel, p.presentJar());
    }

    @Test
    void theKernelsOwnVersionIsAlreadyProvided() throws IOException {
        String kernel = jar(dir.resolve("lib/commons-lang3-3.11.jar"), "org.apache.commons:commons-lang3:3.11");
        assertTrue(MavenResolver.provided(repoJar("org.apache.commons", "commons-lang3", "3.11", null), List.of(kernel)).sameVersion());
        assertNull(MavenResolver.provided(repoJar("org.apache.commons", "commons-text", "1.10.0", null), List.of(kernel)));
    }

    @Test
    void theSameArtifactIdInAnotherGroupIsAnotherLibraryEvenInAShadedJar() throws IOException {
        // ND4J's guava jar carries com.google.guava's pom.properties too: the one its file name matches says what it is
        String nd4jGuava = jar(dir.resolve("lib/guava-1.0.0-M2.1.jar"), "com.google.guava:guava:30.1-jre", "org.nd4j:guava:1.0.0-M2.1");
        String guava = repoJar("com.google.guava", "guava", "33.0-jre", null);
        assertNull(MavenResolver.provided(guava, List.of(nd4jGuava)));
        String realGuava = jar(dir.resolve("lib/guava-30.0-jre.jar"), "com.google.guava:guava:30.0-jre");
        assertEquals("30.0-jre", MavenResolver.provided(guava, List.of(nd4jGuava, realGuava)).present().version());
    }

    @Test
    void anArtifactIdThatBeginsAnotherIsNotThatOne() throws IOException {
        String bridge = jar(dir.resolve("lib/log4j-1.2-api-2.17.1.jar"), "org.apache.logging.log4j:log4j-1.2-api:2.17.1");
        assertNull(MavenResolver.provided(repoJar("log4j", "log4j", "1.2.17", null), List.of(bridge)));
    }

    @Test
    void versionsWithDashesAndClassifiersAreReadWhole() throws IOException {
        String kernelClasses = jar(dir.resolve("lib/nd4j-native-1.0.0-M2.1.jar"), "org.nd4j:nd4j-native:1.0.0-M2.1");
        String kernelNatives = jar(dir.resolve("lib/nd4j-native-1.0.0-M2.1-linux-x86_64.jar"), "org.nd4j:nd4j-native:1.0.0-M2.1");
        List<String> kernel = List.of(kernelClasses, kernelNatives);
        var same = MavenResolver.provided(repoJar("org.nd4j", "nd4j-native", "1.0.0-M2.1", "linux-x86_64"), kernel);
        assertTrue(same.sameVersion());
        assertEquals("linux-x86_64", same.present().classifier());
        var other = MavenResolver.provided(repoJar("org.nd4j", "nd4j-native", "1.0.0-M3", "linux-x86_64"), kernel);
        assertEquals("1.0.0-M2.1", other.present().version());
        assertEquals(kernelNatives, other.presentJar());
        String empty = jar(dir.resolve("lib/listenablefuture-9999.0-empty-to-avoid-conflict-with-guava.jar"),
                "com.google.guava:listenablefuture:9999.0-empty-to-avoid-conflict-with-guava");
        var lf = MavenResolver.provided(repoJar("com.google.guava", "listenablefuture", "1.0", null), List.of(empty));
        assertEquals("9999.0-empty-to-avoid-conflict-with-guava", lf.present().version());
    }

    @Test
    void jarsKnownOnlyByTheirPathsAreComparedByArtifactIdAndVersion() {
        // no files: the local repository's layout names the resolved jar, the artifactId the flat lib/ one
        List<String> kernel = List.of("/k/lib/commons-lang3-3.11.jar", "/k/classes");
        var p = MavenResolver.provided("/m2/org/apache/commons/commons-lang3/3.12.0/commons-lang3-3.12.0.jar", kernel);
        assertEquals("3.12.0", p.resolved().version());
        assertEquals("3.11", p.present().version());
        assertTrue(MavenResolver.provided("/m2/org/apache/commons/commons-lang3/3.11/commons-lang3-3.11.jar", kernel).sameVersion());
        assertNull(MavenResolver.provided("/m2/org/apache/commons/commons-text/1.10.0/commons-text-1.10.0.jar", kernel));
        assertNull(MavenResolver.provided("/elsewhere/tool.jar", kernel), "a jar that does not say which library it is");
    }

    @Test
    void aCopyInTheSameVersionWinsOverANameThatOnlyLooksLikeAnotherVersion() {
        // by name alone, the natives jar reads as nd4j-native in version "1.0.0-M2.1-linux-x86_64"
        List<String> kernel = List.of("/k/lib/nd4j-native-1.0.0-M2.1-linux-x86_64.jar", "/k/lib/nd4j-native-1.0.0-M2.1.jar");
        var p = MavenResolver.provided("/m2/org/nd4j/nd4j-native/1.0.0-M2.1/nd4j-native-1.0.0-M2.1.jar", kernel);
        assertTrue(p.sameVersion(), p.toString());
        assertEquals("/k/lib/nd4j-native-1.0.0-M2.1.jar", p.presentJar());
    }

    @Test
    void aNullArgumentIsRefusedByName() {
        var e = assertThrows(IllegalArgumentException.class, () -> MavenResolver.provided(null, List.of()));
        assertTrue(e.getMessage().contains("jar=null"), e.getMessage());
    }
}
