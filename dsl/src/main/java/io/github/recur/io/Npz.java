package io.github.recur.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads numpy's {@code .npz} archives ({@code np.savez} and {@code np.savez_compressed}): a zip file
 * of {@code .npy} members, each decoded by {@link Npy}. Keys are the member names without
 * {@code .npy}, in archive order. A member larger than {@value #MAX_MEMBER_MIB} MiB, a damaged zip
 * or a damaged member gives a {@link DataFileException} naming the file and the member.
 *
 * <pre>{@code
 * Map<String, NpyArray> a = Npz.read(Path.of("imdb.npz"));
 * int[][] reviews = a.get("x_train").intSequences();
 * }</pre>
 */
public final class Npz {
    /** Members are read into memory; this bounds what a forged size or a zip bomb can ask for. */
    static final int MAX_MEMBER_MIB = 1024;
    private static final long MAX_MEMBER = (long) MAX_MEMBER_MIB << 20;

    private Npz() {}

    /** All arrays of an {@code .npz} file, by name, in archive order. */
    public static Map<String, NpyArray> read(Path path) {
        if (path == null) throw new IllegalArgumentException("Npz.read: path is null");
        String file = String.valueOf(path.getFileName());
        if (!Files.exists(path)) {
            throw new DataFileException(path, path + " does not exist; check the path (working directory: "
                    + Path.of("").toAbsolutePath() + ")");
        }
        var out = new LinkedHashMap<String, NpyArray>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (e.isDirectory()) continue;
                String member = e.getName();
                String key = member.endsWith(".npy") ? member.substring(0, member.length() - 4) : member;
                String name = file + ":" + key;
                byte[] bytes = member(zip, e, name, path);
                out.put(key, Npy.decode(bytes, name, path));
            }
        } catch (NoSuchFileException e) {
            throw new DataFileException(path, path + " does not exist", e);
        } catch (IOException e) {
            throw new DataFileException(path, file + " is not a readable .npz (zip) archive: " + e.getMessage()
                    + "; the file is truncated or damaged: download it again", e);
        } catch (DataFileException e) {
            throw e;
        } catch (RuntimeException e) {
            // java.util.zip reports some malformed archives with unchecked exceptions (bad names, bad offsets).
            throw new DataFileException(path, file + " is not a readable .npz (zip) archive (" + e + "); the file is damaged: download it again", e);
        } catch (OutOfMemoryError e) {
            throw new DataFileException(path, file + " is too large to load into memory; give the JVM more heap (-Xmx)", e);
        }
        return Collections.unmodifiableMap(out);
    }

    private static byte[] member(ZipFile zip, ZipEntry e, String name, Path path) throws IOException {
        long declared = e.getSize();
        if (declared > MAX_MEMBER) {
            throw new DataFileException(path, name + " is " + declared + " bytes, more than the " + MAX_MEMBER_MIB
                    + " MiB Recur reads from one .npz member; split the array or load it with numpy");
        }
        // Read at most the declared size (or the cap) plus one byte, so a member that is longer than it
        // says is caught without reading all of it; nothing is allocated from the declared size alone.
        long limit = declared >= 0 ? declared : MAX_MEMBER;
        byte[] bytes;
        try (InputStream in = zip.getInputStream(e)) {
            bytes = in.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
            if (in.read() != -1) {
                throw new DataFileException(path, name + " holds more data than its zip entry declares (" + declared
                        + " bytes); the file is damaged or forged");
            }
        }
        if (declared >= 0 && bytes.length != declared) {
            throw new DataFileException(path, name + " is truncated: its zip entry declares " + declared + " bytes but holds "
                    + bytes.length + "; download the file again");
        }
        return bytes;
    }
}
