package io.github.recur.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads tar archives as a stream of entries, optionally gzip-compressed ({@code .tar.gz}): POSIX
 * ustar and pax ({@code path}/{@code size} records), and GNU tar's long names. Nothing is written
 * to disk: each regular file is handed to an {@link EntryHandler} as a stream of exactly its bytes,
 * so names such as {@code ../x} cannot escape anywhere. Header checksums are verified; a truncated
 * or damaged archive gives a {@link DataFileException} naming the file and the entry.
 *
 * <pre>{@code
 * Tar.readGzip(Path.of("aclImdb_v1.tar.gz"), (name, size, content) -> {
 *     if (name.endsWith(".txt")) texts.add(new String(content.readAllBytes(), UTF_8));
 * });
 * }</pre>
 */
public final class Tar {
    private static final int BLOCK = 512;
    /** Pax and GNU long-name records are read into memory; real ones are a few hundred bytes. */
    private static final int MAX_META = 1 << 20;
    /** The zero padding after the end marker is read up to this many bytes (GNU tar pads to 10 kB records). */
    private static final int MAX_TAIL = 1 << 20;

    private Tar() {}

    /** Receives each regular file of an archive. */
    @FunctionalInterface
    public interface EntryHandler {
        /**
         * One file: its path in the archive, its size, and a stream that ends after exactly {@code size}
         * bytes (what the handler leaves unread is skipped). IOExceptions of the stream must propagate: they
         * report a truncated or damaged archive.
         */
        void entry(String name, long size, InputStream content) throws IOException;
    }

