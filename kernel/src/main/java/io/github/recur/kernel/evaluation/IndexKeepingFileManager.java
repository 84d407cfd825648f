package io.github.recur.kernel.evaluation;

import javax.tools.FileObject;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The compiler's file manager with one change: javac tells it the {@code --multi-release} setting
 * before every compilation, and the standard file manager then throws away its index of every
 * class-path directory, to rebuild it for the next lookup; with the kernel's many jars that rebuild is a
 * large part of a small cell's compile time (bench/RESULTS.md). Here the setting is passed on only when it changes, so
 * the index lives until the class path does ({@code %maven}, {@code %classpath}). Everything else
 * passes straight through.
 */
final class IndexKeepingFileManager implements StandardJavaFileManager {

    private static final String MULTI_RELEASE = "--multi-release";

    private final StandardJavaFileManager files;
    /** The {@code --multi-release} value last passed on; null before the first. */
    private String multiRelease;

    IndexKeepingFileManager(StandardJavaFileManager files) {
        this.files = files;
    }

    @Override
    public boolean handleOption(String current, Iterator<String> remaining) {
        if (MULTI_RELEASE.equals(current) && remaining.hasNext()) {
            String value = remaining.next();
            if (value.equals(multiRelease)) return true; // unchanged: passing it on would only drop the index
            multiRelease = value;
            return files.handleOption(current, List.of(value).iterator());
        }
        return files.handleOption(current, remaining);
    }

    @Override
    public Iterable<JavaFileObject> list(Location location, String packageName, Set<JavaFileObject.Kind> kinds,
                                         boolean recurse) throws IOException {
        return files.list(location, packageName, kinds, recurse);
    }

    @Override
    public void setLocation(Location location, Iterable<? extends File> path) throws IOException {
        files.setLocation(location, path);
    }

    @Override
    public void setLocationFromPaths(Location location, Collection<? extends Path> paths) throws IOException {
        files.setLocationFromPaths(location, paths);
    }

    @Override
    public void setLocationForModule(Location location, String moduleName, Collection<? extends Path> paths)
            throws IOException {
        files.setLocationForModule(location, moduleName, paths);
    }

    @Override
    public void flush() throws IOException {
        files.flush();
    }

    @Override
    public void close() throws IOException {
        files.close();
    }

    // Everything below passes straight through.

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromFiles(Iterable<? extends File> f) {
        return files.getJavaFileObjectsFromFiles(f);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromPaths(Collection<? extends Path> paths) {
        return files.getJavaFileObjectsFromPaths(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(File... f) {
        return files.getJavaFileObjects(f);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(Path... paths) {
        return files.getJavaFileObjects(paths);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjectsFromStrings(Iterable<String> names) {
        return files.getJavaFileObjectsFromStrings(names);
    }

    @Override
    public Iterable<? extends JavaFileObject> getJavaFileObjects(String... names) {
        return files.getJavaFileObjects(names);
    }

    @Override
    public Iterable<? extends File> getLocation(Location location) {
        return files.getLocation(location);
    }

    @Override
    public Iterable<? extends Path> getLocationAsPaths(Location location) {
        return files.getLocationAsPaths(location);
    }

    @Override
    public Path asPath(FileObject file) {
        return files.asPath(file);
    }

    @Override
    public void setPathFactory(PathFactory f) {
        files.setPathFactory(f);
    }

    @Override
    public ClassLoader getClassLoader(Location location) {
        return files.getClassLoader(location);
    }

    @Override
    public String inferBinaryName(Location location, JavaFileObject file) {
        return files.inferBinaryName(location, file);
    }

    @Override
    public boolean isSameFile(FileObject a, FileObject b) {
        return files.isSameFile(a, b);
    }

    @Override
    public boolean hasLocation(Location location) {
        return files.hasLocation(location);
    }

    @Override
    public JavaFileObject getJavaFileForInput(Location location, String className, JavaFileObject.Kind kind)
            throws IOException {
        return files.getJavaFileForInput(location, className, kind);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                               FileObject sibling) throws IOException {
        return files.getJavaFileForOutput(location, className, kind, sibling);
    }

    @Override
    public FileObject getFileForInput(Location location, String packageName, String relativeName) throws IOException {
        return files.getFileForInput(location, packageName, relativeName);
    }

    @Override
    public FileObject getFileForOutput(Location location, String packageName, String relativeName, FileObject sibling)
            throws IOException {
        return files.getFileForOutput(location, packageName, relativeName, sibling);
    }

    @Override
    public Location getLocationForModule(Location location, String moduleName) throws IOException {
        return files.getLocationForModule(location, moduleName);
    }

    @Override
    public Location getLocationForModule(Location location, JavaFileObject fo) throws IOException {
        return files.getLocationForModule(location, fo);
    }

    @Override
    public <S> ServiceLoader<S> getServiceLoader(Location location, Class<S> service) throws IOException {
        return files.getServiceLoader(location, service);
    }

    @Override
    public String inferModuleName(Location location) throws IOException {
        return files.inferModuleName(location);
    }

    @Override
    public Iterable<Set<Location>> listLocationsForModules(Location location) throws IOException {
        return files.listLocationsForModules(location);
    }

    @Override
    public boolean contains(Location location, FileObject fo) throws IOException {
        return files.contains(location, fo);
    }

    @Override
    public int isSupportedOption(String option) {
        return files.isSupportedOption(option);
    }
}