    /** Reads a gzip-compressed tar file ({@code .tar.gz}, {@code .tgz}). */
    public static void readGzip(Path path, EntryHandler handler) {
        if (path == null || handler == null) throw new IllegalArgumentException("Tar.readGzip: path and handler must not be null");
        String file = String.valueOf(path.getFileName());
        try (InputStream raw = Files.newInputStream(path)) {
            readGzip(raw, file, path, handler);
        } catch (NoSuchFileException e) {
            throw new DataFileException(path, path + " does not exist; check the path", e);
        } catch (IOException e) {
            throw new DataFileException(path, "could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a gzip-compressed tar stream; {@code name} names it in errors, {@code path} is its file (may be null). */
    public static void readGzip(InputStream compressed, String name, Path path, EntryHandler handler) {
        if (compressed == null || name == null || handler == null) {
            throw new IllegalArgumentException("Tar.readGzip: the stream, its name and the handler must not be null");
        }
        GZIPInputStream gz;
        try {
            gz = new GZIPInputStream(new BufferedInputStream(compressed, 1 << 16), 1 << 16);
        } catch (ZipException | EOFException e) {
            throw new DataFileException(path, name + " is not a gzip file (" + e.getMessage() + "); download it again", e);
        } catch (IOException e) {
            throw new DataFileException(path, "could not read " + name + ": " + e.getMessage(), e);
        }
        read(gz, name, path, handler);
    }

    /**
     * Reads an uncompressed tar stream; {@code name} names it in errors, {@code path} is its file (may be null).
     * Errors of the stream itself (e.g. a damaged gzip layer underneath) also become {@link DataFileException}s.
     */
    public static void read(InputStream in, String name, Path path, EntryHandler handler) {
        if (in == null || name == null || handler == null) throw new IllegalArgumentException("Tar.read: the stream, its name and the handler must not be null");
        new Reader(in, name, path).run(handler);
    }

    private static final class Reader {
        private final InputStream in;
        private final String name;
        private final Path path;
        private final byte[] header = new byte[BLOCK];
        private long offset;
        private String entry = "(start)";

        Reader(InputStream in, String name, Path path) {
            this.in = in;
            this.name = name;
            this.path = path;
        }

        void run(EntryHandler handler) {
            String longName = null, paxPath = null;
            long paxSize = -1;
            try {
                while (true) {
                    long headerAt = offset;
                    int n = in.readNBytes(header, 0, BLOCK);
                    offset += n;
                    if (n == 0 && headerAt > 0) return; // some writers omit the two zero blocks at the end
                    if (n == 0) throw damaged("is empty; download it again");
                    if (n < BLOCK) throw damaged("ends inside a header at byte " + headerAt + "; the file is truncated: download it again");
                    if (allZero(header)) { // end-of-archive marker
                        drainTail();
                        return;
                    }
                    verifyChecksum(headerAt);
                    char type = (char) header[156];
                    long size = paxSize >= 0 ? paxSize : number(124, 12, "size");
                    String entryName = longName != null ? longName : paxPath != null ? paxPath : headerName();
                    entry = entryName;
                    switch (type) {
                        case 'L' -> { // GNU long name of the next entry
                            longName = text(size);
                            continue;
                        }
                        case 'x' -> { // pax extended header of the next entry
                            String records = text(size);
                            paxPath = paxValue(records, "path");
                            String s = paxValue(records, "size");
                            paxSize = s == null ? -1 : parseSize(s);
                            continue;
                        }
                        case '0', '\0', '7' -> {
                            Bounded content = new Bounded(in, size);
                            handler.entry(entryName, size, content);
                            content.skipRest();
                            offset += size;
                            skip(padding(size));
                        }
                        default -> skip(size + padding(size)); // directories, links, global pax, GNU extras: no file content for us
                    }
                    longName = null;
                    paxPath = null;
                    paxSize = -1;
                }
            } catch (TruncatedEntry e) {
                throw damaged("is truncated inside " + Dtype.printable(entry) + "; download it again");
            } catch (EOFException e) {
                throw damaged("ends early inside " + Dtype.printable(entry) + " (" + e.getMessage() + "); the file is truncated: download it again");
            } catch (ZipException e) {
                throw damaged("has a damaged gzip layer near " + Dtype.printable(entry) + " (" + e.getMessage() + "); download it again");
            } catch (IOException e) {
                throw new DataFileException(path, "could not read " + name + " near " + Dtype.printable(entry) + ": " + e.getMessage(), e);
            }
        }

        /**
         * Reads what follows the end marker (the zero padding of the last record) so that a damaged or
         * truncated compression layer underneath still reports its CRC or length error; at most
         * MAX_TAIL bytes, so trailing junk cannot keep it busy.
         */
        private void drainTail() throws IOException {
            byte[] buf = new byte[8192];
            long read = 0;
            int n;
            while (read < MAX_TAIL && (n = in.read(buf)) > 0) read += n;
        }

        private String headerName() {
            String base = cString(0, 100);
            boolean ustar = header[257] == 'u' && header[258] == 's' && header[259] == 't' && header[260] == 'a' && header[261] == 'r'
                    && header[262] == 0; // POSIX "ustar\0"; GNU's "ustar  \0" uses the prefix field for other things
            if (ustar) {
                String prefix = cString(345, 155);
                if (!prefix.isEmpty()) return prefix + "/" + base;
            }
            return base;
        }

        private String cString(int at, int len) {
            int end = at;
            while (end < at + len && header[end] != 0) end++;
            return new String(header, at, end - at, StandardCharsets.UTF_8);
        }

        private void verifyChecksum(long headerAt) {
            long stored = number(148, 8, "checksum");
            long unsigned = 0, signed = 0;
            for (int i = 0; i < BLOCK; i++) {
                int v = i >= 148 && i < 156 ? ' ' : header[i];
                unsigned += v & 0xFF;
                signed += (byte) v; // some old writers summed signed bytes
            }
            if (stored != unsigned && stored != signed) {
                throw damaged("has a damaged header at byte " + headerAt + " (checksum " + stored + ", computed " + unsigned
                        + "); it is not a tar archive or it was damaged: download it again");
            }
        }

        /** An octal field, or GNU's base-256 form (first byte 0x80) for large sizes. */
        private long number(int at, int len, String what) {
            if ((header[at] & 0x80) != 0) {
                long v = 0;
                for (int i = at + 1; i < at + len; i++) {
                    if ((v >>> 55) != 0) throw damaged("has a " + what + " field too large to be real in " + Dtype.printable(entry));
                    v = (v << 8) | (header[i] & 0xFF);
                }
                return v;
            }
            long v = 0;
            boolean digits = false;
            for (int i = at; i < at + len; i++) {
                byte c = header[i];
                if (c == 0 || (c == ' ' && digits)) break;
                if (c == ' ') continue;
                if (c < '0' || c > '7') throw damaged("has a " + what + " field that is not an octal number in a header near byte " + offset);
                v = v * 8 + (c - '0');
                digits = true;
            }
            return v;
        }

        private String text(long size) throws IOException {
            if (size > MAX_META) throw damaged("has a " + size + "-byte name record for " + Dtype.printable(entry) + "; it is damaged or forged");
            byte[] data = in.readNBytes((int) size);
            offset += data.length;
            if (data.length < size) throw new TruncatedEntry();
            skip(padding(size));
            int end = data.length;
            while (end > 0 && data[end - 1] == 0) end--;
            return new String(data, 0, end, StandardCharsets.UTF_8);
        }

        /** The value of one pax record ("LEN key=value\n"); null when absent. */
        private String paxValue(String records, String key) {
            int i = 0;
            while (i < records.length()) {
                int space = records.indexOf(' ', i);
                if (space < 0) break;
                int len;
                try {
                    len = Integer.parseInt(records.substring(i, space));
                } catch (NumberFormatException e) {
                    throw damaged("has a damaged pax header for " + Dtype.printable(entry));
                }
                // lengths count bytes; the records are ASCII keys with UTF-8 values, so compare in bytes
                int end = byteEnd(records, i, len);
                if (len <= space - i || end < 0) throw damaged("has a damaged pax header for " + Dtype.printable(entry));
                String record = records.substring(space + 1, end);
                if (record.endsWith("\n")) record = record.substring(0, record.length() - 1);
                if (record.startsWith(key + "=")) return record.substring(key.length() + 1);
                i = end;
            }
            return null;
        }

        /** The char index where a record of {@code len} UTF-8 bytes starting at char {@code from} ends, or -1. */
        private static int byteEnd(String s, int from, int len) {
            int bytes = 0, i = from;
            while (i < s.length() && bytes < len) {
                int cp = s.codePointAt(i);
                bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
                i += Character.charCount(cp);
            }
            return bytes == len ? i : -1;
        }

        private long parseSize(String s) {
            try {
                long v = Long.parseLong(s.trim());
                if (v < 0) throw new NumberFormatException();
                return v;
            } catch (NumberFormatException e) {
                throw damaged("has a bad pax size for " + Dtype.printable(entry));
            }
        }

        private void skip(long n) throws IOException {
            long left = n;
            while (left > 0) {
                long s = in.skip(left);
                if (s <= 0) {
                    if (in.read() < 0) throw new TruncatedEntry();
                    s = 1;
                }
                left -= s;
                offset += s;
            }
        }

        private static long padding(long size) { return (BLOCK - size % BLOCK) % BLOCK; }

        private static boolean allZero(byte[] a) {
            for (byte x : a) if (x != 0) return false;
            return true;
        }

        private DataFileException damaged(String what) {
            return new DataFileException(path, name + " " + what);
        }
    }

    /** The archive ended inside an entry's data. */
    private static final class TruncatedEntry extends IOException {
        TruncatedEntry() { super("truncated"); }
    }

    /** Exactly {@code size} bytes of the archive; reports truncation instead of a silent short file. */
    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long size) {
            this.in = in;
            this.left = size;
        }

        @Override public int read() throws IOException {
            if (left <= 0) return -1;
            int c = in.read();
            if (c < 0) throw new TruncatedEntry();
            left--;
            return c;
        }

        @Override public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = in.read(buf, off, (int) Math.min(len, left));
            if (n < 0) throw new TruncatedEntry();
            left -= n;
            return n;
        }

        @Override public long skip(long n) throws IOException {
            long want = Math.min(n, left), done = 0;
            while (done < want) {
                long s = in.skip(want - done);
                if (s <= 0) {
                    if (in.read() < 0) throw new TruncatedEntry();
                    s = 1;
                }
                done += s;
            }
            left -= done;
            return done;
        }

        @Override public int available() throws IOException { return (int) Math.min(left, in.available()); }

        void skipRest() throws IOException { skip(left); }

        @Override public void close() { /* the archive stream stays open for the next entry */ }
    }
}
